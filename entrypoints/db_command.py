"""`redditpulse db upgrade|current`: the database's schema revision, and bringing it up."""

from __future__ import annotations

import sys

from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.schema import create_schema, revisions
from domain.collection import describe
from entrypoints.container import Container


def run_db(container: Container, action: str) -> int:
    engine = container.engine()
    try:
        before, newest = revisions(engine)
        if action == "upgrade":
            create_schema(engine)
            print(f"database at revision {newest} (was {before or 'empty'})")
        else:
            state = "up to date" if before == newest else f"newest is {newest}"
            print(f"database at revision {before or 'none (empty)'}: {state}")
    except SQLAlchemyError as exc:
        print(f"redditpulse db: {describe(exc)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0
