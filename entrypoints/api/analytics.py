"""Routes of sentiment over time and tracked topics.

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from typing import Annotated, Literal

from dependency_injector.wiring import Provide, inject
from fastapi import Body, Depends, HTTPException, Path, Query, Response, status

from application.analytics import Analytics, UnknownTopic
from domain.model import Comment, Post
from domain.series import MAX_HOURS, Bucket, Counts
from domain.topics import MAX_NAME, InvalidTopic, TopicState
from entrypoints.api.admin import require_admin
from entrypoints.api.analytics_schemas import (
    MentionOut,
    PointOut,
    SeriesOut,
    TopicDetailOut,
    TopicIn,
    TopicList,
    TopicOut,
)
from entrypoints.api.errors import invalid
from entrypoints.api.routes import SubredditQuery, v1_router
from entrypoints.api.schemas import ErrorOut, SentimentOut
from entrypoints.container import Container

router = v1_router()

AnalyticsDep = Annotated[Analytics, Depends(Provide[Container.analytics])]
WindowQuery = Annotated[
    int, Query(ge=1, le=MAX_HOURS, description="whole UTC hours, the current one included")
]
TopicName = Annotated[
    str,
    Path(max_length=MAX_NAME, pattern=r"\S", description="the topic's name, any case"),
]
ADMIN_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
}


@router.get("/sentiment/timeseries", response_model=SeriesOut, responses={404: {"model": ErrorOut}})
@inject
async def timeseries(
    analytics: AnalyticsDep,
    subreddit: SubredditQuery,
    topic: Annotated[
        str | None, Query(max_length=MAX_NAME, description="a tracked topic's mentions only")
    ] = None,
    hours: WindowQuery = 168,
    bucket: Annotated[Literal["hour", "day"], Query(description="UTC hours or days")] = "hour",
) -> SeriesOut:
    topic = topic or None  # `?topic=` as the README writes it: every item
    try:
        points = await analytics.timeseries(subreddit, topic, hours, Bucket(bucket))
    except (InvalidTopic, UnknownTopic):  # no topic can have an unusable name
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no topic named {topic!r}") from None
    return SeriesOut(
        subreddit=subreddit,
        topic=topic,
        bucket=bucket,
        hours=hours,
        items=[PointOut(start=p.start, **_counts(p.counts)) for p in points],
    )


@router.get("/topics", response_model=TopicList)
@inject
async def topics(analytics: AnalyticsDep, hours: WindowQuery = 24) -> TopicList:
    states = await analytics.topics(hours)
    return TopicList(hours=hours, items=[_topic(state) for state in states])


@router.get("/topics/{name}", response_model=TopicDetailOut, responses={404: {"model": ErrorOut}})
@inject
async def topic(
    analytics: AnalyticsDep,
    name: TopicName,
    hours: WindowQuery = 24,
    recent: Annotated[int, Query(ge=0, le=200, description="latest mentions to list")] = 20,
) -> TopicDetailOut:
    try:
        found = await analytics.topic(name, hours, recent)
    except (InvalidTopic, UnknownTopic):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no topic named {name!r}") from None
    mentions = [_mention(item) for item in found.recent]
    return TopicDetailOut(**dict(_topic(found.state)), hours=hours, recent=mentions)


@router.put(
    "/admin/topics/{name}",
    response_model=TopicOut,
    dependencies=[Depends(require_admin)],
    responses={
        201: {"model": TopicOut, "description": "created"},
        400: {"model": ErrorOut, "description": "the body cannot be read as JSON"},
        **ADMIN_ERRORS,
    },
)
@inject
async def put_topic(
    analytics: AnalyticsDep,
    name: TopicName,
    response: Response,
    body: Annotated[TopicIn, Body()],
) -> TopicOut:
    """Create the topic or replace its aliases. Stored history is matched against it in
    the background (see `matching` in GET /topics); new items as they are stored."""
    try:
        stored, created = await analytics.put_topic(name, body.aliases)
    except InvalidTopic as exc:
        raise invalid("body", "aliases", str(exc)) from None
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    states = [s for s in await analytics.topics(24) if s.topic.key == stored.key]
    return _topic(states[0]) if states else _topic(TopicState(stored, Counts(), False, 0.0))


@router.delete(
    "/admin/topics/{name}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_admin)],
    responses={404: {"model": ErrorOut}, **ADMIN_ERRORS},
)
@inject
async def delete_topic(analytics: AnalyticsDep, name: TopicName) -> Response:
    try:
        await analytics.delete_topic(name)
    except (InvalidTopic, UnknownTopic):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no topic named {name!r}") from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _counts(counts: Counts) -> dict[str, object]:
    return {
        "items": counts.items,
        "posts": counts.posts,
        "comments": counts.comments,
        "positive": counts.positive,
        "neutral": counts.neutral,
        "negative": counts.negative,
        "mean_compound": counts.mean_compound,
    }


def _topic(state: TopicState) -> TopicOut:
    return TopicOut(
        name=state.topic.name,
        aliases=list(state.topic.aliases),
        mentions=state.counts.items,
        low_sample=state.low_sample,
        matching="done" if state.matching_done else "running",
        progress=round(state.progress, 4),
        **_counts(state.counts),
    )


def _mention(item: Post | Comment) -> MentionOut:
    sentiment = None if item.sentiment is None else SentimentOut.model_validate(item.sentiment)
    if isinstance(item, Post):
        return MentionOut(
            kind="post", id=item.id, post_id=item.id, subreddit=item.subreddit,
            title=item.title, body=item.body, author=item.author, score=item.score,
            created_utc=item.created_utc, permalink=item.permalink, sentiment=sentiment,
        )  # fmt: skip
    link = f"https://www.reddit.com/r/{item.subreddit}/comments/{item.post_id}/_/{item.id}/"
    return MentionOut(
        kind="comment", id=item.id, post_id=item.post_id, subreddit=item.subreddit,
        title=None, body=item.body, author=item.author, score=item.score,
        created_utc=item.created_utc, permalink=link, sentiment=sentiment,
    )  # fmt: skip
