"""Hourly aggregates equal a recount after every kind of write, and the reads built on them
answer what counting the items would (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from adapters.sql.archived import SqlArchiveStore
from adapters.sql.store import SqlStore
from domain.archive import ArchivedItem
from domain.model import Comment, Post, Removal, Sentiment
from tests.fakes import T0, make_comment, make_post
from tests.integration.recount import aggregated, recounted, totals, totals_of

SCORES = [Sentiment(0.7, 0.6, 0.4, 0.0), Sentiment(-0.5, 0.0, 0.5, 0.5), Sentiment(0.0, 0, 1, 0)]


def world(seed: int) -> tuple[list[Post], list[Comment]]:
    chooser = random.Random(seed)
    posts = [
        make_post(
            subreddit=chooser.choice(["python", "Rust", "go"]),
            created_utc=T0 + timedelta(minutes=chooser.randint(0, 3000)),
            sentiment=chooser.choice(SCORES),
        )
        for _ in range(40)
    ]
    comments = [
        make_comment(
            post,
            created_utc=post.created_utc + timedelta(minutes=chooser.randint(0, 600)),
            sentiment=chooser.choice([*SCORES, None]),
        )
        for post in posts
        for _ in range(chooser.randint(0, 6))
    ]
    return posts, comments


def test_live_writes_rescoring_removal_and_refreshes_keep_the_aggregates_exact(
    engine: Engine,
) -> None:
    store = SqlStore(engine, clock=lambda: T0 + timedelta(days=3))
    posts, comments = world(1)
    store.save_items(posts[:20], comments[: len(comments) // 2])
    store.save_items(posts[20:], comments[len(comments) // 2 :])
    store.save_items(posts[:5], [])  # the same items again
    edited = [
        dataclasses.replace(c, body="now different", sentiment=SCORES[1]) for c in comments[:9]
    ]
    gone = [dataclasses.replace(c, removed=Removal.REMOVED, sentiment=None) for c in comments[9:14]]
    unscored = [
        dataclasses.replace(c, sentiment=SCORES[0]) for c in comments if c.sentiment is None
    ]
    store.save_refreshed([c.fullname for c in comments[:14]], [], edited + gone)
    store.save_items([], unscored)
    assert aggregated(engine) == recounted(engine)
    assert totals(engine) == totals_of(recounted(engine))


def test_imports_and_fresher_copies_keep_the_aggregates_exact(engine: Engine) -> None:
    posts, comments = world(2)
    live = SqlStore(engine, clock=lambda: T0 + timedelta(days=3))
    live.save_items(posts[:10], comments[:30])
    archive = SqlArchiveStore(engine, clock=lambda: T0 + timedelta(days=5))
    every: list[Post | Comment] = [*posts, *comments]
    copies = [
        ArchivedItem(dataclasses.replace(i, sentiment=None), T0 + timedelta(days=4), SCORES[2])
        for i in every
    ]
    archive.save_archived(copies[:50])
    archive.save_archived(copies[50:])
    archive.save_archived(copies)  # again: nothing changes
    assert aggregated(engine) == recounted(engine)
    assert totals(engine) == totals_of(recounted(engine))


def reference_stats(engine: Engine, subreddit: str | None, since: datetime) -> tuple[object, ...]:
    """What the stats were before aggregates: every scored item created since `since`."""
    store = SqlStore(engine)
    counted = [0, 0, 0, 0, 0, 0.0]
    for post in store.recent_posts(subreddit, T0 - timedelta(days=30), 500):
        items: list[Post | Comment] = [post, *store.comments_of(post.id)]
        for item in items:
            if item.created_utc < since or item.sentiment is None:
                continue
            counted[0 if isinstance(item, Post) else 1] += 1
            counted[2 + ["positive", "neutral", "negative"].index(item.sentiment.label)] += 1
            counted[5] += item.sentiment.compound
    scored = counted[0] + counted[1]
    mean = round(counted[5] / scored, 4) if scored else None
    return (scored, *counted[:5], mean)


@pytest.mark.parametrize("subreddit", [None, "RUST"])
def test_stats_over_any_window_equal_counting_the_items(
    engine: Engine, subreddit: str | None
) -> None:
    posts, comments = world(3)
    SqlStore(engine, clock=lambda: T0 + timedelta(days=3)).save_items(posts, comments)
    store = SqlStore(engine)
    for since in (T0 - timedelta(hours=1), T0 + timedelta(minutes=617), T0 + timedelta(hours=30)):
        stats = store.sentiment_stats(subreddit, since)
        got = (stats.items, stats.posts, stats.comments, stats.positive, stats.neutral,
               stats.negative, stats.mean_compound)  # fmt: skip
        assert got == reference_stats(engine, subreddit, since), since
