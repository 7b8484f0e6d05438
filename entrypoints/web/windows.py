"""The time windows each view offers, as they appear in its URL (`?window=7d`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    key: str  # in the URL
    label: str
    hours: int
    bucket: str  # the series' bucket: "hour" or "day"


def _windows(*found: Window) -> dict[str, Window]:
    return {w.key: w for w in found}


H6 = Window("6h", "6 h", 6, "hour")
H24 = Window("24h", "24 h", 24, "hour")
D7 = Window("7d", "7 d", 168, "hour")
D30 = Window("30d", "30 d", 720, "day")
Y1 = Window("1y", "1 y", 8760, "day")

# The API's bounds decide: /trending and /posts/top look back 7 days at most,
# /posts/recent 30 days.
OVERVIEW = _windows(H24, D7, D30, Y1)
TOPICS = _windows(H24, D7, D30, Y1)
TRENDING = _windows(H6, H24, D7)
POSTS = {"recent": _windows(H24, D7, D30), "top": _windows(H24, D7)}
