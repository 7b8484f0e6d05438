"""The dashboard's pages: each renders its controls from the URL, and its script fills
the data in from the JSON API (and again on an interval, without reloading the page).

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from entrypoints.api.errors import invalid
from entrypoints.api.routes import SubredditQuery
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.web import windows
from entrypoints.web.rendering import templates
from entrypoints.web.windows import Window

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

SettingsDep = Annotated[Settings, Depends(Provide[Container.settings])]
WindowKey = Annotated[str | None, Query(max_length=8, description="a window such as 24h")]
TopicName = Annotated[str, Query(max_length=200, description="the topic whose mentions show")]


def chosen(offered: dict[str, Window], key: str | None, default: str) -> Window:
    """The window the URL names, or the view's default; a 422 naming the choices."""
    found = offered.get(key or default)
    if found is None:
        raise invalid("query", "window", f"must be one of {', '.join(offered)}")
    return found


def page(request: Request, template: str, settings: Settings, **context: object) -> HTMLResponse:
    return templates.TemplateResponse(
        request, template, {"watched": settings.subreddits, "view": template[:-5], **context}
    )


@router.get("/")
@inject
async def overview(
    request: Request, settings: SettingsDep, subreddit: SubredditQuery, window: WindowKey = None
) -> HTMLResponse:
    chosen_window = chosen(windows.OVERVIEW, window, "24h")
    return page(
        request, "overview.html", settings,
        window=chosen_window, windows=windows.OVERVIEW, subreddit=subreddit or "",
    )  # fmt: skip


@router.get("/topics")
@inject
async def topics(
    request: Request, settings: SettingsDep, window: WindowKey = None, topic: TopicName = ""
) -> HTMLResponse:
    chosen_window = chosen(windows.TOPICS, window, "7d")
    return page(
        request, "topics.html", settings,
        window=chosen_window, windows=windows.TOPICS, topic=topic,
    )  # fmt: skip


@router.get("/trending")
@inject
async def trending(
    request: Request, settings: SettingsDep, subreddit: SubredditQuery, window: WindowKey = None
) -> HTMLResponse:
    chosen_window = chosen(windows.TRENDING, window, "24h")
    return page(
        request, "trending.html", settings,
        window=chosen_window, windows=windows.TRENDING, subreddit=subreddit or "",
    )  # fmt: skip


@router.get("/posts")
@inject
async def posts(
    request: Request,
    settings: SettingsDep,
    subreddit: SubredditQuery,
    window: WindowKey = None,
    order: Annotated[str, Query(pattern="^(recent|top)$", description="recent or top")] = "recent",
) -> HTMLResponse:
    chosen_window = chosen(windows.POSTS[order], window, "24h")
    return page(
        request, "posts.html", settings,
        window=chosen_window, windows=windows.POSTS[order], subreddit=subreddit or "",
        order=order, by_order=windows.POSTS,
    )  # fmt: skip


@router.get("/posts/{post_id}")
@inject
async def post(
    request: Request,
    settings: SettingsDep,
    post_id: Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_]+$")],
    after: Annotated[str, Query(max_length=200, description="the comments page cursor")] = "",
    limit: Annotated[int, Query(ge=1, le=1000, description="comments per page")] = 50,
) -> HTMLResponse:
    return page(request, "post.html", settings, post_id=post_id, after=after, limit=limit)


@router.get("/collection")
@inject
async def collection(request: Request, settings: SettingsDep) -> HTMLResponse:
    return page(request, "collection.html", settings)
