"""The schema comes from Alembic migrations: they match the tables the code uses, bring an
older database up without losing rows, and several processes may start at once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from adapters.sql.engine import make_engine
from adapters.sql.rows import item_row, sentiment_row
from adapters.sql.schema import baseline_tables, create_schema, revisions
from adapters.sql.store import SqlStore
from adapters.sql.tables import comments, metadata, posts, sentiments
from domain.model import Comment, Post, Sentiment
from tests.fakes import T0, make_comment, make_post
from tests.integration.recount import aggregated, recounted, totals, totals_of

GOOD = Sentiment(0.6, 0.5, 0.5, 0.0)
BAD = Sentiment(-0.6, 0.0, 0.5, 0.5)


@pytest.fixture
def url(empty_database_url: str) -> str:
    return empty_database_url


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    yield engine
    engine.dispose()


def differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def test_the_migrations_build_exactly_the_tables_the_code_uses(engine: Engine) -> None:
    create_schema(engine)
    assert differences(engine) == []
    current, newest = revisions(engine)
    assert current == newest


def test_upgrading_an_up_to_date_database_changes_nothing(engine: Engine) -> None:
    create_schema(engine)
    store = SqlStore(engine)
    post = make_post()
    store.save_items([post], [make_comment(post)])
    create_schema(engine)
    assert store.get_post(post.id) is not None
    assert len(store.comments_of(post.id)) == 1


def test_a_database_made_before_migrations_is_adopted_with_its_rows(engine: Engine) -> None:
    for table in baseline_tables():  # what the code did before migrations
        table.create(engine)
    post = make_post(subreddit="Python", sentiment=GOOD)
    items: list[Post | Comment] = [post, *(make_comment(post, sentiment=BAD) for _ in range(3))]
    items.append(make_comment(post))
    later = T0 + timedelta(days=1)
    with engine.begin() as conn:  # rows as the old code wrote them, no aggregates
        conn.execute(posts.insert(), [item_row(post, later, None)])
        conn.execute(comments.insert(), [item_row(c, later, None) for c in items[1:]])
        scored = [sentiment_row(i.fullname, i.sentiment, later) for i in items if i.sentiment]
        conn.execute(sentiments.insert(), scored)
    assert "alembic_version" not in inspect(engine).get_table_names()

    create_schema(engine)
    assert revisions(engine)[0] == revisions(engine)[1]
    assert differences(engine) == []
    assert aggregated(engine) == recounted(engine)
    assert totals(engine) == totals_of(recounted(engine))
    store = SqlStore(engine)
    assert store.get_post(post.id) is not None
    stats = store.sentiment_stats(None, T0 - timedelta(days=1))
    assert (stats.posts, stats.comments, stats.positive, stats.negative) == (1, 3, 1, 3)
    [summary] = store.subreddit_summaries()
    assert (summary.name, summary.posts, summary.comments) == ("Python", 1, 4)
    assert summary.last_collected_at == later


def _start(url: str, ready: multiprocessing.synchronize.Barrier) -> None:
    engine = make_engine(url)
    ready.wait()
    create_schema(engine)
    engine.dispose()


@pytest.mark.slow
def test_processes_started_together_on_a_fresh_database_all_come_up(url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    ready = spawn.Barrier(4)
    processes = [spawn.Process(target=_start, args=(url, ready)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    engine = make_engine(url)
    assert differences(engine) == []
    engine.dispose()
