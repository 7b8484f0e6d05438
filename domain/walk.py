"""Walking one listing back in time, page by page, until it reaches a cursor."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import BudgetExhausted
from domain.model import Comment, Kind, Page, Post
from domain.policy import LISTING_DEPTH, PAGE_SIZE

# Reddit stops a listing at "about" LISTING_DEPTH items (a few fewer when some were
# removed): a listing that ended this deep may have had more behind it. One that ended
# sooner simply had nothing older.
DEEP = LISTING_DEPTH - 50
OVERLAP_PAGES = 1  # pages read past a cursor for items listed late

Fetch = Callable[[Kind, Sequence[str], str | None, int], Awaitable[Page]]


@dataclass
class Walk:
    """What one walk down a listing gave."""

    posts: list[Post] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    newest: datetime | None = None  # creation time of the newest item on the first page
    oldest: datetime | None = None
    reached: bool = False  # went past the stop time: nothing between is missing
    reached_cursor: bool = False  # went past the cursor: nothing new is missing
    ended_deep: bool = False  # the listing ran out this deep: older items were out of reach
    interrupted: BudgetExhausted | None = None  # stopped for budget: pages read so far

    @property
    def items(self) -> list[Post | Comment]:
        return [*self.posts, *self.comments]

    def add(self, page: Page) -> None:
        items = page.posts or page.comments
        if not items:
            return
        times = [item.created_utc for item in items]
        if self.newest is None:
            self.newest = max(times)
        self.oldest = min(times) if self.oldest is None else min(self.oldest, *times)
        self.posts.extend(page.posts)
        self.comments.extend(page.comments)


async def walk(
    fetch: Fetch,
    kind: Kind,
    subreddits: Sequence[str],
    stop_before: datetime | None,
    max_pages: int,
    cursor: datetime | None = None,
) -> Walk:
    """Page back until an item older than `stop_before`, the listing's end, or `max_pages`.

    `cursor` (everything created up to it is stored) bounds the overlap `stop_before`
    reads behind it: at most OVERLAP_PAGES pages once the walk has passed the cursor. On
    a busy listing minutes of overlap are thousands of items, out of a listing's reach,
    and reading to its end every cycle would cost the requests of a deep walk and find
    only what a later rescan finds.
    """
    result = Walk()
    after: str | None = None
    past_cursor = 0
    for page_number in range(1, max_pages + 1):
        try:
            page = await fetch(kind, subreddits, after, PAGE_SIZE)
        except BudgetExhausted as exc:
            result.interrupted = exc
            return result
        result.add(page)
        if result.oldest is not None and cursor is not None and result.oldest < cursor:
            result.reached_cursor = True
            past_cursor += 1
        if stop_before is not None and result.oldest is not None and result.oldest < stop_before:
            result.reached = True
            return result
        if past_cursor > OVERLAP_PAGES:
            return result
        after = page.after
        if after is None or not (page.posts or page.comments):
            result.ended_deep = len(result.items) >= DEEP
            return result
        if page_number * PAGE_SIZE >= LISTING_DEPTH:
            result.ended_deep = True
            return result
    return result
