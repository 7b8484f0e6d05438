"""GET /metrics: Prometheus text with HTTP, collection and database pool metrics."""

from __future__ import annotations

import httpx
import pytest

from entrypoints.container import Container
from tests.fakes import FakeReddit, make_post
from tests.metrics_text import sample

REQUESTS = "redditpulse_http_requests_total"


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def count(text: str, route: str, status: str) -> float:
    return sample(text, REQUESTS, method="GET", route=route, status=status) or 0.0


async def test_requests_are_counted_by_route_template_and_status(
    client: httpx.AsyncClient,
) -> None:
    before = await scrape(client)
    for _ in range(3):
        assert (await client.get("/api/v1/posts/nosuchpost42")).status_code == 404
    assert (await client.get("/api/v1/posts/recent")).status_code == 200
    after = await scrape(client)

    template = "/api/v1/posts/{post_id}"
    assert count(after, template, "404") - count(before, template, "404") == 3
    assert (
        count(after, "/api/v1/posts/recent", "200") - count(before, "/api/v1/posts/recent", "200")
        == 1
    )
    assert sample(after, "redditpulse_http_request_duration_seconds_count", route=template) == 3
    assert "nosuchpost42" not in after


async def test_metrics_static_files_and_unknown_paths_add_no_route_label(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/static/dashboard.css")).status_code == 200
    assert (await client.get("/no/such/page/7")).status_code == 404
    text = await scrape(client)
    text = await scrape(client)  # the first scrape is not counted either
    assert sample(text, REQUESTS, route="/metrics") is None
    assert "/static" not in text
    assert "/no/such/page/7" not in text
    assert count(text, "unmatched", "404") == 1


async def test_metrics_stay_out_of_the_openapi_document(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "/api/v1/posts/{post_id}" in paths
    assert "/metrics" not in paths


async def test_a_cycle_run_by_the_app_moves_the_collection_metrics(
    client: httpx.AsyncClient, container: Container, fake_reddit: FakeReddit
) -> None:
    fake_reddit.add(make_post("python"), make_post("rust"))
    fake_reddit.budget = 321
    cycle = await container.runner().run_once("test")

    assert cycle is not None and cycle.finished_at is not None
    text = await scrape(client)
    assert sample(text, "redditpulse_cycles_total", outcome="succeeded") == 1
    assert sample(text, "redditpulse_cycles_total", outcome="failed") == 0
    assert sample(text, "redditpulse_items_collected_total", kind="posts") == 2
    requests = len(fake_reddit.requests)
    assert requests >= 1
    assert sample(text, "redditpulse_reddit_requests_total") == requests
    assert sample(text, "redditpulse_reddit_budget_remaining") == 321 - requests
    last_success = sample(text, "redditpulse_last_success_timestamp_seconds")
    assert last_success == pytest.approx(cycle.finished_at.timestamp(), abs=0.001)


async def test_no_success_time_before_any_cycle_collected(client: httpx.AsyncClient) -> None:
    text = await scrape(client)
    assert "# TYPE redditpulse_last_success_timestamp_seconds gauge" in text
    assert sample(text, "redditpulse_last_success_timestamp_seconds") is None


async def test_the_database_pools_in_use_are_read_at_scrape_time(
    client: httpx.AsyncClient, container: Container
) -> None:
    text = await scrape(client)
    assert sample(text, "redditpulse_db_pool_checked_out", pool="store") == 0
    with container.engine().connect():
        text = await scrape(client)
    assert sample(text, "redditpulse_db_pool_checked_out", pool="store") == 1
