"""GET /api/v1/trending: its shape, its bounds (422 naming the parameter) and its filter."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from dependency_injector import providers

from application.trending import TrendingTerms
from entrypoints.container import Container
from tests.api.conftest import BAD_WEEK_WINDOWS
from tests.fakes import T0, FakeTermStore, make_comment, make_post

NOW = T0 + timedelta(days=8)


@pytest.fixture
def terms(container: Container) -> FakeTermStore:
    fake = FakeTermStore()
    post = make_post(subreddit="python", title="weekly thread", created_utc=NOW - timedelta(days=7))
    old = [
        make_comment(post, body="ordinary words", created_utc=NOW - timedelta(days=6, hours=h))
        for h in range(100)
    ]
    new = [
        make_comment(
            post, body="zorblax is here", author=f"fan{m}", created_utc=NOW - timedelta(minutes=m)
        )
        for m in range(30)
    ]
    fake.count([post, *old, *new], NOW)
    container.trending.override(
        providers.Object(TrendingTerms(fake, fresh_for=timedelta(0), clock=lambda: NOW))
    )
    return fake


async def test_trending_terms_with_every_field(
    client: httpx.AsyncClient, terms: FakeTermStore
) -> None:
    response = await client.get("/api/v1/trending", params={"subreddit": "r/Python"})
    assert response.status_code == 200
    body = response.json()
    assert body["subreddit"] == "Python" and body["hours"] == 24
    [item] = body["items"]
    assert item["term"] == "zorblax"
    assert item["mentions"] == 30 and item["expected"] == 0.0
    assert 25 <= item["authors"] <= 30  # 30 people, as the 64-bit sketch estimates them
    assert item["author_hours"] == 30.0 and item["score"] > 15
    assert item["mean_compound"] is None or -1 <= item["mean_compound"] <= 1
    [post_id] = item["sample_post_ids"]  # every comment answers the same post
    assert post_id.startswith("p")


async def test_trending_of_another_subreddit_is_empty(
    client: httpx.AsyncClient, terms: FakeTermStore
) -> None:
    response = await client.get("/api/v1/trending", params={"subreddit": "rust", "hours": 168})
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    ("params", "named"),
    BAD_WEEK_WINDOWS,
)
async def test_trending_rejects_bad_parameters(
    client: httpx.AsyncClient, terms: FakeTermStore, params: dict[str, int | str], named: str
) -> None:
    response = await client.get("/api/v1/trending", params=params)
    assert response.status_code == 422
    body = response.json()
    assert f"'{named}'" in body["detail"]
    assert body["errors"][0]["parameter"] == f"query parameter '{named}'"
