"""Hand-written fakes of the domain ports, for unit tests."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from domain.archive import (
    ArchiveChunk,
    ArchivedItem,
    ArchiveFile,
    ArchiveSelection,
    SavedCounts,
    StoredCopy,
)
from domain.engagement import Growth, PostGrowth, PostRead
from domain.errors import ArchivePathMissing, RedditError
from domain.export import ItemKey, ItemSelection
from domain.model import (
    Budget,
    CollectionCycle,
    Comment,
    CommentKey,
    Cursor,
    CycleStatus,
    Kind,
    Page,
    Post,
    Sentiment,
    SentimentStats,
    StoreState,
    SubredditSummary,
)
from domain.policy import LISTING_DEPTH, RefreshPolicy
from domain.ports import (
    ArchiveSourcePort,
    ArchiveStorePort,
    ExportPort,
    RedditPort,
    RepositoryPort,
    SentimentPort,
    TermPrunePort,
    TrendingReadPort,
)
from domain.retention import PruneCounts
from domain.term_hours import ALL_ITEMS, Key, TermHour, counted_since, tally
from domain.trending import TermCounts, TermSample, TrendWindow
from tests.fake_leases import FakeLeases

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
Item = TypeVar("Item", Post, Comment)  # a post or a comment, one kind throughout a call
_ids = itertools.count(1)


def make_post(subreddit: str = "python", title: str = "a post", **fields: object) -> Post:
    n = next(_ids)
    values: dict[str, object] = {
        "id": f"p{n}",
        "subreddit": subreddit,
        "title": title,
        "body": "",
        "author": f"user{n}",
        "score": 1,
        "num_comments": 0,
        "created_utc": T0 + timedelta(minutes=n),
        "url": f"https://example.invalid/p{n}",
        "permalink": f"/r/{subreddit}/comments/p{n}/",
    }
    values.update(fields)
    return Post(**values)  # type: ignore[arg-type]


def make_comment(post: Post, body: str = "a comment", **fields: object) -> Comment:
    n = next(_ids)
    values: dict[str, object] = {
        "id": f"c{n}",
        "post_id": post.id,
        "parent_id": post.fullname,
        "subreddit": post.subreddit,
        "body": body,
        "author": f"user{n}",
        "score": 1,
        "created_utc": post.created_utc + timedelta(seconds=n),
    }
    values.update(fields)
    return Comment(**values)  # type: ignore[arg-type]


class FakeReddit:
    """Listings and /api/info over what a test put in, paged like Reddit; counts requests.

    Subreddits in `failing` fail every request that names them, as a banned one does.
    """

    def __init__(self, budget: int | None = None) -> None:
        self.items: dict[str, Post | Comment] = {}
        self.failing: set[str] = set()
        self.requests: list[tuple[str, tuple[str, ...]]] = []
        self.budget = budget
        self.release: asyncio.Event | None = None  # set by a test to hold calls open

    def add(self, *items: Post | Comment) -> None:
        self.items.update((i.fullname, i) for i in items)

    def change(self, item: Item, **fields: object) -> Item:
        changed = dataclasses.replace(item, **fields)  # type: ignore[arg-type]
        self.items[item.fullname] = changed
        return changed

    async def listing(
        self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int
    ) -> Page:
        await self._request(kind.value, subreddits)
        wanted = {s.lower() for s in subreddits}
        cls = Post if kind is Kind.POSTS else Comment
        matching = [
            i for i in self.items.values() if isinstance(i, cls) and i.subreddit.lower() in wanted
        ]
        ordered = sorted(
            matching,
            key=lambda i: (i.created_utc, i.id),
            reverse=True,
        )[:LISTING_DEPTH]
        start = 0 if after is None else [i.fullname for i in ordered].index(after) + 1
        page = ordered[start : start + min(limit, 100)]
        more = start + len(page) < len(ordered)
        return self._page(page, page[-1].fullname if page and more else None)

    async def info(self, fullnames: Sequence[str]) -> Page:
        await self._request("info", ())
        return self._page([self.items[n] for n in fullnames if n in self.items], None)

    async def _request(self, what: str, subreddits: Sequence[str]) -> None:
        self.requests.append((what, tuple(subreddits)))
        if self.release is not None:
            await self.release.wait()
        if self.budget is not None:
            self.budget -= 1
        bad = self.failing & {s.lower() for s in subreddits}
        if bad:
            raise RedditError(f"r/{'+'.join(subreddits)}: HTTP 403 forbidden")

    def _page(self, items: Sequence[Post | Comment], after: str | None) -> Page:
        return Page(
            posts=[i for i in items if isinstance(i, Post)],
            comments=[i for i in items if isinstance(i, Comment)],
            after=after,
            budget=Budget(remaining=self.budget, used=len(self.requests)),
        )


class FakeSentiment:
    """Positive if the text says 'good', negative if it says 'bad', else neutral."""

    def __init__(self) -> None:
        self.scored: list[str] = []

    async def score_many(self, texts: Sequence[str]) -> list[Sentiment]:
        self.scored.extend(texts)
        return [self.score(t) for t in texts]

    @staticmethod
    def score(text: str) -> Sentiment:
        if "good" in text:
            return Sentiment(0.5, 0.5, 0.5, 0.0)
        if "bad" in text:
            return Sentiment(-0.5, 0.0, 0.5, 0.5)
        return Sentiment(0.0, 0.0, 1.0, 0.0)


class FakeRepository(FakeLeases):
    """Dicts keyed by id: saving twice keeps one copy, as the real store's upsert does."""

    def __init__(self, refresh: RefreshPolicy | None = None) -> None:
        super().__init__()
        self.posts: dict[str, Post] = {}
        self.comments: dict[str, Comment] = {}
        self.watermarks: dict[tuple[str, Kind], datetime] = {}
        self.rescans: dict[tuple[str, Kind], datetime] = {}
        self.next_refresh: dict[str, datetime | None] = {}
        self.cycles: dict[str, CollectionCycle] = {}
        self.saved_statuses: list[CycleStatus] = []
        self.batches: list[tuple[int, int, list[Cursor]]] = []
        self.fail_saves_after: int | None = None  # batches that succeed before the "crash"
        self.refresh = refresh or RefreshPolicy()
        self.now = T0
        self.reads: dict[str, list[PostRead]] = {}  # by post id, oldest first
        self.pruned_before: datetime | None = None

    async def save_items(
        self, posts: Sequence[Post], comments: Sequence[Comment], cursors: Sequence[Cursor] = ()
    ) -> None:
        if self.fail_saves_after is not None and len(self.batches) >= self.fail_saves_after:
            raise OSError("disk full")
        self.batches.append((len(posts), len(comments), list(cursors)))
        self._write(posts, self.posts)
        self._write(comments, self.comments)
        for cursor in cursors:
            key = (cursor.subreddit, cursor.kind)
            self.watermarks[key] = max(self.watermarks.get(key, cursor.watermark), cursor.watermark)

    async def save_refreshed(
        self, asked: Sequence[str], posts: Sequence[Post], comments: Sequence[Comment]
    ) -> None:
        self._write(posts, self.posts)
        self._write(comments, self.comments)
        returned = {p.fullname for p in posts} | {c.fullname for c in comments}
        for name in asked:
            if name not in returned:
                self.next_refresh[name] = None

    def _write(self, items: Sequence[Item], table: dict[str, Item]) -> None:
        for item in items:
            if self.pruned_before is not None and item.created_utc < self.pruned_before:
                continue  # what retention pruned stays pruned
            if isinstance(item, Post):
                self._record_read(item)
            old = table.get(item.id)
            if old is not None and item.removed is not None:
                item = dataclasses.replace(item, body=old.body, author=old.author)
                if isinstance(old, Post):
                    item = dataclasses.replace(item, title=old.title)
            if old is not None and item.sentiment is None:
                item = dataclasses.replace(item, sentiment=old.sentiment)
            table[item.id] = item
            due = None if item.removed else self.refresh.next_refresh(item.created_utc, self.now)
            self.next_refresh[item.fullname] = due

    async def cursors(self, kind: Kind) -> dict[str, datetime]:
        return {sub: w for (sub, k), w in self.watermarks.items() if k is kind}

    async def rescanned(self, kind: Kind) -> dict[str, datetime]:
        return {sub: at for (sub, k), at in self.rescans.items() if k is kind}

    async def mark_rescanned(self, kind: Kind, subreddits: Sequence[str], at: datetime) -> None:
        for sub in subreddits:
            if (sub.lower(), kind) in self.watermarks:
                self.rescans[(sub.lower(), kind)] = at

    async def recent_activity(self, kind: Kind, since: datetime) -> dict[str, tuple[int, datetime]]:
        table = self.posts if kind is Kind.POSTS else self.comments
        activity: dict[str, tuple[int, datetime]] = {}
        for item in table.values():
            if item.created_utc >= since:
                count, oldest = activity.get(item.subreddit.lower(), (0, item.created_utc))
                activity[item.subreddit.lower()] = (count + 1, min(oldest, item.created_utc))
        return activity

    async def stored_texts(self, fullnames: Sequence[str]) -> dict[str, str]:
        stored = {p.fullname: p.text for p in self.posts.values()}
        stored.update((c.fullname, c.text) for c in self.comments.values())
        return {n: stored[n] for n in fullnames if n in stored}

    async def missing_posts(self, post_ids: Sequence[str]) -> set[str]:
        return set(post_ids) - set(self.posts)

    async def due_for_refresh(self, now: datetime, limit: int) -> list[str]:
        due = [(at, n) for n, at in self.next_refresh.items() if at is not None and at <= now]
        return [n for _, n in sorted(due)[:limit]]

    async def save_cycle(self, cycle: CollectionCycle) -> None:
        self.saved_statuses.append(cycle.status)
        self.cycles[cycle.id] = cycle

    async def fail_unfinished_cycles(self, at: datetime, reason: str) -> int:
        running = [c for c in self.cycles.values() if c.status is CycleStatus.RUNNING]
        for cycle in running:
            cycle.abort(at, reason)
        return len(running)

    async def recent_posts(self, subreddit: str | None, since: datetime, limit: int) -> list[Post]:
        found = [
            p
            for p in self.posts.values()
            if p.created_utc >= since and subreddit in (None, p.subreddit)
        ]
        return sorted(found, key=lambda p: p.created_utc, reverse=True)[:limit]

    async def get_post(self, post_id: str) -> Post | None:
        return self.posts.get(post_id)

    async def comments_of(
        self, post_id: str, after: CommentKey | None = None, limit: int | None = None
    ) -> list[Comment]:
        found = sorted(
            (c for c in self.comments.values() if c.post_id == post_id),
            key=lambda c: (c.created_utc, c.id),
        )
        if after is not None:
            found = [c for c in found if (c.created_utc, c.id) > (after.created_utc, after.id)]
        return found if limit is None else found[:limit]

    async def sentiment_stats(self, subreddit: str | None, since: datetime) -> SentimentStats:
        raise NotImplementedError("not needed by the unit tests")

    async def subreddit_summaries(self) -> list[SubredditSummary]:
        raise NotImplementedError("not needed by the unit tests")

    async def recent_cycles(self, limit: int) -> list[CollectionCycle]:
        ordered = sorted(self.cycles.values(), key=lambda c: c.started_at, reverse=True)
        return ordered[:limit]

    async def state(self) -> StoreState:
        return StoreState(readable=True, writable=True)

    async def last_success_at(self) -> datetime | None:
        collected = (CycleStatus.SUCCEEDED, CycleStatus.PARTIAL)
        done = [c.finished_at for c in self.cycles.values() if c.status in collected]
        return max((d for d in done if d is not None), default=None)

    async def items_after(
        self, kind: Kind, selection: ItemSelection, after: ItemKey | None, limit: int
    ) -> list[Post | Comment]:
        table: dict[str, Post] | dict[str, Comment] = (
            self.posts if kind is Kind.POSTS else self.comments
        )
        chosen = sorted((i for i in table.values() if _selected(i, selection)), key=ItemKey.of)
        return [i for i in chosen if after is None or ItemKey.of(i) > after][:limit]

    async def count_items(self, selection: ItemSelection) -> int:
        tables: dict[Kind, list[Post | Comment]] = {
            Kind.POSTS: [*self.posts.values()],
            Kind.COMMENTS: [*self.comments.values()],
        }
        return sum(_selected(i, selection) for k in selection.kinds for i in tables[k])

    def _record_read(self, post: Post) -> None:
        reads = self.reads.setdefault(post.id, [])
        if reads and reads[-1].read_at == self.now:
            reads.pop()  # read twice at one time: the last copy stands, as in SQL
        reads.append(PostRead(self.now, post.score, post.num_comments))

    async def top_posts(
        self, subreddit: str | None, since: datetime, limit: int
    ) -> list[PostGrowth]:
        found = [
            PostGrowth(
                p,
                Growth.since_creation(p.created_utc, self.reads[p.id][-1]),
                list(self.reads[p.id]),
            )
            for p in self.posts.values()
            if p.created_utc >= since and subreddit in (None, p.subreddit.lower())
        ]
        found.sort(key=lambda g: (-g.growth.engagement_per_hour, g.post.id))
        return found[:limit]

    async def prune_before(self, cutoff: datetime, batch: int) -> PruneCounts:
        comments = sorted(
            (c for c in self.comments.values() if c.created_utc < cutoff),
            key=lambda c: c.created_utc,
        )[:batch]
        posts = sorted(
            (p for p in self.posts.values() if p.created_utc < cutoff), key=lambda p: p.created_utc
        )[: batch - len(comments)]
        if not posts and not comments:
            return PruneCounts()
        self.pruned_before = max(self.pruned_before or cutoff, cutoff)
        for comment in comments:
            del self.comments[comment.id]
            self.next_refresh.pop(comment.fullname, None)
        reads = 0
        for post in posts:
            del self.posts[post.id]
            self.next_refresh.pop(post.fullname, None)
            reads += len(self.reads.pop(post.id, []))
        return PruneCounts(len(posts), len(comments), _scored(posts, comments), 0, reads)

    async def prunable_before(self, cutoff: datetime) -> PruneCounts:
        posts = [p for p in self.posts.values() if p.created_utc < cutoff]
        comments = [c for c in self.comments.values() if c.created_utc < cutoff]
        reads = sum(len(self.reads.get(p.id, [])) for p in posts)
        return PruneCounts(len(posts), len(comments), _scored(posts, comments), 0, reads)


