"""The dashboard's pages and the offline API docs, as HTTP answers (the browser tests
in tests/browser run them)."""

from __future__ import annotations

import re

import httpx
import pytest

VIEWS = ["/", "/topics", "/trending", "/posts", "/posts/abc123", "/collection"]


@pytest.mark.parametrize("path", VIEWS)
async def test_every_view_is_a_page_with_its_script(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script src="/static/js/main.js" type="module">' in response.text


async def test_the_url_state_is_rendered_into_the_page(client: httpx.AsyncClient) -> None:
    page = (await client.get("/", params={"window": "30d", "subreddit": "r/Python"})).text
    assert 'data-hours="720" data-bucket="day"' in page
    assert 'data-subreddit="Python"' in page
    assert '<a href="/?subreddit=Python&amp;window=1y"' in page, "the switch keeps the filter"
    assert re.search(r'<a href="/\?subreddit=Python&amp;window=30d"\s+aria-current="true">', page)


async def test_the_order_switch_keeps_a_window_the_other_order_offers(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/posts", params={"window": "30d"})).text
    assert '<a href="/posts?window=7d&amp;order=top"' in page, "top looks back 7 days at most"
    page = (await client.get("/posts", params={"window": "24h", "order": "top"})).text
    assert '<a href="/posts?window=24h&amp;order=recent"' in page


async def test_watched_subreddits_fill_the_filter(client: httpx.AsyncClient) -> None:
    page = (await client.get("/posts")).text
    assert '<option value="python" >r/python</option>' in page
    assert '<option value="rust" >r/rust</option>' in page


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/?window=2d", "window"), ("/trending?window=30d", "window"),
     ("/posts?order=best", "order"), ("/posts?order=top&window=30d", "window"),
     ("/?subreddit=no%20such!", "subreddit")],
)  # fmt: skip
async def test_a_bad_url_is_a_422_naming_the_parameter(
    client: httpx.AsyncClient, path: str, parameter: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 422
    assert f"query parameter '{parameter}'" in response.json()["detail"]


async def test_template_text_is_escaped(client: httpx.AsyncClient) -> None:
    page = (await client.get("/topics", params={"topic": '"><script>alert(1)</script>'})).text
    assert "<script>alert(1)" not in page
    assert "&#34;&gt;&lt;script&gt;" in page


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_the_api_docs_load_only_files_of_this_app(
    client: httpx.AsyncClient, path: str
) -> None:
    page = (await client.get(path)).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r"url: '([^']+)'", page)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset


async def test_the_pages_stay_out_of_the_openapi_document(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert all(p.startswith("/api/v1/") for p in paths)


async def test_static_files_are_served_and_head_works(client: httpx.AsyncClient) -> None:
    response = await client.head("/static/vendor/uplot@1.6.32/uPlot.iife.min.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert (await client.get("/static/no-such-file.js")).status_code == 404
