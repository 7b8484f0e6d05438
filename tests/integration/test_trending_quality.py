"""Issue 9's quality check of trending, on SQLite and PostgreSQL: items stored as the
collector stores them, ranked by the use case the API calls.

A realistic background (generated Reddit-like comments, 3 subreddits, busier in the last
6 hours), a word planted in 300 comments of one subreddit within the last 6 hours, a word
used at the same rate for a month, and one author repeating a word 300 times.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from adapters.offloaded import Offloaded
from adapters.sql.store import SqlStore
from application.trending import TrendingTerms
from domain.model import Comment, Post, Sentiment
from domain.terms import STOP_WORDS, terms_of
from domain.trending import TrendingTerm
from testkit.archive_dump.texts import TextSource

NOW = datetime(2026, 11, 20, 12, 40, tzinfo=UTC)
HOUR = timedelta(hours=1)
SUBREDDITS = ("python", "rust", "golang")
PLANTED, STEADY, SPAM = "zorblax", "brisket", "quuxcoin"
NEUTRAL = Sentiment(0.0, 0.0, 1.0, 0.0)


@dataclass
class World:
    posts: list[Post]
    comments: list[Comment]
    common: list[str]  # the background's most used terms in the last 24 hours


def build_world(seed: int = 9) -> World:
    rng = random.Random(seed)
    texts = TextSource(rng)
    users = [f"user{n}" for n in range(600)]
    top = NOW.replace(minute=0, second=0, microsecond=0)
    posts = {
        (sub, day): Post(
            id=f"{sub[:2]}{day}",
            subreddit=sub,
            title=texts.title(),
            body="",
            author=rng.choice(users),
            score=1,
            num_comments=0,
            created_utc=top - timedelta(days=day, hours=23),
            url="https://example.invalid",
            permalink=f"/r/{sub}/comments/{sub[:2]}{day}/",
            sentiment=NEUTRAL,
        )
        for sub in SUBREDDITS
        for day in range(31)
    }
    comments: list[Comment] = []
    recent: Counter[str] = Counter()

    def comment(sub: str, hour: datetime, body: str, author: str) -> None:
        created = min(hour + timedelta(seconds=rng.randrange(3600)), NOW)
        post = posts[(sub, (top - hour) // timedelta(days=1))]
        n = len(comments)
        comments.append(
            Comment(
                id=f"c{n}",
                post_id=post.id,
                parent_id=post.fullname,
                subreddit=sub,
                body=body,
                author=author,
                score=1,
                created_utc=created,
                sentiment=NEUTRAL,
            )
        )

    for back in range(30 * 24):
        hour = top - back * HOUR
        # The steady word: 2 comments an hour for a month, by anyone.
        for _ in range(2):
            comment(rng.choice(SUBREDDITS), hour, f"{texts.body()} {STEADY}", rng.choice(users))
        if back >= 15 * 24:
            continue
        # Background: 10 comments an hour, 30 in the last 6 hours (a busier window).
        for _ in range(30 if back < 6 else 10):
            body = texts.body()
            comment(rng.choice(SUBREDDITS), hour, body, rng.choice(users))
            if back < 24:
                recent.update(terms_of(body))
        if back < 6:
            for n in range(50):  # 300 comments of r/python by 300 people
                body = f"{texts.body()} {PLANTED}" if n % 2 else f"{PLANTED} {texts.body()}"
                comment("python", hour, body, f"fan{back * 50 + n}")
                comment("python", hour, f"{SPAM} to the moon", "spammer")
    return World(list(posts.values()), comments, [t for t, _ in recent.most_common(30)])


@pytest.fixture(scope="module")
def world() -> World:
    return build_world()


@pytest.fixture
def trending(engine: Engine, world: World) -> Iterator[TrendingTerms]:
    store = SqlStore(engine, clock=lambda: NOW)
    items: list[Post | Comment] = [*world.posts, *world.comments]
    items.sort(key=lambda i: i.created_utc)
    for start in range(0, len(items), 1000):
        batch = items[start : start + 1000]
        store.save_items(
            [i for i in batch if isinstance(i, Post)], [i for i in batch if isinstance(i, Comment)]
        )
    with ThreadPoolExecutor(1) as executor:
        yield TrendingTerms(Offloaded(store, executor), fresh_for=timedelta(0), clock=lambda: NOW)


def terms(found: list[TrendingTerm]) -> list[str]:
    return [t.term for t in found]


async def test_a_word_planted_in_one_subreddit_ranks_in_the_top_3(
    trending: TrendingTerms,
) -> None:
    for subreddit in ("python", None):
        found = await trending.top(subreddit, 24, 20)
        assert PLANTED in terms(found)[:3], (subreddit, terms(found))
        planted = next(t for t in found if t.term == PLANTED)
        assert planted.mentions == 300
        assert planted.expected == 0.0
        assert planted.authors >= 200  # 300 people; the 64-bit sketch estimates
        assert planted.sample_post_ids and all(p.startswith("py") for p in planted.sample_post_ids)
    assert PLANTED in terms(await trending.top(None, 6, 3))
    assert PLANTED not in terms(await trending.top("rust", 24, 20))


async def test_a_word_used_steadily_for_a_month_is_not_in_the_top_20(
    trending: TrendingTerms, world: World
) -> None:
    steady_today = sum(STEADY in c.body and c.created_utc > NOW - 24 * HOUR for c in world.comments)
    assert steady_today >= 40  # as frequent as the commonest words: counts alone would list it
    for subreddit, hours in (("python", 24), (None, 24), (None, 6), (None, 168), ("rust", 1)):
        assert STEADY not in terms(await trending.top(subreddit, hours, 20)), (subreddit, hours)


async def test_common_words_never_trend_even_in_a_busier_window(
    trending: TrendingTerms, world: World
) -> None:
    for subreddit, hours in (("python", 24), (None, 24), (None, 6), ("golang", 6)):
        found = set(terms(await trending.top(subreddit, hours, 20)))
        assert not found & set(world.common), (subreddit, hours, found & set(world.common))
        assert not any(word in STOP_WORDS for term in found for word in term.split())


async def test_one_author_repeating_a_word_300_times_does_not_trend(
    trending: TrendingTerms,
) -> None:
    for subreddit, hours in (("python", 24), (None, 24), ("python", 6)):
        found = terms(await trending.top(subreddit, hours, 20))
        assert not {SPAM, "moon", f"{SPAM} moon"} & set(found), found
