"""Is the service well, and if not, why: the reasons health gives, each in one line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.lease import LeaseState
from domain.model import CollectionCycle, CycleStatus, StoreState


@dataclass(frozen=True, slots=True)
class HealthState:
    """What the store says; `last_success_at` is when a cycle last collected."""

    store: StoreState
    last_cycle: CollectionCycle | None
    last_success_at: datetime | None
    collector: LeaseState | None = None  # the collector lease and its board


@dataclass(frozen=True, slots=True)
class Expectations:
    """What this process is meant to be doing."""

    started_at: datetime
    collect_every: timedelta | None = None  # None: no collection is expected at all
    reddit_problem: str | None = None  # e.g. no credentials
    helpers_down: Sequence[str] = field(default_factory=list)


def newest(cycles: Iterable[CollectionCycle | None]) -> CollectionCycle | None:
    known = [c for c in cycles if c is not None]
    return max(known, key=lambda c: c.started_at) if known else None


def reasons(state: HealthState, expect: Expectations, now: datetime) -> list[str]:
    """Why the service is degraded; empty when it is well."""
    found = []
    store = state.store
    if store.problem:
        found.append(store.problem)
    elif not store.writable:
        found.append("the database is read-only")
    if expect.reddit_problem:
        found.append(expect.reddit_problem)
    last = state.last_cycle
    if last is not None and last.status is CycleStatus.FAILED:
        why = last.failures[0].error if last.failures else "no reason recorded"
        found.append(f"the last cycle failed: {why}")
    collector = state.collector
    if expect.collect_every is not None and (collector is None or not collector.live(now)):
        found.append(
            "no process collects: nobody holds the collector lease "
            "(start `redditpulse scheduler`, or `serve`)"
        )
    elif expect.collect_every is not None:
        patience = 2 * expect.collect_every
        since = max(expect.started_at, state.last_success_at or expect.started_at)
        if now - since > patience:
            minutes = (now - since).total_seconds() / 60
            found.append(f"no cycle has collected for {minutes:.0f} min (2 intervals)")
    for name in expect.helpers_down:
        found.append(f"the {name} process is down: it restarts on next use")
    return found
