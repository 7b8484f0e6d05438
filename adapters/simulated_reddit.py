"""A SIMULATED Reddit for `--demo`: invented posts and comments, no network, no credentials."""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import math
import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from adapters import simulated_texts as texts
from domain.collection import utcnow
from domain.model import Budget, Comment, Kind, Page, Post, Removal

SITE = "https://simulated.invalid"
MAX_LIMIT = 100  # Reddit's most items per listing or /api/info request
NO_BUDGET = Budget(remaining=None, used=None)  # no request leaves the process: nothing to ration
MARKERS = {Removal.DELETED: "[deleted]", Removal.REMOVED: "[removed]"}
EDIT_SHARE, EDIT_MINUTES = 0.08, 20.0  # how many items get edited, and how soon on average
REMOVAL_SHARE, REMOVAL_MINUTES = 0.05, 45.0  # soon enough for a demo's refreshes to see


@dataclass
class _Item:
    """One invented post or comment as created, and what happens to it later.

    Its fate is drawn when it is created, so what it shows at any time is a function of the
    seed and the clock alone, however often and in whatever order it is read.
    """

    created: Post | Comment
    at: datetime  # precise creation time: with the id number, the listings' order
    number: int
    peak_score: int
    score_minutes: float  # the score nears its peak over about this long
    edit_at: datetime | None
    edited_body: str
    removal_at: datetime | None
    removal: Removal
    replies: int = 0  # comments produced on this post so far

    @property
    def order(self) -> tuple[datetime, int]:
        return self.at, self.number

    def seen_at(self, now: datetime) -> Post | Comment:
        """The item as Reddit would show it at `now`."""
        minutes = max((now - self.at).total_seconds() / 60, 0.0)
        grown = 1 - math.exp(-minutes / self.score_minutes)
        # Any: each field's value has its own type, which mypy cannot pair with replace()'s.
        changes: dict[str, Any] = {"score": 1 + round((self.peak_score - 1) * grown)}
        if isinstance(self.created, Post):
            changes["num_comments"] = self.replies
        if self.edit_at is not None and self.edit_at <= now:
            changes |= {"body": self.edited_body, "edited_utc": _seconds(self.edit_at)}
        if self.removal_at is not None and self.removal_at <= now:
            changes["removed"] = self.removal
            if self.created.body:  # a link post's body stays empty, as Reddit sends it
                changes["body"] = MARKERS[self.removal]
            # A post removed by moderators still names its author; other removals do not.
            if self.removal is Removal.DELETED or isinstance(self.created, Comment):
                changes["author"] = None
        return dataclasses.replace(self.created, **changes)


@dataclass
class _Subreddit:
    """One subreddit's invented history: a bounded window of its newest items, by id."""

    name: str  # spelled as first asked for
    rng: random.Random
    next_post_at: datetime
    next_comment_at: datetime
    posts: OrderedDict[str, _Item] = field(default_factory=OrderedDict)
    comments: OrderedDict[str, _Item] = field(default_factory=OrderedDict)

    def shelf(self, kind: Kind) -> OrderedDict[str, _Item]:
        return self.posts if kind == Kind.POSTS else self.comments


