"""Time series buckets: aligned to UTC hours or days, every one present, oldest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.series import Bucket, Counts, HourCounts, first_hour, series

NOW = datetime(2026, 3, 10, 14, 25, tzinfo=UTC)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_hour_buckets_cover_the_window_with_zeros_where_nothing_was_counted() -> None:
    rows = [
        HourCounts(at(10, 12), Counts(posts=2, positive=1, negative=1, compound_sum=0.2)),
        HourCounts(at(10, 14), Counts(comments=3, neutral=3)),
        HourCounts(at(9, 1), Counts(posts=9)),  # before the window: left out
    ]

    points = series(rows, NOW, 6, Bucket.HOUR)

    assert [p.start for p in points] == [at(10, h) for h in range(9, 15)]
    by_start = {p.start: p.counts for p in points}
    assert by_start[at(10, 12)].items == 2 and by_start[at(10, 12)].mean_compound == 0.1
    assert by_start[at(10, 14)].comments == 3 and by_start[at(10, 14)].mean_compound == 0.0
    assert by_start[at(10, 13)] == Counts() and by_start[at(10, 13)].mean_compound is None


def test_day_buckets_start_at_utc_midnight_and_sum_their_hours() -> None:
    rows = [
        HourCounts(at(day, hour), Counts(posts=1, positive=1, compound_sum=0.5))
        for day in (7, 8, 10)
        for hour in (0, 23)
    ]

    points = series(rows, NOW, 72, Bucket.DAY)

    assert [p.start for p in points] == [at(day, 0) for day in (7, 8, 9, 10)]
    assert [p.counts.posts for p in points] == [2, 2, 0, 2]
    assert points[0].counts.mean_compound == 0.5


def test_the_window_counts_whole_hours_ending_with_the_current_one() -> None:
    assert first_hour(NOW, 1) == at(10, 14)
    assert first_hour(NOW, 24) == at(9, 15)
    assert len(series([], NOW, 8760, Bucket.HOUR)) == 8760
    assert len(series([], NOW, 8760, Bucket.DAY)) in (365, 366)
    assert all(p.start.tzinfo is UTC for p in series([], NOW, 3, Bucket.HOUR))
    assert first_hour(NOW, 2) + timedelta(hours=1) == at(10, 14)
