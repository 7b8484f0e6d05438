"""A SQLite engine follows its path: a file replaced under a running server (a restored
backup) is opened on the next checkout, not ignored until a restart.

Each connection remembers which file (device, inode) it opened; a checkout whose file is
no longer the one at the path is discarded, and the pool opens the path again. A path
with no file at all keeps the connections as they are (the data is still readable from
the deleted file) and health says so.
"""

from __future__ import annotations

import os
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

FileId = tuple[int, int]
_opened: WeakKeyDictionary[Engine, FileId | None] = WeakKeyDictionary()


def file_id(path: str) -> FileId | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def follow_file(engine: Engine, path: str) -> None:
    def remember(_dbapi_connection: Any, record: Any) -> None:
        record.info["file_id"] = _opened[engine] = file_id(path)

    def check(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        now = file_id(path)
        if now is not None and record.info.get("file_id") not in (None, now):
            raise DisconnectionError(f"{path} is another file now: opening it again")

    _opened[engine] = None
    event.listen(engine, "connect", remember)
    event.listen(engine, "checkout", check)


def file_problem(engine: Engine, path: str) -> str | None:
    """What is wrong with the file under the engine, in one line, or None."""
    now = file_id(path)
    if now is None:
        return (
            f"the database file {path} is gone: what is written now is lost at restart; "
            "restore it, or restart to start an empty one"
        )
    if _opened.get(engine) not in (None, now):
        return f"the database file {path} was replaced: connections move to the new one"
    return None


def writable_problem(path: str) -> str | None:
    """Why this process cannot write the file (or its write-ahead log), or None.

    Asked of the file system (access(2)), never by opening the file: closing any
    descriptor of a file drops every POSIX lock this process holds on it, SQLite's
    included. Another process would then take this one's write-ahead log for abandoned
    and delete it, and the two would go on writing to different logs: each would see
    only its own writes, and one's would be lost.
    """
    for name in (path, f"{path}-wal"):
        if name != path and not os.path.exists(name):
            continue
        if not os.access(name, os.W_OK):
            return f"the database is read-only: {name}: this process may not write it"
    return None
