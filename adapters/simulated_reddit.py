"""A SIMULATED Reddit for `--demo`: invented posts and comments, no network, no credentials."""

from __future__ import annotations

import dataclasses
import itertools
import random
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.collection import utcnow
from domain.model import Comment, Post

SITE = "https://simulated.invalid"
TONES = ("positive", "negative", "neutral")
TOPICS = (
    "the new release", "this library", "the latest update", "my home server", "the docs",
    "the conference talk", "the beta", "this laptop", "the migration", "the test suite",
    "our deploy pipeline", "the new editor",
)  # fmt: skip
WORDS = {
    "positive": ("great", "fantastic", "wonderful", "excellent", "amazing", "brilliant"),
    "negative": ("terrible", "awful", "frustrating", "disappointing", "horrible", "useless"),
    "neutral": ("Linux", "macOS", "Windows", "a Raspberry Pi", "Docker", "ARM"),
}
TITLES = {
    "positive": (
        "{Topic} is {word}!", "Really happy with {topic}", "Finally tried {topic}, {word} stuff",
        "Thanks to everyone behind {topic}, it is {word}", "{Topic} made my week, {word} job",
    ),
    "negative": (
        "{Topic} is {word} and I am fed up", "Why is {topic} so {word}?",
        "Disappointed: {topic} keeps crashing", "Lost a whole day to {topic}, {word}",
    ),
    "neutral": (
        "Question about {topic} on {word}", "Which version of {topic} are you running?",
        "Has anyone moved {topic} to {word}?", "Notes on {topic} for {word} users",
    ),
}  # fmt: skip
BODIES = {
    "positive": ("Setup took five minutes and everything just works. {Word}!",),
    "negative": ("It fails every single time and nobody answers. {Word}.",),
    "neutral": ("Details below: I am on {word} with the default settings.",),
}
REPLIES = {
    "positive": (
        "This is {word}, thank you!", "Agreed, {topic} is {word}.", "Love it. {Word} work.",
    ),
    "negative": (
        "Same here, {topic} is {word}.", "This is {word}. I gave up on it.",
        "Worst experience in years, {word}.",
    ),
    "neutral": (
        "What version are you on?", "I run {topic} on {word} too.", "Which settings did you use?",
        "Posting the link in a minute.",
    ),
}  # fmt: skip


@dataclass
class _Subreddit:
    """One subreddit's invented history: a bounded window of its newest items."""

    rng: random.Random
    next_post_at: datetime
    next_comment_at: datetime
    posts: OrderedDict[str, Post] = field(default_factory=OrderedDict)
    comments: deque[Comment] = field(default_factory=deque)


