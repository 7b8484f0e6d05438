"""The API keeps answering while a cycle blocks on Reddit (PRAW blocks; the loop must not)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import httpx

from domain.model import Budget, Kind, Page
from domain.ports import RedditPort
from entrypoints.container import Container
from tests.fakes import make_post

BLOCK_S = 0.5
# Generous: an idle health check takes a few milliseconds, a blocked loop BLOCK_S; a
# loaded machine once stretched one check to 107 ms (of 85), so half of BLOCK_S.
BOUND_S = BLOCK_S / 2


class BlockingReddit:
    """Synchronous, like PRAW: each call holds its thread for BLOCK_S."""

    def __init__(self) -> None:
        self.calls = 0

    def listing(self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int) -> Page:
        self.calls += 1
        time.sleep(BLOCK_S)
        posts = [make_post(subreddits[0])] if kind is Kind.POSTS else []
        return Page(posts=posts, comments=[], after=None, budget=Budget())

    def info(self, fullnames: Sequence[str]) -> Page:
        raise AssertionError("not expected in this test")


class OnTheLoop:
    """The mistake the design forbids: calling blocking PRAW straight from a coroutine."""

    def __init__(self, blocking: BlockingReddit) -> None:
        self._blocking = blocking

    async def listing(
        self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int
    ) -> Page:
        return self._blocking.listing(kind, subreddits, after, limit)

    async def info(self, fullnames: Sequence[str]) -> Page:
        return self._blocking.info(fullnames)


# The container takes any override: mypy checks here that this one is a RedditPort.
_on_the_loop: type[RedditPort] = OnTheLoop


async def health_during_a_cycle(
    client: httpx.AsyncClient, container: Container
) -> tuple[list[float], int]:
    """Health latencies, sampled from the start of a cycle until it has ended; and how
    many of the answers showed that cycle running."""
    runner = container.runner()
    cycle = asyncio.create_task(runner.run_once("manual"))
    await asyncio.sleep(0)  # the cycle has started
    started = runner.running_cycle_id
    latencies, saw_running = [], 0
    while runner.running_cycle_id is not None:
        t0 = time.perf_counter()
        response = await client.get("/api/v1/health")
        latencies.append(time.perf_counter() - t0)
        saw_running += response.json()["running_cycle_id"] == started
        await asyncio.sleep(0.02)
    await cycle
    return latencies, saw_running


async def test_health_answers_fast_while_a_blocking_cycle_runs(
    container: Container, client: httpx.AsyncClient
) -> None:
    blocking = BlockingReddit()
    container.reddit.reset_override()
    container.sync_reddit.override(blocking)  # the real Offloaded + 1-thread executor wrap it
    # container.reddit was built before the override: rebuild it around the blocking adapter.
    container.reddit.reset()
    container.cycle_service.reset()
    container.runner.reset()

    latencies, saw_running = await health_during_a_cycle(client, container)

    assert blocking.calls == 4, "two subreddits, a posts and a comments listing each"
    assert saw_running >= 20, "the checks must have happened while the cycle ran"
    assert max(latencies) < BOUND_S, f"health latencies {latencies}"


async def test_control_blocking_on_the_loop_is_caught(
    container: Container, client: httpx.AsyncClient
) -> None:
    """Proof the test above can fail: without the executor, health waits for Reddit."""
    container.reddit.override(OnTheLoop(BlockingReddit()))
    container.cycle_service.reset()
    container.runner.reset()

    latencies, _ = await health_during_a_cycle(client, container)

    assert max(latencies) >= BLOCK_S * 0.9, f"health latencies {latencies}"
