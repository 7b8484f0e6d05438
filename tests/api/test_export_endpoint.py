"""GET /api/v1/export/items.csv on SQLite and PostgreSQL: what is stored, as CSV."""

from __future__ import annotations

import asyncio
import csv
import io
import socket
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from dependency_injector import providers

from application.export import ItemExport
from domain.errors import StoreUnavailable
from domain.export import ItemKey, ItemSelection
from domain.model import Comment, Kind, Post, Sentiment
from domain.ports import ExportPort
from entrypoints.api.app import create_app
from entrypoints.container import Container
from entrypoints.settings import Settings
from tests.api.conftest import ADMIN_TOKEN
from tests.fakes import make_comment, make_post

NOW = datetime.now(UTC).replace(microsecond=0)
URL = "/api/v1/export/items.csv"
BODY = 'a "quoted", multi-line\r\nbody — ünïcödé 🐍\n'


@pytest.fixture
def settings(empty_database_url: str) -> Settings:
    """The API's settings, on a new SQLite file or an emptied PostgreSQL database."""
    return Settings(
        _env_file=None,
        database_url=empty_database_url,
        subreddits=["python", "rust"],
        admin_token=ADMIN_TOKEN,
        reddit_client_id="id",
        reddit_client_secret="secret",
    )


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


@pytest.fixture
async def stored(client: httpx.AsyncClient, container: Container) -> list[Post | Comment]:
    """Posts and comments of two subreddits over three days (the client started the app)."""
    good = Sentiment(0.7, 0.6, 0.4, 0.0)
    posts = [
        make_post(sub, created_utc=ago(h), sentiment=good, body=BODY if h == 1 else "")
        for sub, h in (("Python", 1), ("Python", 30), ("rust", 2), ("rust", 70))
    ]
    comments = [
        make_comment(post, f"reply {n}", created_utc=post.created_utc + timedelta(minutes=n))
        for post in posts
        for n in range(1, 4)
    ]
    await container.store().save_items(posts, comments)
    return [*posts, *comments]


def rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text, newline="")))


async def test_every_item_comes_with_its_sentiment_as_a_csv_attachment(
    client: httpx.AsyncClient, stored: list[Post | Comment]
) -> None:
    response = await client.get(URL)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="redditpulse-all-')
    assert disposition.endswith('Z.csv"')
    exported = rows(response)
    expected = sorted(stored, key=ItemKey.of)
    assert [r["fullname"] for r in exported] == [i.fullname for i in expected]
    first = next(r for r in exported if r["body"] == BODY)
    assert (first["kind"], first["subreddit"], first["label"], first["compound"]) == (
        "post", "Python", "positive", "0.7",
    )  # fmt: skip
    assert first["created_utc"] == ago(1).isoformat().replace("+00:00", "Z")
    assert {r["label"] for r in exported if r["kind"] == "comment"} == {""}, "not scored"


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        ("subreddit=r/PYTHON", lambda i: i.subreddit == "Python"),
        ("kind=comment", lambda i: isinstance(i, Comment)),
        ("kind=post&subreddit=rust", lambda i: isinstance(i, Post) and i.subreddit == "rust"),
        ("hours=24", lambda i: i.created_utc >= ago(24)),
        ("hours=48&kind=post", lambda i: isinstance(i, Post) and i.created_utc >= ago(48)),
        ("subreddit=", lambda i: True),
    ],
)
async def test_filters_choose_the_rows(
    client: httpx.AsyncClient, stored: list[Post | Comment], query: str, chosen: object
) -> None:
    assert callable(chosen)
    response = await client.get(f"{URL}?{query}")
    assert response.status_code == 200
    expected = [i.fullname for i in sorted(stored, key=ItemKey.of) if chosen(i)]
    assert expected, "the case chooses something"
    assert [r["fullname"] for r in rows(response)] == expected


async def test_the_file_name_says_what_was_chosen(
    client: httpx.AsyncClient, stored: list[Post | Comment]
) -> None:
    response = await client.get(f"{URL}?subreddit=Python&kind=post&hours=24")
    name = response.headers["content-disposition"].split('filename="')[1]
    assert name.startswith(f"redditpulse-python-posts-24h-{NOW:%Y%m%d}T")


async def test_nothing_stored_is_the_header_alone(client: httpx.AsyncClient) -> None:
    response = await client.get(URL)
    assert response.status_code == 200
    assert response.text.splitlines() == [response.text.splitlines()[0]]
    assert response.text.startswith("kind,id,fullname,subreddit,created_utc,")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("hours=0", "hours"),
        ("hours=87601", "hours"),
        ("hours=soon", "hours"),
        ("kind=thread", "kind"),
        ("subreddit=not%20a%20name!", "subreddit"),
    ],
)
async def test_a_bad_parameter_is_a_422_naming_it(
    client: httpx.AsyncClient, query: str, parameter: str
) -> None:
    response = await client.get(f"{URL}?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert f"query parameter '{parameter}'" in response.json()["detail"]


class FailingAfter:
    """Five posts, no comments; the database fails after `pages` reads (of either kind)."""

    def __init__(self, pages: int) -> None:
        self._pages = pages
        self.items: list[Post | Comment] = [make_post(created_utc=ago(1)) for _ in range(5)]

    async def items_after(
        self, kind: Kind, selection: ItemSelection, after: ItemKey | None, limit: int
    ) -> Sequence[Post | Comment]:
        if self._pages <= 0:
            raise StoreUnavailable("database unavailable: disk I/O error")
        self._pages -= 1
        if kind is Kind.COMMENTS:
            return []
        return [i for i in self.items if after is None or ItemKey.of(i) > after][:limit]

    async def count_items(self, selection: ItemSelection) -> int:
        return len(self.items)


_failing: type[ExportPort] = FailingAfter


async def test_a_database_fault_before_the_first_row_is_a_503(
    client: httpx.AsyncClient, container: Container
) -> None:
    container.item_export.override(providers.Object(ItemExport(FailingAfter(pages=0))))
    response = await client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"detail": "database unavailable: disk I/O error"}


async def test_a_database_fault_mid_export_cuts_the_answer_short(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    """On a real server: the client sees the body end early, not a shorter CSV file."""
    # Posts and comments read first, then the posts' read ahead fails: after the first rows.
    container.item_export.override(providers.Object(ItemExport(FailingAfter(pages=2), page_size=2)))
    config = uvicorn.Config(create_app(container), log_level="warning")
    server = uvicorn.Server(config)
    # A socket listening before the server runs: connections wait for it, no polling.
    listening = socket.create_server(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        received = b""
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            with pytest.raises(httpx.RemoteProtocolError, match="incomplete chunked read"):
                async with client.stream("GET", URL) as response:
                    assert response.status_code == 200
                    async for chunk in response.aiter_bytes():
                        received += chunk
    finally:
        server.should_exit = True
        await serving
        container.unwire()
    assert received.count(b"\r\n") == 3, "the header and the first page's two rows"
    assert "export cut short: database unavailable: disk I/O error" in caplog.text


def test_the_openapi_document_says_csv_for_rows_and_json_for_errors() -> None:
    document = create_app(Container()).openapi()
    answers = document["paths"][URL]["get"]["responses"]
    assert list(answers["200"]["content"]) == ["text/csv"]
    assert list(answers["422"]["content"]) == ["application/json"]
    assert list(answers["503"]["content"]) == ["application/json"]
