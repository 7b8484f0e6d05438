"""What an export reads: one contract for the fake and for SQL on SQLite and PostgreSQL.

Every stored item of the selection once, oldest first (a comment before a post of the
same instant), with its fields and sentiment, however the pages fall.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from adapters.offloaded import Offloaded
from adapters.sql.export import SqlExport
from adapters.sql.store import SqlStore
from application.export import ItemExport
from domain.export import ItemKey, ItemSelection
from domain.model import Comment, Kind, Post, Removal, Sentiment
from domain.ports import ExportPort
from tests.fakes import T0, FakeRepository, make_comment, make_post
from tests.servers.databases import schema_engine

GOOD = Sentiment(0.6, 0.5, 0.5, 0.0)
BAD = Sentiment(-0.6, 0.0, 0.5, 0.5)
BOTH = (Kind.POSTS, Kind.COMMENTS)


@dataclass
class Backend:
    items: ExportPort
    save: Callable[[Sequence[Post], Sequence[Comment]], Awaitable[None]]

    def export(self, page_size: int) -> ItemExport:
        return ItemExport(self.items, clock=lambda: T0 + timedelta(days=30), page_size=page_size)


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "fake":
        fake = FakeRepository()
        yield Backend(fake, fake.save_items)
        return
    engine = schema_engine(request, tmp_path)
    store = SqlStore(engine)

    async def save(posts: Sequence[Post], comments: Sequence[Comment]) -> None:
        store.save_items(posts, comments)

    with ThreadPoolExecutor(2) as executor:
        yield Backend(Offloaded(SqlExport(engine), executor), save)
    engine.dispose()


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def world() -> tuple[list[Post], list[Comment]]:
    """Two subreddits; posts and comments interleaved in time; six items in one instant
    (comments and posts, so ties are broken by kind, then id); sentiments or none."""
    python = [make_post("Python", id=f"p{n}", created_utc=at(10 * n)) for n in range(1, 6)]
    rust = [make_post("rust", id=f"r{n}", created_utc=at(10 * n + 5)) for n in range(1, 4)]
    tied_posts = [make_post("Python", id=f"t{n}", created_utc=at(30)) for n in (2, 1)]
    comments = [
        make_comment(python[n % 5], f"reply {n}", id=f"c{n:02}", created_utc=at(3 * n + 1))
        for n in range(1, 15)
    ]
    comments += [make_comment(python[0], id=f"d{n}", created_utc=at(30)) for n in (3, 1, 2)]
    posts = [*python, *rust, *tied_posts]
    return (
        [dataclasses.replace(p, sentiment=GOOD if n % 2 else None) for n, p in enumerate(posts)],
        [dataclasses.replace(c, sentiment=BAD if n % 3 else None) for n, c in enumerate(comments)],
    )


async def exported(export: ItemExport, selection: ItemSelection) -> list[Post | Comment]:
    return [item async for page in export.pages(selection) for item in page]


def in_order(items: Sequence[Post | Comment]) -> list[Post | Comment]:
    return sorted(items, key=ItemKey.of)


@pytest.mark.parametrize("page_size", [1, 2, 3, 1000])
async def test_every_item_comes_once_oldest_first_however_the_pages_fall(
    backend: Backend, page_size: int
) -> None:
    posts, comments = world()
    await backend.save(posts, comments)
    export = backend.export(page_size)
    items = await exported(export, export.selection(None, BOTH, None))
    assert items == in_order([*posts, *comments])
    assert await export.count(export.selection(None, BOTH, None)) == len(posts) + len(comments)


async def test_one_instant_holds_comments_then_posts_each_by_id(backend: Backend) -> None:
    posts, comments = world()
    await backend.save(posts, comments)
    export = backend.export(2)
    items = await exported(export, export.selection(None, BOTH, None))
    tied = [i.fullname for i in items if i.created_utc == T0 + timedelta(minutes=30)]
    assert tied == ["t1_d1", "t1_d2", "t1_d3", "t3_p3", "t3_t1", "t3_t2"]


@pytest.mark.parametrize("written", ["python", "PYTHON", "rust"])
async def test_a_subreddit_is_chosen_in_any_case(backend: Backend, written: str) -> None:
    posts, comments = world()
    await backend.save(posts, comments)
    export = backend.export(2)
    selection = export.selection(written, BOTH, None)
    every: list[Post | Comment] = [*posts, *comments]
    expected = [i for i in every if i.subreddit.lower() == written.lower()]
    assert await exported(export, selection) == in_order(expected)
    assert await export.count(selection) == len(expected)


@pytest.mark.parametrize("kind", [Kind.POSTS, Kind.COMMENTS])
async def test_one_kind_alone(backend: Backend, kind: Kind) -> None:
    posts, comments = world()
    await backend.save(posts, comments)
    export = backend.export(3)
    selection = export.selection(None, (kind,), None)
    expected: list[Post] | list[Comment] = posts if kind is Kind.POSTS else comments
    assert await exported(export, selection) == in_order(expected)
    assert await export.count(selection) == len(expected)


async def test_since_is_inclusive_and_until_exclusive(backend: Backend) -> None:
    posts, comments = world()
    await backend.save(posts, comments)
    export = backend.export(2)
    since, until = T0 + timedelta(minutes=10), T0 + timedelta(minutes=30)
    selection = ItemSelection(None, since, until, BOTH)
    every: list[Post | Comment] = [*posts, *comments]
    expected = [i for i in every if since <= i.created_utc < until]
    assert {i.created_utc for i in expected} >= {since}, "an item sits on `since`"
    assert await exported(export, selection) == in_order(expected)
    assert await export.count(selection) == len(expected)


async def test_hours_count_back_from_when_the_export_starts(backend: Backend) -> None:
    post = make_post(created_utc=at(0))
    await backend.save([make_post(created_utc=at(-61)), post, make_post(created_utc=at(1))], [])
    export = ItemExport(backend.items, clock=lambda: T0 + timedelta(seconds=1))
    items = await exported(export, export.selection(None, BOTH, 1))
    assert items == [post], "an hour back from T0+1s; what is created after the start waits"


async def test_fields_sentiments_and_removal_come_as_stored(backend: Backend) -> None:
    post = make_post(
        "python", title='Ünïcödé, "quotes"\nand lines 🐍', body="b\r\nody", author=None,
        edited_utc=T0 + timedelta(hours=2), sentiment=GOOD, created_utc=at(0),
    )  # fmt: skip
    comment = make_comment(post, "", parent_id="t1_zz", removed=Removal.DELETED, created_utc=at(1))
    await backend.save([post], [comment])
    export = backend.export(10)
    assert await exported(export, export.selection(None, BOTH, None)) == [post, comment]


async def test_nothing_stored_is_no_page_and_a_count_of_zero(backend: Backend) -> None:
    export = backend.export(10)
    selection = export.selection(None, BOTH, None)
    assert await exported(export, selection) == []
    assert await export.count(selection) == 0
