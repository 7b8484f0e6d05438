"""What the domain needs from the outside world; adapters provide it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.archive import (
    ArchiveChunk,
    ArchivedItem,
    ArchiveFile,
    ArchiveSelection,
    ImportTally,
    SavedCounts,
    StoredCopy,
)
from domain.engagement import PostGrowth
from domain.export import ItemKey, ItemSelection
from domain.lease import CycleClaim, CycleRequest, LeaseState
from domain.model import (
    CollectionCycle,
    Comment,
    CommentKey,
    Cursor,
    Kind,
    Page,
    Post,
    Sentiment,
    SentimentStats,
    StoreState,
    SubredditSummary,
)
from domain.retention import PruneCounts
from domain.series import HourCounts
from domain.topics import Topic, TopicState
from domain.trending import TermCounts, TermSample, TrendSnapshot, TrendWindow


class RedditPort(Protocol):
    """Each call is exactly one Reddit API request."""

    async def listing(
        self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int
    ) -> Page:
        """One page of /r/a+b+c/new (posts) or /r/a+b+c/comments, newest first."""
        ...

    async def info(self, fullnames: Sequence[str]) -> Page:
        """Up to 100 posts and comments by fullname (/api/info); unknown ones are left out."""
        ...


class SentimentPort(Protocol):
    async def score_many(self, texts: Sequence[str]) -> list[Sentiment]:
        """One sentiment per text, in the same order."""
        ...


class CyclePort(Protocol):
    """Runs one collection cycle to its end: domain.collection.CycleService, here or in a
    process of its own."""

    async def run(self, cycle: CollectionCycle) -> CollectionCycle: ...


class CollectorStorePort(Protocol):
    """What a collection cycle reads and writes of the stored items."""

    async def save_items(
        self,
        posts: Sequence[Post],
        comments: Sequence[Comment],
        cursors: Sequence[Cursor] = (),
    ) -> None:
        """Upsert posts and comments by Reddit id, and move cursors: all or nothing.

        An item marked removed keeps the text already stored; a sentiment is written only
        for items that carry one.
        """
        ...

    async def save_refreshed(
        self, asked: Sequence[str], posts: Sequence[Post], comments: Sequence[Comment]
    ) -> None:
        """Like save_items, for a refresh; fullnames asked for but not returned stop refreshing."""
        ...

    async def cursors(self, kind: Kind) -> dict[str, datetime]:
        """Watermark per subreddit (lower-cased name) of one kind of listing."""
        ...

    async def rescanned(self, kind: Kind) -> dict[str, datetime]:
        """When each subreddit's listing of this kind was last walked deep for items listed
        late (lower-cased names; subreddits never rescanned are left out)."""
        ...

    async def mark_rescanned(self, kind: Kind, subreddits: Sequence[str], at: datetime) -> None: ...

    async def recent_activity(self, kind: Kind, since: datetime) -> dict[str, tuple[int, datetime]]:
        """Per subreddit (lower-cased): how many items of one kind were created since
        `since`, and when the oldest of them was."""
        ...

    async def stored_texts(self, fullnames: Sequence[str]) -> dict[str, str]:
        """The scored text of each item already stored, by fullname."""
        ...

    async def missing_posts(self, post_ids: Sequence[str]) -> set[str]:
        """The ids among these that no stored post has."""
        ...

    async def due_for_refresh(self, now: datetime, limit: int) -> list[str]:
        """Fullnames of items whose refresh is due, most overdue first."""
        ...


class CycleLogPort(Protocol):
    """The record of collection cycles, written as they run."""

    async def save_cycle(self, cycle: CollectionCycle) -> None: ...

    async def fail_unfinished_cycles(self, at: datetime, reason: str) -> int:
        """Mark cycles still 'running' (left by a process that stopped) as failed."""
        ...


class CollectionStorePort(CollectorStorePort, CycleLogPort, Protocol):
    """What the cycle service works with: the items and the cycle log."""


class CycleObserver(Protocol):
    """Told of every cycle as it ends, whatever its outcome (metrics, for instance)."""

    def cycle_ended(self, cycle: CollectionCycle) -> None: ...


class ImportObserver(Protocol):
    """Told of an archive import's final counts when it stops."""

    def import_ended(self, tally: ImportTally) -> None: ...


