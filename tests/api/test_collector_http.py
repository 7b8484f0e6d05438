"""The scheduler's own endpoint, served in-process on a real port: /metrics as the API
answers it, /healthz, no signal handler of uvicorn's, and a port in use as a bad setting."""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from dependency_injector import providers

from entrypoints.collector_http import serve_collector_http
from entrypoints.container import Container
from entrypoints.settings_errors import UnusableSetting
from entrypoints.startup import prepare_database
from tests.fakes import FakeReddit, make_post
from tests.metrics_text import sample

HOST = "127.0.0.1"


class Queued:
    def pending(self) -> int:
        return 4


@pytest.fixture
def port() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        free: int = probe.getsockname()[1]
    yield free


@pytest.fixture
async def started(container: Container) -> AsyncIterator[Container]:
    container.init_resources()
    await prepare_database(container)
    yield container
    container.shutdown_resources()
    container.unwire()


async def get(url: str) -> httpx.Response:
    """The first request may come before uvicorn has started answering: retried a while."""
    async with httpx.AsyncClient(timeout=5) as client:
        for _ in range(100):
            try:
                return await client.get(url)
            except httpx.ConnectError:
                await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never answered")


async def test_metrics_and_healthz_are_served_until_stop_is_set(
    started: Container, port: int, fake_reddit: FakeReddit
) -> None:
    fake_reddit.add(make_post("python"))
    started.sentiment_executor.override(providers.Object(Queued()))
    collecting = False
    stop = asyncio.Event()
    serving = asyncio.create_task(
        serve_collector_http(started, HOST, port, stop, collecting=lambda: collecting)
    )
    base = f"http://{HOST}:{port}"
    health = await get(f"{base}/healthz")
    assert health.status_code == 200
    holder = started.collector_lease().holder
    assert health.json() == {"status": "ok", "collecting": False, "holder": holder}

    collecting = True
    await started.runner().run_once("test")
    assert (await get(f"{base}/healthz")).json()["collecting"] is True
    text = (await get(f"{base}/metrics")).text
    assert sample(text, "redditpulse_cycles_total", outcome="succeeded") == 1
    assert sample(text, "redditpulse_scoring_queue") == 4
    assert sample(text, "redditpulse_db_pool_checked_out", pool="store") is not None

    stop.set()
    await asyncio.wait_for(serving, 30)
    async with httpx.AsyncClient(timeout=5) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"{base}/healthz")


async def test_the_schedulers_signal_handlers_stay_in_place_while_serving(
    started: Container, port: int
) -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_collector_http(started, HOST, port, stop, lambda: True))
    assert (await get(f"http://{HOST}:{port}/healthz")).status_code == 200
    during = {sig: signal.getsignal(sig) for sig in before}
    stop.set()
    await asyncio.wait_for(serving, 30)
    assert during == before


async def test_a_port_in_use_is_a_bad_setting_raised_before_serving(
    started: Container, port: int
) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, port))
        taken.listen()
        with pytest.raises(UnusableSetting) as raised:
            _ = serve_collector_http(started, HOST, port, asyncio.Event(), lambda: True)
    message = str(raised.value)
    assert message.startswith(f"METRICS_PORT (or --metrics-port)={port}: cannot listen on ")
    assert "in use" in message and "\n" not in message


async def test_port_zero_serves_nothing(started: Container) -> None:
    await asyncio.wait_for(serve_collector_http(started, HOST, 0, asyncio.Event(), bool), 5)
