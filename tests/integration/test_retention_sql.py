"""Retention on SQLite and PostgreSQL: pruning deletes old items and what points at them,
keeps every hourly count and running total (so stats over old windows answer as before),
takes the writers' turn, and a crash mid-prune leaves whole batches."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, Table, event, select

from adapters.sql.aggregates import WRITE_LOCK
from adapters.sql.archived import SqlArchiveStore
from adapters.sql.store import SqlStore
from adapters.sql.tables import (
    comments,
    post_reads,
    posts,
    sentiment_hours,
    sentiments,
    subreddits,
    term_hours,
    topic_hours,
    topic_mentions,
)
from domain.archive import ArchivedItem, SavedCounts
from domain.model import Comment, Post, Sentiment
from domain.retention import PruneCounts
from domain.topics import Topic
from tests.fakes import T0, make_comment, make_post
from tests.integration.recount import aggregated, recounted

HOUR = timedelta(hours=1)
NOW = T0 + 100 * HOUR
CUTOFF = T0 + 30 * HOUR
SCORES = [Sentiment(0.7, 0.6, 0.4, 0.0), Sentiment(-0.5, 0.0, 0.5, 0.5), Sentiment(0.0, 0, 1, 0)]
TEXTS = ["Claude Code rocks", "claude-code again", "nothing to see", "kernel release notes"]
COUNTS = (sentiment_hours, subreddits, topic_hours, term_hours)


@pytest.fixture
def store(engine: Engine) -> SqlStore:
    store = SqlStore(engine, clock=lambda: NOW)
    store.put_topic(Topic.of("Claude Code", ["claude-code"]))
    return store


def world(seed: int = 1) -> tuple[list[Post], list[Comment]]:
    """Scored posts and comments over 60 hours from T0, in two subreddits."""
    chooser = random.Random(seed)
    made = [
        make_post(
            subreddit=chooser.choice(["python", "Rust"]),
            title=chooser.choice(TEXTS),
            created_utc=T0 + timedelta(minutes=chooser.randint(0, 60 * 60)),
            sentiment=chooser.choice(SCORES),
        )
        for _ in range(40)
    ]
    replies = [
        make_comment(
            post,
            body=chooser.choice(TEXTS),
            created_utc=post.created_utc + timedelta(minutes=chooser.randint(0, 300)),
            sentiment=chooser.choice([*SCORES, None]),
        )
        for post in made
        for _ in range(chooser.randint(0, 5))
    ]
    return made, replies


def both(made: list[Post], replies: list[Comment]) -> list[Post | Comment]:
    return [*made, *replies]


def stored_world(store: SqlStore) -> tuple[list[Post], list[Comment]]:
    made, replies = world()
    store.save_items(made[:20], replies[: len(replies) // 2])
    store.save_items(made[20:], replies[len(replies) // 2 :])
    return made, replies


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of counts (a subreddit's time of collection aside), floats
    rounded."""
    with engine.connect() as conn:
        return {
            table.name: sorted(
                tuple(round(v, 6) if isinstance(v, float) else v for v in row)
                for row in conn.execute(select(*counted(table)))
            )
            for table in COUNTS
        }


def counted(table: Table) -> list[Any]:
    return [c for c in table.columns if c is not subreddits.c.last_collected_at]


def prune_all(store: SqlStore, cutoff: datetime = CUTOFF, batch: int = 7) -> PruneCounts:
    total = PruneCounts()
    while (deleted := store.prune_before(cutoff, batch)).items:
        total += deleted
    return total


def keys(engine: Engine, table: Table, column: str) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(table.c[column])).scalars())


def stats_of(store: SqlStore, subreddit: str | None, since: datetime) -> tuple[Any, ...]:
    return dataclasses.astuple(store.sentiment_stats(subreddit, since))


WINDOWS = [T0 - HOUR, T0 + 7 * HOUR, CUTOFF - 5 * HOUR, CUTOFF, CUTOFF + 90 * timedelta(minutes=1)]


def test_pruning_keeps_every_count_and_old_windows_answer_as_before(
    engine: Engine, store: SqlStore
) -> None:
    made, replies = stored_world(store)
    old = [i for i in both(made, replies) if i.created_utc < CUTOFF]
    assert 0 < len(old) < len(made) + len(replies), "the world straddles the cut-off"
    counts_before = snapshot(engine)
    assert counts_before["topic_hours"], "the topic is mentioned: its counts are tested too"
    stats_before = {(s, t): stats_of(store, s, t) for s in (None, "rust") for t in WINDOWS}

    deleted = prune_all(store)

    assert (deleted.posts, deleted.comments) == (
        sum(isinstance(i, Post) for i in old),
        sum(isinstance(i, Comment) for i in old),
    )
    assert snapshot(engine) == counts_before
    assert {(s, t): stats_of(store, s, t) for s in (None, "rust") for t in WINDOWS} == (
        stats_before
    )
    # The hours left with items still equal a recount of them.
    remaining_hours = {k: v for k, v in aggregated(engine).items() if k[2] >= CUTOFF}
    assert recounted(engine) == remaining_hours


