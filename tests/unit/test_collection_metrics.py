"""The runner reports every ended cycle, and an import its counts, to the Prometheus metrics."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import CollectorRegistry

from adapters.metrics.collection import PrometheusCollectionMetrics
from application.archive_import import ArchiveImport
from application.collection import CollectionRunner
from domain.archive import ArchivedItem, ArchiveSelection, ImportTally
from domain.collection import CycleService
from domain.model import CollectionCycle, CycleStatus, Gap, Kind
from tests.fakes import (
    T0,
    FakeArchiveSource,
    FakeArchiveStore,
    FakeReddit,
    FakeRepository,
    FakeSentiment,
    make_comment,
    make_post,
)


def runner_with(
    reddit: FakeReddit, metrics: PrometheusCollectionMetrics, subreddits: list[str]
) -> CollectionRunner:
    repo = FakeRepository()
    service = CycleService(reddit, FakeSentiment(), repo, clock=lambda: T0)
    return CollectionRunner(service, repo, subreddits, clock=lambda: T0, observer=metrics)


def value(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


async def test_a_finished_cycle_moves_the_cycle_and_item_counters() -> None:
    registry = CollectorRegistry()
    reddit = FakeReddit(budget=600)
    post = make_post("a")
    reddit.add(post, make_post("a"), make_comment(post))
    runner = runner_with(reddit, PrometheusCollectionMetrics(registry), ["a"])

    cycle = await runner.run_once("test")

    assert cycle is not None and cycle.status is CycleStatus.SUCCEEDED
    assert value(registry, "redditpulse_cycles_total", outcome="succeeded") == 1
    assert value(registry, "redditpulse_cycles_total", outcome="partial") == 0
    assert value(registry, "redditpulse_items_collected_total", kind="posts") == 2
    assert value(registry, "redditpulse_items_collected_total", kind="comments") == 1
    assert value(registry, "redditpulse_reddit_requests_total") == cycle.requests_made > 0
    assert value(registry, "redditpulse_reddit_budget_remaining") == 600 - cycle.requests_made
    assert value(registry, "redditpulse_cycle_duration_seconds_count") == 1


async def test_a_partial_cycle_is_counted_as_partial() -> None:
    registry = CollectorRegistry()
    reddit = FakeReddit()
    reddit.failing = {"b"}
    runner = runner_with(reddit, PrometheusCollectionMetrics(registry), ["a", "b"])

    cycle = await runner.run_once("test")

    assert cycle is not None and cycle.status is CycleStatus.PARTIAL
    assert value(registry, "redditpulse_cycles_total", outcome="partial") == 1
    assert value(registry, "redditpulse_cycles_total", outcome="succeeded") == 0


def test_gaps_refreshed_items_and_duration_are_recorded() -> None:
    registry = CollectorRegistry()
    metrics = PrometheusCollectionMetrics(registry)
    cycle = CollectionCycle(id="c1", trigger="test", started_at=T0, subreddits=["a"])
    cycle.items_refreshed = 250
    cycle.gaps = [
        Gap(Kind.COMMENTS, ["a"], T0, T0 + timedelta(hours=1)),
        Gap(Kind.COMMENTS, ["a"], T0, T0 + timedelta(hours=2)),
    ]
    cycle.finish(T0 + timedelta(seconds=42))

    metrics.cycle_ended(cycle)

    assert value(registry, "redditpulse_gaps_total", kind="comments") == 2
    assert value(registry, "redditpulse_gaps_total", kind="posts") == 0
    assert value(registry, "redditpulse_items_refreshed_total") == 250
    assert value(registry, "redditpulse_cycle_duration_seconds_sum") == 42
    assert value(registry, "redditpulse_cycle_duration_seconds_bucket", le="30.0") == 0
    assert value(registry, "redditpulse_cycle_duration_seconds_bucket", le="60.0") == 1


def test_an_import_adds_its_new_and_updated_items() -> None:
    registry = CollectorRegistry()
    tally = ImportTally(posts_new=5, posts_updated=2, comments_new=40, comments_unchanged=9)

    PrometheusCollectionMetrics(registry).import_ended(tally)

    assert value(registry, "redditpulse_items_imported_total", kind="posts", change="new") == 5
    assert value(registry, "redditpulse_items_imported_total", kind="posts", change="updated") == 2
    assert value(registry, "redditpulse_items_imported_total", kind="comments", change="new") == 40


async def test_an_archive_import_reports_its_final_counts() -> None:
    registry = CollectorRegistry()
    post = make_post("python")
    items = [ArchivedItem(post, post.created_utc)]
    items += [ArchivedItem(c, c.created_utc) for c in (make_comment(post), make_comment(post))]
    source = FakeArchiveSource({"a.zst": items})
    metrics = PrometheusCollectionMetrics(registry)
    run = ArchiveImport(source, FakeSentiment(), FakeArchiveStore(), observer=metrics)

    await run.run(await source.files(["a.zst"]), ArchiveSelection(None))

    assert value(registry, "redditpulse_items_imported_total", kind="posts", change="new") == 1
    assert value(registry, "redditpulse_items_imported_total", kind="comments", change="new") == 2


async def test_an_observer_that_fails_does_not_stop_the_runner() -> None:
    class Broken:
        def cycle_ended(self, cycle: CollectionCycle) -> None:
            raise RuntimeError("observer bug")

    repo = FakeRepository()
    service = CycleService(FakeReddit(), FakeSentiment(), repo, clock=lambda: T0)
    runner = CollectionRunner(service, repo, ["a"], clock=lambda: T0, observer=Broken())

    assert await runner.run_once("first") is not None
    assert await runner.run_once("second") is not None
    assert len(repo.cycles) == 2
