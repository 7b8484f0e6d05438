"""Holding the collector lease: a process collects only while it holds it, so that of the
schedulers sharing a database exactly one collects and the others stand by."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from application.job_failures import JobFailures
from domain.collection import utcnow
from domain.errors import StoreUnavailable
from domain.lease import COLLECTOR
from domain.ports import LeasePort

log = logging.getLogger(__name__)


def holder_name() -> str:
    """Who this process is, readable in the lease row: host, pid and a unique suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class CollectorLease:
    """Taken before collecting and renewed every third of its length; a standby that
    finds it expired (its holder died) takes it over."""

    def __init__(
        self,
        port: LeasePort,
        length: timedelta = timedelta(seconds=30),
        holder: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        failures: JobFailures | None = None,
    ) -> None:
        self._port = port
        # Shared with the Collector: a database that is down is one line, not one a second.
        self.failures = failures or JobFailures(log, "collector")
        self.length = length
        self.holder = holder or holder_name()
        self._clock = clock
        self._seen: str | None = None  # the other holder last logged
        self.held = False  # as of the last attempt to take or renew it

    @property
    def every_s(self) -> float:
        return self.length.total_seconds() / 3

    async def take(self) -> bool:
        """Take or renew it; False while another process holds it (or the database
        cannot be reached: then nobody can renew, and it will expire)."""
        now = self._clock()
        started = time.monotonic()
        try:
            state = await self._port.acquire_lease(COLLECTOR, self.holder, now, now + self.length)
        except StoreUnavailable as exc:
            self.failures.failed(exc)
            self.held = False
            return False
        self.failures.worked()
        took = time.monotonic() - started
        if took > self.every_s:  # the database kept it waiting: a lease shorter than this fails
            log.warning("taking or renewing the collector lease took %.1f s", took)
        self.held = state.held_by(self.holder, self._clock())
        if self.held:
            return True
        if state.holder != self._seen:
            log.info("standing by: %s collects (lease until %s)", state.holder, state.expires_at)
            self._seen = state.holder
        return False

    async def wait_for_it(self, stop: asyncio.Event) -> bool:
        """Until it is taken (True) or `stop` is set (False)."""
        while not stop.is_set():
            if await self.take():
                log.info("collector lease taken by %s", self.holder)
                return True
            await _wait(stop, self.every_s)
        return False

    async def keep(self, stop: asyncio.Event) -> None:
        """Renew it until `stop` is set; return early if it was lost."""
        while not await _wait(stop, self.every_s):
            if not await self.take():
                log.error("collector lease lost: another process collects now")
                return

    async def release(self) -> None:
        self.held = False
        try:
            await self._port.release_lease(COLLECTOR, self.holder, self._clock())
        except StoreUnavailable as exc:  # it expires by itself
            log.warning("collector lease not released: %s", exc)


async def _wait(stop: asyncio.Event, seconds: float) -> bool:
    """Whether `stop` was set within `seconds`."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True
