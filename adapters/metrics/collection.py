"""Collection and import metrics: the CycleObserver and ImportObserver ports, in Prometheus."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from domain.archive import ImportTally
from domain.model import CollectionCycle, CycleStatus, Kind
from domain.ports import CycleObserver, ImportObserver

OUTCOMES = (CycleStatus.SUCCEEDED, CycleStatus.PARTIAL, CycleStatus.FAILED)
# A cycle takes seconds on a quiet watch list, many minutes on a large one or a backfill.
CYCLE_SECONDS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)


class PrometheusCollectionMetrics(CycleObserver, ImportObserver):
    def __init__(self, registry: CollectorRegistry) -> None:
        self.cycles = Counter(
            "redditpulse_cycles",
            "Collection cycles ended, by outcome.",
            ["outcome"],
            registry=registry,
        )
        self.cycle_duration = Histogram(
            "redditpulse_cycle_duration_seconds",
            "Duration of ended collection cycles.",
            buckets=CYCLE_SECONDS,
            registry=registry,
        )
        self.collected = Counter(
            "redditpulse_items_collected",
            "Posts and comments new to the database.",
            ["kind"],
            registry=registry,
        )
        self.refreshed = Counter(
            "redditpulse_items_refreshed", "Items re-read from Reddit.", registry=registry
        )
        self.requests = Counter(
            "redditpulse_reddit_requests", "Requests made to Reddit.", registry=registry
        )
        # From several processes (multiprocess mode): the latest value written counts.
        self.budget = Gauge(
            "redditpulse_reddit_budget_remaining",
            "Reddit's rate-limit budget left at the end of the last cycle that knew it.",
            multiprocess_mode="mostrecent",
            registry=registry,
        )
        self.gaps = Counter(
            "redditpulse_gaps",
            "Listing stretches collection could not reach.",
            ["kind"],
            registry=registry,
        )
        self.imported = Counter(
            "redditpulse_items_imported",
            "Items written by `redditpulse import`, by kind and change.",
            ["kind", "change"],
            registry=registry,
        )
        # Every label value from the start: a rate over a series that never appeared is empty.
        for outcome in OUTCOMES:
            self.cycles.labels(outcome.value)
        for kind in Kind:
            self.collected.labels(kind.value)
            self.gaps.labels(kind.value)

    def cycle_ended(self, cycle: CollectionCycle) -> None:
        self.cycles.labels(cycle.status.value).inc()
        if cycle.duration_s is not None:
            self.cycle_duration.observe(cycle.duration_s)
        self.collected.labels(Kind.POSTS.value).inc(cycle.posts_collected)
        self.collected.labels(Kind.COMMENTS.value).inc(cycle.comments_collected)
        self.refreshed.inc(cycle.items_refreshed)
        self.requests.inc(cycle.requests_made)
        if cycle.budget_remaining is not None:
            self.budget.set(cycle.budget_remaining)
        for gap in cycle.gaps:
            self.gaps.labels(gap.kind.value).inc()

    def import_ended(self, tally: ImportTally) -> None:
        counts = {
            ("posts", "new"): tally.posts_new,
            ("posts", "updated"): tally.posts_updated,
            ("comments", "new"): tally.comments_new,
            ("comments", "updated"): tally.comments_updated,
        }
        for (kind, change), count in counts.items():
            self.imported.labels(kind, change).inc(count)