class ReadModelPort(Protocol):
    """What the API and the dashboard read."""

    async def recent_posts(
        self, subreddit: str | None, since: datetime, limit: int
    ) -> list[Post]: ...

    async def get_post(self, post_id: str) -> Post | None: ...

    async def comments_of(
        self, post_id: str, after: CommentKey | None = None, limit: int | None = None
    ) -> list[Comment]:
        """A post's comments oldest first (after `after`, at most `limit`)."""
        ...

    async def sentiment_stats(self, subreddit: str | None, since: datetime) -> SentimentStats: ...

    async def subreddit_summaries(self) -> list[SubredditSummary]: ...

    async def recent_cycles(self, limit: int) -> list[CollectionCycle]: ...

    async def top_posts(
        self, subreddit: str | None, since: datetime, limit: int
    ) -> list[PostGrowth]:
        """Posts created since `since`, fastest growing first (domain.engagement), each
        with its recorded reads."""
        ...


class PrunePort(Protocol):
    """What retention deletes: items and the rows that point at them, never the hourly
    counts and running totals that count them."""

    async def prune_before(self, cutoff: datetime, batch: int) -> PruneCounts:
        """Delete at most `batch` items created before `cutoff` (comments first), with
        their sentiments, topic mentions and post reads: one transaction, in the writers'
        turn. From then on no item created before `cutoff` is stored again (its hour
        already counts it). Nothing left: all counts 0."""
        ...

    async def prunable_before(self, cutoff: datetime) -> PruneCounts:
        """What pruning before `cutoff` would delete, all batches together."""
        ...


class TrendingReadPort(Protocol):
    """What trending reads: hourly term counts (domain.term_hours), never texts."""

    async def term_counts(
        self, subreddit: str | None, window: TrendWindow, min_mentions: int, min_authors: int
    ) -> list[TermCounts]:
        """Per term, its sums over the window and over the baseline, for the terms with at
        least `min_mentions` items and `min_authors` author-hours in the window; and the
        row of all items (term ALL_ITEMS) whenever there is one."""
        ...

    async def term_samples(
        self, subreddit: str | None, window: TrendWindow, terms: Sequence[str]
    ) -> dict[str, TermSample]:
        """Per term used in the window: its author sketches ORed over the window's hours,
        and the sample posts of those hours, newest first."""
        ...


class TrendingSnapshotPort(Protocol):
    """Trending answers computed ahead by the collecting process, read by the API."""

    async def trending_snapshot(self, subreddit: str | None, hours: int) -> TrendSnapshot | None:
        """The last snapshot of this subreddit (None: all) and window, if there is one."""
        ...

    async def save_trending_snapshot(
        self, subreddit: str | None, hours: int, snapshot: TrendSnapshot
    ) -> None: ...


class LeasePort(Protocol):
    """Named leases in the shared database: exactly one holder at a time."""

    async def acquire_lease(
        self, name: str, holder: str, now: datetime, until: datetime
    ) -> LeaseState:
        """Take or renew the lease for `holder` until `until` if it is free, expired or
        already its own; the lease as it is after the attempt."""
        ...

    async def release_lease(self, name: str, holder: str, now: datetime) -> None:
        """Let it expire now, if `holder` holds it; a cycle asked for stays asked for."""
        ...

    async def lease(self, name: str) -> LeaseState | None: ...


class CycleBoardPort(Protocol):
    """The lease holder's side of the collector lease's notice board: which cycle runs.

    Starting a cycle and asking for one are decided in one place, the database, so that
    of all the processes sharing it one cycle runs at a time, whoever asked.
    """

    async def begin_cycle(
        self, name: str, holder: str, cycle_id: str | None, now: datetime
    ) -> CycleClaim | None:
        """If `holder` holds the lease and no cycle runs: start the cycle asked for, if
        any, else `cycle_id` (None: only one asked for). None when nothing may start."""
        ...

    async def end_cycle(
        self, name: str, holder: str, cycle_id: str, next_run_at: datetime | None
    ) -> None:
        """The cycle ended; the next scheduled one is at `next_run_at`."""
        ...

    async def note_next_run(self, name: str, holder: str, next_run_at: datetime | None) -> None: ...

    async def lease(self, name: str) -> LeaseState | None: ...


