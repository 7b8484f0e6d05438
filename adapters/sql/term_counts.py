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

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Float, bindparam, case, cast, func, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import BIT

from adapters.sql.tables import term_hours
from domain.model import Comment, Post, Sentiment
from domain.term_hours import SKETCH_BITS, Slot, TermHour, counted_since, distinct_authors, tally

_SIGN = 1 << 63
_WORD = (1 << 64) - 1
COLUMNS = [c.name for c in term_hours.columns]


def count_terms(
    conn: Connection, new: Sequence[Post | Comment], scores: Mapping[str, Sentiment], now: datetime
) -> None:
    """Count the terms of these items, new to the store, into their hours' rows."""
    slots = tally(new, scores, counted_since(now))
    if slots:
        _write(conn, slots)


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
    """INSERT ... ON CONFLICT DO UPDATE, merging a stored row in SQL (counts added, sketches
    ORed, authors estimated again from the merged sketch): nothing is read first."""
    name = conn.dialect.name
    if name not in _SQL:
        insert = postgresql.insert if name == "postgresql" else sqlite.insert
        stmt = insert(term_hours).values({column: bindparam(column) for column in COLUMNS})
        keys = [c.name for c in term_hours.primary_key.columns]
        stored, new = term_hours.c, stmt.excluded
        mentions = stored.mentions + new.mentions
        bits = stored.author_bits.op("|")(new.author_bits)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={
                "mentions": mentions,
                "author_bits": bits,
                "authors": _estimate(name, bits, mentions),
                "compound_sum": stored.compound_sum + new.compound_sum,
                "sample_post_id": func.coalesce(stored.sample_post_id, new.sample_post_id),
            },
        )
        compiled = stmt.compile(dialect=conn.dialect)
        if compiled.positional:
            assert list(compiled.positiontup or ()) == COLUMNS
        _SQL[name] = (str(compiled), compiled.positional)
    return _SQL[name]


def _estimate(dialect: str, bits: Any, most: Any) -> Any:
    """domain.term_hours.distinct_authors in SQL: PostgreSQL has bit_count and ln; SQLite
    gets the function itself (adapters.sql.engine registers it on each connection)."""
    if dialect != "postgresql":
        return func.redditpulse_authors(bits, most)
    # Constants as SQL text: the statement goes to the driver with the columns' values only.
    width: Any = literal_column(str(SKETCH_BITS))
    one: Any = literal_column("1.0")
    set_bits = func.bit_count(cast(bits, BIT(SKETCH_BITS)))
    estimate = -width * func.ln(one - set_bits / cast(width, Float))
    return case((set_bits >= width, most), else_=func.least(most, estimate))


def sqlite_authors(bits: int, most: float) -> float:
    """The SQLite function redditpulse_authors(bits, most) (bits as stored: signed)."""
    return distinct_authors(bits & _WORD, most)
