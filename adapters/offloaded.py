"""Turn a synchronous adapter into its async port by running every call in an executor."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from typing import Any


class Offloaded:
    """Async facade over `target`: each public method runs in `executor`, never on the loop.

    Works with a thread pool (blocking I/O such as PRAW or SQLite) and with a process pool
    (CPU-bound work such as scoring); for a process pool, `target` and the arguments must
    pickle. It owns no business logic and not the executor's lifetime.
    """

    def __init__(self, target: object, executor: Executor) -> None:
        self._target = target
        self._executor = executor

    @property
    def target(self) -> object:
        return self._target

    # Typed as a coroutine function, like the ports' `async def`s, so an Offloaded passes for
    # any port: mypy checks no signature of the adapter it wraps.
    def __getattr__(self, name: str) -> Callable[..., Coroutine[Any, Any, Any]]:
        if name.startswith("_"):
            raise AttributeError(name)
        method = getattr(self._target, name)
        if not callable(method):
            raise AttributeError(f"{type(self._target).__name__}.{name} is not a method")

        @functools.wraps(method)
        async def offloaded(*args: Any, **kwargs: Any) -> Any:
            call = functools.partial(method, *args, **kwargs)
            return await asyncio.get_running_loop().run_in_executor(self._executor, call)

        # Cache so later lookups skip __getattr__ and the closure is built once.
        setattr(self, name, offloaded)
        return offloaded

    def __repr__(self) -> str:
        return f"Offloaded({self._target!r}, {type(self._executor).__name__})"
