"""GET /api/v1/export/items.csv: every selected item with its sentiment, streamed as CSV.

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.types import Send

from application.export import ItemExport
from domain.errors import StoreUnavailable
from domain.export import MAX_HOURS, ItemSelection
from domain.model import Comment, Kind, Post
from domain.ports import TopicsPort
from domain.topics import MAX_NAME, InvalidTopic, Topic
from entrypoints.api.routes import SubredditQuery
from entrypoints.api.schemas import ErrorOut, InvalidRequestOut
from entrypoints.container import Container
from entrypoints.export_rows import csv_header, csv_rows, kinds_named

log = logging.getLogger(__name__)


def _json(description: str, model: type[BaseModel]) -> dict[str, Any]:
    """An error answer, JSON as every error is: with `model`, FastAPI would document it
    as the route's own type (text/csv). The schema is registered by the other routes."""
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


router = APIRouter(
    prefix="/api/v1",
    responses={
        422: _json("invalid request", InvalidRequestOut),
        503: _json("the database is unavailable", ErrorOut),
    },
)


class CsvStream(StreamingResponse):
    """A CSV body sent as it is made. A database fault after the first page ends the
    response without its last chunk: the client sees it cut short, never a file that
    merely looks complete, and the log has one line."""

    media_type = "text/csv"

    async def stream_response(self, send: Send) -> None:
        start = {"type": "http.response.start", "status": self.status_code}
        await send({**start, "headers": self.raw_headers})
        try:
            async for chunk in self.body_iterator:
                assert isinstance(chunk, bytes)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except StoreUnavailable as exc:
            log.warning("export cut short: %s", exc)
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})


@router.get(
    "/export/items.csv",
    response_class=CsvStream,
    responses={
        200: {
            "description": "a header row, then one row per item, oldest first",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        404: _json("no tracked topic of that name", ErrorOut),
    },
)
@inject
async def export_items(
    export: Annotated[ItemExport, Depends(Provide[Container.item_export])],
    topics: Annotated[TopicsPort, Depends(Provide[Container.store])],
    subreddit: SubredditQuery,
    hours: Annotated[
        int | None,
        Query(ge=1, le=MAX_HOURS, description="items created in the last N hours; none: all"),
    ] = None,
    kind: Annotated[
        Literal["post", "comment"] | None, Query(description="one kind only; none: both")
    ] = None,
    topic: Annotated[
        str | None,
        Query(max_length=MAX_NAME, description="only items mentioning this tracked topic"),
    ] = None,
) -> CsvStream:
    key = None
    if topic:  # `topic=` as the README writes it: every item
        try:
            key = Topic.of(topic, ()).key
        except InvalidTopic:  # no topic can have an unusable name
            key = ""
        if not any(t.key == key for t in await topics.topics()):
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no topic named {topic!r}")
    selection = export.selection(subreddit, kinds_named(kind), hours, key)
    pages = export.pages(selection)
    # The first page before the answer starts: a database fault now is a 503, not a cut.
    first: list[Post | Comment] = await anext(pages, [])
    return CsvStream(
        _csv(first, pages),
        headers={"Content-Disposition": f'attachment; filename="{_file_name(selection, hours)}"'},
    )


async def _csv(
    first: list[Post | Comment], rest: AsyncIterator[list[Post | Comment]]
) -> AsyncIterator[bytes]:
    yield csv_header() + csv_rows(first)
    async for page in rest:
        yield csv_rows(page)


def _file_name(selection: ItemSelection, hours: int | None) -> str:
    """e.g. redditpulse-python-24h-20261130T0400Z.csv: what, how far back, when."""
    parts = ["redditpulse", (selection.subreddit or "all").lower()]
    if len(selection.kinds) == 1:
        parts.append("posts" if selection.kinds[0] is Kind.POSTS else "comments")
    if hours is not None:
        parts.append(f"{hours}h")
    assert selection.until is not None
    parts.append(f"{selection.until:%Y%m%dT%H%MZ}")
    return "-".join(parts) + ".csv"