def test_pruning_deletes_the_rows_that_point_at_pruned_items(
    engine: Engine, store: SqlStore
) -> None:
    made, replies = stored_world(store)
    gone = {i.fullname for i in both(made, replies) if i.created_utc < CUTOFF}
    kept = {i.fullname for i in both(made, replies) if i.created_utc >= CUTOFF}
    mentioned_before = keys(engine, topic_mentions, "fullname")
    assert mentioned_before & gone and mentioned_before & kept
    deleted = prune_all(store)
    assert keys(engine, posts, "id") | keys(engine, comments, "id") == {n[3:] for n in kept}
    scored = {i.fullname for i in both(made, replies) if i.sentiment is not None}
    assert keys(engine, sentiments, "fullname") == scored & kept
    assert keys(engine, topic_mentions, "fullname") == mentioned_before & kept
    assert keys(engine, post_reads, "post_id") == {n[3:] for n in kept if n.startswith("t3_")}
    assert deleted.sentiments == len(scored & gone)
    assert deleted.topic_mentions == len(mentioned_before & gone)


@pytest.mark.parametrize("minutes", [20, 40])
def test_a_window_starting_inside_a_pruned_hour_counts_from_the_nearest_hour(
    store: SqlStore, minutes: int
) -> None:
    stored_world(store)
    hour = CUTOFF - 5 * HOUR
    nearest = hour if minutes < 30 else hour + HOUR
    expected = {s: stats_of(store, s, nearest) for s in (None, "python")}
    prune_all(store)
    since = hour + timedelta(minutes=minutes)
    assert {s: stats_of(store, s, since) for s in (None, "python")} == expected


def test_pruned_items_stored_again_change_no_count(engine: Engine, store: SqlStore) -> None:
    made, replies = stored_world(store)
    prune_all(store)
    counts = snapshot(engine)
    old_posts = [p for p in made if p.created_utc < CUTOFF]
    old_comments = [c for c in replies if c.created_utc < CUTOFF]
    rescored = [dataclasses.replace(c, sentiment=SCORES[0]) for c in old_comments]
    later = SqlStore(engine, clock=lambda: NOW + HOUR)
    later.save_items(old_posts, rescored)
    archive = SqlArchiveStore(engine, clock=lambda: NOW + HOUR)
    copies = [ArchivedItem(i, NOW, SCORES[1]) for i in both(old_posts, old_comments)]
    assert archive.save_archived(copies) == SavedCounts()
    assert snapshot(engine) == counts
    assert store.prunable_before(CUTOFF) == PruneCounts()


def test_a_crash_mid_prune_leaves_whole_batches(engine: Engine, store: SqlStore) -> None:
    _, replies = stored_world(store)
    counts = snapshot(engine)
    old = sorted((c for c in replies if c.created_utc < CUTOFF), key=lambda c: c.created_utc)
    with failing(engine, "DELETE FROM topic_mentions", on_call=2):
        assert store.prune_before(CUTOFF, 5).comments == 5
        with pytest.raises(RuntimeError, match="crash"):
            store.prune_before(CUTOFF, 5)
    left = keys(engine, comments, "id")
    assert not {c.id for c in old[:5]} & left, "the first batch is gone"
    assert {c.id for c in old[5:]} <= left, "the second batch is whole"
    names = keys(engine, sentiments, "fullname")
    assert {c.fullname for c in old[5:10] if c.sentiment is not None} <= names
    assert snapshot(engine) == counts
    prune_all(store)
    assert store.prunable_before(CUTOFF) == PruneCounts()
    assert snapshot(engine) == counts


class failing:
    """The `on_call`-th statement starting with `prefix` raises, as a crash would."""

    def __init__(self, engine: Engine, prefix: str, on_call: int) -> None:
        self.engine, self.prefix, self.on_call, self.calls = engine, prefix, on_call, 0

    def _before(self, *args: Any) -> None:
        if str(args[2]).startswith(self.prefix):
            self.calls += 1
            if self.calls == self.on_call:
                raise RuntimeError("crash")

    def __enter__(self) -> None:
        event.listen(self.engine, "before_cursor_execute", self._before)

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)


def test_a_prune_waits_for_the_writer_whose_turn_it_is(engine: Engine, store: SqlStore) -> None:
    stored_world(store)
    old = store.prunable_before(CUTOFF)
    release = hold_the_writers_turn(engine)
    result: list[PruneCounts] = []
    pruning = threading.Thread(target=lambda: result.append(prune_all(store, batch=1000)))
    pruning.start()
    pruning.join(timeout=0.5)
    try:
        assert pruning.is_alive(), "the prune went ahead while another writer had its turn"
        assert store.prunable_before(CUTOFF) == old
    finally:
        release()
    pruning.join(timeout=60)
    assert result == [old]


def hold_the_writers_turn(engine: Engine) -> Callable[[], None]:
    """Take the turn as a writer does (another connection) and keep it until released."""
    if engine.dialect.name == "postgresql":
        conn = engine.connect()
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

        def release() -> None:
            conn.commit()
            conn.close()

        return release
    assert engine.url.database is not None
    raw = sqlite3.connect(engine.url.database, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")

    def release_file() -> None:
        raw.execute("COMMIT")
        raw.close()

    return release_file


def test_a_change_to_any_table_of_counts_shows_in_the_snapshot(
    engine: Engine, store: SqlStore
) -> None:
    """The control of the tests above: each table they compare is filled and read."""
    stored_world(store)
    before = snapshot(engine)
    for table in COUNTS:
        assert before[table.name], f"{table.name} is empty: comparing it proves nothing"
        with engine.begin() as conn:
            conn.execute(table.delete())
        assert not snapshot(engine)[table.name]
