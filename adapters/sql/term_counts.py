"""Hourly term counts (term_hours), moved with the items they count.

Only new items are counted, when first stored: an edit does not count again (a term an
edit adds or removes stays as first counted). Items created before the horizon
(domain.term_hours.counted_since) are not counted at all. Called inside a writer's turn
(adapters/sql/aggregates.py), so the rows read here cannot change before they are written.

An item gives a row per term it has that its hour and subreddit did not have yet (several
per item in a quiet hour): rows are written with one prepared statement, values passed
straight to the driver (SQLAlchemy's per-row parameter handling doubled the import's cost).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from adapters.sql.tables import term_hours
from domain.model import Comment, Post, Sentiment
from domain.term_hours import Slot, TermHour, counted_since, tally

_SIGN = 1 << 63
_WORD = (1 << 64) - 1
COLUMNS = [c.name for c in term_hours.columns]


def count_terms(
    conn: Connection, new: Sequence[Post | Comment], scores: Mapping[str, Sentiment], now: datetime
) -> None:
    """Count the terms of these items, new to the store, into their hours' rows."""
    slots = tally(new, scores, counted_since(now))
    if not slots:
        return
    for (hour, subreddit, term), stored in _stored(conn, slots).items():
        slots[(hour, subreddit)][term].add(stored)
    _write(conn, slots)


def _stored(
    conn: Connection, slots: Mapping[Slot, Mapping[str, TermHour]]
) -> dict[tuple[datetime, str, str], TermHour]:
    """The stored rows of these slots' terms: one range of hours per subreddit (merged in
    Python: a sketch's estimate needs a log, which SQLite's SQL lacks)."""
    hours: dict[str, list[datetime]] = defaultdict(list)
    for hour, subreddit in slots:
        hours[subreddit].append(hour)
    c = term_hours.c
    found: dict[tuple[datetime, str, str], TermHour] = {}
    for subreddit, seen in hours.items():
        query = select(
            c.hour, c.term, c.mentions, c.author_bits, c.compound_sum, c.sample_post_id
        ).where(c.subreddit_key == subreddit, c.hour >= min(seen), c.hour <= max(seen))
        for hour, term, mentions, bits, compound, sample in conn.execute(query):
            if term in slots.get((hour, subreddit), ()):
                found[(hour, subreddit, term)] = TermHour(mentions, bits & _WORD, compound, sample)
    return found


def _write(conn: Connection, slots: Mapping[Slot, Mapping[str, TermHour]]) -> None:
    sql, positional = _upsert_sql(conn)
    # The column type's own conversion, as SQLAlchemy would apply it (SQLite keeps text).
    hour_type = term_hours.c.hour.type.dialect_impl(conn.dialect)
    convert = hour_type.bind_processor(conn.dialect)
    hour_param: Callable[[datetime], Any] = convert or (lambda hour: hour)
    rows: list[Any] = []
    for (hour, subreddit), counts in slots.items():
        stored_hour = hour_param(hour)
        for term, count in counts.items():
            bits = count.author_bits
            values = (
                stored_hour,
                subreddit,
                term,
                count.mentions,
                bits - (1 << 64) if bits & _SIGN else bits,  # BIGINT is signed
                count.authors,
                count.compound_sum,
                count.sample_post_id,
            )
            rows.append(values if positional else dict(zip(COLUMNS, values, strict=True)))
    conn.exec_driver_sql(sql, rows)


_SQL: dict[str, tuple[str, bool]] = {}


def _upsert_sql(conn: Connection) -> tuple[str, bool]:
    """INSERT ... ON CONFLICT DO UPDATE of every column, in the dialect's parameter style."""
    name = conn.dialect.name
    if name not in _SQL:
        insert = postgresql.insert if name == "postgresql" else sqlite.insert
        stmt = insert(term_hours).values({column: bindparam(column) for column in COLUMNS})
        keys = [c.name for c in term_hours.primary_key.columns]
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={column: stmt.excluded[column] for column in COLUMNS if column not in keys},
        )
        compiled = stmt.compile(dialect=conn.dialect)
        if compiled.positional:
            assert list(compiled.positiontup or ()) == COLUMNS
        _SQL[name] = (str(compiled), compiled.positional)
    return _SQL[name]
