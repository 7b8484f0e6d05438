"""A SIMULATED Reddit for `--demo`: invented posts and comments, no network, no credentials."""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta

from adapters import simulated_world as world
from adapters.simulated_world import SITE, Hour, SimItem
from domain.collection import utcnow
from domain.model import Budget, Comment, Kind, Page, Post

MAX_LIMIT = 100  # Reddit's most items per listing or /api/info request
NO_BUDGET = Budget(remaining=None, used=None)  # no request leaves the process: nothing to ration
HISTORY_HOURS = 24 * 45  # how far back a listing looks for items, at the slowest rates
KEPT_HOURS = 512  # invented hours kept for reuse, per kind


class SimulatedReddit:
    """Stands in for the Reddit adapter: a steady stream of clearly fake, varied items.

    Items appear at the given rates per subreddit on `clock`'s time, and have done so for
    as long as anyone looks back: a listing shows the newest `window`, as Reddit's does.
    Later their scores grow, a few get edited, deleted or removed. Everything follows from
    `seed` and the clock (see `simulated_world`), so a restarted demo finds the very items
    it stored before and continues where it left off. Thread-safe; each call is one
    "request".
    """

    kind = "simulated"

    def __init__(
        self,
        posts_per_minute: float = 1.0,
        comments_per_minute: float = 6.0,
        seed: int = 0,
        clock: Callable[[], datetime] = utcnow,
        window: int = 1000,
    ) -> None:
        if not (0 < posts_per_minute <= 6000 and 0 < comments_per_minute <= 6000) or window < 1:
            raise ValueError("rates must be in (0, 6000] a minute and the window positive")
        self._rates = (posts_per_minute, comments_per_minute)
        self._gaps = {
            Kind.POSTS: timedelta(minutes=1 / posts_per_minute),
            Kind.COMMENTS: timedelta(minutes=1 / comments_per_minute),
        }
        self._seed = seed
        self._clock = clock
        self._window = window  # how far back a listing pages, in items
        self._names: dict[str, str] = {}  # spelling as first asked for, by lower-cased name
        self._hours: OrderedDict[tuple[Kind, str, int], Hour] = OrderedDict()  # recently used
        self._lock = threading.Lock()  # the executor decorator may call from several threads

    def describe(self) -> str:
        posts, comments = self._rates
        return (
            f"simulated Reddit: about {posts:g} posts and {comments:g} comments a minute "
            f"per subreddit, invented texts, links under {SITE}"
        )

    def listing(self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int) -> Page:
        """One page of /r/a+b+c/new or /r/a+b+c/comments: newest first, after `after`."""
        with self._lock:
            now = self._clock()
            names = list(dict.fromkeys(self._names.setdefault(n.lower(), n) for n in subreddits))
            streams = [self._newest_first(kind, name, now) for name in names]
            merged = heapq.merge(*streams, key=lambda item: item.number, reverse=True)
            reachable: Iterator[SimItem] = itertools.islice(merged, self._window)
            if after is not None:
                anchor = self._find(after, now)
                if anchor is None:  # unknown, or not yet created: nothing older to give
                    return _page([], None)
                reachable = itertools.dropwhile(lambda i: i.number >= anchor.number, reachable)
            size = max(1, min(limit, MAX_LIMIT))
            page = list(itertools.islice(reachable, size + 1))
            more, page = len(page) > size, page[:size]
            return _page(
                [self._seen(item, now) for item in page],
                page[-1].created.fullname if more else None,
            )

    def info(self, fullnames: Sequence[str]) -> Page:
        """These posts and comments as they are now; unknown ones are left out."""
        with self._lock:
            now = self._clock()
            found = (self._find(name, now) for name in dict.fromkeys(fullnames[:MAX_LIMIT]))
            return _page([self._seen(item, now) for item in found if item is not None], None)

    def _newest_first(self, kind: Kind, name: str, now: datetime) -> Iterator[SimItem]:
        """A subreddit's items created by `now`, newest first, hour by hour back."""
        newest = world.hour_of(now)
        for hour in range(newest, newest - HISTORY_HOURS, -1):
            yield from (i for i in reversed(self._hour(kind, name, hour).items) if i.at <= now)

    def _find(self, fullname: str, now: datetime) -> SimItem | None:
        """The item of that name among the subreddits asked for so far, if created by now."""
        prefix, _, item_id = fullname.partition("_")
        kind = {"t3": Kind.POSTS, "t1": Kind.COMMENTS}.get(prefix)
        decoded = world.decode(item_id) if kind is not None else None
        if kind is None or decoded is None or decoded[0] > now:
            return None
        at, subreddit_tag = decoded
        for name in self._names.values():
            if world.tag(name) == subreddit_tag:
                item = self._hour(kind, name, world.hour_of(at)).by_id.get(item_id)
                if item is not None:
                    return item
        return None

    def _seen(self, item: SimItem, now: datetime) -> Post | Comment:
        replies = 0
        if isinstance(item.created, Post):  # its comments come in its hour and the next
            hour = world.hour_of(item.at)
            for later in (hour, hour + 1):
                replies += self._hour(Kind.COMMENTS, item.created.subreddit, later).replies(
                    item.created.id, now
                )
        return item.seen_at(now, replies)

    def _hour(self, kind: Kind, name: str, hour: int) -> Hour:
        """One invented hour, from the cache or made now."""
        key = (kind, name.lower(), hour)
        if (made := self._hours.get(key)) is not None:
            self._hours.move_to_end(key)
            return made
        gap = self._gaps[kind]
        if kind is Kind.POSTS:
            made = world.invent_posts(self._seed, name, hour, gap)
        else:
            posts = [*self._hour(Kind.POSTS, name, hour - 1).items]
            posts += self._hour(Kind.POSTS, name, hour).items
            made = world.invent_comments(self._seed, name, hour, gap, posts)
        self._hours[key] = made
        if len(self._hours) > KEPT_HOURS:
            self._hours.popitem(last=False)
        return made


def _page(items: list[Post | Comment], after: str | None) -> Page:
    posts = [item for item in items if isinstance(item, Post)]
    comments = [item for item in items if isinstance(item, Comment)]
    return Page(posts=posts, comments=comments, after=after, budget=NO_BUDGET)