class SimulatedReddit:
    """Stands in for PrawReddit: a steady stream of clearly fake, varied items per subreddit.

    Items appear at the given rates on `clock`'s time; the first call for a subreddit
    returns the last `backlog` of them, so a newcomer sees data at once. Texts come from
    templates, deterministically from `seed`; ids come from the clock (microseconds) so a
    restarted demo never reuses an id already stored with other content.
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
        self._window = window
        self._subreddits: dict[str, _Subreddit] = {}
        self._ids: itertools.count[int] | None = None
        self._lock = threading.Lock()  # the executor decorator may call from several threads

    def describe(self) -> str:
        posts, comments = self._rates
        return (
            f"simulated Reddit: about {posts:g} posts and {comments:g} comments a minute "
            f"per subreddit, invented texts, links under {SITE}"
        )

    @property
    def limits(self) -> dict[str, int | None]:
        return {"remaining": None, "used": None}

    def new_posts(self, subreddit: str, limit: int) -> list[Post]:
        with self._lock:
            posts = self._caught_up(subreddit).posts.values()
            return list(itertools.islice(reversed(posts), limit))

    def new_comments(self, subreddit: str, limit: int) -> list[Comment]:
        with self._lock:
            comments = self._caught_up(subreddit).comments
            return list(itertools.islice(reversed(comments), limit))

    def _caught_up(self, name: str) -> _Subreddit:
        """The subreddit with every item due by now produced, oldest first."""
        now = self._clock()
        floor = now - self._backlog
        sub = self._subreddits.get(name)
        if sub is None:
            rng = random.Random(f"{self._seed}:{name}")
            sub = self._subreddits[name] = _Subreddit(rng, floor, floor + self._comment_gap)
        # After a long pause, produce only the backlog, not every item of the gap.
        sub.next_post_at = max(sub.next_post_at, floor)
        sub.next_comment_at = max(sub.next_comment_at, floor)
        while min(sub.next_post_at, sub.next_comment_at) <= now:
            if sub.next_post_at <= sub.next_comment_at:
                self._add_post(name, sub, sub.next_post_at)
                sub.next_post_at += self._post_gap * sub.rng.uniform(0.5, 1.5)
            else:
                self._add_comment(name, sub, sub.next_comment_at)
                sub.next_comment_at += self._comment_gap * sub.rng.uniform(0.5, 1.5)
        return sub

    def _add_post(self, name: str, sub: _Subreddit, at: datetime) -> None:
        rng, post_id = sub.rng, self._new_id(at)
        permalink = f"{SITE}/r/{name}/comments/{post_id}/"
        is_link, tone = rng.random() < 0.3, _tone(rng)
        sub.posts[post_id] = Post(
            id=post_id,
            subreddit=name,
            title=_text(rng, TITLES[tone], tone),
            body="" if is_link else _text(rng, BODIES[tone], tone),
            author=_author(rng),
            score=_score(rng),
            num_comments=0,
            created_utc=at.replace(microsecond=0),
            url=f"{SITE}/links/{post_id}" if is_link else permalink,
            permalink=permalink,
        )
        if len(sub.posts) > self._window:
            sub.posts.popitem(last=False)

    def _add_comment(self, name: str, sub: _Subreddit, at: datetime) -> None:
        rng = sub.rng
        if sub.comments and rng.random() < 0.4:
            parent = sub.comments[-1 - min(int(rng.expovariate(0.2)), len(sub.comments) - 1)]
            post_id, parent_id = parent.post_id, parent.fullname
        else:  # top level, mostly on the newest posts, as on Reddit
            newest = list(itertools.islice(reversed(sub.posts), 20))
            post_id = newest[min(int(rng.expovariate(0.3)), len(newest) - 1)]
            parent_id = f"t3_{post_id}"
        tone = _tone(rng)
        comment = Comment(
            id=self._new_id(at),
            post_id=post_id,
            parent_id=parent_id,
            subreddit=name,
            body=_text(rng, REPLIES[tone], tone),
            author=_author(rng),
            score=_score(rng),
            created_utc=at.replace(microsecond=0),
        )
        sub.comments.append(comment)
        if len(sub.comments) > self._window:
            sub.comments.popleft()
        if (post := sub.posts.get(post_id)) is not None:
            sub.posts[post_id] = dataclasses.replace(post, num_comments=post.num_comments + 1)

    def _new_id(self, at: datetime) -> str:
        if self._ids is None:
            self._ids = itertools.count(int(at.timestamp() * 1_000_000))
        return _base36(next(self._ids))


def _tone(rng: random.Random) -> str:
    return rng.choices(TONES, weights=(4, 3, 3))[0]


def _text(rng: random.Random, templates: tuple[str, ...], tone: str) -> str:
    topic, word = rng.choice(TOPICS), rng.choice(WORDS[tone])
    template = rng.choice(templates)
    return template.format(topic=topic, Topic=topic.capitalize(), word=word, Word=word.title())


def _author(rng: random.Random) -> str | None:
    return None if rng.random() < 0.05 else f"sim_user_{rng.randrange(1, 500)}"  # None: deleted


def _score(rng: random.Random) -> int:
    return min(int(3 * rng.paretovariate(1.1)), 9999) - rng.randrange(4)  # a few go far


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
