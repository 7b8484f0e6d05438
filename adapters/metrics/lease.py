"""Who holds the collector lease, as the database says at scrape time: every process
answers it, and each says whether it is the holder itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from domain.lease import LeaseState

HELD = "redditpulse_collector_lease_held"
HOLDER = "redditpulse_collector_lease_holder_info"
EXPIRES = "redditpulse_collector_lease_expires_timestamp_seconds"


class LeaseHolder(Collector):
    """`board`: the collector lease read at scrape time (None: never taken, or the database
    cannot be read: then only the answering process's own 0 is given)."""

    def __init__(self, board: LeaseState | None, here: str, now: datetime) -> None:
        self._board = board if board is not None and board.live(now) else None
        self._here = here

    def collect(self) -> Iterator[GaugeMetricFamily]:
        held = GaugeMetricFamily(
            HELD, "1 if the answering process holds the collector lease (collects), else 0."
        )
        held.add_metric([], float(self._board is not None and self._board.holder == self._here))
        yield held
        holder = GaugeMetricFamily(
            HOLDER,
            "The process that holds the collector lease: host:pid:suffix.",
            labels=["holder"],
        )
        expires = GaugeMetricFamily(
            EXPIRES, "Unix time the collector lease expires unless its holder renews it."
        )
        if self._board is not None:
            holder.add_metric([self._board.holder], 1.0)
            expires.add_metric([], self._board.expires_at.timestamp())
        yield holder
        yield expires
