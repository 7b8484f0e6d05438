"""The importer's store: one contract for the fake and for SQL on SQLite and PostgreSQL.

Merging with live data: one row per item, a copy replaces only an older copy (by when it
was read from Reddit), removal keeps the text, and a copy without a sentiment keeps the
stored one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from adapters.offloaded import Offloaded
from adapters.sql.archived import SqlArchiveStore
from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.archive import ArchivedItem, SavedCounts, StoredCopy
from domain.model import Comment, Post, Removal, Sentiment
from domain.ports import ArchiveStorePort
from tests.fakes import T0, FakeArchiveStore, make_comment, make_post
from tests.integration.recount import aggregated, recounted, totals, totals_of
from tests.servers.databases import backend_url, emptied

GOOD = Sentiment(0.6, 0.5, 0.5, 0.0)
BAD = Sentiment(-0.6, 0.0, 0.5, 0.5)
HOUR = timedelta(hours=1)

Stored = tuple[Post | Comment, Sentiment | None]  # an item without its sentiment, and that


@dataclass
class Backend:
    store: ArchiveStorePort
    live: Callable[[Post | Comment, datetime], Awaitable[None]]  # store as the collector would
    read: Callable[[Post | Comment], Awaitable[Stored | None]]  # as stored, or None

    async def read_stored(self, item: Post | Comment) -> Stored:
        """`read`, for an item the test has stored."""
        found = await self.read(item)
        assert found is not None, f"{item.fullname} is not stored"
        return found


def fake_backend() -> Backend:
    fake = FakeArchiveStore()

    async def read(item: Post | Comment) -> Stored | None:
        stored = fake.items.get(item.fullname)
        return None if stored is None else (stored, fake.sentiments.get(item.fullname))

    async def live(item: Post | Comment, at: datetime) -> None:
        fake.seed(item, at)

    return Backend(fake, live, read)


def sql_backend(url: str, executor: ThreadPoolExecutor) -> Backend:
    engine = make_engine(url)
    emptied(engine)
    create_schema(engine)
    store = Offloaded(SqlArchiveStore(engine, clock=lambda: T0 + 100 * HOUR), executor)
    reads = SqlStore(engine)

    async def read(item: Post | Comment) -> Stored | None:
        if isinstance(item, Post):
            found: Post | Comment | None = reads.get_post(item.id)
        else:
            found = next((c for c in reads.comments_of(item.post_id) if c.id == item.id), None)
        if found is None:
            return None
        return dataclasses.replace(found, sentiment=None), found.sentiment

    async def live(item: Post | Comment, at: datetime) -> None:
        posts = [item] if isinstance(item, Post) else []
        comments = [item] if isinstance(item, Comment) else []
        SqlStore(engine, clock=lambda: at).save_items(posts, comments)

    return Backend(store, live, read)


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "fake":
        yield fake_backend()
        return
    url = backend_url(request, tmp_path)
    with ThreadPoolExecutor(2) as executor:
        yield sql_backend(url, executor)


def copy(item: Post | Comment, hours: float, sentiment: Sentiment | None = GOOD) -> ArchivedItem:
    return ArchivedItem(item, T0 + hours * HOUR, sentiment)


async def test_new_items_are_stored_with_their_sentiment_and_counted_as_new(
    backend: Backend,
) -> None:
    post = make_post(title="hello")
    comment = make_comment(post, body="hi")
    saved = await backend.store.save_archived([copy(post, 1), copy(comment, 1, BAD)])
    assert saved == SavedCounts(posts_new=1, comments_new=1)
    assert await backend.read(post) == (post, GOOD)
    assert await backend.read(comment) == (comment, BAD)


async def test_stored_copies_tell_when_each_item_was_read_and_its_text(backend: Backend) -> None:
    post = make_post(title="title", body="body")
    comment = make_comment(post, body="words")
    await backend.store.save_archived([copy(post, 1), copy(comment, 2)])
    names = [post.fullname, comment.fullname, "t1_unknown", "t3_unknown"]
    assert await backend.store.stored_copies(names) == {
        post.fullname: StoredCopy(T0 + HOUR, "title\n\nbody"),
        comment.fullname: StoredCopy(T0 + 2 * HOUR, "words"),
    }


async def test_the_same_copy_again_changes_nothing(backend: Backend) -> None:
    post = make_post()
    await backend.store.save_archived([copy(post, 1)])
    again = await backend.store.save_archived([copy(dataclasses.replace(post, score=99), 1)])
    assert again == SavedCounts()
    stored, _ = await backend.read_stored(post)
    assert stored.score == post.score


async def test_an_older_archived_copy_never_overwrites_a_fresher_live_one(backend: Backend) -> None:
    live = make_post(title="edited later", score=50)
    await backend.live(dataclasses.replace(live, sentiment=GOOD), T0 + 10 * HOUR)
    older = dataclasses.replace(live, title="first words", score=3)
    saved = await backend.store.save_archived([copy(older, 2, BAD)])
    assert saved == SavedCounts()
    assert await backend.read(live) == (live, GOOD)


async def test_a_fresher_archived_copy_updates_the_live_one(backend: Backend) -> None:
    live = make_comment(make_post(), body="before", score=1)
    await backend.live(dataclasses.replace(live, sentiment=GOOD), T0 + HOUR)
    fresher = dataclasses.replace(live, body="after", score=40)
    saved = await backend.store.save_archived([copy(fresher, 5, BAD)])
    assert saved == SavedCounts(comments_updated=1)
    assert await backend.read(live) == (fresher, BAD)


async def test_a_fresher_copy_without_a_sentiment_keeps_the_stored_sentiment(
    backend: Backend,
) -> None:
    live = make_comment(make_post(), body="same words", score=1)
    await backend.live(dataclasses.replace(live, sentiment=GOOD), T0 + HOUR)
    await backend.store.save_archived([copy(dataclasses.replace(live, score=7), 5, None)])
    stored, sentiment = await backend.read_stored(live)
    assert (stored.score, sentiment) == (7, GOOD)


async def test_a_fresher_removed_copy_keeps_the_text_and_author_collected_before(
    backend: Backend,
) -> None:
    live = make_post(title="my title", body="my body", author="alice")
    await backend.live(dataclasses.replace(live, sentiment=GOOD), T0 + HOUR)
    gone = dataclasses.replace(live, body="[removed]", author=None, removed=Removal.REMOVED)
    await backend.store.save_archived([copy(gone, 5, None)])
    stored, sentiment = await backend.read_stored(live)
    assert isinstance(stored, Post)
    assert (stored.title, stored.body, stored.author) == ("my title", "my body", "alice")
    assert (stored.removed, sentiment) == (Removal.REMOVED, GOOD)


async def test_posts_and_comments_are_counted_apart(backend: Backend) -> None:
    post = make_post()
    comments = [make_comment(post) for _ in range(3)]
    await backend.live(comments[0], T0 + 50 * HOUR)
    await backend.live(comments[1], T0)
    batch = [copy(post, 1), *(copy(c, 1) for c in comments)]
    saved = await backend.store.save_archived(batch)
    assert saved == SavedCounts(posts_new=1, comments_new=1, comments_updated=1)


async def test_many_items_in_one_batch(backend: Backend) -> None:
    post = make_post()
    comments = [make_comment(post, body=f"comment {n}") for n in range(1200)]
    saved = await backend.store.save_archived([copy(c, 1) for c in comments])
    assert saved == SavedCounts(comments_new=1200)
    copies = await backend.store.stored_copies([c.fullname for c in comments])
    assert len(copies) == 1200


def test_importing_while_the_collector_writes_the_same_items_keeps_the_live_copies(
    empty_database_url: str,
) -> None:
    """Two writers at once, in many small batches: writers take turns, so every live
    copy survives the older archived ones, and the aggregates still equal a recount."""
    engine = make_engine(empty_database_url)
    create_schema(engine)
    post = make_post()
    archived = [make_comment(post, body=f"first words {n}") for n in range(300)]
    live = [dataclasses.replace(c, body=f"edited {c.id}", sentiment=GOOD) for c in archived]
    importer = SqlArchiveStore(engine, clock=lambda: T0 + 100 * HOUR)
    collector = SqlStore(engine, clock=lambda: T0 + 300 * HOUR)

    def import_all() -> None:
        for start in range(0, 300, 10):
            importer.save_archived([copy(c, 2, BAD) for c in archived[start : start + 10]])

    def collect_all() -> None:
        for start in range(0, 300, 7):
            collector.save_items([], live[start : start + 7])

    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(import_all), pool.submit(collect_all)]:
            done.result(timeout=120)
    stored = {c.id: (c.body, c.sentiment) for c in SqlStore(engine).comments_of(post.id)}
    assert stored == {c.id: (c.body, GOOD) for c in live}
    assert aggregated(engine) == recounted(engine)
    assert totals(engine) == totals_of(recounted(engine))
    engine.dispose()
