"""GET /api/v1/health: is the service well, and if not, why (each reason in one line).

"degraded" with reasons whenever something needs a person; 503 only when the database
cannot be read. Answered from its own connection, never behind other reads.

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

import time
from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import JSONResponse

from adapters.respawning_pool import RespawningProcessPool
from application.collection import CollectionRunner
from application.health import Expectations, HealthState, newest, reasons
from application.queries import Queries
from domain.collection import utcnow
from entrypoints.api.schemas import (
    CollectorHealth,
    CycleOut,
    DatabaseHealth,
    HealthOut,
    RedditHealth,
    SchedulerHealth,
)
from entrypoints.container import Container
from entrypoints.settings import Settings

router = APIRouter(prefix="/api/v1")


def reddit_health(settings: Settings, state: HealthState) -> RedditHealth:
    last = state.last_cycle
    return RedditHealth(
        configured=settings.demo or settings.reddit_configured,
        mode="simulated"
        if settings.demo
        else "reddit"
        if settings.reddit_configured
        else "not configured",
        missing_settings=[] if settings.demo else settings.missing_reddit_settings,
        requests_last_cycle=last.requests_made if last else None,
        budget_remaining=last.budget_remaining if last else None,
    )


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
@inject
async def health(
    request: Request,
    queries: Annotated[Queries, Depends(Provide[Container.queries])],
    settings: Annotated[Settings, Depends(Provide[Container.settings])],
    runner: Annotated[CollectionRunner, Depends(Provide[Container.runner])],
    container: Annotated[Container, Depends(Provide[Container])],
) -> JSONResponse:
    stored = await queries.health()
    ran_here = runner.finished_cycles()
    # This process's own record of a cycle is the newer one (the database may have
    # refused it).
    last = newest([ran_here[0] if ran_here else None, stored.last_cycle])
    if ran_here and stored.last_cycle and ran_here[0].id == stored.last_cycle.id:
        last = ran_here[0]
    state = HealthState(stored.store, last, stored.last_success_at, stored.collector)
    reddit = reddit_health(settings, state)
    now = utcnow()
    board = stored.collector if stored.collector and stored.collector.live(now) else None
    lease = container.collector_lease()
    helpers = {
        "collector": container.collector_executor(),
        "scoring": container.sentiment_executor(),
    }
    expect = Expectations(
        started_at=request.app.state.started_at,
        collect_every=settings.collection_interval,
        reddit_problem=None
        if reddit.configured
        else "Reddit is not configured: set " + " and ".join(reddit.missing_settings),
        helpers_down=[
            name
            for name, pool in helpers.items()
            if isinstance(pool, RespawningProcessPool) and pool.down()
        ],
    )
    found = reasons(state, expect, now)
    body = HealthOut(
        status="degraded" if found else "ok",
        reasons=found,
        database=DatabaseHealth(ok=stored.store.readable, writable=stored.store.writable),
        scheduler=SchedulerHealth(
            running=board is not None, next_run_at=board.next_run_at if board else None
        ),
        collector=CollectorHealth(
            holder=board.holder if board else None,
            here=board is not None and board.holder == lease.holder,
            lease_expires_at=board.expires_at if board else None,
            requested_cycle_id=board.requested_cycle_id if board else None,
        ),
        reddit=reddit,
        last_cycle=CycleOut.model_validate(last) if last else None,
        # The board's, as every process sees it; this process's own while the database
        # cannot say.
        running_cycle_id=board.running_cycle_id if board else runner.running_cycle_id,
        uptime_s=round(time.monotonic() - request.app.state.started_monotonic, 3),
    )
    readable = stored.store.readable
    faults = request.app.state.database_faults
    if readable and stored.store.problem is None and stored.store.writable:
        faults.recovered()
    else:
        faults.failed(stored.store.problem or "the database is read-only")
    code = status.HTTP_200_OK if readable else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(body.model_dump(mode="json"), status_code=code)
