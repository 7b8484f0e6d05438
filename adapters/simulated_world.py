"""The simulated Reddit's invented history, a pure function of a seed and the time.

Time is cut into UTC hours. Each subreddit's posts in an hour are drawn from a generator
seeded by (seed, subreddit, hour), its comments from another: any process, at any time,
in any order, invents exactly the same items with the same ids. So a restarted demo
continues the world its database already holds instead of starting a new one.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import random
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters import simulated_texts as texts
from domain.model import Comment, Post, Removal

SITE = "https://simulated.invalid"
HOUR = timedelta(hours=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TAGS = 4096  # an id is its creation microsecond times TAGS plus its subreddit's tag
MARKERS = {Removal.DELETED: "[deleted]", Removal.REMOVED: "[removed]"}
EDIT_SHARE, EDIT_MINUTES = 0.08, 20.0  # how many items get edited, and how soon on average
REMOVAL_SHARE, REMOVAL_MINUTES = 0.05, 45.0  # soon enough for a demo's refreshes to see
REPLY_SHARE = 0.4  # comments answering a comment rather than the post
RECENT_POSTS = 20  # a top-level comment goes to one of the newest posts


@dataclass
class SimItem:
    """One invented post or comment as created, and what happens to it later.

    Its fate is drawn when it is invented, so what it shows at any time is a function of
    the seed and the clock alone, however often and in whatever order it is read.
    """

    created: Post | Comment
    at: datetime  # precise creation time, in microseconds
    number: int  # the id as a number: it sorts like `at`
    peak_score: int
    score_minutes: float  # the score nears its peak over about this long
    edit_at: datetime | None
    edited_body: str
    removal_at: datetime | None
    removal: Removal

    def seen_at(self, now: datetime, replies: int = 0) -> Post | Comment:
        """The item as Reddit would show it at `now`; a post with `replies` comments."""
        minutes = max((now - self.at).total_seconds() / 60, 0.0)
        grown = 1 - math.exp(-minutes / self.score_minutes)
        # Any: each field's value has its own type, which mypy cannot pair with replace()'s.
        changes: dict[str, Any] = {"score": 1 + round((self.peak_score - 1) * grown)}
        if isinstance(self.created, Post):
            changes["num_comments"] = replies
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


@dataclass(frozen=True)
class Hour:
    """One subreddit's posts or comments of one hour, oldest first, and by id; for
    comments, also when each post got its comments."""

    items: list[SimItem]
    by_id: dict[str, SimItem]
    reply_times: dict[str, list[datetime]]  # by post id, oldest first

    @classmethod
    def of(cls, items: list[SimItem]) -> Hour:
        reply_times: dict[str, list[datetime]] = {}
        for item in items:
            if isinstance(item.created, Comment):
                reply_times.setdefault(item.created.post_id, []).append(item.at)
        return cls(items, {item.created.id: item for item in items}, reply_times)

    def replies(self, post_id: str, now: datetime) -> int:
        """How many of this hour's comments on the post were made by `now`."""
        return bisect.bisect_right(self.reply_times.get(post_id, []), now)


def hour_of(at: datetime) -> int:
    return (at - EPOCH) // HOUR


def tag(subreddit: str) -> int:
    return zlib.crc32(subreddit.lower().encode()) % TAGS


def decode(item_id: str) -> tuple[datetime, int] | None:
    """When an id says its item was created, and its subreddit's tag; None if not ours."""
    try:
        number = int(item_id, 36)
    except ValueError:
        return None
    micros, subreddit_tag = divmod(number, TAGS)
    try:
        return EPOCH + timedelta(microseconds=micros), subreddit_tag
    except OverflowError:
        return None


