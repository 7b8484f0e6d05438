"""Trending answers computed ahead, stored and read back as they were (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from adapters.sql.store import SqlStore
from domain.trending import TrendingTerm, TrendSnapshot
from tests.fakes import T0


def test_a_snapshot_is_read_back_as_saved_and_replaced_by_the_next(engine: Engine) -> None:
    store = SqlStore(engine)
    terms = [
        TrendingTerm("naïve café", 31, 12, 14.5, 1.25, 48.2, -0.31, ("p1", "p2")),
        TrendingTerm("rust", 11, 5, 5.0, 0.0, 20.0, None, ()),
    ]
    store.save_trending_snapshot(None, 24, TrendSnapshot(T0, terms))
    store.save_trending_snapshot("Python", 24, TrendSnapshot(T0, terms[:1]))

    assert store.trending_snapshot(None, 24) == TrendSnapshot(T0, terms)
    assert store.trending_snapshot("python", 24) == TrendSnapshot(T0, terms[:1])
    assert store.trending_snapshot("python", 168) is None
    assert store.trending_snapshot("rust", 24) is None

    later = TrendSnapshot(T0 + timedelta(minutes=5), [])
    store.save_trending_snapshot("PYTHON", 24, later)
    assert store.trending_snapshot("python", 24) == later
