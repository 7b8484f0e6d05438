"""Admin trigger (auth, single-flight) and health."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.offloaded import Offloaded
from adapters.sql.engine import make_engine
from adapters.sql.store import SqlStore
from application.queries import Queries
from domain.model import CollectionCycle
from entrypoints.api.admin import DISABLED
from entrypoints.api.collect import NO_COLLECTOR
from entrypoints.container import Container
from entrypoints.settings import Settings
from tests.api.conftest import ADMIN_TOKEN
from tests.fakes import FakeReddit, FakeRepository


async def test_trigger_asks_the_collector_for_a_cycle_then_409_while_it_runs(
    collecting_client: httpx.AsyncClient, admin: dict[str, str], fake_reddit: FakeReddit
) -> None:
    client = collecting_client
    fake_reddit.release = asyncio.Event()
    first = await client.post("/api/v1/admin/collect", headers=admin)
    assert first.status_code == 202
    cycle_id = first.json()["cycle_id"]
    assert first.json() == {"cycle_id": cycle_id, "status": "requested"}

    second = await client.post("/api/v1/admin/collect", headers=admin)
    assert second.status_code == 409
    assert second.json()["cycle_id"] == cycle_id
    assert second.json()["status"] in ("already requested", "already running")
    health = await until(client, lambda body: body["running_cycle_id"] == cycle_id)
    assert health["collector"]["here"] is True
    assert health["collector"]["requested_cycle_id"] is None
    third = await client.post("/api/v1/admin/collect", headers=admin)
    assert (third.status_code, third.json()) == (
        409,
        {"cycle_id": cycle_id, "status": "already running"},
    )

    fake_reddit.release.set()
    await until(client, lambda body: body["running_cycle_id"] is None)
    [cycle] = (await client.get("/api/v1/collections")).json()["items"]
    assert (cycle["id"], cycle["status"], cycle["trigger"]) == (cycle_id, "succeeded", "manual")


async def test_trigger_without_a_collector_is_503_and_says_what_to_start(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    """An API-only process never runs a cycle: with no collector anywhere, nobody would."""
    response = await client.post("/api/v1/admin/collect", headers=admin)
    assert response.status_code == 503
    assert response.json() == {"detail": NO_COLLECTOR}
    assert "redditpulse scheduler" in NO_COLLECTOR
    health = (await client.get("/api/v1/health")).json()
    assert health["status"] == "degraded"
    assert any("nobody holds the collector lease" in reason for reason in health["reasons"])
    assert health["collector"] == {
        "holder": None,
        "here": False,
        "lease_expires_at": None,
        "requested_cycle_id": None,
    }


async def until(
    client: httpx.AsyncClient, condition: Callable[[dict[str, Any]], bool], seconds: float = 10
) -> dict[str, Any]:
    """Health's body once `condition` holds of it (within `seconds`)."""
    for _ in range(int(seconds / 0.02)):
        body: dict[str, Any] = (await client.get("/api/v1/health")).json()
        if condition(body):
            return body
        await asyncio.sleep(0.02)
    raise AssertionError(f"health never got there: {body}")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": ADMIN_TOKEN},
        {"Authorization": f"Basic {ADMIN_TOKEN}"},
    ],
)
async def test_trigger_needs_the_admin_token(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.post("/api/v1/admin/collect", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert ADMIN_TOKEN not in response.text
    assert "Bearer <ADMIN_TOKEN>" in response.json()["detail"]


async def test_admin_is_disabled_without_a_token(
    client: httpx.AsyncClient, settings: Settings, admin: dict[str, str]
) -> None:
    settings.admin_token = None
    response = await client.post("/api/v1/admin/collect", headers=admin)
    assert response.status_code == 403
    assert response.json() == {"detail": DISABLED}


async def test_trigger_rejects_get(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    assert (await client.get("/api/v1/admin/collect", headers=admin)).status_code == 405


async def test_health_when_all_is_well(
    collecting_client: httpx.AsyncClient, container: Container, fake_reddit: FakeReddit
) -> None:
    client = collecting_client
    fake_reddit.budget = 500
    await container.runner().run_once("test")
    body = (await client.get("/api/v1/health")).json()
    # Two new subreddits: one posts page and one comments page each.
    assert (body["reddit"]["requests_last_cycle"], body["reddit"]["budget_remaining"]) == (4, 496)
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "writable": True}
    assert body["reasons"] == []
    assert body["reddit"]["configured"] is True and body["reddit"]["mode"] == "reddit"
    assert body["scheduler"]["running"] is True
    next_run = datetime.fromisoformat(body["scheduler"]["next_run_at"])
    assert timedelta(minutes=59) < next_run - datetime.now(UTC) <= timedelta(hours=1)
    holder = container.collector_lease().holder
    assert body["collector"]["holder"] == holder and body["collector"]["here"] is True
    assert body["running_cycle_id"] is None
    assert body["last_cycle"]["status"] == "succeeded"
    assert body["uptime_s"] >= 0


async def test_health_without_reddit_credentials(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    settings.reddit_client_id = None
    settings.reddit_client_secret = None
    response = await client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["reddit"] == {
        "configured": False,
        "mode": "not configured",
        "missing_settings": ["REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"],
        "requests_last_cycle": None,
        "budget_remaining": None,
    }


async def test_health_is_503_when_the_database_is_unreachable(
    client: httpx.AsyncClient, container: Container, tmp_path: Path
) -> None:
    unreachable = SqlStore(make_engine(f"sqlite:///{tmp_path}"))  # a directory: cannot open
    with (
        ThreadPoolExecutor(1) as pool,
        container.queries.override(Queries(FakeRepository(), Offloaded(unreachable, pool))),
    ):
        response = await client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "writable": False}


async def test_unexpected_errors_are_json_500_without_traceback(
    client: httpx.AsyncClient, container: Container
) -> None:
    class Broken(FakeRepository):
        async def recent_cycles(self, limit: int) -> list[CollectionCycle]:
            raise RuntimeError("secret internals")

    with container.queries.override(Queries(Broken(), Broken())):
        response = await client.get("/api/v1/collections")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error: the server logged it"}
    assert "secret internals" not in response.text


async def test_health_answers_while_every_store_thread_is_held_by_slow_reads(
    client: httpx.AsyncClient, container: Container, settings: Settings
) -> None:
    release = threading.Event()
    store_threads = container.store_executor()
    for _ in range(settings.store_threads):  # every thread that serves reads is busy
        store_threads.submit(release.wait, 30)
    try:
        response = await asyncio.wait_for(client.get("/api/v1/health"), timeout=10)
    finally:
        release.set()
    assert response.status_code == 200
    assert response.json()["database"] == {"ok": True, "writable": True}
