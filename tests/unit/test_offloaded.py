"""Offloaded runs each call of a synchronous adapter in the executor it is given."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from adapters.offloaded import Offloaded
from adapters.vader import VaderSentiment


class Where:
    label = "not a method"

    def thread(self) -> str:
        return threading.current_thread().name

    def pid(self) -> int:
        return os.getpid()

    def nap(self, seconds: float) -> float:
        time.sleep(seconds)
        return seconds

    def fail(self) -> None:
        raise ValueError("from the adapter")


async def test_calls_run_in_the_thread_pool_not_on_the_loop() -> None:
    with ThreadPoolExecutor(1, thread_name_prefix="reddit") as pool:
        where = Offloaded(Where(), pool)
        assert (await where.thread()).startswith("reddit")


async def test_the_loop_keeps_running_while_a_call_blocks() -> None:
    with ThreadPoolExecutor(1) as pool:
        where = Offloaded(Where(), pool)
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        assert await where.nap(0.3) == 0.3
        ticker.cancel()
        assert ticks >= 3, "the loop ran on while the call blocked its thread"


async def test_a_process_pool_runs_calls_in_another_process() -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        assert await Offloaded(Where(), pool).pid() != os.getpid()
        vader = Offloaded(VaderSentiment(), pool)
        [happy, sad] = await vader.score_many(["I love this!", "I hate this."])
        assert happy.compound > 0.5 and sad.compound < -0.5


async def test_errors_reach_the_caller() -> None:
    with ThreadPoolExecutor(1) as pool, pytest.raises(ValueError, match="from the adapter"):
        await Offloaded(Where(), pool).fail()


def test_only_public_methods_are_offered() -> None:
    with ThreadPoolExecutor(1) as pool:
        where = Offloaded(Where(), pool)
        with pytest.raises(AttributeError, match="not a method"):
            _ = where.label
        with pytest.raises(AttributeError):
            _ = where._secret
        with pytest.raises(AttributeError):
            _ = where.missing
