"""GET /posts/top: the fastest growing posts.

No `from __future__ import annotations` here: dependency-injector reads the
`Provide[...]` markers from real annotations when @inject decorates.
"""

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import Query

from domain.engagement import PostGrowth
from entrypoints.api.engagement_schemas import GrowthOut, PostReadOut, TopPostList, TopPostOut
from entrypoints.api.routes import QueriesDep, SubredditQuery, v1_router
from entrypoints.api.schemas import PostOut

# Included before the routes of /posts/{post_id}, which would take "top" for an id.
router = v1_router()
DIGITS = 3
# A week: posts grow while young (they are re-read up to REFRESH_MAX_AGE_HOURS), and every
# post of the window is ranked, so a month would sort ~30x the posts of a day.
WindowQuery = Annotated[int, Query(ge=1, le=168, description="posts created in this many hours")]


@router.get("/posts/top", response_model=TopPostList)
@inject
async def top_posts(
    queries: QueriesDep,
    subreddit: SubredditQuery,
    hours: WindowQuery = 24,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> TopPostList:
    """Posts created in the last `hours`, fastest growing first: by
    `(score + 2 x num_comments) / age in hours` at the post's latest read (an age under an
    hour counts as one hour), with every recorded read of its score and comment count."""
    found = await queries.top_posts(subreddit, hours, limit)
    return TopPostList(items=[_out(entry) for entry in found])


def _out(entry: PostGrowth) -> TopPostOut:
    growth = entry.growth
    return TopPostOut(
        **dict(PostOut.model_validate(entry.post)),
        growth=GrowthOut(
            score_per_hour=round(growth.score_per_hour, DIGITS),
            comments_per_hour=round(growth.comments_per_hour, DIGITS),
            engagement_per_hour=round(growth.engagement_per_hour, DIGITS),
            age_hours=round(growth.age_hours, DIGITS),
            read_at=growth.read_at,
        ),
        reads=[PostReadOut.model_validate(read) for read in entry.reads],
    )
