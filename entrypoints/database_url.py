"""DATABASE_URL: checked when read (scheme, driver), and never shown with its password."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

EXAMPLES = "e.g. sqlite:///./redditpulse.db or postgresql+psycopg://user:password@host/db"
# The driver each bare scheme means here: SQLAlchemy's own default for PostgreSQL is
# psycopg2, which redditpulse does not install.
DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
INSTALL = {"psycopg": "pip install 'redditpulse[postgres]'"}


def check_database_url(value: str) -> str:
    """The URL to use (a bare postgresql:// gets the psycopg driver), or ValueError with
    what is wrong and what to do."""
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(f"not a database URL ({EXAMPLES})") from None
    if url.drivername in DRIVERS:
        url = url.set(drivername=DRIVERS[url.drivername])
        value = url.render_as_string(hide_password=False)
    try:
        dialect = url.get_dialect()
    except NoSuchModuleError:
        raise ValueError(f"unknown database kind {url.drivername!r} ({EXAMPLES})") from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        driver = url.get_driver_name()
        hint = f": {INSTALL[driver]}" if driver in INSTALL else ""
        raise ValueError(f"the {driver} driver is not installed{hint} ({exc})") from None
    return value


def shown(value: str) -> str:
    """The URL as it may be printed or logged: its password masked."""
    try:
        return make_url(value).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a URL)"
