"""SqlStore on real SQLite and PostgreSQL: upsert by id, atomic batches, queries, cycles."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, event

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.model import (
    Budget,
    CollectionCycle,
    CommentKey,
    Cursor,
    CycleStatus,
    Gap,
    Kind,
    Label,
    Removal,
    Sentiment,
    StoreState,
)
from domain.policy import RefreshPolicy
from tests.fakes import T0, Item, make_comment, make_post
from tests.servers.databases import emptied

GOOD = Sentiment(0.6, 0.5, 0.5, 0.0)
BAD = Sentiment(-0.6, 0.0, 0.5, 0.5)
MEH = Sentiment(0.0, 0.0, 1.0, 0.0)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sub" / "pulse.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{db_path}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
        emptied(engine)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> SqlStore:
    return SqlStore(engine, clock=lambda: T0 + timedelta(days=1))


def scored(item: Item, sentiment: Sentiment) -> Item:
    return dataclasses.replace(item, sentiment=sentiment)


def test_sqlite_file_is_created_in_wal_mode(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}")
    create_schema(engine)
    SqlStore(engine).save_items([scored(make_post(), GOOD)], [])
    engine.dispose()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_round_trip_keeps_every_field(store: SqlStore) -> None:
    post = scored(
        make_post("Python", title="Ünïcödé 🐍", body="body", author=None, edited_utc=T0), GOOD
    )
    comment = scored(make_comment(post, "reply", parent_id="t1_zz"), BAD)
    store.save_items([post], [comment])

    stored = store.get_post(post.id)
    assert stored == post
    assert store.comments_of(post.id) == [comment]
    assert stored is not None and stored.sentiment is not None
    assert stored.sentiment.label is Label.POSITIVE


def test_recollecting_updates_counts_and_never_duplicates(store: SqlStore, engine: Engine) -> None:
    post = scored(make_post("a", score=1, num_comments=0), MEH)
    store.save_items([post], [])
    store.save_items([dataclasses.replace(post, score=50, num_comments=9, sentiment=GOOD)], [])

    [again] = store.recent_posts(None, T0 - timedelta(days=1), 10)
    assert (again.score, again.num_comments, again.sentiment) == (50, 9, GOOD)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM posts").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM sentiments").scalar() == 1


def test_a_failing_batch_leaves_nothing_half_written(store: SqlStore, engine: Engine) -> None:
    posts = [scored(make_post("a"), GOOD) for _ in range(3)]
    comments = [scored(make_comment(posts[0]), BAD)]

    def explode_on_sentiments(
        conn: Connection, cursor: object, statement: str, *args: object
    ) -> None:
        if "INTO sentiments" in statement:
            raise RuntimeError("simulated crash mid-batch")

    event.listen(engine, "before_cursor_execute", explode_on_sentiments)
    with pytest.raises(Exception, match="simulated crash"):
        store.save_items(posts, comments)
    event.remove(engine, "before_cursor_execute", explode_on_sentiments)

    with engine.connect() as conn:
        for table in ("posts", "comments", "sentiments"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


def test_large_batches_are_chunked(store: SqlStore) -> None:
    posts = [scored(make_post("bulk"), MEH) for _ in range(1300)]
    store.save_items(posts, [])
    assert len(store.recent_posts("bulk", T0 - timedelta(days=1), 500)) == 500


def test_recent_posts_filters_orders_and_limits(store: SqlStore) -> None:
    old = scored(make_post("a", created_utc=T0 - timedelta(hours=30)), MEH)
    new = [scored(make_post("A", created_utc=T0 + timedelta(hours=h)), MEH) for h in (1, 3, 2)]
    other = scored(make_post("b", created_utc=T0), MEH)
    store.save_items([old, *new, other], [])

    found = store.recent_posts("a", T0 - timedelta(hours=24), 2)
    assert [p.created_utc for p in found] == [T0 + timedelta(hours=3), T0 + timedelta(hours=2)]
    assert len(store.recent_posts(None, T0 - timedelta(hours=24), 50)) == 4


def test_unknown_post_is_none(store: SqlStore) -> None:
    assert store.get_post("nope") is None
    assert store.comments_of("nope") == []


def test_sentiment_stats_count_posts_and_comments_by_creation_time(store: SqlStore) -> None:
    post = scored(make_post("a", created_utc=T0), GOOD)
    old = scored(make_post("a", created_utc=T0 - timedelta(days=3)), BAD)
    comments = [
        scored(make_comment(post, created_utc=T0), BAD),
        scored(make_comment(post, created_utc=T0), MEH),
    ]
    elsewhere = scored(make_post("b", created_utc=T0), BAD)
    store.save_items([post, old, elsewhere], comments)

    stats = store.sentiment_stats("A", T0 - timedelta(hours=1))
    assert (stats.items, stats.posts, stats.comments) == (3, 1, 2)
    assert (stats.positive, stats.neutral, stats.negative) == (1, 1, 1)
    assert stats.mean_compound == pytest.approx(0.0)
    everything = store.sentiment_stats(None, T0 - timedelta(days=7))
    assert everything.items == 5 and everything.negative == 3


def test_sentiment_stats_of_nothing(store: SqlStore) -> None:
    stats = store.sentiment_stats("empty", T0)
    assert stats.items == 0 and stats.mean_compound is None


def test_subreddit_summaries(store: SqlStore) -> None:
    post = scored(make_post("Python"), GOOD)
    store.save_items([post, scored(make_post("rust"), BAD)], [scored(make_comment(post), MEH)])

    summaries = {s.name: s for s in store.subreddit_summaries()}
    assert set(summaries) == {"Python", "rust"}
    assert (summaries["Python"].posts, summaries["Python"].comments) == (1, 1)
    assert summaries["Python"].mean_compound == pytest.approx(0.3)
    assert summaries["rust"].last_collected_at == T0 + timedelta(days=1)


def test_cycles_are_upserted_and_listed_newest_first(store: SqlStore) -> None:
    first = CollectionCycle("c1", "scheduled", T0, subreddits=["a", "b"])
    store.save_cycle(first)
    first.record_success(3, 4)
    first.record_failure("b", "RedditError: boom")
    first.finish(T0 + timedelta(seconds=5))
    store.save_cycle(first)
    second = CollectionCycle("c2", "manual", T0 + timedelta(minutes=1), subreddits=["a"])
    store.save_cycle(second)

    cycles = store.recent_cycles(10)
    assert [c.id for c in cycles] == ["c2", "c1"]
    assert cycles[1] == first
    assert cycles[1].status is CycleStatus.PARTIAL
    assert cycles[1].duration_s == 5


def test_unfinished_cycles_are_failed(store: SqlStore) -> None:
    store.save_cycle(CollectionCycle("c1", "scheduled", T0, subreddits=["a"]))
    assert store.fail_unfinished_cycles(T0 + timedelta(minutes=1), "interrupted") == 1
    [cycle] = store.recent_cycles(1)
    assert cycle.status is CycleStatus.FAILED
    assert cycle.failures[-1].error == "interrupted"
    assert store.fail_unfinished_cycles(T0, "again") == 0


def test_state_of_a_well_database(store: SqlStore) -> None:
    assert store.state() == StoreState(readable=True, writable=True, problem=None)


def test_state_of_a_database_that_cannot_be_opened(tmp_path: Path) -> None:
    broken = SqlStore(make_engine(f"sqlite:///{tmp_path}"))  # a directory, not a file
    state = broken.state()
    assert not state.readable and not state.writable
    assert state.problem and state.problem.startswith("the database cannot be read: ")


# --- collection support: cursors, removals, refresh scheduling, schema upgrades ------------


def test_cursors_move_with_their_batch_and_never_back(store: SqlStore) -> None:
    later, earlier = T0 + timedelta(hours=2), T0 + timedelta(hours=1)
    store.save_items([scored(make_post("a"), MEH)], [], [Cursor("a", Kind.POSTS, later)])
    store.save_items([], [], [Cursor("a", Kind.POSTS, earlier), Cursor("b", Kind.POSTS, earlier)])
    store.save_items([], [], [Cursor("a", Kind.COMMENTS, earlier)])
    assert store.cursors(Kind.POSTS) == {"a": later, "b": earlier}
    assert store.cursors(Kind.COMMENTS) == {"a": earlier}


def test_a_failed_batch_does_not_move_its_cursor(store: SqlStore, engine: Engine) -> None:
    def explode(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        if "INTO cursors" in statement:
            raise RuntimeError("crash while moving the cursor")

    event.listen(engine, "before_cursor_execute", explode)
    with pytest.raises(Exception, match="crash while moving"):
        store.save_items([scored(make_post("a"), MEH)], [], [Cursor("a", Kind.POSTS, T0)])
    event.remove(engine, "before_cursor_execute", explode)
    assert store.cursors(Kind.POSTS) == {}
    assert store.recent_posts(None, T0 - timedelta(days=9), 10) == []


def test_a_deleted_item_keeps_its_text_author_and_sentiment(store: SqlStore) -> None:
    post = scored(make_post("a", title="good", body="body text", author="someone"), GOOD)
    comment = scored(make_comment(post, "bad words", author="critic"), BAD)
    store.save_items([post], [comment])

    gone_post = dataclasses.replace(
        post, body="[removed]", author=None, score=7, removed=Removal.REMOVED, sentiment=None
    )
    gone_comment = dataclasses.replace(
        comment, body="[deleted]", author=None, removed=Removal.DELETED, sentiment=None
    )
    store.save_items([gone_post], [gone_comment])

    kept = store.get_post(post.id)
    assert kept is not None
    assert (kept.title, kept.body, kept.author, kept.score) == ("good", "body text", "someone", 7)
    assert kept.removed is Removal.REMOVED and kept.sentiment == GOOD
    [kept_comment] = store.comments_of(post.id)
    assert (kept_comment.body, kept_comment.author) == ("bad words", "critic")
    assert kept_comment.removed is Removal.DELETED and kept_comment.sentiment == BAD


def test_stored_texts_and_missing_posts(store: SqlStore) -> None:
    post = scored(make_post("a", title="t", body="b"), MEH)
    comment = scored(make_comment(post, "c"), MEH)
    store.save_items([post], [comment])
    texts = store.stored_texts([post.fullname, comment.fullname, "t3_nope", "t1_nope"])
    assert texts == {post.fullname: "t\n\nb", comment.fullname: "c"}
    assert store.missing_posts([post.id, "x1", "x2"]) == {"x1", "x2"}


def test_refresh_comes_due_by_age_and_stops_for_items_reddit_lost(engine: Engine) -> None:
    now = T0 + timedelta(hours=1)
    store = SqlStore(engine, RefreshPolicy(min_interval=timedelta(hours=1)), clock=lambda: now)
    young = scored(make_post("a", created_utc=T0), MEH)
    comment = scored(make_comment(young, created_utc=T0), MEH)
    old = scored(make_post("a", created_utc=T0 - timedelta(days=5)), MEH)
    store.save_items([young, old], [comment])

    assert store.due_for_refresh(now + timedelta(minutes=59), 10) == []
    due = store.due_for_refresh(now + timedelta(hours=1), 10)
    assert sorted(due) == sorted([young.fullname, comment.fullname])
    assert store.due_for_refresh(now + timedelta(hours=1), 1) in (
        [young.fullname],
        [comment.fullname],
    )

    now = now + timedelta(hours=1)
    store.save_refreshed([young.fullname, comment.fullname], [young], [])
    assert store.due_for_refresh(now + timedelta(hours=1, minutes=59), 10) == []
    # Read at 2 h old, due again at 4 h old; the comment Reddit did not return: never again.
    assert store.due_for_refresh(now + timedelta(days=3), 10) == [young.fullname]


def test_an_older_database_gets_the_new_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE collection_cycles (id VARCHAR(32) PRIMARY KEY, trigger VARCHAR(16) "
            "NOT NULL, status VARCHAR(16) NOT NULL, started_at DATETIME NOT NULL, finished_at "
            "DATETIME, subreddits JSON NOT NULL, posts_collected INTEGER NOT NULL, "
            "comments_collected INTEGER NOT NULL, failures JSON NOT NULL)"
        )
        conn.execute(
            "INSERT INTO collection_cycles VALUES ('old', 'scheduled', 'succeeded', "
            "'2026-11-01 12:00:00', NULL, '[\"a\"]', 3, 4, '[]')"
        )
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    create_schema(engine)  # twice: nothing to add the second time
    [cycle] = SqlStore(engine).recent_cycles(5)
    assert (cycle.id, cycle.posts_collected, cycle.gaps, cycle.requests_made) == ("old", 3, [], 0)
    engine.dispose()


def test_cycles_keep_gaps_and_budget(store: SqlStore) -> None:
    cycle = CollectionCycle("g1", "scheduled", T0, subreddits=["a", "b"])
    cycle.gaps.append(
        Gap(Kind.COMMENTS, ["a", "b"], T0 - timedelta(hours=3), T0 - timedelta(hours=1))
    )
    cycle.record_request(Budget(remaining=540, used=60))
    cycle.items_refreshed = 12
    cycle.finish(T0 + timedelta(seconds=3))
    store.save_cycle(cycle)
    assert store.recent_cycles(1) == [cycle]


def test_recent_activity_counts_items_per_subreddit_since_a_time(store: SqlStore) -> None:
    store.save_items(
        [scored(make_post("Busy", created_utc=T0 + timedelta(minutes=m)), MEH) for m in (1, 2, 3)]
        + [scored(make_post("calm", created_utc=T0 - timedelta(days=2)), MEH)],
        [],
    )
    activity = store.recent_activity(Kind.POSTS, T0)
    assert activity == {"busy": (3, T0 + timedelta(minutes=1))}
    assert store.recent_activity(Kind.COMMENTS, T0) == {}


def test_comments_of_a_post_page_by_creation_time_then_id(store: SqlStore) -> None:
    post = make_post()
    tied = [make_comment(post, created_utc=T0 + timedelta(hours=1)) for _ in range(3)]
    later = [make_comment(post, created_utc=T0 + timedelta(hours=2 + n)) for n in range(3)]
    store.save_items([post], [*later, *tied])
    everything = store.comments_of(post.id)
    assert [c.id for c in everything] == [c.id for c in sorted(tied, key=lambda c: c.id) + later]
    first = store.comments_of(post.id, limit=2)
    rest = store.comments_of(post.id, CommentKey(first[-1].created_utc, first[-1].id), limit=10)
    assert first + rest == everything
