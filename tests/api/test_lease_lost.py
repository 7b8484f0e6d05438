"""A collecting process that loses the collector lease (it stalled past the lease's length
and another process took it) stops collecting at once, stands by, and collects again
once the lease is free."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import update

from adapters.sql.engine import make_engine
from adapters.sql.tables import leases
from domain.collection import utcnow
from domain.lease import COLLECTOR
from entrypoints.container import Container
from entrypoints.settings import Settings
from tests.api.conftest import collecting_app
from tests.api.test_admin_and_health import until


async def test_a_lost_lease_stops_collecting_until_it_is_taken_back(
    settings: Settings, container: Container, admin: dict[str, str]
) -> None:
    settings.collector_lease_seconds = 3  # renewed every second
    settings.initial_collection_delay_seconds = 3600  # cycles only when asked for
    async with collecting_app(container) as client:
        here = await until(client, lambda body: body["collector"]["here"])
        me = here["collector"]["holder"]

        # Another process takes the lease over, as if this one had stalled past its length.
        engine = make_engine(settings.database_url)
        with engine.begin() as conn:
            conn.execute(
                update(leases)
                .where(leases.c.name == COLLECTOR)
                .values(holder="thief:1:x", expires_at=utcnow() + timedelta(seconds=4))
            )
        engine.dispose()
        stolen = await until(client, lambda body: body["collector"]["holder"] == "thief:1:x")
        assert stolen["collector"]["here"] is False
        lease = container.collector_lease()
        for _ in range(300):  # it notices at its next renewal, within a second
            if not lease.held:
                break
            await asyncio.sleep(0.01)
        assert lease.held is False
        await asyncio.sleep(0.1)
        assert container.scheduler().status()["running"] is False, "it stopped collecting"

        # The thief never renews: this process takes the lease back and collects again.
        back = await until(client, lambda body: body["collector"]["holder"] == me, seconds=15)
        assert back["collector"]["here"] is True and back["scheduler"]["running"] is True
        asked = await client.post("/api/v1/admin/collect", headers=admin)
        assert asked.status_code == 202, asked.text
        cycle_id = asked.json()["cycle_id"]
        await until(client, lambda body: (body["last_cycle"] or {}).get("id") == cycle_id)
        await until(client, lambda body: body["running_cycle_id"] is None)
        cycles = (await client.get("/api/v1/collections")).json()["items"]
        assert [(c["id"], c["status"]) for c in cycles] == [(cycle_id, "succeeded")]
