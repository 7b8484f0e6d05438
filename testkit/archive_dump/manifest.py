"""What a generated dump holds, exactly: the numbers an importer's tests assert against."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import orjson

MANIFEST_NAME = "manifest.json"


@dataclass
class KindCounts:
    """The posts or the comments of one subreddit, all files together."""

    items: int = 0  # unique valid items: what an importer should store
    duplicate_lines: int = 0  # second, fresher copies of items (see Manifest.duplicate_winners)
    deleted_authors: int = 0  # author "[deleted]"
    deleted_texts: int = 0  # body or selftext "[deleted]"
    removed_texts: int = 0  # body or selftext "[removed]"
    empty_texts: int = 0  # selftext "": link posts
    edited: int = 0  # `edited` is a timestamp, not false
    string_created_utc: int = 0  # created_utc is a string of digits
    extra_keys: int = 0  # has keys no importer knows

    def __iadd__(self, other: KindCounts) -> KindCounts:
        for count in fields(self):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))
        return self


@dataclass
class SubredditCounts:
    posts: KindCounts = field(default_factory=KindCounts)
    comments: KindCounts = field(default_factory=KindCounts)


@dataclass(frozen=True)
class FileEntry:
    name: str
    kind: str  # "posts" or "comments"
    subreddit: str | None  # None: a monthly file of every subreddit
    bytes: int  # size on disk
    lines: int  # all lines: items, duplicates, bad lines and a broken last line
    truncated_last_line: bool  # ends with a cut-short line and no newline


@dataclass(frozen=True)
class BadLine:
    file: str
    line: int  # 1-based, in the uncompressed file
    kind: str  # not_json, not_object, missing_id or missing_created_utc


@dataclass
class Manifest:
    spec: dict[str, Any]  # what was asked, "now" resolved to the end actually used
    window: dict[str, int]  # "start" (inclusive) and "end" (exclusive), epoch seconds
    created_utc: dict[str, int]  # "min" and "max" over all valid items; {} when there are none
    files: list[FileEntry]
    subreddits: dict[str, SubredditCounts]  # the subreddits an importer wants
    other_subreddits: dict[str, SubredditCounts]  # the ones a subreddit filter should skip
    bad_lines: list[BadLine]
    duplicate_winners: dict[str, dict[str, int]]  # kind -> id -> score of the fresher copy

    def totals(self) -> SubredditCounts:
        """The wanted subreddits together."""
        total = SubredditCounts()
        for counts in self.subreddits.values():
            total.posts += counts.posts
            total.comments += counts.comments
        return total

    def to_json(self) -> bytes:
        document = asdict(self) | {"totals": asdict(self.totals())}
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        document = orjson.loads(data)
        return cls(
            spec=document["spec"],
            window=document["window"],
            created_utc=document["created_utc"],
            files=[FileEntry(**entry) for entry in document["files"]],
            subreddits=_subreddits(document["subreddits"]),
            other_subreddits=_subreddits(document["other_subreddits"]),
            bad_lines=[BadLine(**line) for line in document["bad_lines"]],
            duplicate_winners=document["duplicate_winners"],
        )


def load_manifest(directory: Path) -> Manifest:
    return Manifest.from_json((directory / MANIFEST_NAME).read_bytes())


def _subreddits(document: dict[str, dict[str, dict[str, int]]]) -> dict[str, SubredditCounts]:
    return {
        name: SubredditCounts(KindCounts(**counts["posts"]), KindCounts(**counts["comments"]))
        for name, counts in document.items()
    }
