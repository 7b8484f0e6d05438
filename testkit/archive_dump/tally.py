"""Counts what is written, line by line, into the manifest."""

from __future__ import annotations

from dataclasses import asdict

import orjson

from testkit.archive_dump.layout import Kind
from testkit.archive_dump.manifest import BadLine, FileEntry, KindCounts, Manifest, SubredditCounts
from testkit.archive_dump.quirks import DELETED, EXTRA_KEY_MARK, REMOVED, Record
from testkit.archive_dump.spec import DumpSpec

TEXT_KEYS: dict[Kind, str] = {"posts": "selftext", "comments": "body"}


class Tally:
    """Counts from the records themselves, as a recount of the files would."""

    def __init__(self, wanted: list[str], others: list[str]) -> None:
        self._wanted = {name: SubredditCounts() for name in wanted}
        self._others = {name: SubredditCounts() for name in others}
        self._files: list[FileEntry] = []
        self._bad_lines: list[BadLine] = []
        self._winners: dict[str, dict[str, int]] = {"posts": {}, "comments": {}}
        self._created: tuple[int, int] | None = None  # the lowest and highest created_utc

    def item(self, kind: Kind, record: Record) -> None:
        """A valid item, written for the first time."""
        counts = self._counts(kind, record)
        text = record[TEXT_KEYS[kind]]
        counts.items += 1
        counts.deleted_authors += record["author"] == DELETED
        counts.deleted_texts += text == DELETED
        counts.removed_texts += text == REMOVED
        counts.empty_texts += text == ""
        counts.edited += record["edited"] is not False
        counts.string_created_utc += isinstance(record["created_utc"], str)
        counts.extra_keys += EXTRA_KEY_MARK in record
        created = int(str(record["created_utc"]))
        low, high = self._created or (created, created)
        self._created = (min(low, created), max(high, created))

    def duplicate(self, kind: Kind, fresher: Record) -> None:
        """A second copy of the item just written; the fresher one, whose score wins."""
        self._counts(kind, fresher).duplicate_lines += 1
        score = fresher["score"]
        assert isinstance(score, int)
        self._winners[kind][str(fresher["id"])] = score

    def bad_line(self, file: str, line: int, kind: str) -> None:
        self._bad_lines.append(BadLine(file, line, kind))

    def file(self, entry: FileEntry) -> None:
        self._files.append(entry)

    def manifest(self, spec: DumpSpec, window: tuple[int, int]) -> Manifest:
        return Manifest(
            # As manifest.json will hold it, so a loaded manifest equals this one.
            spec=orjson.loads(orjson.dumps(asdict(spec))),
            window={"start": window[0], "end": window[1]},
            created_utc=dict(zip(("min", "max"), self._created or (), strict=False)),
            files=self._files,
            subreddits=self._wanted,
            other_subreddits=self._others,
            bad_lines=self._bad_lines,
            duplicate_winners=self._winners,
        )

    def _counts(self, kind: Kind, record: Record) -> KindCounts:
        name = str(record["subreddit"])
        both = self._wanted[name] if name in self._wanted else self._others[name]
        return both.posts if kind == "posts" else both.comments
