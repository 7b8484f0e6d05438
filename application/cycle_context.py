"""Which collection cycle the running code works for, so its log lines can say so.

A contextvar, not an argument: every log call below a cycle (domain, adapters) gets the id
without knowing about it, and the domain stays free of any logging framework. The
entrypoints' log filter reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

current_cycle_id: ContextVar[str | None] = ContextVar("current_cycle_id", default=None)


@contextmanager
def cycle_running(cycle_id: str) -> Iterator[None]:
    token = current_cycle_id.set(cycle_id)
    try:
        yield
    finally:
        current_cycle_id.reset(token)
