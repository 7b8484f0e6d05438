"""Which items go into which file: per-subreddit files or monthly files of all subreddits."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from testkit.archive_dump.spec import Layout
from testkit.archive_dump.timeline import Timeline

Kind = Literal["posts", "comments"]


@dataclass(frozen=True)
class FilePlan:
    name: str
    kind: Kind
    ranks: Sequence[int]  # the items, in created_utc order
    subreddit: str | None  # None: a monthly file of every subreddit
    truncated: bool = False  # ends with a cut-short line


def subreddit_files(timeline: Timeline, names: list[str], extension: str) -> list[FilePlan]:
    """`<name>_submissions` and `<name>_comments` per subreddit, as the Pushshift torrents."""
    posts: list[array[int]] = [array("l") for _ in names]
    comments: list[array[int]] = [array("l") for _ in names]
    for rank, subreddit in enumerate(timeline.post_subreddit):
        posts[subreddit].append(rank)
    for rank, post in enumerate(timeline.comment_post):
        comments[timeline.post_subreddit[post]].append(rank)
    plans = []
    for index, name in enumerate(names):
        plans.append(FilePlan(f"{name}_submissions{extension}", "posts", posts[index], name))
        plans.append(FilePlan(f"{name}_comments{extension}", "comments", comments[index], name))
    return plans


def monthly_files(timeline: Timeline, extension: str) -> list[FilePlan]:
    """RS_YYYY-MM (posts) then RC_YYYY-MM (comments) for each month of the window."""
    months = _month_starts(timeline.start, timeline.end)
    sources: tuple[tuple[str, Kind, array[int]], ...] = (
        ("RS", "posts", timeline.post_time),
        ("RC", "comments", timeline.comment_time),
    )
    plans = []
    for prefix, kind, times in sources:
        for first, after in zip(months, [*months[1:], timeline.end], strict=True):
            ranks = range(bisect_left(times, first), bisect_left(times, after))
            month = datetime.fromtimestamp(first, UTC).strftime("%Y-%m")
            plans.append(FilePlan(f"{prefix}_{month}{extension}", kind, ranks, None))
    return plans


def plan_files(timeline: Timeline, layout: Layout, names: list[str], plain: bool) -> list[FilePlan]:
    """The files in the order they are written."""
    extension = ".ndjson" if plain else ".zst"
    if layout == "monthly":
        return monthly_files(timeline, extension)
    return subreddit_files(timeline, names, extension)


def mark_truncated(plans: list[FilePlan], wanted: list[str]) -> list[FilePlan]:
    """Let one file an importer reads end with a cut-short line: the last with comments."""
    readers = {*wanted, None}
    readable = [i for i, plan in enumerate(plans) if plan.ranks and plan.subreddit in readers]
    if not readable:
        return plans
    chosen = max(readable, key=lambda index: (plans[index].kind == "comments", index))
    return [replace(plan, truncated=True) if i == chosen else plan for i, plan in enumerate(plans)]


def _month_starts(start: int, end: int) -> list[int]:
    """`start`, then the first second of every later month before `end`."""
    starts, day = [start], datetime.fromtimestamp(start, UTC)
    while True:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        day = datetime(year, month, 1, tzinfo=UTC)
        if day.timestamp() >= end:
            return starts
        starts.append(int(day.timestamp()))
