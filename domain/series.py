"""Sentiment over time: hourly counts, summed into UTC hour or day buckets."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
MAX_HOURS = 8760  # a year of hourly buckets


class Bucket(enum.StrEnum):
    HOUR = "hour"
    DAY = "day"

    @property
    def length(self) -> timedelta:
        return HOUR if self is Bucket.HOUR else DAY

    def start_of(self, moment: datetime) -> datetime:
        hour = moment.replace(minute=0, second=0, microsecond=0)
        return hour if self is Bucket.HOUR else hour.replace(hour=0)


@dataclass(slots=True)
class Counts:
    """Items of one stretch of time: all of them, by kind, and the scored ones by label."""

    posts: int = 0
    comments: int = 0
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    compound_sum: float = 0.0

    @property
    def items(self) -> int:
        return self.posts + self.comments

    @property
    def mean_compound(self) -> float | None:
        scored = self.positive + self.neutral + self.negative
        return round(self.compound_sum / scored, 4) if scored else None

    def add(self, other: Counts) -> None:
        self.posts += other.posts
        self.comments += other.comments
        self.positive += other.positive
        self.neutral += other.neutral
        self.negative += other.negative
        self.compound_sum += other.compound_sum


@dataclass(frozen=True, slots=True)
class HourCounts:
    hour: datetime  # UTC, on the hour
    counts: Counts = field(default_factory=Counts)


@dataclass(frozen=True, slots=True)
class Point:
    start: datetime
    counts: Counts


def first_hour(now: datetime, hours: int) -> datetime:
    """The first hour of a window of `hours` whole UTC hours ending with the current one."""
    return Bucket.HOUR.start_of(now) - (hours - 1) * HOUR


def series(rows: Iterable[HourCounts], now: datetime, hours: int, bucket: Bucket) -> list[Point]:
    """Every bucket from the one holding the window's first hour to the current one,
    oldest first; empty ones have zero counts. The current bucket is still filling."""
    start = bucket.start_of(first_hour(now, hours))
    points: dict[datetime, Counts] = {}
    at = start
    while at <= now:
        points[at] = Counts()
        at += bucket.length
    for row in rows:
        slot = points.get(bucket.start_of(row.hour))
        if slot is not None:
            slot.add(row.counts)
    return [Point(at, counts) for at, counts in points.items()]
