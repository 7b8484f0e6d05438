"""How many subreddits can one collector (one Reddit client id) watch?

Simulates a collector (bench/capacity_model.py: the real grouping, refresh and rescan
policies over Poisson arrivals and Reddit's paced 10-minute window) for several mixes of
subreddit activity and collection intervals, and searches for the largest watch list that
stays within budget: no gap, no cycle stopped by the budget, no refresh carried over more
than one cycle. Prints Markdown tables (docs/scaling.md quotes them).

    python -m bench.collector_capacity [--hours 24] [--warmup-hours 48] [--intervals 10,30]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from bench.capacity_model import Collector, Report, Subreddit
from domain.policy import CollectionPolicy, RefreshPolicy

# Items per hour (posts, comments). Assumptions, not measurements: "medium" is the stream
# of docs/benchmarks.md (14 subreddits, 100 posts and 1,000 comments an hour in all).
QUIET, MEDIUM, BUSY = (1.0, 10.0), (7.0, 70.0), (60.0, 1200.0)
MIXES: dict[str, Callable[[int], tuple[float, float]]] = {
    "quiet": lambda i: QUIET,
    "medium": lambda i: MEDIUM,
    "mixed (70% quiet, 25% medium, 5% busy)": lambda i: (
        BUSY if i % 20 == 0 else MEDIUM if i % 4 == 1 else QUIET
    ),
    "busy": lambda i: BUSY,
}


def watch_list(mix: str, count: int) -> list[Subreddit]:
    # 13-character names: Reddit's names run 3 to 21, the "a+b+c" path budget is in chars.
    return [Subreddit(f"subreddit{i:04d}", *MIXES[mix](i)) for i in range(count)]


def simulate(
    mix: str, count: int, interval: timedelta, policy: CollectionPolicy, args: argparse.Namespace
) -> Report:
    latency = timedelta(seconds=args.latency)
    collector = Collector(watch_list(mix, count), interval, policy, latency, seed=args.seed)
    return collector.run(timedelta(hours=args.warmup_hours), timedelta(hours=args.hours))


def largest(
    mix: str, interval: timedelta, policy: CollectionPolicy, args: argparse.Namespace
) -> tuple[int, Report | None, Report | None]:
    """The largest watch list within budget (doubling, then bisection to within 4%: the
    mixes are estimates anyway), its report, and the report of the smallest list found
    over budget."""
    low, best, high = 0, None, 1
    while (over := simulate(mix, high, interval, policy, args)).within_budget():
        low, best, high = high, over, high * 2
        if high > args.max_subreddits:
            return low, best, None
    while high - low > max(1, low // 25):
        middle = (low + high) // 2
        report = simulate(mix, middle, interval, policy, args)
        if report.within_budget():
            low, best = middle, report
        else:
            high, over = middle, report
    return low, best, over


def limit_of(report: Report | None) -> str:
    """What went wrong just past the largest list."""
    if report is None:
        return "none up to --max-subreddits"
    reasons = []
    if report.gaps:
        reasons.append("listing depth (gaps)")
    if report.stopped_early or report.late_starts:
        reasons.append("requests per window")
    if report.max_refresh_delay > 2 * report.interval:
        reasons.append("refresh cap per cycle")
    return ", ".join(reasons)


def table(title: str, policy: CollectionPolicy, args: argparse.Namespace) -> None:
    print(f"\n{title}\n")
    print("| mix | interval | subreddits | items/h | requests/min: mean | max 10 min "
          "| listing/cycle | rescan/cycle | refresh/cycle | limit past it |")  # fmt: skip
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    for mix in MIXES:
        for minutes in args.intervals:
            interval = timedelta(minutes=minutes)
            count, report, over = largest(mix, interval, policy, args)
            if report is None:
                print(f"| {mix} | {minutes} min | 0 | | | | | | | {limit_of(over)} |")
                continue
            shown = f"≥ {count}" if over is None else f"{count}"
            cycles, minutes_run = report.cycles, args.hours * 60
            print(
                f"| {mix} | {minutes} min | {shown} | {report.items / args.hours:,.0f} | "
                f"{report.requests / minutes_run:.1f} | {report.max_in_window()} | "
                f"{report.listing_requests / cycles:.1f} | {report.rescan_requests / cycles:.1f} | "
                f"{report.refresh_requests / cycles:.1f} | "
                f"{limit_of(over)} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hours", type=float, default=24, help="measured simulated hours")
    parser.add_argument("--warmup-hours", type=float, default=48, help="refresh steady state")
    parser.add_argument("--intervals", default="10,30", help="minutes between cycles")
    parser.add_argument("--max-subreddits", type=int, default=4096)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per request")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.intervals = [int(m) for m in args.intervals.split(",")]
    default = CollectionPolicy()
    table("Default policy (REFRESH_MAX_REQUESTS=60):", default, args)
    uncapped = replace(default, refresh=RefreshPolicy(max_requests_per_cycle=100_000))
    table("REFRESH_MAX_REQUESTS=100000 (the rate window binds):", uncapped, args)


if __name__ == "__main__":
    main()
