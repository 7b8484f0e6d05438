"""Route of trending terms.

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import Depends, Query

from application.trending import TrendingTerms
from domain.trending import MAX_HOURS
from entrypoints.api.routes import SubredditQuery, v1_router
from entrypoints.api.trending_schemas import TrendingOut, TrendingTermOut
from entrypoints.container import Container

router = v1_router()


@router.get("/trending", response_model=TrendingOut)
@inject
async def trending_terms(
    trending: Annotated[TrendingTerms, Depends(Provide[Container.trending])],
    subreddit: SubredditQuery,
    hours: Annotated[
        int, Query(ge=1, le=MAX_HOURS, description="whole UTC hours, the current one included")
    ] = 24,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> TrendingOut:
    """Terms used far more in the window than in the 7 days before it (see the README)."""
    found = await trending.top(subreddit, hours, limit)
    return TrendingOut(
        subreddit=subreddit,
        hours=hours,
        items=[TrendingTermOut.model_validate(term) for term in found],
    )
