"""GET /metrics: Prometheus text, out of the OpenAPI document (it is not the JSON API).

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from datetime import datetime
from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, FastAPI, Response
from starlette.concurrency import run_in_threadpool

from adapters.metrics.exposition import CONTENT_TYPE, MetricsRegistry
from adapters.metrics.last_success import LastSuccess
from adapters.metrics.lease import LeaseHolder
from adapters.metrics.pool import PoolCollector
from adapters.metrics.scoring_queue import ScoringQueueCollector
from application.lease import CollectorLease
from domain.collection import utcnow
from domain.errors import StoreUnavailable
from domain.lease import COLLECTOR, LeaseState
from domain.ports import HealthPort
from entrypoints.api.http_metrics import HttpMetrics
from entrypoints.container import Container

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
@inject
async def metrics(
    registry: Annotated[MetricsRegistry, Depends(Provide[Container.metrics_registry])],
    pools: Annotated[PoolCollector, Depends(Provide[Container.pool_metrics])],
    queue: Annotated[ScoringQueueCollector, Depends(Provide[Container.scoring_queue_metrics])],
    health: Annotated[HealthPort, Depends(Provide[Container.health_store])],
    lease: Annotated[CollectorLease, Depends(Provide[Container.collector_lease])],
) -> Response:
    # Health's own thread and connection: a scrape never waits behind slow reads.
    last_success, board = await _from_database(health)
    holder = LeaseHolder(board, lease.holder, utcnow())
    # In a thread: in multiprocess mode, this reads every process's files.
    own = [pools, queue, LastSuccess(last_success), holder]
    body = await run_in_threadpool(registry.exposition, own)
    return Response(content=body, media_type=CONTENT_TYPE)


async def _from_database(health: HealthPort) -> tuple[datetime | None, LeaseState | None]:
    """When a cycle last collected, and the collector lease."""
    try:
        return await health.last_success_at(), await health.lease(COLLECTOR)
    except StoreUnavailable:
        return None, None  # an unreadable database is health's to report: samples left out


def install(app: FastAPI, container: Container) -> None:
    """Adds /metrics and the HTTP request metrics to `app`."""
    app.include_router(router)
    app.add_middleware(HttpMetrics, metrics=container.http_metrics())
