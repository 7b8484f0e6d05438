"""Trending's reads of term_hours, and their pruning (a mixin of SqlStore).

A window of H hours reads every row of its subreddit (or all) from H + 168 hours on: one
per term and subreddit-hour. The sums are grouped in SQL with the minimum support applied
there (HAVING), so Python only ranks candidates. At the 1M-item benchmark's rate (~1,650
items an hour in 14 subreddits, generated text) that is ~3,900 rows an hour: on a
2-day smoke database, 256,000 rows for all subreddits took ~150 ms, one subreddit's 25,000
~23 ms (SQLite, a busy 2-core machine). The use case shares answers for that reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select

from adapters.sql.tables import term_hours
from adapters.sql.upsert import CHUNK
from domain.term_hours import ALL_ITEMS
from domain.trending import TermCounts, TermSample, TrendWindow

_WORD = (1 << 64) - 1


class SqlTrending:
    _engine: Engine

    def term_counts(
        self, subreddit: str | None, window: TrendWindow, min_mentions: int, min_authors: int
    ) -> list[TermCounts]:
        c = term_hours.c
        inside, before = c.hour >= window.start, c.hour < window.start
        mentions = func.coalesce(func.sum(c.mentions).filter(inside), 0)
        authors = func.coalesce(func.sum(c.authors).filter(inside), 0.0)
        query = (
            select(
                c.term,
                mentions,
                func.coalesce(func.sum(c.mentions).filter(before), 0),
                authors,
                func.coalesce(func.sum(c.authors).filter(before), 0.0),
                func.coalesce(func.sum(c.compound_sum).filter(inside), 0.0),
            )
            .where(c.hour >= window.baseline_start)
            .group_by(c.term)
            .having(or_(c.term == ALL_ITEMS, (mentions >= min_mentions) & (authors >= min_authors)))
        )
        if subreddit:
            query = query.where(c.subreddit_key == subreddit.lower())
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            TermCounts(term, int(n), int(base_n), float(a), float(base_a), float(compound))
            for term, n, base_n, a, base_a, compound in rows
        ]

    def term_samples(
        self, subreddit: str | None, window: TrendWindow, terms: Sequence[str]
    ) -> dict[str, TermSample]:
        c = term_hours.c
        bits: dict[str, int] = defaultdict(int)
        posts: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets
        with self._engine.connect() as conn:
            for start in range(0, len(terms), CHUNK):
                query = (
                    select(c.term, c.author_bits, c.sample_post_id)
                    .where(c.hour >= window.start, c.term.in_(terms[start : start + CHUNK]))
                    .order_by(c.hour.desc(), c.subreddit_key)
                )
                if subreddit:
                    query = query.where(c.subreddit_key == subreddit.lower())
                for term, sketch, post_id in conn.execute(query):
                    bits[term] |= sketch & _WORD
                    if post_id is not None:
                        posts[term].setdefault(post_id)
        return {term: TermSample(bits[term], tuple(posts[term])) for term in bits}

    def prune_terms_before(self, cutoff: datetime) -> int:
        """One hour per transaction, so writers never wait long behind it."""
        c = term_hours.c
        hours_query: Any = select(c.hour).where(c.hour < cutoff).group_by(c.hour)
        deleted = 0
        with self._engine.connect() as conn:
            hours = [row[0] for row in conn.execute(hours_query)]
        for hour in hours:
            with self._engine.begin() as conn:
                deleted += conn.execute(delete(term_hours).where(c.hour == hour)).rowcount
        return deleted
