"""The registry the metrics live in, and its Prometheus text exposition: this process's
metrics, or every process's in prometheus-client's multiprocess mode."""

from __future__ import annotations

import os
from collections.abc import Sequence

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST


class MetricsRegistry:
    """One per container, not prometheus-client's global one: two apps in one process (the
    tests) keep their own counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()

    def exposition(self, own: Sequence[Collector] = ()) -> bytes:
        """The metrics, then `own`: collectors read in the answering process only, at
        scrape time (its database pools), multiprocess mode or not."""
        local = CollectorRegistry()
        for collector in own:
            local.register(collector)
        return generate_latest(self._shared()) + generate_latest(local)

    def _shared(self) -> CollectorRegistry:
        if not os.environ.get(MULTIPROCESS_DIR):
            return self.registry
        # Every process writes its values to files in that directory: read them all.
        merged = CollectorRegistry()
        MultiProcessCollector(merged)  # type: ignore[no-untyped-call]  # (its __init__ is untyped)
        return merged
