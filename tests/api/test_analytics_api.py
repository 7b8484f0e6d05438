"""Time series and tracked topics over HTTP (real SQLite, items stored by the store)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.model import Sentiment
from entrypoints.container import Container
from tests.fakes import make_comment, make_post

NOW = datetime.now(UTC)
HOUR_AGO = (NOW - timedelta(hours=1)).replace(minute=30, second=0, microsecond=0)
GOOD, BAD = Sentiment(0.8, 0.7, 0.3, 0.0), Sentiment(-0.6, 0.0, 0.4, 0.6)


@pytest.fixture
def stored(container: Container) -> None:
    post = make_post("python", title="Claude Code is great", created_utc=HOUR_AGO, sentiment=GOOD)
    other = make_post("rust", title="cursor ide crashed", created_utc=HOUR_AGO, sentiment=BAD)
    old = make_post("python", title="claude code, a week ago", created_utc=NOW - timedelta(days=8))
    container.sync_store().save_items(
        [post, other, old],
        [
            make_comment(post, "claude-code broke", created_utc=HOUR_AGO, sentiment=BAD),
            make_comment(post, "claude coder? no", created_utc=HOUR_AGO, sentiment=GOOD),
        ],
    )


def by_start(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {point["start"]: point for point in body["items"]}


def hour_start(moment: datetime) -> str:
    return moment.replace(minute=0, second=0, microsecond=0).isoformat().replace("+00:00", "Z")


async def test_a_time_series_has_every_hour_of_the_window_oldest_first(
    client: httpx.AsyncClient, stored: None
) -> None:
    response = await client.get("/api/v1/sentiment/timeseries", params={"hours": 24})

    assert response.status_code == 200
    body = response.json()
    assert (body["subreddit"], body["topic"], body["bucket"], body["hours"]) == (
        None,
        None,
        "hour",
        24,
    )
    starts = [p["start"] for p in body["items"]]
    assert len(starts) == 24 and starts == sorted(starts) and starts[-1] == hour_start(NOW)
    point = by_start(body)[hour_start(HOUR_AGO)]
    assert {k: point[k] for k in ("items", "posts", "comments", "positive", "negative")} == {
        "items": 4,
        "posts": 2,
        "comments": 2,
        "positive": 2,
        "negative": 2,
    }
    assert point["mean_compound"] == round((0.8 - 0.6 - 0.6 + 0.8) / 4, 4)
    empty = by_start(body)[hour_start(NOW - timedelta(hours=5))]
    assert empty["items"] == 0 and empty["mean_compound"] is None


async def test_day_buckets_subreddit_and_topic_filters(
    client: httpx.AsyncClient, stored: None, container: Container, admin: dict[str, str]
) -> None:
    assert (
        await client.put(
            "/api/v1/admin/topics/Claude Code", json={"aliases": ["claude-code"]}, headers=admin
        )
    ).status_code == 201
    while container.sync_store().match_history(100):
        pass

    days = (await client.get("/api/v1/sentiment/timeseries?hours=240&bucket=day")).json()
    rust = (await client.get("/api/v1/sentiment/timeseries?subreddit=r/Rust&hours=3")).json()
    topic = (
        await client.get(
            "/api/v1/sentiment/timeseries",
            params={"topic": "claude CODE", "hours": 240, "bucket": "day"},
        )
    ).json()
    everything = (await client.get("/api/v1/sentiment/timeseries?topic=&subreddit=&hours=2")).json()

    assert len(days["items"]) in (10, 11) and all(
        p["start"].endswith("T00:00:00Z") for p in days["items"]
    )
    assert sum(p["items"] for p in days["items"]) == 5
    assert rust["subreddit"] == "Rust" and sum(p["items"] for p in rust["items"]) == 1
    assert topic["topic"] == "claude CODE" and sum(p["items"] for p in topic["items"]) == 3
    assert sum(p["items"] for p in everything["items"]) == 4


@pytest.mark.parametrize(
    "query",
    [
        "hours=0",
        "hours=8761",
        "hours=x",
        "bucket=week",
        "subreddit=no%20spaces",
        f"topic={'x' * 101}",
    ],
)
async def test_bad_time_series_parameters_are_422_naming_them(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.get(f"/api/v1/sentiment/timeseries?{query}")

    assert response.status_code == 422
    assert query.partition("=")[0] in response.json()["detail"]


async def test_a_series_of_an_unknown_topic_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/sentiment/timeseries?topic=nothing")

    assert response.status_code == 404 and "nothing" in response.json()["detail"]


async def test_topics_are_created_replaced_listed_and_deleted(
    client: httpx.AsyncClient, stored: None, container: Container, admin: dict[str, str]
) -> None:
    created = await client.put(
        "/api/v1/admin/topics/Claude Code", json={"aliases": ["claude-code"]}, headers=admin
    )
    assert created.status_code == 201
    assert created.json()["name"] == "Claude Code" and created.json()["matching"] == "running"
    listed = (await client.get("/api/v1/topics")).json()
    assert [t["matching"] for t in listed["items"]] == ["running"]

    while container.sync_store().match_history(2):
        pass
    topic = (await client.get("/api/v1/topics", params={"hours": 24})).json()["items"][0]
    shown = ("name", "aliases", "mentions", "posts", "comments", "positive", "negative", "matching")
    assert {k: topic[k] for k in (*shown, "low_sample")} == {
        "name": "Claude Code",
        "aliases": ["claude-code"],
        "mentions": 2,
        "posts": 1,
        "comments": 1,
        "positive": 1,
        "negative": 1,
        "matching": "done",
        "low_sample": True,
    }
    assert topic["progress"] == 1.0
    week = (await client.get("/api/v1/topics?hours=240")).json()["items"][0]
    assert week["mentions"] == 3

    detail = (await client.get("/api/v1/topics/claude%20code?hours=24&recent=1")).json()
    assert detail["mentions"] == 2 and len(detail["recent"]) == 1
    assert detail["recent"][0]["permalink"].startswith(
        ("https://www.reddit.com/r/python/comments/", "/r/python/")
    )

    replaced = await client.put(
        "/api/v1/admin/topics/claude code", json={"aliases": []}, headers=admin
    )
    assert replaced.status_code == 200 and replaced.json()["aliases"] == []
    assert (
        await client.delete("/api/v1/admin/topics/CLAUDE CODE", headers=admin)
    ).status_code == 204
    assert (
        await client.delete("/api/v1/admin/topics/CLAUDE CODE", headers=admin)
    ).status_code == 404
    assert (await client.get("/api/v1/topics/claude code")).status_code == 404
    assert (await client.get("/api/v1/topics")).json()["items"] == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"aliases": [""]}, "aliases"),
        ({"aliases": ["  "]}, "aliases"),
        ({"aliases": ["x" * 101]}, "aliases"),
        ({"aliases": "claude"}, "aliases"),
        ({"aliases": [f"a{i}" for i in range(51)]}, "aliases"),
        ({"aliases": [], "colour": "red"}, "colour"),
    ],
)
async def test_bad_topics_are_422_saying_what_is_wrong(
    client: httpx.AsyncClient, admin: dict[str, str], body: dict[str, Any], problem: str
) -> None:
    response = await client.put("/api/v1/admin/topics/Claude", json=body, headers=admin)

    assert response.status_code == 422 and problem in response.json()["detail"]


async def test_changing_topics_needs_the_admin_token(client: httpx.AsyncClient) -> None:
    wrong = {"Authorization": "Bearer nope"}
    assert (await client.put("/api/v1/admin/topics/x", json={"aliases": []})).status_code == 401
    assert (await client.delete("/api/v1/admin/topics/x", headers=wrong)).status_code == 401


async def test_an_export_can_hold_one_topics_mentions(
    client: httpx.AsyncClient, stored: None, container: Container, admin: dict[str, str]
) -> None:
    await client.put(
        "/api/v1/admin/topics/Claude Code", json={"aliases": ["claude-code"]}, headers=admin
    )
    while container.sync_store().match_history(100):
        pass

    exported = await client.get("/api/v1/export/items.csv", params={"topic": "CLAUDE code"})
    unknown = await client.get("/api/v1/export/items.csv", params={"topic": "nothing"})

    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert sorted(row["title"] or row["body"] for row in rows) == [
        "Claude Code is great",
        "claude code, a week ago",
        "claude-code broke",
    ]
    assert unknown.status_code == 404 and "nothing" in unknown.json()["detail"]
