"""A process pool that heals: a dead worker's pool is replaced and its call retried once.

A ProcessPoolExecutor whose worker dies (killed, out of memory) is broken for good: every
later call fails with BrokenProcessPool. An unattended monitor must not stop working for
that, so this executor starts a new pool in its place and runs again, once, each call the
dead one had in hand. A call that breaks a second pool too is failed, not retried forever.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
RETRIES = 1


class RespawningProcessPool(Executor):
    def __init__(self, new_pool: Callable[[], ProcessPoolExecutor], name: str) -> None:
        self._new_pool = new_pool
        self._name = name
        self._lock = threading.Lock()
        self._pool = new_pool()
        self._closed = False
        self._pending = 0  # submitted, not yet finished; done callbacks run in other threads
        self.respawns = 0

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        outer: Future[T] = Future()
        with self._lock:
            self._pending += 1
        outer.add_done_callback(self._finished)
        self._run(outer, functools.partial(fn, *args, **kwargs), RETRIES)
        return outer

    def pending(self) -> int:
        """Calls submitted and not finished yet: queued, running, or being retried."""
        with self._lock:
            return self._pending

    def processes(self) -> list[BaseProcess]:
        """The current pool's worker processes (private to ProcessPoolExecutor; 3.14 adds
        terminate_workers)."""
        with self._lock:
            return list((self._pool._processes or {}).values())

    def down(self) -> bool:
        """A worker has died and no call has replaced it yet."""
        return any(not process.is_alive() for process in self.processes())

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
            pool = self._pool
        pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    def _finished(self, _: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    def _run(self, outer: Future[T], call: Callable[[], T], retries: int) -> None:
        with self._lock:
            pool = self._pool
        try:
            inner = pool.submit(call)
        except BrokenProcessPool:
            self._replace(pool)
            return self._run(outer, call, retries)
        except RuntimeError as exc:  # shut down meanwhile
            outer.set_exception(exc)
            return None
        inner.add_done_callback(lambda done: self._settle(outer, call, retries, pool, done))
        outer.add_done_callback(lambda f: inner.cancel() if f.cancelled() else None)

    def _settle(
        self,
        outer: Future[T],
        call: Callable[[], T],
        retries: int,
        pool: ProcessPoolExecutor,
        inner: Future[Any],
    ) -> None:
        if outer.done():
            return
        if inner.cancelled():
            outer.cancel()
            return
        error = inner.exception()
        if isinstance(error, BrokenProcessPool) and not self._closed:
            self._replace(pool)
            if retries > 0:
                log.warning("%s: a worker process died; its call runs again", self._name)
                self._run(outer, call, retries - 1)
                return
        if error is not None:
            outer.set_exception(error)
        else:
            outer.set_result(inner.result())

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is not broken or self._closed:
                return  # already replaced by another call's callback
            self._pool = self._new_pool()
            self.respawns += 1
        log.warning("%s: a worker process died; started a new one", self._name)
        broken.shutdown(wait=False, cancel_futures=True)
