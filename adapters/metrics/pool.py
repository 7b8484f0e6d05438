"""Database connections in use, read from the SQLAlchemy pools at scrape time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine


class PoolCollector(Collector):
    """`engines` maps a pool's name to a callable giving its engine, called at scrape time:
    building the collector builds no engine."""

    def __init__(self, engines: Mapping[str, Callable[[], Engine]]) -> None:
        self._engines = engines

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "redditpulse_db_pool_checked_out",
            "Database connections checked out of this process's pool.",
            labels=["pool"],
        )
        for name, engine in self._engines.items():
            # Only a QueuePool counts; an in-memory SQLite database shares one connection.
            checkedout = getattr(engine().pool, "checkedout", None)
            if checkedout is not None:
                gauge.add_metric([name], checkedout())
        yield gauge
