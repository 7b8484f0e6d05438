"""Routes of /api/v1.

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from dataclasses import asdict
from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from application.collection import CollectionRunner
from application.queries import Queries
from domain.errors import StoreUnavailable
from domain.subreddits import WRITTEN, subreddit_name
from entrypoints.api import cursors
from entrypoints.api.errors import invalid
from entrypoints.api.schemas import (
    CommentOut,
    CycleList,
    ErrorOut,
    InvalidRequestOut,
    PostDetailOut,
    PostList,
    PostOut,
    StatsOut,
    SubredditList,
)
from entrypoints.container import Container


def v1_router() -> APIRouter:
    """A router of /api/v1 whose routes document the API's own 422 body (FastAPI's default
    says otherwise: entrypoints.api.errors) and the 503 of a database that is down."""
    return APIRouter(
        prefix="/api/v1",
        responses={
            422: {"model": InvalidRequestOut, "description": "invalid request"},
            503: {"model": ErrorOut, "description": "the database is unavailable"},
        },
    )


router = v1_router()

QueriesDep = Annotated[Queries, Depends(Provide[Container.queries])]


def subreddit_filter(
    subreddit: Annotated[
        str | None,
        Query(
            pattern=WRITTEN.pattern,
            description="subreddit name, case-insensitive, with or without r/; empty: all",
        ),
    ] = None,
) -> str | None:
    try:
        return None if subreddit is None else subreddit_name(subreddit)
    except ValueError as exc:
        raise invalid("query", "subreddit", str(exc)) from None


SubredditQuery = Annotated[str | None, Depends(subreddit_filter)]
HoursQuery = Annotated[int, Query(ge=1, le=720, description="look back this many hours")]
POST_ID = r"^(t3_)?[a-z0-9]{1,13}$"


@router.get("/posts/recent", response_model=PostList)
@inject
async def recent_posts(
    queries: QueriesDep,
    subreddit: SubredditQuery,
    hours: HoursQuery = 24,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> PostList:
    posts = await queries.recent_posts(subreddit, hours, limit)
    return PostList.model_validate({"items": posts})


@router.get(
    "/posts/{post_id}",
    response_model=PostDetailOut,
    responses={404: {"model": ErrorOut}},
)
@inject
async def get_post(
    queries: QueriesDep,
    post_id: Annotated[str, Path(pattern=POST_ID, description="Reddit id, with or without t3_")],
    comments_limit: Annotated[
        int, Query(ge=1, le=1000, description="comments per page, oldest first")
    ] = 200,
    comments_after: Annotated[
        str | None,
        Query(pattern=cursors.PATTERN, description="next_comments of the previous page"),
    ] = None,
) -> PostDetailOut:
    try:
        after = None if comments_after is None else cursors.decode(comments_after)
    except ValueError as exc:
        raise invalid("query", "comments_after", str(exc)) from None
    found = await queries.post_with_comments(post_id.removeprefix("t3_"), after, comments_limit)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no post with id '{post_id}'")
    post = PostOut.model_validate(found.post)
    comments = [CommentOut.model_validate(c) for c in found.comments]
    next_page = None if found.next is None else cursors.encode(found.next)
    return PostDetailOut(**dict(post), comments=comments, next_comments=next_page)


@router.get("/sentiment/stats", response_model=StatsOut)
@inject
async def sentiment_stats(
    queries: QueriesDep, subreddit: SubredditQuery, hours: HoursQuery = 24
) -> StatsOut:
    stats = await queries.sentiment_stats(subreddit, hours)
    return StatsOut.model_validate({"subreddit": subreddit, "hours": hours, **asdict(stats)})


@router.get("/subreddits", response_model=SubredditList)
@inject
async def subreddits(queries: QueriesDep) -> SubredditList:
    return SubredditList.model_validate({"items": await queries.subreddits()})


@router.get("/collections", response_model=CycleList)
@inject
async def collections(
    queries: QueriesDep,
    runner: Annotated[CollectionRunner, Depends(Provide[Container.runner])],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> CycleList:
    """The database's record, with this process's own account of the cycles it ran (newer,
    and there even when the database could not take it)."""
    try:
        stored = await queries.cycles(limit)
    except StoreUnavailable:
        stored = []
    merged = {cycle.id: cycle for cycle in stored}
    merged.update((cycle.id, cycle) for cycle in runner.finished_cycles())
    newest_first = sorted(merged.values(), key=lambda c: (c.started_at, c.id), reverse=True)
    return CycleList.model_validate({"items": newest_first[:limit]})
