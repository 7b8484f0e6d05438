"""A one-process spawn pool that replaces its process when it dies, for the pool's tests."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from adapters.respawning_pool import RespawningProcessPool


@pytest.fixture
def pool() -> Iterator[RespawningProcessPool]:
    new_pool = functools.partial(
        ProcessPoolExecutor, max_workers=1, mp_context=get_context("spawn")
    )
    executor = RespawningProcessPool(new_pool, name="test")
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)
