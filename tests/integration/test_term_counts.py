"""Hourly term counts in SQL (SQLite and PostgreSQL) equal the fake's count of the same
items, and trending's reads of them answer as the fake does."""

from __future__ import annotations

import dataclasses
import random
import zlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from adapters.sql.archived import SqlArchiveStore
from adapters.sql.store import SqlStore
from adapters.sql.tables import term_hours
from domain.archive import ArchivedItem
from domain.model import Comment, Post, Sentiment
from domain.term_hours import HORIZON
from domain.trending import TermCounts, TrendWindow
from tests.fakes import T0, FakeTermStore, make_comment, make_post

NOW = T0 + timedelta(days=3)
WORDS = ["zebra", "llama", "okapi", "koala", "yak", "quokka", "tapir"]


def world(seed: int) -> tuple[list[Post], list[Comment]]:
    rng = random.Random(seed)

    def text() -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(1, 6)))

    posts = [
        make_post(
            subreddit=rng.choice(["python", "Rust"]),
            title=text(),
            author=rng.choice(["ann", "bob", "cy", None]),
            created_utc=T0 + timedelta(minutes=rng.randint(0, 2000)),
            sentiment=Sentiment(rng.uniform(-1, 1), 0, 1, 0),
        )
        for _ in range(30)
    ]
    comments = [
        make_comment(
            post,
            body=text(),
            author=rng.choice(["ann", "bob", "cy", "dee", None]),
            created_utc=post.created_utc + timedelta(minutes=rng.randint(0, 300)),
            sentiment=rng.choice([Sentiment(0.5, 0.5, 0.5, 0), None]),
        )
        for post in posts
        for _ in range(rng.randint(0, 5))
    ]
    return posts, comments


def stored_rows(engine: Engine) -> dict[tuple[datetime, str, str], tuple[Any, ...]]:
    c = term_hours.c
    query = select(c.hour, c.subreddit_key, c.term, c.mentions, c.author_bits, c.compound_sum)
    with engine.connect() as conn:
        return {
            (hour, sub, term): (n, bits & (2**64 - 1), round(compound, 6))
            for hour, sub, term, n, bits, compound in conn.execute(query)
        }


def fake_rows(fake: FakeTermStore) -> dict[tuple[datetime, str, str], tuple[Any, ...]]:
    return {
        key: (row.mentions, row.author_bits, round(row.compound_sum, 6))
        for key, row in fake.rows.items()
    }


def test_live_batches_and_archive_imports_count_what_the_fake_counts(engine: Engine) -> None:
    posts, comments = world(3)
    live = SqlStore(engine, clock=lambda: NOW)
    fake = FakeTermStore()
    half = len(comments) // 2
    live.save_items(posts[:20], comments[:half])
    live.save_items(posts[20:], [])  # the same hours again, in another batch
    archive = SqlArchiveStore(engine, clock=lambda: NOW)
    archive.save_archived(
        [ArchivedItem(c, NOW, c.sentiment) for c in comments[half:]]
        + [ArchivedItem(posts[0], NOW + timedelta(hours=1), None)]  # a fresher copy: not new
    )
    fake.count([*posts, *comments], NOW)
    assert stored_rows(engine) == fake_rows(fake)
    assert len(fake.rows) > 50


def test_an_edit_or_a_second_copy_does_not_count_again(engine: Engine) -> None:
    post = make_post(title="zebra llama", created_utc=T0)
    store = SqlStore(engine, clock=lambda: NOW)
    store.save_items([post], [])
    before = stored_rows(engine)
    store.save_items([dataclasses.replace(post, title="okapi", score=9)], [])
    store.save_refreshed([post.fullname], [post], [])
    assert stored_rows(engine) == before
    assert {term for _, _, term in before} == {"", "zebra", "llama", "zebra llama"}


def test_items_older_than_the_horizon_are_not_counted(engine: Engine) -> None:
    old = make_post(title="zebra", created_utc=NOW - HORIZON - timedelta(hours=2))
    SqlStore(engine, clock=lambda: NOW).save_items([old], [])
    assert stored_rows(engine) == {}


def test_a_sketch_with_its_top_bit_set_is_stored_and_read_back(engine: Engine) -> None:
    top_bit_author = next(
        name for n in range(1000) if zlib.crc32((name := f"user{n}").encode()) % 64 == 63
    )
    post = make_post(title="zebra", author=top_bit_author, created_utc=T0)
    other = make_comment(post, body="zebra", author="ann", created_utc=T0)
    store = SqlStore(engine, clock=lambda: NOW)
    store.save_items([post], [])
    store.save_items([], [other])  # merged with the stored row
    [(count, bits, _)] = [v for (_, _, term), v in stored_rows(engine).items() if term == "zebra"]
    assert count == 2 and bits >> 63 == 1 and bits.bit_count() == 2
    window = TrendWindow.ending(T0, 1)
    assert store.term_samples(None, window, ["zebra"])["zebra"].author_bits == bits


async def test_trending_reads_answer_as_the_fake_does(engine: Engine) -> None:
    posts, comments = world(5)
    store = SqlStore(engine, clock=lambda: NOW)
    store.save_items(posts, comments)
    fake = FakeTermStore()
    fake.count([*posts, *comments], NOW)
    for subreddit, hours in ((None, 24), ("rust", 10), ("PYTHON", 3)):
        window = TrendWindow.ending(T0 + timedelta(hours=30), hours)
        sql_counts = store.term_counts(subreddit, window, 2, 2)
        fake_counts = await fake.term_counts(subreddit, window, 2, 2)
        assert rounded(sql_counts) == rounded(fake_counts)
        assert len(sql_counts) > 3
        terms = [*WORDS, "zebra llama", "nothing"]
        assert store.term_samples(subreddit, window, terms) == await fake.term_samples(
            subreddit, window, terms
        )


def rounded(counts: list[TermCounts]) -> dict[str, tuple[float, ...]]:
    return {c.term: tuple(round(v, 6) for v in dataclasses.astuple(c)[1:]) for c in counts}


def test_pruning_deletes_the_hours_before_the_cutoff_only(engine: Engine) -> None:
    posts, comments = world(7)
    store = SqlStore(engine, clock=lambda: NOW)
    store.save_items(posts, comments)
    cutoff = T0 + timedelta(hours=20)
    rows = stored_rows(engine)
    deleted = store.prune_terms_before(cutoff)
    assert deleted == sum(hour < cutoff for hour, _, _ in rows) > 0
    assert stored_rows(engine) == {k: v for k, v in rows.items() if k[0] >= cutoff}
