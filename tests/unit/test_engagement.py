"""Growth: score and comments per hour of age at a read, which ranks /posts/top."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.engagement import Growth, PostRead
from tests.fakes import T0

HOUR = timedelta(hours=1)


def test_growth_is_per_hour_of_age_at_the_read() -> None:
    growth = Growth.since_creation(T0, PostRead(T0 + 4 * HOUR, score=100, num_comments=20))
    assert (growth.score_per_hour, growth.comments_per_hour) == (25, 5)
    assert growth.engagement_per_hour == 35  # a comment weighs two votes
    assert (growth.age_hours, growth.read_at) == (4, T0 + 4 * HOUR)


@pytest.mark.parametrize("age", [timedelta(0), timedelta(minutes=5), -HOUR])
def test_a_read_younger_than_an_hour_counts_as_an_hour_old(age: timedelta) -> None:
    growth = Growth.since_creation(T0, PostRead(T0 + age, score=12, num_comments=3))
    assert (growth.age_hours, growth.score_per_hour, growth.comments_per_hour) == (1, 12, 3)


def test_a_slow_old_post_ranks_below_a_fast_young_one() -> None:
    old = Growth.since_creation(T0, PostRead(T0 + 20 * HOUR, score=400, num_comments=40))
    young = Growth.since_creation(T0, PostRead(T0 + 2 * HOUR, score=90, num_comments=10))
    assert young.engagement_per_hour > old.engagement_per_hour
