"""Matching stored history against topics: slices until none is left; failures logged
once until it works again, never raised (it runs every few seconds)."""

from __future__ import annotations

import logging

import pytest

from application.analytics import TopicMatching
from domain.errors import StoreUnavailable


class Port:
    def __init__(self, answers: list[bool | Exception]) -> None:
        self.answers = answers
        self.limits: list[int] = []

    async def match_history(self, limit: int) -> bool:
        self.limits.append(limit)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_slices_run_until_nothing_is_left() -> None:
    port = Port([True, True, True, False])

    assert await TopicMatching(port, slice_items=50).run() == 3
    assert port.limits == [50, 50, 50, 50]


class Waiting:
    def __init__(self, count: int) -> None:
        self.count = count

    async def topics_to_match(self) -> int:
        return self.count


async def test_the_matcher_is_not_asked_when_no_topic_waits() -> None:
    idle, busy = Port([]), Port([True, False])

    assert await TopicMatching(idle, topics=Waiting(0)).run() == 0
    assert await TopicMatching(busy, topics=Waiting(1)).run() == 1
    assert idle.limits == [] and len(busy.limits) == 2


async def test_a_failure_is_logged_once_until_matching_works_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = StoreUnavailable("database unavailable: disk I/O error")
    matching = TopicMatching(Port([down, down, True, False, down, KeyError("bug")]))

    with caplog.at_level(logging.INFO, logger="application.analytics"):
        results = [await matching.run() for _ in range(5)]

    assert results == [0, 0, 1, 0, 0]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        "topic matching of stored history stopped: database unavailable: disk I/O error",
        "topic matching of stored history stopped: database unavailable: disk I/O error",
        "topic matching of stored history stopped: KeyError: 'bug'",
    ]
    assert [bool(r.exc_info) for r in warnings] == [False, False, True]
