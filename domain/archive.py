"""History from the public archive dumps: what is selected, which copy wins, what is scored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.model import Comment, Post, Sentiment, needs_scoring


@dataclass(frozen=True, slots=True)
class ArchivedItem:
    """A post or comment as an archive saw it, when it read it from Reddit, and its score.

    The sentiment travels beside the item, not in it: rebuilding a frozen item per score
    costs more than the rest of the import's bookkeeping.
    """

    item: Post | Comment
    retrieved_utc: datetime
    sentiment: Sentiment | None = None


@dataclass(frozen=True, slots=True)
class ArchiveSelection:
    """Which archived items to import: some subreddits (or all), created in a time range."""

    subreddits: frozenset[str] | None  # lower-cased names; None imports every subreddit
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def wants_subreddit(self, name: str) -> bool:
        return self.subreddits is None or name.lower() in self.subreddits

    def wants_time(self, created: datetime) -> bool:
        if self.since is not None and created < self.since:
            return False
        return self.until is None or created < self.until


@dataclass(frozen=True, slots=True)
class ArchiveFile:
    path: str
    size: int  # bytes on disk, for progress


@dataclass(frozen=True, slots=True)
class BadLine:
    file: str
    line: int  # 1-based
    reason: str


@dataclass(frozen=True, slots=True)
class ArchiveChunk:
    """What one read of a file gave: the selected items and an account of every line."""

    items: list[ArchivedItem]
    lines: int
    bad: list[BadLine]
    other_subreddits: int
    out_of_range: int
    position: int  # bytes of the file consumed so far
    done: bool
    error: str | None = None  # why the file could not be read on (it is done)


@dataclass(frozen=True, slots=True)
class StoredCopy:
    """What is already stored of an item: when that copy was read from Reddit, its text."""

    collected_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class SavedCounts:
    posts_new: int = 0
    posts_updated: int = 0
    comments_new: int = 0
    comments_updated: int = 0


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """One batch, decided: the copies to write (scored or not) and those left alone."""

    to_write: list[ArchivedItem]
    to_score: list[int]  # indices into to_write of items whose text needs a sentiment
    posts_unchanged: int
    comments_unchanged: int


def freshest(items: Iterable[ArchivedItem]) -> list[ArchivedItem]:
    """One copy per item, the last one read from Reddit (dumps repeat items)."""
    best: dict[str, ArchivedItem] = {}
    for archived in items:
        name = archived.item.fullname
        current = best.get(name)
        if current is None or archived.retrieved_utc > current.retrieved_utc:
            best[name] = archived
    return list(best.values())


def plan_batch(batch: list[ArchivedItem], stored: Mapping[str, StoredCopy]) -> ImportPlan:
    """Write what is new or fresher than the stored copy; never an older copy over a newer.

    Of an item repeated in the batch only the copy read last counts; the others are
    counted as already present. Scoring follows the live collector's rule: new items, and
    items whose text changed and was not removed.
    """
    to_write: list[ArchivedItem] = []
    to_score: list[int] = []
    unchanged = {Post: 0, Comment: 0}
    kept = freshest(batch)
    for archived in batch:
        unchanged[type(archived.item)] += 1
    for archived in kept:
        unchanged[type(archived.item)] -= 1
    for archived in kept:
        copy = stored.get(archived.item.fullname)
        if copy is not None and copy.collected_at >= archived.retrieved_utc:
            unchanged[type(archived.item)] += 1
            continue
        if needs_scoring(archived.item, None if copy is None else copy.text):
            to_score.append(len(to_write))
        to_write.append(archived)
    return ImportPlan(to_write, to_score, unchanged[Post], unchanged[Comment])


@dataclass(slots=True)
class ImportTally:
    """The running account of an import, reported as it goes and at the end."""

    MAX_EXAMPLES = 10

    files: int = 0
    files_read: int = 0
    bytes_total: int = 0
    bytes_read: int = 0
    lines: int = 0
    posts_new: int = 0
    posts_updated: int = 0
    posts_unchanged: int = 0
    comments_new: int = 0
    comments_updated: int = 0
    comments_unchanged: int = 0
    other_subreddits: int = 0
    out_of_range: int = 0
    bad_lines: int = 0
    bad_examples: list[BadLine] = field(default_factory=list)
    file_errors: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    @classmethod
    def of(cls, files: Sequence[ArchiveFile]) -> ImportTally:
        return cls(files=len(files), bytes_total=sum(f.size for f in files))

    @property
    def stored(self) -> int:
        """Items written: new ones and fresher copies of stored ones."""
        return self.posts_new + self.posts_updated + self.comments_new + self.comments_updated

    @property
    def readable(self) -> bool:
        """False when not one file could be read at all."""
        return self.files_read > len(self.file_errors) or self.lines > 0

    def add_chunk(self, chunk: ArchiveChunk, file: ArchiveFile, read_before: int) -> None:
        self.lines += chunk.lines
        self.other_subreddits += chunk.other_subreddits
        self.out_of_range += chunk.out_of_range
        self.bad_lines += len(chunk.bad)
        room = self.MAX_EXAMPLES - len(self.bad_examples)
        self.bad_examples.extend(chunk.bad[: max(room, 0)])
        self.bytes_read = read_before + min(chunk.position, file.size)
        if chunk.error is not None:
            self.file_errors.append((file.path, chunk.error))
        if chunk.done:
            self.files_read += 1
            self.bytes_read = read_before + file.size

    def add_plan(self, plan: ImportPlan) -> None:
        self.posts_unchanged += plan.posts_unchanged
        self.comments_unchanged += plan.comments_unchanged

    def add_saved(self, saved: SavedCounts, written_posts: int, written_comments: int) -> None:
        """Copies written but not saved lost to a fresher copy stored meanwhile."""
        self.posts_new += saved.posts_new
        self.posts_updated += saved.posts_updated
        self.comments_new += saved.comments_new
        self.comments_updated += saved.comments_updated
        self.posts_unchanged += written_posts - saved.posts_new - saved.posts_updated
        self.comments_unchanged += written_comments - saved.comments_new - saved.comments_updated