def _scored(posts: Sequence[Post], comments: Sequence[Comment]) -> int:
    return sum(p.sentiment is not None for p in posts) + sum(
        c.sentiment is not None for c in comments
    )


def _selected(item: Post | Comment, selection: ItemSelection) -> bool:
    return (
        (selection.subreddit is None or item.subreddit.lower() == selection.subreddit.lower())
        and (selection.since is None or item.created_utc >= selection.since)
        and (selection.until is None or item.created_utc < selection.until)
    )


class FakeArchiveStore:
    """The importer's store over dicts: a copy replaces only an older one, as in SQL."""

    def __init__(self) -> None:
        self.items: dict[str, Post | Comment] = {}
        self.collected_at: dict[str, datetime] = {}
        self.sentiments: dict[str, Sentiment] = {}
        self.saves = 0
        self.fail_saves_after: int | None = None  # saves that succeed before the "crash"

    def seed(self, item: Post | Comment, collected_at: datetime) -> None:
        """An item the live collector stored."""
        self.items[item.fullname] = dataclasses.replace(item, sentiment=None)
        self.collected_at[item.fullname] = collected_at
        if item.sentiment is not None:
            self.sentiments[item.fullname] = item.sentiment

    async def stored_copies(self, fullnames: Sequence[str]) -> dict[str, StoredCopy]:
        return {
            n: StoredCopy(self.collected_at[n], self.items[n].text)
            for n in fullnames
            if n in self.items
        }

    async def save_archived(self, items: Sequence[ArchivedItem]) -> SavedCounts:
        if self.fail_saves_after is not None and self.saves >= self.fail_saves_after:
            raise OSError("disk full")
        self.saves += 1
        counts = {"t3_new": 0, "t3_updated": 0, "t1_new": 0, "t1_updated": 0}
        for archived in items:
            name, item = archived.item.fullname, archived.item
            old = self.items.get(name)
            if old is not None and self.collected_at[name] >= archived.retrieved_utc:
                continue
            if old is not None and item.removed is not None:
                kept = {"body": old.body, "author": old.author, "edited_utc": old.edited_utc}
                if isinstance(old, Post):
                    kept["title"] = old.title
                item = dataclasses.replace(item, **kept)  # type: ignore[arg-type]
            self.items[name] = dataclasses.replace(item, sentiment=None)
            self.collected_at[name] = archived.retrieved_utc
            if archived.sentiment is not None:
                self.sentiments[name] = archived.sentiment
            counts[name[:3] + ("new" if old is None else "updated")] += 1
        return SavedCounts(
            counts["t3_new"], counts["t3_updated"], counts["t1_new"], counts["t1_updated"]
        )


