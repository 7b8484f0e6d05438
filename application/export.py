"""Exporting the stored items with their sentiments: oldest first, a page at a time."""

from __future__ import annotations

import asyncio
import bisect
import heapq
from collections.abc import AsyncGenerator, Callable, Sequence
from datetime import datetime, timedelta

from domain.collection import utcnow
from domain.export import ItemKey, ItemSelection
from domain.model import Comment, Kind, Post
from domain.ports import ExportPort

PAGE_SIZE = 1000  # items of one kind per read: memory holds a page of each kind


class ItemExport:
    def __init__(
        self,
        items: ExportPort,
        clock: Callable[[], datetime] = utcnow,
        page_size: int | None = None,
    ) -> None:
        self._items = items
        self._clock = clock
        self._page_size = page_size or PAGE_SIZE

    def selection(
        self,
        subreddit: str | None,
        kinds: Sequence[Kind],
        hours: int | None,
        topic_key: str | None = None,
    ) -> ItemSelection:
        """Items created in the last `hours` (all when None) before now: what is created
        while the export runs is left to the next one, so its size is known at the start."""
        now = self._clock()
        since = None if hours is None else now - timedelta(hours=hours)
        return ItemSelection(subreddit, since, now, tuple(kinds), topic_key)

    async def count(self, selection: ItemSelection) -> int:
        return await self._items.count_items(selection)

    async def pages(self, selection: ItemSelection) -> AsyncGenerator[list[Post | Comment], None]:
        """Every item of the selection once, posts and comments merged by ItemKey.

        Each kind is read a page at a time; an item is passed on once no item of another
        kind can still come before it, so about one page of each kind is held at a time.
        """
        kinds = [_KindPages(self._items, k, selection, self._page_size) for k in selection.kinds]
        try:
            while True:
                await asyncio.gather(*(k.fill() for k in kinds))
                # A kind not done may still have items after the last one it read, none
                # before: up to the earliest of those last items, the order is settled.
                bound = min((k.last for k in kinds if not k.done and k.last), default=None)
                taken = [k.take_through(bound) for k in kinds]
                if not any(taken):
                    return
                yield list(heapq.merge(*taken, key=_order))
        finally:
            for k in kinds:
                k.close()


def _order(item: Post | Comment) -> tuple[datetime, str]:
    return item.created_utc, item.fullname


class _KindPages:
    """One kind's items of a selection, read a page at a time, held until taken."""

    def __init__(
        self, items: ExportPort, kind: Kind, selection: ItemSelection, page_size: int
    ) -> None:
        self._items = items
        self._kind = kind
        self._selection = selection
        self._page_size = page_size
        self._held: list[Post | Comment] = []
        self.last: ItemKey | None = None  # the last item read
        self.done = False  # the last page was read
        self._ahead: asyncio.Future[Sequence[Post | Comment]] | None = None

    async def fill(self) -> None:
        """Have items to take, unless done; the page after them is read meanwhile (on
        another thread: it overlaps with writing these out)."""
        if self._held or self.done:
            return
        page = await (self._ahead or self._read(self.last))
        self._held = list(page)
        self.done = len(page) < self._page_size
        if page:
            self.last = ItemKey.of(page[-1])
        self._ahead = None if self.done else asyncio.ensure_future(self._read(self.last))

    async def _read(self, after: ItemKey | None) -> Sequence[Post | Comment]:
        return await self._items.items_after(self._kind, self._selection, after, self._page_size)

    def close(self) -> None:
        if self._ahead is not None:
            self._ahead.cancel()

    def take_through(self, bound: ItemKey | None) -> list[Post | Comment]:
        """The items held up to `bound` (all when None), in the order they were read."""
        if bound is None:
            upto = len(self._held)
        else:
            upto = bisect.bisect_right(self._held, (bound.created_utc, bound.fullname), key=_order)
        taken, self._held = self._held[:upto], self._held[upto:]
        return taken
