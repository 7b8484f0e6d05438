"""How a job that runs every few minutes reports failing: once until it works again, a
fault of the database as one line, anything else (a bug) with its traceback."""

from __future__ import annotations

import logging

from domain.collection import describe
from domain.errors import StoreUnavailable


class JobFailures:
    def __init__(self, log: logging.Logger, stopped: str) -> None:
        self._log = log
        self._stopped = stopped  # e.g. "topic matching of stored history stopped"
        self._last: str | None = None  # the problem last logged

    def failed(self, exc: Exception) -> None:
        fault = isinstance(exc, StoreUnavailable)
        problem = str(exc) if fault else describe(exc)
        if problem != self._last:
            self._log.warning("%s: %s", self._stopped, problem, exc_info=not fault)
        self._last = problem

    def worked(self) -> None:
        self._last = None