class FakeArchiveSource:
    """Dump files as lists of archived items, read `max_lines` at a time; counts reads."""

    def __init__(self, files: dict[str, list[ArchivedItem]]) -> None:
        self.contents = files
        self.reads = 0
        self.closed: list[str] = []
        self._next: dict[str, int] = {}

    async def files(self, paths: Sequence[str]) -> list[ArchiveFile]:
        missing = [p for p in paths if p not in self.contents]
        if missing:
            raise ArchivePathMissing(f"no such file or folder: {', '.join(missing)}")
        return [ArchiveFile(p, len(self.contents[p])) for p in paths]

    async def read(
        self, file: ArchiveFile, selection: ArchiveSelection, max_lines: int
    ) -> ArchiveChunk:
        self.reads += 1
        start = self._next.get(file.path, 0)
        lines = self.contents[file.path][start : start + max_lines]
        end = start + len(lines)
        self._next[file.path] = end
        wanted = [a for a in lines if selection.wants_subreddit(a.item.subreddit)]
        timely = [a for a in wanted if selection.wants_time(a.item.created_utc)]
        done = end >= len(self.contents[file.path])
        if done:
            await self.close(file)
        return ArchiveChunk(
            timely, len(lines), [], len(lines) - len(wanted), len(wanted) - len(timely), end, done
        )

    async def close(self, file: ArchiveFile) -> None:
        self._next.pop(file.path, None)
        self.closed.append(file.path)


