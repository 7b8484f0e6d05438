"""When a cycle last collected, as the database says: right in every process, whichever ran it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

NAME = "redditpulse_last_success_timestamp_seconds"


class LastSuccess(Collector):
    """`at`: read at scrape time; None (never, or the database unreadable) gives no sample."""

    def __init__(self, at: datetime | None) -> None:
        self._at = at

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            NAME, "Unix time the last succeeded or partial collection cycle ended."
        )
        if self._at is not None:
            gauge.add_metric([], self._at.timestamp())
        yield gauge