class SimulatedReddit:
    """Stands in for the Reddit adapter: a steady stream of clearly fake, varied items.

    Items appear at the given rates per subreddit on `clock`'s time; the first request for
    a subreddit finds the last `backlog` of them, so a newcomer sees data at once. Later
    their scores grow, a few get edited, deleted or removed. Everything follows from `seed`
    and the clock; ids come from the clock (microseconds) so a restarted demo never reuses
    an id already stored with other content. Thread-safe; each call is one "request".
    """

    kind = "simulated"

    def __init__(
        self,
        posts_per_minute: float = 1.0,
        comments_per_minute: float = 6.0,
        seed: int = 0,
        clock: Callable[[], datetime] = utcnow,
        backlog: timedelta = timedelta(hours=1),
        window: int = 1000,
    ) -> None:
        if posts_per_minute <= 0 or comments_per_minute <= 0 or window < 1:
            raise ValueError("rates and window must be positive")
        self._rates = (posts_per_minute, comments_per_minute)
        self._post_gap = timedelta(minutes=1 / posts_per_minute)
        self._comment_gap = timedelta(minutes=1 / comments_per_minute)
        self._seed = seed
        self._clock = clock
        self._backlog = backlog
        self._window = window  # items kept per subreddit and kind; a listing's depth
        self._subreddits: dict[str, _Subreddit] = {}  # by lower-cased name
        self._numbers: itertools.count[int] | None = None
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
            subs = {name.lower(): self._caught_up(name, now) for name in subreddits}
            shelves = [reversed(sub.shelf(kind).values()) for sub in subs.values()]
            newest_first = heapq.merge(*shelves, key=lambda item: item.order, reverse=True)
            reachable = list(itertools.islice(newest_first, self._window))
            start = self._start(reachable, after)
            page = reachable[start : start + max(1, min(limit, MAX_LIMIT))]
            more = start + len(page) < len(reachable)
            return _page(
                [item.seen_at(now) for item in page], page[-1].created.fullname if more else None
            )

    def info(self, fullnames: Sequence[str]) -> Page:
        """These posts and comments as they are now; unknown ones (or long gone) are left out."""
        with self._lock:
            now = self._clock()
            for sub in self._subreddits.values():  # so that num_comments counts up to now
                self._catch_up(sub, now)
            found = (self._find(name) for name in dict.fromkeys(fullnames[:MAX_LIMIT]))
            return _page([item.seen_at(now) for item in found if item is not None], None)

    def _start(self, reachable: list[_Item], after: str | None) -> int:
        """Where the page after `after` begins: at the first item older than it."""
        if after is None:
            return 0
        anchor = self._find(after)
        if anchor is None:  # fell out of the window (or never was): nothing older to give
            return len(reachable)
        older = (i for i, item in enumerate(reachable) if item.order < anchor.order)
        return next(older, len(reachable))

    def _find(self, fullname: str) -> _Item | None:
        prefix, _, item_id = fullname.partition("_")
        kind = {"t3": Kind.POSTS, "t1": Kind.COMMENTS}.get(prefix)
        if kind is None:
            return None
        for sub in self._subreddits.values():
            if (item := sub.shelf(kind).get(item_id)) is not None:
                return item
        return None

    def _caught_up(self, name: str, now: datetime) -> _Subreddit:
        sub = self._subreddits.get(name.lower())
        if sub is None:
            floor = now - self._backlog
            rng = random.Random(f"{self._seed}:{name.lower()}")
            sub = _Subreddit(name, rng, floor, floor + self._comment_gap)
            self._subreddits[name.lower()] = sub
        self._catch_up(sub, now)
        return sub

    def _catch_up(self, sub: _Subreddit, now: datetime) -> None:
        """Produce every item due by `now`, oldest first."""
        # After a long pause, produce only the backlog, not every item of the gap.
        floor = now - self._backlog
        sub.next_post_at = max(sub.next_post_at, floor)
        sub.next_comment_at = max(sub.next_comment_at, floor)
        while min(sub.next_post_at, sub.next_comment_at) <= now:
            if sub.next_post_at <= sub.next_comment_at:
                self._add_post(sub, sub.next_post_at)
                sub.next_post_at += self._post_gap * sub.rng.uniform(0.5, 1.5)
            else:
                self._add_comment(sub, sub.next_comment_at)
                sub.next_comment_at += self._comment_gap * sub.rng.uniform(0.5, 1.5)

    def _add_post(self, sub: _Subreddit, at: datetime) -> None:
        rng, number = sub.rng, self._new_number(at)
        post_id = _base36(number)
        permalink = f"{SITE}/r/{sub.name}/comments/{post_id}/"
        is_link = rng.random() < 0.3
        title, body = texts.post(rng, is_link)
        post = Post(
            id=post_id,
            subreddit=sub.name,
            title=title,
            body=body,
            author=_author(rng),
            score=1,
            num_comments=0,
            created_utc=_seconds(at),
            url=f"{SITE}/links/{post_id}" if is_link else permalink,
            permalink=permalink,
        )
        self._keep(sub.posts, _fated(rng, post, at, number))

    def _add_comment(self, sub: _Subreddit, at: datetime) -> None:
        rng = sub.rng
        if sub.comments and rng.random() < 0.4:  # a reply, mostly to a recent comment
            back = min(int(rng.expovariate(0.2)), len(sub.comments) - 1)
            parent = next(itertools.islice(reversed(sub.comments.values()), back, None)).created
            assert isinstance(parent, Comment)  # for mypy: this shelf holds comments only
            post_id, parent_id = parent.post_id, parent.fullname
        else:  # top level, mostly on the newest posts, as on Reddit
            newest = list(itertools.islice(reversed(sub.posts), 20))
            post_id = newest[min(int(rng.expovariate(0.3)), len(newest) - 1)]
            parent_id = f"t3_{post_id}"
        number = self._new_number(at)
        comment = Comment(
            id=_base36(number),
            post_id=post_id,
            parent_id=parent_id,
            subreddit=sub.name,
            body=texts.reply(rng),
            author=_author(rng),
            score=1,
            created_utc=_seconds(at),
        )
        self._keep(sub.comments, _fated(rng, comment, at, number))
        if (post := sub.posts.get(post_id)) is not None:
            post.replies += 1

    def _keep(self, shelf: OrderedDict[str, _Item], item: _Item) -> None:
        shelf[item.created.id] = item
        if len(shelf) > self._window:
            shelf.popitem(last=False)

    def _new_number(self, at: datetime) -> int:
        # Counting on from the first item's microsecond: a later run starts past every
        # number an earlier one used, unless it made more items than microseconds passed.
        if self._numbers is None:
            self._numbers = itertools.count(int(at.timestamp() * 1_000_000))
        return next(self._numbers)


