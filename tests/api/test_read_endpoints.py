"""Read endpoints over data collected by a real cycle (fake Reddit, real SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TypedDict

import httpx
import pytest

from domain.model import Budget, CollectionCycle, Gap, Kind, Post
from entrypoints.container import Container
from tests.fakes import FakeReddit, make_comment, make_post

NOW = datetime.now(UTC).replace(microsecond=0)


class Collected(TypedDict):
    """What the `collected` fixture had a real cycle store."""

    post: Post
    old: Post
    other: Post
    cycle: CollectionCycle


@pytest.fixture
async def collected(container: Container, fake_reddit: FakeReddit) -> Collected:
    post = make_post("python", title="good times", body="", created_utc=NOW - timedelta(hours=1))
    old = make_post("python", title="bad old days", created_utc=NOW - timedelta(hours=50))
    other = make_post("rust", title="bad borrow", created_utc=NOW - timedelta(hours=2))
    fake_reddit.add(
        post,
        old,
        other,
        make_comment(post, "good point", created_utc=NOW - timedelta(minutes=30)),
        make_comment(post, "bad point", created_utc=NOW - timedelta(minutes=20)),
    )
    cycle = await container.runner().run_once("test")
    assert cycle is not None and cycle.status == "succeeded"
    return {"post": post, "old": old, "other": other, "cycle": cycle}


async def test_recent_posts_newest_first_with_sentiment(
    client: httpx.AsyncClient, collected: Collected
) -> None:
    response = await client.get("/api/v1/posts/recent")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [collected["post"].id, collected["other"].id]
    first = items[0]
    assert first["sentiment"]["label"] == "positive"
    assert first["created_utc"] == (NOW - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert set(first) >= {
        "id", "subreddit", "title", "body", "author", "score", "num_comments",
        "created_utc", "url", "permalink", "sentiment", "removed",
    }  # fmt: skip
    assert first["removed"] is None


async def test_recent_posts_filters(client: httpx.AsyncClient, collected: Collected) -> None:
    by_sub = await client.get("/api/v1/posts/recent", params={"subreddit": "RUST"})
    assert [i["id"] for i in by_sub.json()["items"]] == [collected["other"].id]
    wide = await client.get("/api/v1/posts/recent", params={"hours": 72, "limit": 2})
    assert len(wide.json()["items"]) == 2
    wider = await client.get("/api/v1/posts/recent", params={"hours": 72})
    assert len(wider.json()["items"]) == 3


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"hours": 0}, "hours"),
        ({"hours": 721}, "hours"),
        ({"hours": "soon"}, "hours"),
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"subreddit": "no spaces!"}, "subreddit"),
    ],
)
async def test_recent_posts_rejects_bad_parameters(
    client: httpx.AsyncClient, params: dict[str, int | str], named: str
) -> None:
    response = await client.get("/api/v1/posts/recent", params=params)
    assert response.status_code == 422
    body = response.json()
    assert f"'{named}'" in body["detail"]
    assert body["errors"][0]["parameter"] == f"query parameter '{named}'"


async def test_one_post_with_its_comments(client: httpx.AsyncClient, collected: Collected) -> None:
    post = collected["post"]
    response = await client.get(f"/api/v1/posts/{post.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "good times"
    assert [c["body"] for c in body["comments"]] == ["good point", "bad point"]
    assert [c["sentiment"]["label"] for c in body["comments"]] == ["positive", "negative"]
    assert body["comments"][0]["post_id"] == post.id
    assert body["next_comments"] is None
    same = await client.get(f"/api/v1/posts/t3_{post.id}")
    assert same.json()["id"] == post.id


async def test_unknown_post_is_404(client: httpx.AsyncClient, collected: Collected) -> None:
    response = await client.get("/api/v1/posts/zzzzzz")
    assert response.status_code == 404
    assert response.json() == {"detail": "no post with id 'zzzzzz'"}


async def test_malformed_post_id_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/posts/NOT-AN-ID")
    assert response.status_code == 422
    assert "path parameter 'post_id'" in response.json()["detail"]


async def test_sentiment_stats(client: httpx.AsyncClient, collected: Collected) -> None:
    response = await client.get("/api/v1/sentiment/stats", params={"subreddit": "python"})
    assert response.status_code == 200
    assert response.json() == {
        "subreddit": "python",
        "hours": 24,
        "items": 3,
        "posts": 1,
        "comments": 2,
        "positive": 2,
        "neutral": 0,
        "negative": 1,
        "mean_compound": pytest.approx(0.5 / 3, abs=1e-4),
    }
    everything = await client.get("/api/v1/sentiment/stats", params={"hours": 720})
    assert everything.json()["items"] == 5
    bad = await client.get("/api/v1/sentiment/stats", params={"hours": -1})
    assert bad.status_code == 422


async def test_subreddits(client: httpx.AsyncClient, collected: Collected) -> None:
    response = await client.get("/api/v1/subreddits")
    items = {i["name"]: i for i in response.json()["items"]}
    assert (items["python"]["posts"], items["python"]["comments"]) == (2, 2)
    assert items["rust"]["mean_compound"] == -0.5
    assert items["rust"]["last_collected_at"].endswith("Z")


async def test_collections(client: httpx.AsyncClient, collected: Collected) -> None:
    response = await client.get("/api/v1/collections")
    [cycle] = response.json()["items"]
    assert cycle["id"] == collected["cycle"].id
    assert cycle["status"] == "succeeded"
    assert (cycle["posts_collected"], cycle["comments_collected"]) == (3, 2)
    assert cycle["errors"] == [] and cycle["gaps"] == []
    assert (cycle["requests_made"], cycle["items_refreshed"]) == (4, 0)
    assert (await client.get("/api/v1/collections", params={"limit": 0})).status_code == 422


async def test_openapi_docs_are_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    spec = (await client.get("/openapi.json")).json()
    assert "/api/v1/posts/recent" in spec["paths"]


async def test_unknown_path_is_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


async def test_collections_show_gaps_budget_and_refreshes(
    client: httpx.AsyncClient, container: Container
) -> None:
    cycle = CollectionCycle("gappy", "scheduled", NOW - timedelta(minutes=5), subreddits=["a"])
    cycle.gaps.append(Gap(Kind.COMMENTS, ["a"], NOW - timedelta(hours=2), NOW - timedelta(hours=1)))
    cycle.record_request(Budget(remaining=577, used=23))
    cycle.items_refreshed = 40
    cycle.finish(NOW)
    await container.store().save_cycle(cycle)

    [shown] = (await client.get("/api/v1/collections")).json()["items"]
    assert shown["gaps"] == [
        {
            "kind": "comments",
            "subreddits": ["a"],
            "start": (NOW - timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
            "end": (NOW - timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
        }
    ]
    assert (shown["requests_made"], shown["budget_remaining"], shown["items_refreshed"]) == (
        1,
        577,
        40,
    )
    health = (await client.get("/api/v1/health")).json()
    assert health["reddit"]["budget_remaining"] == 577


async def test_a_posts_comments_come_in_pages_that_join_up_exactly(
    client: httpx.AsyncClient, container: Container, fake_reddit: FakeReddit
) -> None:
    post = make_post("python", title="busy thread", created_utc=NOW - timedelta(hours=3))
    same_second = NOW - timedelta(hours=2)
    replies = [make_comment(post, f"reply {n}", created_utc=same_second) for n in range(4)]
    replies += [
        make_comment(post, f"later {n}", created_utc=NOW - timedelta(minutes=90 - n))
        for n in range(5)
    ]
    fake_reddit.add(post, *replies)
    assert (await container.runner().run_once("test")) is not None
    seen: list[str] = []
    params: dict[str, str | int] = {"comments_limit": 2}
    for _ in range(10):
        body = (await client.get(f"/api/v1/posts/{post.id}", params=params)).json()
        seen += [c["id"] for c in body["comments"]]
        if body["next_comments"] is None:
            break
        params["comments_after"] = body["next_comments"]
    expected = sorted(replies, key=lambda c: (c.created_utc, c.id))
    assert seen == [c.id for c in expected]


async def test_a_made_up_comments_cursor_is_422_naming_it(
    client: httpx.AsyncClient, collected: Collected
) -> None:
    post = collected["post"]
    for cursor in ("nonsense", "bm90IGEgY3Vyc29y", "12_ABC", "99999999999999999_a"):
        response = await client.get(f"/api/v1/posts/{post.id}", params={"comments_after": cursor})
        assert response.status_code == 422
        [problem] = response.json()["errors"]
        assert problem["parameter"] == "query parameter 'comments_after'"
    # Any cursor of the right shape is a position: past every comment, an empty page.
    far = await client.get(f"/api/v1/posts/{post.id}", params={"comments_after": "9" * 16 + "_z"})
    assert far.status_code == 200 and far.json()["comments"] == []
