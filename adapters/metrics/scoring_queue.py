"""The scoring queue: calls sent to the scoring processes and not finished, read at scrape
time from the pool of the answering process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

NAME = "redditpulse_scoring_queue"


class Pending(Protocol):
    """All this needs of adapters.respawning_pool.RespawningProcessPool."""

    def pending(self) -> int: ...


class ScoringQueueCollector(Collector):
    """`pool` is called at scrape time: building the collector builds no pool."""

    def __init__(self, pool: Callable[[], Pending]) -> None:
        self._pool = pool

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(
            NAME,
            "Scoring calls submitted to this process's scoring pool and not finished yet.",
            value=self._pool().pending(),
        )
