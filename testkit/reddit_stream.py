"""A steady, seeded stream of posts and comments fed into the Reddit stand-in.

Time is simulated: `advance()` spreads new items over the next minutes of a clock that a
collector under test can share (`clock()`), and `served()` says what it should have
collected by then.

    feeder = StreamFeeder(standin, ["python", "rust"], seed=1)
    feeder.advance(30, posts=40, comments={"python": 500, "rust": 50})
    service = CycleService(..., clock=feeder.clock)
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from testkit.reddit_standin import RedditStandIn

# Most comments go to a subreddit's newest posts; the rest go further back, where a
# collector that only re-reads each subreddit's newest posts never looks.
RECENT_POSTS = 50
DEFAULT_START = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)  # fixed, so runs repeat exactly

Counts = int | Mapping[str, int]  # a total spread over the subreddits, or one per subreddit

_MOODS = ["love", "great", "fine", "okay", "meh", "awful", "hate", "broken", "wonderful"]
_TOPICS = ["release", "tooling", "docs", "benchmarks", "packaging", "community", "tests"]


@dataclass(frozen=True, slots=True)
class Served:
    """Fullnames of the posts and comments fed."""

    posts: frozenset[str]
    comments: frozenset[str]


class StreamFeeder:
    """Feeds `standin` posts and comments in the given subreddits on a simulated clock.

    `weights` (one per subreddit, default equal) share out totals given to `advance`.
    Each subreddit starts with `backlog_posts` posts from the hour before `start`, so
    comments can reach past its newest RECENT_POSTS from the first minute.
    Deterministic for a seed, given a fresh stand-in (it numbers the ids).
    """

    def __init__(
        self,
        standin: RedditStandIn,
        subreddits: Sequence[str],
        *,
        weights: Sequence[float] | None = None,
        seed: int = 0,
        start: datetime = DEFAULT_START,
        backlog_posts: int = RECENT_POSTS + 10,
        old_post_share: float = 0.2,
        reply_share: float = 0.3,
    ) -> None:
        if not subreddits:
            raise ValueError("a stream needs at least one subreddit")
        if weights is not None and len(weights) != len(subreddits):
            raise ValueError("give one weight per subreddit")
        self._standin = standin
        self._subreddits = list(subreddits)
        self._weights = list(weights) if weights is not None else None
        self._random = random.Random(seed)
        self._old_post_share = old_post_share
        self._reply_share = reply_share
        self._now = start.timestamp()
        # Per subreddit, its posts oldest first; per post, its comments.
        self._posts: dict[str, list[str]] = {name: [] for name in self._subreddits}
        self._comments: dict[str, list[str]] = {}
        self._fed_posts: set[str] = set()
        self._fed_comments: set[str] = set()
        hour_ago = self._now - 3600
        for number in range(backlog_posts):  # subreddits interleaved: time never goes back
            for name in self._subreddits:
                self._add_post(name, math.floor(hour_ago + number * 3600 / backlog_posts))

    def clock(self) -> datetime:
        """The simulated now: the end of the last span advanced through."""
        return datetime.fromtimestamp(self._now, tz=UTC)

    def served(self) -> Served:
        """Everything fed so far, the backlog included."""
        return Served(frozenset(self._fed_posts), frozenset(self._fed_comments))

    def advance(self, minutes: float, posts: Counts = 0, comments: Counts = 0) -> Served:
        """Feed these many posts and comments created over the next `minutes`, then move
        the clock to the end of that span. Returns what this step fed.

        Creation times are whole seconds, as Reddit's are, never going back: several
        items may share one second.
        """
        if minutes <= 0:
            raise ValueError("the clock only moves forward")
        events = [("t3", name) for name in self._spread(posts)]
        events += [("t1", name) for name in self._spread(comments)]
        self._random.shuffle(events)
        span = minutes * 60
        times = sorted(math.floor(self._now + self._random.random() * span) for _ in events)
        fed: dict[str, set[str]] = {"t3": set(), "t1": set()}
        for created, (kind, name) in zip(times, events, strict=True):
            add = self._add_post if kind == "t3" else self._add_comment
            fed[kind].add(add(name, created))
        self._now += span
        return Served(frozenset(fed["t3"]), frozenset(fed["t1"]))

    def _spread(self, counts: Counts) -> list[str]:
        """One subreddit name per item to feed."""
        if isinstance(counts, Mapping):
            unknown = set(counts) - set(self._subreddits)
            if unknown:
                raise ValueError(f"not in this stream: {sorted(unknown)}")
            return [name for name, count in counts.items() for _ in range(count)]
        return self._random.choices(self._subreddits, weights=self._weights, k=counts)

    def _add_post(self, subreddit: str, created: int) -> str:
        topic, mood = self._random.choice(_TOPICS), self._random.choice(_MOODS)
        data = self._standin.add_post(
            subreddit=subreddit,
            created_utc=float(created),
            title=f"The new {topic} in r/{subreddit}",
            selftext=f"Honestly I think it is {mood}.",
        )
        self._posts[subreddit].append(data["name"])
        self._comments[data["name"]] = []
        self._fed_posts.add(data["name"])
        return str(data["name"])

    def _add_comment(self, subreddit: str, created: int) -> str:
        post = self._pick_post(subreddit)
        siblings = self._comments[post]
        replying = siblings and self._random.random() < self._reply_share
        data = self._standin.add_comment(
            link_id=post,
            parent_id=self._random.choice(siblings) if replying else post,
            created_utc=float(created),
            body=f"This is {self._random.choice(_MOODS)}, {self._random.choice(_MOODS)} even.",
        )
        siblings.append(data["name"])
        self._fed_comments.add(data["name"])
        return str(data["name"])

    def _pick_post(self, subreddit: str) -> str:
        posts = self._posts[subreddit]
        if not posts:
            raise ValueError(f"r/{subreddit} has no post to comment on: give it a backlog")
        older = posts[:-RECENT_POSTS]
        if older and self._random.random() < self._old_post_share:
            return self._random.choice(older)
        return self._random.choice(posts[-RECENT_POSTS:])
