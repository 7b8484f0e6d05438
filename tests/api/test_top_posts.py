"""GET /api/v1/posts/top over posts stored with known reads (real SQLite)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from adapters.sql.store import SqlStore
from domain.model import Post, Sentiment
from entrypoints.container import Container
from tests.api.conftest import BAD_WEEK_WINDOWS
from tests.fakes import make_post

NOW = datetime.now(UTC).replace(microsecond=0)
HOUR = timedelta(hours=1)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def planted(container: Container) -> dict[str, Post]:
    """Posts read at known times: growth per hour 20 (talked), 10 (steady), 5 (rust)."""
    talked = make_post("python", created_utc=NOW - 3 * HOUR, score=20, num_comments=10)
    steady = make_post("python", created_utc=NOW - 11 * HOUR, score=100, num_comments=0)
    rust = make_post("Rust", created_utc=NOW - 5 * HOUR, score=20, num_comments=0)
    stale = make_post("python", created_utc=NOW - 30 * HOUR, score=9000, num_comments=0)
    engine = container.engine()
    SqlStore(engine, clock=lambda: NOW - 5 * HOUR).save_items(
        [dataclasses.replace(steady, score=30)], []
    )
    scored = dataclasses.replace(talked, sentiment=Sentiment(0.6, 0.5, 0.5, 0.0))
    SqlStore(engine, clock=lambda: NOW - HOUR).save_items([scored, steady, rust, stale], [])
    return {"talked": talked, "steady": steady, "rust": rust}


async def test_top_posts_fastest_growing_first_with_their_reads(
    client: httpx.AsyncClient, planted: dict[str, Post]
) -> None:
    response = await client.get("/api/v1/posts/top")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [planted[k].id for k in ("talked", "steady", "rust")]
    first = items[0]
    assert first["growth"] == {
        "score_per_hour": 10.0,
        "comments_per_hour": 5.0,
        "engagement_per_hour": 20.0,
        "age_hours": 2.0,
        "read_at": iso(NOW - HOUR),
    }
    assert first["sentiment"]["label"] == "positive"
    assert first["title"] == planted["talked"].title and first["num_comments"] == 10
    assert items[1]["reads"] == [
        {"read_at": iso(NOW - 5 * HOUR), "score": 30, "num_comments": 0},
        {"read_at": iso(NOW - HOUR), "score": 100, "num_comments": 0},
    ]


async def test_top_posts_of_one_subreddit_within_a_window(
    client: httpx.AsyncClient, planted: dict[str, Post]
) -> None:
    rust = await client.get("/api/v1/posts/top", params={"subreddit": "r/RUST"})
    assert [i["id"] for i in rust.json()["items"]] == [planted["rust"].id]
    recent = await client.get("/api/v1/posts/top", params={"hours": 4, "limit": 5})
    assert [i["id"] for i in recent.json()["items"]] == [planted["talked"].id]
    one = await client.get("/api/v1/posts/top", params={"hours": 168, "limit": 1})
    assert len(one.json()["items"]) == 1


@pytest.mark.parametrize(
    ("params", "named"),
    BAD_WEEK_WINDOWS,
)
async def test_top_posts_rejects_bad_parameters(
    client: httpx.AsyncClient, params: dict[str, int | str], named: str
) -> None:
    response = await client.get("/api/v1/posts/top", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["parameter"] == f"query parameter '{named}'"
    assert f"'{named}'" in body["detail"]


async def test_top_posts_of_an_empty_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/posts/top")
    assert (response.status_code, response.json()) == (200, {"items": []})
