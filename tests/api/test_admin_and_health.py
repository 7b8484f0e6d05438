"""Admin trigger (auth, single-flight) and health."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from adapters.offloaded import Offloaded
from adapters.sql.engine import make_engine
from adapters.sql.store import SqlStore
from application.queries import Queries
from domain.model import CollectionCycle
from entrypoints.api.admin import DISABLED
from entrypoints.container import Container
from entrypoints.settings import Settings
from tests.api.conftest import ADMIN_TOKEN
from tests.fakes import FakeReddit, FakeRepository


async def test_trigger_starts_a_cycle_then_409_while_it_runs(
    client: httpx.AsyncClient, admin: dict[str, str], fake_reddit: FakeReddit, container: Container
) -> None:
    fake_reddit.release = asyncio.Event()
    first = await client.post("/api/v1/admin/collect", headers=admin)
    assert first.status_code == 202
    cycle_id = first.json()["cycle_id"]
    assert first.json() == {"cycle_id": cycle_id, "status": "running"}

    second = await client.post("/api/v1/admin/collect", headers=admin)
    assert second.status_code == 409
    assert second.json()["cycle_id"] == cycle_id

    fake_reddit.release.set()
    await container.runner().wait_idle()
    [cycle] = (await client.get("/api/v1/collections")).json()["items"]
    assert (cycle["id"], cycle["status"], cycle["trigger"]) == (cycle_id, "succeeded", "manual")


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
    client: httpx.AsyncClient, container: Container, fake_reddit: FakeReddit
) -> None:
    fake_reddit.budget = 500
    await container.runner().run_once("test")
    body = (await client.get("/api/v1/health")).json()
    # Two new subreddits: one posts page and one comments page each.
    assert (body["reddit"]["requests_last_cycle"], body["reddit"]["budget_remaining"]) == (4, 496)
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "writable": True}
    assert body["reasons"] == []
    assert body["reddit"]["configured"] is True and body["reddit"]["mode"] == "reddit"
    assert body["scheduler"] == {"running": False, "next_run_at": None}
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
