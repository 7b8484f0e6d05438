"""What the API promises beyond its data: names as users write them, HEAD, its own docs."""

from __future__ import annotations

import httpx
import pytest

from tests.api.test_read_endpoints import Collected, collected

__all__ = ["collected"]  # the fixture

GETS = [
    "/api/v1/health",
    "/api/v1/posts/recent",
    "/api/v1/sentiment/stats",
    "/api/v1/subreddits",
    "/api/v1/collections",
    "/openapi.json",
]


@pytest.mark.parametrize("written", ["rust", "RUST", "r/rust", "/r/Rust/", " rust "])
async def test_a_subreddit_filter_is_read_as_users_write_it(
    client: httpx.AsyncClient, collected: Collected, written: str
) -> None:
    posts = await client.get("/api/v1/posts/recent", params={"subreddit": written})
    assert [p["id"] for p in posts.json()["items"]] == [collected["other"].id]
    stats = await client.get("/api/v1/sentiment/stats", params={"subreddit": written})
    assert stats.json()["subreddit"].lower() == "rust" and stats.json()["items"] == 1


async def test_an_empty_subreddit_filter_means_all_as_in_the_readme(
    client: httpx.AsyncClient, collected: Collected
) -> None:
    response = await client.get("/api/v1/posts/recent?subreddit=&hours=24&limit=50")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2


@pytest.mark.parametrize("path", GETS)
async def test_head_answers_wherever_get_does(
    client: httpx.AsyncClient, collected: Collected, path: str
) -> None:
    get, head = await client.get(path), await client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if path != "/api/v1/health":  # its uptime_s changes between the two requests
        assert head.headers["content-length"] == str(len(get.content))


async def test_head_is_not_a_way_around_post(client: httpx.AsyncClient) -> None:
    assert (await client.head("/api/v1/admin/collect")).status_code == 405


async def test_the_openapi_document_declares_the_422_body_the_server_sends(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    declared = {
        (path, method): op["responses"]["422"]["content"]["application/json"]["schema"]
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if "422" in op["responses"]
    }
    assert ("/api/v1/posts/recent", "get") in declared
    assert {schema["$ref"] for schema in declared.values()} == {
        "#/components/schemas/InvalidRequestOut"
    }
    body = spec["components"]["schemas"]["InvalidRequestOut"]
    assert set(body["required"]) == {"detail", "errors"}
    sent = (await client.get("/api/v1/posts/recent", params={"hours": 0})).json()
    assert set(sent) == {"detail", "errors"}


async def test_the_admin_scheme_is_in_the_docs(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemes = spec["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    collect = spec["paths"]["/api/v1/admin/collect"]["post"]
    assert collect["security"] == [{name: []} for name in schemes]
