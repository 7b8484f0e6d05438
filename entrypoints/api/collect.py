"""POST /api/v1/admin/collect: ask the collector for a cycle, from any API process.

The request goes through the database to whichever process holds the collector lease
(application.collect_requests); this process never runs the cycle itself, unless it is
that holder (`serve`).

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import Depends, HTTPException, status
from fastapi.responses import JSONResponse

from application.collect_requests import CollectRequests
from domain.lease import Requested
from entrypoints.api.admin import require_admin
from entrypoints.api.routes import v1_router
from entrypoints.api.schemas import ErrorOut, TriggerOut
from entrypoints.container import Container

router = v1_router()

NO_COLLECTOR = (
    "no collector is running: no process holds the collector lease; start "
    "`redditpulse scheduler` (or `redditpulse serve`) on this database"
)


@router.post(
    "/admin/collect",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=TriggerOut,
    dependencies=[Depends(require_admin)],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        409: {"model": TriggerOut, "description": "a cycle runs or was asked for: its id"},
        503: {"model": ErrorOut, "description": "no collector, or the database is unavailable"},
    },
)
@inject
async def trigger_collection(
    requests: Annotated[CollectRequests, Depends(Provide[Container.collect_requests])],
) -> JSONResponse:
    """Ask for a collection cycle now. 202: asked for, under the `cycle_id` it will have
    (the collector starts it within about a second); 409: a cycle is running or was asked
    for already, and `cycle_id` is that one."""
    asked = await requests.request()
    if asked.outcome is Requested.NO_COLLECTOR or asked.cycle_id is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, NO_COLLECTOR)
    code = 202 if asked.outcome is Requested.ACCEPTED else 409
    body = TriggerOut(cycle_id=asked.cycle_id, status=asked.outcome.value)
    return JSONResponse(body.model_dump(), status_code=code)
