"""The export use case: both kinds merged in order while holding about a page of each."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

from application.export import ItemExport
from domain.export import ItemKey, ItemSelection
from domain.model import Comment, Kind, Post
from domain.ports import ExportPort
from tests.fakes import T0, FakeRepository, make_comment, make_post

PAGE = 10
BOTH = (Kind.POSTS, Kind.COMMENTS)


class Counting:
    """The fake store, counting the items it has handed out. With `hold`, reads after a
    kind's first page wait for it (and count when they are cancelled)."""

    def __init__(self, store: FakeRepository) -> None:
        self._store = store
        self.read = 0
        self.hold: asyncio.Event | None = None
        self.cancelled = 0

    async def items_after(
        self, kind: Kind, selection: ItemSelection, after: ItemKey | None, limit: int
    ) -> Sequence[Post | Comment]:
        if self.hold is not None and after is not None:
            try:
                await self.hold.wait()
            except asyncio.CancelledError:
                self.cancelled += 1
                raise
        page = await self._store.items_after(kind, selection, after, limit)
        self.read += len(page)
        return page

    async def count_items(self, selection: ItemSelection) -> int:
        return await self._store.count_items(selection)


_counting: type[ExportPort] = Counting


async def stored(posts: int, comments_per_post: int) -> FakeRepository:
    store = FakeRepository()
    for n in range(posts):
        post = make_post(created_utc=T0 + timedelta(minutes=n))
        replies = [
            make_comment(post, created_utc=post.created_utc + timedelta(seconds=s + 1))
            for s in range(comments_per_post)
        ]
        await store.save_items([post], replies)
    return store


async def test_memory_holds_about_a_page_of_each_kind_however_many_items() -> None:
    items = Counting(await stored(posts=100, comments_per_post=10))
    export = ItemExport(items, clock=lambda: T0 + timedelta(days=1), page_size=PAGE)
    done, most_held = 0, 0
    async for page in export.pages(export.selection(None, BOTH, None)):
        most_held = max(most_held, items.read - done)  # this page, the rest, read ahead
        done += len(page)
    assert done == 1100
    # A page of each kind and the one read ahead of it: 2 x 2 x PAGE, whatever the total.
    assert most_held <= 4 * PAGE


async def test_one_kind_ahead_of_the_other_waits_for_it() -> None:
    """Comments fill many pages while posts fill one: the merge is still in order."""
    items = await stored(posts=3, comments_per_post=25)
    export = ItemExport(items, clock=lambda: T0 + timedelta(days=1), page_size=PAGE)
    keys = [
        ItemKey.of(item)
        async for page in export.pages(export.selection(None, BOTH, None))
        for item in page
    ]
    assert keys == sorted(keys)
    assert len(keys) == 3 + 75


async def test_leaving_an_export_early_stops_its_reading_ahead() -> None:
    items = Counting(await stored(posts=50, comments_per_post=5))
    export = ItemExport(items, clock=lambda: T0 + timedelta(days=1), page_size=PAGE)
    items.hold = asyncio.Event()
    pages = export.pages(export.selection(None, BOTH, None))
    await anext(pages)
    await pages.aclose()
    await asyncio.sleep(0)
    assert items.cancelled == 2, "one read ahead per kind, both cancelled"
