"""`redditpulse collect --once` as a user runs it, against the Reddit stand-in over HTTP.

Every post and comment served must be stored with its sentiment, and the API must return
them with the fields Reddit sent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from entrypoints.api.app import create_app
from entrypoints.container import Container
from entrypoints.settings import Settings
from testkit.reddit_standin import Data, RedditStandIn

CLIENT_ID, SECRET = "e2e-client", "e2e-secret-value"
CLI = [str(Path(sys.executable).with_name("redditpulse"))]


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def standin() -> Iterator[RedditStandIn]:
    with RedditStandIn(credentials=(CLIENT_ID, SECRET)) as running:
        yield running


def feed(standin: RedditStandIn) -> tuple[list[Data], list[Data]]:
    now = time.time()
    posts = [
        standin.add_post(
            subreddit="Python", title="I love this new release!", created_utc=now - 600
        ),
        standin.add_post(
            subreddit="Python",
            title="Unicode: naïve café ☕ 日本語 🐍",
            selftext="Works **fine**",
            author="[deleted]",
            created_utc=now - 500,
            edited=now - 100,
            score=17,
        ),
        standin.add_post(
            subreddit="rust",
            title="This bug is terrible and I hate it",
            url="https://example.org/x",
            created_utc=now - 400,
            num_comments=3,
        ),
    ]
    comments = [
        standin.add_comment(
            link_id=posts[0]["name"], body="Great work, thanks!", created_utc=now - 300
        ),
        standin.add_comment(
            link_id=posts[0]["name"],
            parent_id="t1_zzz",
            body="[deleted]",
            author="[deleted]",
            created_utc=now - 200,
        ),
        standin.add_comment(
            link_id=posts[2]["name"], body="Awful.", created_utc=now - 100, edited=now
        ),
        # A comment whose post was never served: it is kept all the same.
        standin.add_comment(
            link_id="t3_unknown", subreddit="rust", body="orphan but fine", created_utc=now - 50
        ),
    ]
    return posts, comments


def run_cli(standin: RedditStandIn, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "REDDIT_CLIENT_ID": CLIENT_ID,
        "REDDIT_CLIENT_SECRET": SECRET,
        "REDDIT_OAUTH_URL": standin.url,
        "REDDIT_URL": standin.url,
        "REDDIT_TIMEOUT_SECONDS": "5",
        "DATABASE_URL": f"sqlite:///{db}",
        "SUBREDDITS": "python,rust",
        **env,
    }
    return subprocess.run(
        [*CLI, "collect", "--once"], env=environment, capture_output=True, text=True, timeout=120
    )


async def api_get(db: Path, path: str, **params: str | int) -> dict[str, Any]:
    container = Container()
    container.settings.override(Settings(_env_file=None, database_url=f"sqlite:///{db}"))
    app = create_app(container)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(path, params=params)
    container.unwire()
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_collect_once_stores_everything_served(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    posts, _ = feed(standin)
    db = tmp_path / "e2e.db"

    result = run_cli(standin, db)

    assert result.returncode == 0, result.stderr
    assert "succeeded" in result.stdout and "3 posts, 4 comments" in result.stdout
    assert "5 Reddit requests, 99995 left" in result.stdout
    assert SECRET not in result.stdout + result.stderr

    recent = await api_get(db, "/api/v1/posts/recent", hours=720, limit=500)
    stored = {p["id"]: p for p in recent["items"]}
    assert set(stored) == {p["id"] for p in posts}
    for fed in posts:
        served = standin.store.get(fed["name"])
        assert served is not None
        sent = served["data"]  # as served: num_comments grew
        got = stored[sent["id"]]
        assert got["title"] == sent["title"]
        assert got["body"] == sent["selftext"]
        assert got["author"] == (None if sent["author"] == "[deleted]" else sent["author"])
        assert got["score"] == sent["score"]
        assert got["num_comments"] == sent["num_comments"]
        assert got["created_utc"] == iso(sent["created_utc"])
        assert got["edited_utc"] == (iso(sent["edited"]) if sent["edited"] else None)
        assert got["subreddit"] == sent["subreddit"]
        assert (got["url"], got["permalink"]) == (sent["url"], sent["permalink"])
        assert got["sentiment"]["label"] in {"positive", "neutral", "negative"}
    assert stored[posts[0]["id"]]["sentiment"]["label"] == "positive"
    assert stored[posts[2]["id"]]["sentiment"]["label"] == "negative"

    detail = await api_get(db, f"/api/v1/posts/{posts[0]['id']}")
    assert [c["body"] for c in detail["comments"]] == ["Great work, thanks!", "[deleted]"]
    first = detail["comments"][0]
    assert first["sentiment"]["label"] == "positive"
    assert first["parent_id"] == posts[0]["name"] and first["post_id"] == posts[0]["id"]
    assert detail["comments"][1]["author"] is None
    assert detail["comments"][1]["parent_id"] == "t1_zzz"

    stats = await api_get(db, "/api/v1/sentiment/stats", hours=720)
    assert (stats["posts"], stats["comments"]) == (3, 4)
    orphan = await api_get(db, "/api/v1/sentiment/stats", subreddit="rust", hours=720)
    assert orphan["comments"] == 2

    assert standin.requests_by_path() == {
        "/api/v1/access_token": 1,
        "/r/python/new": 1,
        "/r/python/comments": 1,
        "/r/rust/new": 1,
        "/r/rust/comments": 1,
        "/api/info": 1,  # the post of the orphan comment, asked for by fullname
    }


async def test_collect_once_twice_never_duplicates(standin: RedditStandIn, tmp_path: Path) -> None:
    feed(standin)
    db = tmp_path / "twice.db"
    assert run_cli(standin, db).returncode == 0
    assert run_cli(standin, db).returncode == 0

    stats = await api_get(db, "/api/v1/sentiment/stats", hours=720)
    assert (stats["posts"], stats["comments"]) == (3, 4)
    cycles = await api_get(db, "/api/v1/collections")
    assert [c["status"] for c in cycles["items"]] == ["succeeded", "succeeded"]


async def test_a_broken_subreddit_makes_the_cycle_partial(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    feed(standin)
    standin.fail_path("/r/rust/", 403)
    db = tmp_path / "partial.db"

    result = run_cli(standin, db)

    assert result.returncode == 0, result.stderr
    assert "partial" in result.stdout and "r/rust/new: HTTP 403" in result.stdout
    [cycle] = (await api_get(db, "/api/v1/collections"))["items"]
    assert cycle["status"] == "partial"
    assert [(e["subreddit"], e["error"]) for e in cycle["errors"]] == [
        ("rust", "RedditError: r/rust/new: HTTP 403 forbidden"),
        ("rust", "RedditError: r/rust/comments: HTTP 403 forbidden"),
    ]


async def test_without_credentials_the_cycle_fails_naming_the_settings(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    db = tmp_path / "nocreds.db"
    result = run_cli(standin, db, REDDIT_CLIENT_ID="", REDDIT_CLIENT_SECRET="")

    assert result.returncode == 1
    assert "failed" in result.stdout
    assert "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET" in result.stdout
    assert standin.total_requests == 0
    health = await api_get(db, "/api/v1/health")
    assert health["reddit"]["configured"] is False
    assert health["last_cycle"]["status"] == "failed"


def test_invalid_settings_are_reported_without_a_traceback(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    result = run_cli(standin, tmp_path / "x.db", SUBREDDITS="fine,not a name!")
    assert result.returncode == 2
    assert "not a subreddit name: not a name!" in result.stderr
    assert "Traceback" not in result.stderr