class CycleRequestPort(Protocol):
    """An API process's side of the board: asking the lease holder for a cycle."""

    async def request_cycle(self, name: str, cycle_id: str, now: datetime) -> CycleRequest:
        """Ask for a cycle under `cycle_id`, unless one runs or was asked for already, or
        nobody holds the lease."""
        ...

    async def lease(self, name: str) -> LeaseState | None: ...


class TermPrunePort(Protocol):
    """What the daily retention job deletes of trending's counts."""

    async def prune_terms_before(self, cutoff: datetime) -> int:
        """Delete the hourly term counts of hours before `cutoff` (pass
        domain.term_hours.counted_since(now)); how many rows went."""
        ...


class HealthPort(Protocol):
    """What health reads, on a connection of its own (never queued behind other reads)."""

    async def state(self) -> StoreState:
        """Whether the store can be read and written now; never raises."""
        ...

    async def recent_cycles(self, limit: int) -> list[CollectionCycle]: ...

    async def last_success_at(self) -> datetime | None:
        """When the last cycle that collected (succeeded or partial) finished."""
        ...

    async def lease(self, name: str) -> LeaseState | None:
        """The collector lease and its board: who collects, what runs, what is next."""
        ...


class TopicsPort(Protocol):
    """The tracked topics: what the admin API and TOPICS_FILE change."""

    async def put_topic(self, topic: Topic) -> bool:
        """Create it (True) or replace it (False); changed aliases restart the matching
        of stored history for it."""
        ...

    async def delete_topic(self, key: str) -> bool:
        """Delete the topic of this key (its case-folded name) and its counts; False if
        there is none."""
        ...

    async def topics(self) -> list[Topic]: ...


class TopicBacklogPort(Protocol):
    async def topics_to_match(self) -> int:
        """How many topics still have stored history to be matched against."""
        ...


class TopicMatchingPort(Protocol):
    """Matching of stored history against new or changed topics, a slice at a time."""

    async def match_history(self, limit: int) -> bool:
        """Match up to `limit` stored items against the first topic not matched yet;
        False when there is none."""
        ...


class AnalyticsReadPort(Protocol):
    """What time series and topic views read: hourly aggregates, never texts."""

    async def hourly_counts(
        self, subreddit: str | None, topic_key: str | None, since: datetime
    ) -> list[HourCounts] | None:
        """Counts per UTC hour from `since` on, of one subreddit or all, of one topic's
        mentions or all items; None when the topic does not exist."""
        ...

    async def topic_states(self, since: datetime) -> list[TopicState]: ...

    async def topic_mentions(self, key: str, limit: int) -> list[Post | Comment]:
        """The latest items mentioning the topic, newest first."""
        ...


class RepositoryPort(CollectionStorePort, ReadModelPort, HealthPort, PrunePort, Protocol):
    """The whole store at once: what the SQL store and its fake provide."""


class ArchiveSourcePort(Protocol):
    """Archive dump files, read a chunk of lines at a time (the importer's source)."""

    async def files(self, paths: Sequence[str]) -> list[ArchiveFile]:
        """Every dump file at these paths (folders are searched); raises
        ArchivePathMissing, before anything is read, when a path does not exist."""
        ...

    async def read(
        self, file: ArchiveFile, selection: ArchiveSelection, max_lines: int
    ) -> ArchiveChunk:
        """The next lines of `file` (opened on first use, closed when done)."""
        ...

    async def close(self, file: ArchiveFile) -> None:
        """Let go of a file left before its end."""
        ...


class ArchiveStorePort(Protocol):
    """What the importer reads and writes."""

    async def stored_copies(self, fullnames: Sequence[str]) -> dict[str, StoredCopy]:
        """When each of these items was last read from Reddit, and its scored text."""
        ...

    async def save_archived(self, items: Sequence[ArchivedItem]) -> SavedCounts:
        """Store each copy unless a copy read later is stored (one per item): all or nothing.

        Cursors never move. A copy without a sentiment keeps the stored one.
        """
        ...


class ExportPort(Protocol):
    """What an export reads: the stored items of one kind, one page at a time."""

    async def items_after(
        self, kind: Kind, selection: ItemSelection, after: ItemKey | None, limit: int
    ) -> Sequence[Post | Comment]:
        """Up to `limit` items of this kind in the selection (its `kinds` aside) that come
        after `after` in ItemKey order (from the first when None), with their sentiments."""
        ...

    async def count_items(self, selection: ItemSelection) -> int:
        """How many items of the selection's kinds it holds."""
        ...