def invent_posts(seed: int, subreddit: str, hour: int, gap: timedelta) -> Hour:
    """The posts of `subreddit` created in `hour`, about one every `gap`."""
    rng = random.Random(f"{seed}:{subreddit.lower()}:{hour}:posts")
    posts = []
    for at in _times(rng, hour, gap):
        number = _number(at, subreddit)
        post_id = _base36(number)
        permalink = f"{SITE}/r/{subreddit}/comments/{post_id}/"
        is_link = rng.random() < 0.3
        title, body = texts.post(rng, is_link)
        post = Post(
            id=post_id,
            subreddit=subreddit,
            title=title,
            body=body,
            author=_author(rng),
            score=1,
            num_comments=0,
            created_utc=_seconds(at),
            url=f"{SITE}/links/{post_id}" if is_link else permalink,
            permalink=permalink,
        )
        posts.append(_fated(rng, post, at, number))
    return Hour.of(posts)


def invent_comments(
    seed: int, subreddit: str, hour: int, gap: timedelta, posts: list[SimItem]
) -> Hour:
    """The comments of `subreddit` created in `hour`, about one every `gap`, on `posts`:
    those of this hour and the one before, oldest first. Replies stay within the hour."""
    rng = random.Random(f"{seed}:{subreddit.lower()}:{hour}:comments")
    post_times = [post.at for post in posts]
    comments: list[SimItem] = []
    for at in _times(rng, hour, gap):
        if comments and rng.random() < REPLY_SHARE:  # a reply, mostly to a recent comment
            back = min(int(rng.expovariate(0.2)), len(comments) - 1)
            parent = comments[-1 - back].created
            assert isinstance(parent, Comment)  # for mypy: only comments are in this list
            post_id, parent_id = parent.post_id, parent.fullname
        else:  # top level, mostly on the newest posts, as on Reddit
            earlier = bisect.bisect_left(post_times, at)
            if not earlier:
                continue  # no post yet to comment on (only at the slowest rates)
            back = min(int(rng.expovariate(0.3)), RECENT_POSTS - 1, earlier - 1)
            post_id = posts[earlier - 1 - back].created.id
            parent_id = f"t3_{post_id}"
        number = _number(at, subreddit)
        comment = Comment(
            id=_base36(number),
            post_id=post_id,
            parent_id=parent_id,
            subreddit=subreddit,
            body=texts.reply(rng),
            author=_author(rng),
            score=1,
            created_utc=_seconds(at),
        )
        comments.append(_fated(rng, comment, at, number))
    return Hour.of(comments)


def _times(rng: random.Random, hour: int, gap: timedelta) -> list[datetime]:
    """Creation times within the hour, about `gap` apart."""
    start = EPOCH + hour * HOUR
    at, times = start + gap * rng.uniform(0, 1), []
    while at < start + HOUR:
        times.append(at)
        at += gap * rng.uniform(0.5, 1.5)
    return times


def _fated(rng: random.Random, created: Post | Comment, at: datetime, number: int) -> SimItem:
    """The item with its future drawn: score growth, maybe an edit, maybe a removal."""
    editable = bool(created.body)  # a link post has no text to edit
    edit_at = _later(rng, at, EDIT_MINUTES) if editable and rng.random() < EDIT_SHARE else None
    removal_at = _later(rng, at, REMOVAL_MINUTES) if rng.random() < REMOVAL_SHARE else None
    return SimItem(
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


def _number(at: datetime, subreddit: str) -> int:
    return ((at - EPOCH) // timedelta(microseconds=1)) * TAGS + tag(subreddit)


def _later(rng: random.Random, at: datetime, mean_minutes: float) -> datetime:
    return at + timedelta(minutes=rng.expovariate(1 / mean_minutes))


def _seconds(at: datetime) -> datetime:
    return at.replace(microsecond=0)  # Reddit gives whole seconds


def _author(rng: random.Random) -> str | None:
    return None if rng.random() < 0.05 else f"sim_user_{rng.randrange(1, 500)}"  # None: deleted


def _peak_score(rng: random.Random) -> int:
    return min(int(3 * rng.paretovariate(1.1)), 9999) - rng.randrange(4)  # a few go far


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