class FakeTermStore:
    """Hourly term counts in a dict, counted and read as the SQL store does."""

    def __init__(self) -> None:
        self.rows: dict[Key, TermHour] = {}

    def count(self, items: Sequence[Post | Comment], now: datetime) -> None:
        """Count items new to the store, as saving them does."""
        scores = {i.fullname: i.sentiment for i in items if i.sentiment is not None}
        for (hour, subreddit), counts in tally(items, scores, counted_since(now)).items():
            for term, count in counts.items():
                if (hour, subreddit, term) in self.rows:
                    self.rows[(hour, subreddit, term)].add(count)
                else:
                    self.rows[(hour, subreddit, term)] = count

    async def term_counts(
        self, subreddit: str | None, window: TrendWindow, min_mentions: int, min_authors: int
    ) -> list[TermCounts]:
        sums: dict[str, list[float]] = {}
        for (hour, _, term), row in self._rows(subreddit, window.baseline_start):
            inside = hour >= window.start
            total = sums.setdefault(term, [0, 0, 0.0, 0.0, 0.0])
            total[0 if inside else 1] += row.mentions
            total[2 if inside else 3] += row.authors
            total[4] += row.compound_sum if inside else 0.0
        return [
            TermCounts(term, int(n), int(base_n), a, base_a, compound)
            for term, (n, base_n, a, base_a, compound) in sums.items()
            if term == ALL_ITEMS or (n >= min_mentions and a >= min_authors)
        ]

    async def term_samples(
        self, subreddit: str | None, window: TrendWindow, terms: Sequence[str]
    ) -> dict[str, TermSample]:
        bits: dict[str, int] = {}
        posts: dict[str, dict[str, None]] = {}
        rows = self._rows(subreddit, window.start)
        newest_first = sorted(rows, key=lambda r: (-r[0][0].timestamp(), r[0][1]))
        for (_, _, term), row in newest_first:
            if term in terms:
                bits[term] = bits.get(term, 0) | row.author_bits
                if row.sample_post_id is not None:
                    posts.setdefault(term, {}).setdefault(row.sample_post_id)
        return {term: TermSample(b, tuple(posts.get(term, ()))) for term, b in bits.items()}

    async def prune_terms_before(self, cutoff: datetime) -> int:
        old = [key for key in self.rows if key[0] < cutoff]
        for key in old:
            del self.rows[key]
        return len(old)

    def _rows(self, subreddit: str | None, since: datetime) -> list[tuple[Key, TermHour]]:
        wanted = None if subreddit is None else subreddit.lower()
        return [
            (key, row)
            for key, row in self.rows.items()
            if key[0] >= since and wanted in (None, key[1])
        ]


# Each fake stands in for its port: mypy fails here the moment a fake's signature drifts.
_reddit: type[RedditPort] = FakeReddit
_sentiment: type[SentimentPort] = FakeSentiment
_repository: type[RepositoryPort] = FakeRepository
_archive_source: type[ArchiveSourcePort] = FakeArchiveSource
_archive_store: type[ArchiveStorePort] = FakeArchiveStore
_export: type[ExportPort] = FakeRepository
_trending: type[TrendingReadPort] = FakeTermStore
_term_prune: type[TermPrunePort] = FakeTermStore