def _fated(rng: random.Random, created: Post | Comment, at: datetime, number: int) -> _Item:
    """The item with its future drawn: score growth, maybe an edit, maybe a removal."""
    editable = bool(created.body)  # a link post has no text to edit
    edit_at = _later(rng, at, EDIT_MINUTES) if editable and rng.random() < EDIT_SHARE else None
    removal_at = _later(rng, at, REMOVAL_MINUTES) if rng.random() < REMOVAL_SHARE else None
    return _Item(
        created=created,
        at=at,
        number=number,
        peak_score=_peak_score(rng),
        score_minutes=rng.uniform(20, 240),
        edit_at=edit_at,
        edited_body=texts.edited(rng, created.body) if edit_at else created.body,
        removal_at=removal_at,
        removal=rng.choice((Removal.DELETED, Removal.REMOVED)),
    )


def _page(items: list[Post | Comment], after: str | None) -> Page:
    posts = [item for item in items if isinstance(item, Post)]
    comments = [item for item in items if isinstance(item, Comment)]
    return Page(posts=posts, comments=comments, after=after, budget=NO_BUDGET)


def _later(rng: random.Random, at: datetime, mean_minutes: float) -> datetime:
    return at + timedelta(minutes=rng.expovariate(1 / mean_minutes))


def _seconds(at: datetime) -> datetime:
    return at.replace(microsecond=0)  # Reddit gives whole seconds


def _author(rng: random.Random) -> str | None:
    return (
        None if rng.random() < 0.05 else f"sim_user_{rng.randrange(1, 500)}"
    )  # None: account deleted


def _peak_score(rng: random.Random) -> int:
    return min(int(3 * rng.paretovariate(1.1)), 9999) - rng.randrange(4)  # a few go far


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
