"""The hourly aggregates counted again from the items: what they must always equal."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, literal, select

from adapters.sql.aggregates import hour_of
from adapters.sql.tables import comments, posts, sentiment_hours, sentiments, subreddits

Counts = dict[tuple[str, str, Any], tuple[int, int, int, int, float]]


def recounted(engine: Engine) -> Counts:
    counts: dict[tuple[str, str, Any], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])
    labels = {"positive": 1, "neutral": 2, "negative": 3}
    with engine.connect() as conn:
        for table, prefix, kind in ((posts, "t3_", "post"), (comments, "t1_", "comment")):
            query = select(
                table.c.subreddit_key,
                table.c.created_utc,
                sentiments.c.label,
                sentiments.c.compound,
            ).outerjoin(sentiments, sentiments.c.fullname == literal(prefix) + table.c.id)
            for sub, created, label, compound in conn.execute(query):
                row = counts[(sub, kind, hour_of(created))]
                row[0] += 1
                if label is not None:
                    row[labels[label]] += 1
                    row[4] += compound
    return {
        k: (int(a), int(b), int(c), int(d), round(e, 6)) for k, (a, b, c, d, e) in counts.items()
    }


def aggregated(engine: Engine) -> Counts:
    h = sentiment_hours.c
    query = select(h.subreddit_key, h.kind, h.hour, h.item_count, h.positive, h.neutral, h.negative,
                   h.compound_sum)  # fmt: skip
    with engine.connect() as conn:
        return {
            (sub, kind, hour): (items, pos, neu, neg, round(total, 6))
            for sub, kind, hour, items, pos, neu, neg, total in conn.execute(query)
            if items or pos or neu or neg
        }


Totals = dict[str, tuple[int, int, int, float]]


def totals_of(counts: Counts) -> Totals:
    """Per subreddit: posts, comments, scored items and compound sum, from hourly counts."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    for (sub, kind, _), (items, pos, neu, neg, total) in counts.items():
        row = sums[sub]
        row[0 if kind == "post" else 1] += items
        row[2] += pos + neu + neg
        row[3] += total
    return {k: (int(a), int(b), int(c), round(d, 6)) for k, (a, b, c, d) in sums.items()}


def totals(engine: Engine) -> Totals:
    """The running totals the subreddits table keeps (subreddits with no item left out)."""
    c = subreddits.c
    query = select(c.subreddit_key, c.posts, c.comments, c.scored, c.compound_sum)
    with engine.connect() as conn:
        return {
            key: (n_posts, n_comments, scored, round(total, 6))
            for key, n_posts, n_comments, scored, total in conn.execute(query)
            if n_posts or n_comments or scored
        }
