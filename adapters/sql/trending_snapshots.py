"""Trending answers computed ahead, one row per subreddit and window."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine, select

from adapters.sql.reads import aware
from adapters.sql.tables import trending_snapshots
from adapters.sql.upsert import upsert
from domain.trending import TrendingTerm, TrendSnapshot

ALL = ""  # the key of the snapshot over every subreddit


class SqlTrendingSnapshots:
    _engine: Engine

    def trending_snapshot(self, subreddit: str | None, hours: int) -> TrendSnapshot | None:
        c = trending_snapshots.c
        query = select(c.computed_at, c.terms).where(
            c.subreddit_key == _key(subreddit), c.hours == hours
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        terms = [
            TrendingTerm(**{**term, "sample_post_ids": tuple(term["sample_post_ids"])})
            for term in row.terms
        ]
        return TrendSnapshot(aware(row.computed_at), terms)

    def save_trending_snapshot(
        self, subreddit: str | None, hours: int, snapshot: TrendSnapshot
    ) -> None:
        terms = [
            {**dataclasses.asdict(term), "sample_post_ids": list(term.sample_post_ids)}
            for term in snapshot.terms
        ]
        row = {
            "subreddit_key": _key(subreddit),
            "hours": hours,
            "computed_at": snapshot.computed_at,
            "terms": terms,
        }
        with self._engine.begin() as conn:
            upsert(conn, trending_snapshots, [row])


def _key(subreddit: str | None) -> str:
    return ALL if subreddit is None else subreddit.lower()
