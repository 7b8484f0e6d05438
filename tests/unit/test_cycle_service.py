"""The cycle service with fakes: fetch, score, save; catch-log-continue; status transitions."""

from __future__ import annotations

import dataclasses

import pytest

from domain.collection import CycleService
from domain.model import CollectionCycle, CycleStatus, Label
from tests.fakes import T0, FakeReddit, FakeRepository, FakeSentiment, make_comment, make_post


@pytest.fixture
def reddit() -> FakeReddit:
    return FakeReddit()


@pytest.fixture
def repo() -> FakeRepository:
    return FakeRepository()


def service(reddit: FakeReddit, repo: FakeRepository, limit: int = 100) -> CycleService:
    return CycleService(reddit, FakeSentiment(), repo, fetch_limit=limit, clock=lambda: T0)


def new_cycle(*subreddits: str) -> CollectionCycle:
    return CollectionCycle(id="c1", trigger="test", started_at=T0, subreddits=list(subreddits))


async def test_stores_every_item_with_its_sentiment(reddit, repo):
    post = make_post("python", title="good news")
    reddit.posts["python"] = [post, make_post("python", title="bad news")]
    reddit.comments["python"] = [make_comment(post, "meh"), make_comment(post, "so good")]

    cycle = await service(reddit, repo).run(new_cycle("python"))

    assert cycle.status is CycleStatus.SUCCEEDED
    assert (cycle.posts_collected, cycle.comments_collected) == (2, 2)
    labels = {p.title: p.sentiment.label for p in repo.posts.values()}
    assert labels == {"good news": Label.POSITIVE, "bad news": Label.NEGATIVE}
    comment_labels = sorted(c.sentiment.label for c in repo.comments.values())
    assert comment_labels == [Label.NEUTRAL, Label.POSITIVE]


async def test_a_failing_subreddit_is_recorded_and_the_cycle_goes_on(reddit, repo):
    reddit.posts["a"] = [make_post("a")]
    reddit.posts["c"] = [make_post("c")]
    reddit.failing.add("b")

    cycle = await service(reddit, repo).run(new_cycle("a", "b", "c"))

    assert cycle.status is CycleStatus.PARTIAL
    assert [f.subreddit for f in cycle.failures] == ["b"]
    assert "HTTP 503" in cycle.failures[0].error
    assert {p.subreddit for p in repo.posts.values()} == {"a", "c"}
    assert ("posts", "c") in reddit.calls


async def test_all_subreddits_failing_fails_the_cycle(reddit, repo):
    reddit.failing.update({"a", "b"})
    cycle = await service(reddit, repo).run(new_cycle("a", "b"))
    assert cycle.status is CycleStatus.FAILED
    assert len(cycle.failures) == 2


async def test_a_store_failure_for_one_subreddit_is_caught_too(reddit, repo):
    reddit.posts["a"] = [make_post("a")]
    repo.fail_saves = True
    cycle = await service(reddit, repo).run(new_cycle("a"))
    assert cycle.status is CycleStatus.FAILED
    assert cycle.failures[0].error == "OSError: disk full"


async def test_cycle_is_recorded_running_then_finished(reddit, repo):
    cycle = await service(reddit, repo).run(new_cycle("a"))
    assert repo.saved_statuses == [CycleStatus.RUNNING, CycleStatus.SUCCEEDED]
    assert cycle.finished_at == T0
    assert repo.cycles["c1"].status is CycleStatus.SUCCEEDED


async def test_recollecting_updates_items_instead_of_duplicating(reddit, repo):
    post = make_post("a", score=1, num_comments=0)
    reddit.posts["a"] = [post]
    await service(reddit, repo).run(new_cycle("a"))
    reddit.posts["a"] = [dataclasses.replace(post, score=42, num_comments=7)]
    await service(reddit, repo).run(new_cycle("a"))

    assert len(repo.posts) == 1
    assert (repo.posts[post.id].score, repo.posts[post.id].num_comments) == (42, 7)


async def test_fetch_limit_is_passed_on(reddit, repo):
    reddit.posts["a"] = [make_post("a") for _ in range(5)]
    cycle = await service(reddit, repo, limit=3).run(new_cycle("a"))
    assert cycle.posts_collected == 3


async def test_a_cycle_with_nothing_new_succeeds(reddit, repo):
    cycle = await service(reddit, repo).run(new_cycle("quiet"))
    assert cycle.status is CycleStatus.SUCCEEDED
    assert (cycle.posts_collected, cycle.comments_collected) == (0, 0)
