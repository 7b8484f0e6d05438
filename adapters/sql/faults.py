"""Database faults as the domain names them: StoreUnavailable, one line, no traceback.

Faults of the database itself (cannot connect, locked past the busy timeout, read-only,
unreadable, not a database, its tables gone) are a state the service reports and
recovers from. Anything else (a constraint, a bad query) is a bug and stays as it is.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import DatabaseError, OperationalError

from domain.collection import describe
from domain.errors import StoreUnavailable

C = TypeVar("C", bound=type)


def unavailable(exc: BaseException) -> StoreUnavailable | None:
    """The fault as StoreUnavailable, or None when it is not a fault of the database."""
    if isinstance(exc, OperationalError) or type(exc) is DatabaseError:
        cause = exc.orig if isinstance(exc, DatabaseError) and exc.orig else exc
        return StoreUnavailable(f"database unavailable: {describe(cause)}")
    return None


def translating_faults(cls: C) -> C:
    """Every public method of `cls` raises StoreUnavailable for a database fault."""
    for name, method in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            setattr(cls, name, _translated(method))
    return cls


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def translated(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (OperationalError, DatabaseError) as exc:
            fault = unavailable(exc)
            if fault is None:
                raise
            raise fault from exc

    return translated
