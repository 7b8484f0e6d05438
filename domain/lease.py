"""A lease: one holder at a time, until it expires unless renewed.

The collector lease's row is also the notice board every process reads: the cycle its
holder is running, a cycle an API process asked for, and when the next scheduled one is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

COLLECTOR = "collector"  # the lease a process must hold to run collection cycles


@dataclass(frozen=True, slots=True)
class LeaseState:
    holder: str
    expires_at: datetime
    running_cycle_id: str | None = None
    requested_cycle_id: str | None = None  # asked for, not started yet
    next_run_at: datetime | None = None  # the holder's next scheduled cycle
    acquired_at: datetime | None = None  # since when this holder has held it
    requested_at: datetime | None = None

    def held_by(self, holder: str, now: datetime) -> bool:
        return self.holder == holder and self.expires_at > now

    def live(self, now: datetime) -> bool:
        """Whether someone holds it (it has not expired, nor been released)."""
        return self.expires_at > now


class Requested(StrEnum):
    """What became of a request for a cycle."""

    ACCEPTED = "requested"  # the collector starts it within a second or so
    RUNNING = "already running"  # a cycle runs: the answer names it
    PENDING = "already requested"  # asked for and not started yet: the answer names it
    NO_COLLECTOR = "no collector"  # nobody holds the lease: nobody would run it


@dataclass(frozen=True, slots=True)
class CycleRequest:
    outcome: Requested
    cycle_id: str | None  # the cycle asked for, running or pending; None without a collector


@dataclass(frozen=True, slots=True)
class CycleClaim:
    """A cycle the lease holder may run now, under this id."""

    cycle_id: str
    requested: bool  # asked for through the board (a manual trigger), not scheduled


# --- how the lease and its board change: the same rules in every adapter ----------------


def taken(state: LeaseState | None, holder: str, now: datetime, until: datetime) -> LeaseState:
    """The lease after `holder` tried to take or renew it until `until`."""
    if state is None:
        return LeaseState(holder, until, acquired_at=now)
    if state.holder != holder and state.live(now):
        return state  # someone else holds it
    if state.held_by(holder, now):
        return replace(state, expires_at=until)
    # Taken over: the old holder's cycle and schedule died with it; a cycle asked for
    # is still wanted.
    return LeaseState(
        holder,
        until,
        acquired_at=now,
        requested_cycle_id=state.requested_cycle_id,
        requested_at=state.requested_at,
    )


def released(state: LeaseState, holder: str, now: datetime) -> LeaseState:
    """Expired at once if `holder` holds it; a cycle asked for stays asked for."""
    if state.holder != holder:
        return state
    return replace(
        state, expires_at=min(now, state.expires_at), running_cycle_id=None, next_run_at=None
    )


def begun(
    state: LeaseState, holder: str, cycle_id: str | None, now: datetime
) -> tuple[LeaseState, CycleClaim | None]:
    """The holder starts the cycle asked for, else `cycle_id` (None: only one asked for);
    nothing starts while a cycle runs, nor unless `holder` holds the lease."""
    if not state.held_by(holder, now) or state.running_cycle_id is not None:
        return state, None
    if state.requested_cycle_id is not None:
        claim = CycleClaim(state.requested_cycle_id, requested=True)
    elif cycle_id is not None:
        claim = CycleClaim(cycle_id, requested=False)
    else:
        return state, None
    running = replace(
        state, running_cycle_id=claim.cycle_id, requested_cycle_id=None, requested_at=None
    )
    return running, claim


def ended(
    state: LeaseState, holder: str, cycle_id: str, next_run_at: datetime | None
) -> LeaseState:
    if state.holder != holder or state.running_cycle_id != cycle_id:
        return state
    return replace(state, running_cycle_id=None, next_run_at=next_run_at)


def scheduled(state: LeaseState, holder: str, next_run_at: datetime | None) -> LeaseState:
    return state if state.holder != holder else replace(state, next_run_at=next_run_at)


def asked(
    state: LeaseState | None, cycle_id: str, now: datetime
) -> tuple[LeaseState | None, CycleRequest]:
    """The board after an API process asked for a cycle under `cycle_id`."""
    if state is None or not state.live(now):
        return state, CycleRequest(Requested.NO_COLLECTOR, None)
    if state.running_cycle_id is not None:
        return state, CycleRequest(Requested.RUNNING, state.running_cycle_id)
    if state.requested_cycle_id is not None:
        return state, CycleRequest(Requested.PENDING, state.requested_cycle_id)
    pending = replace(state, requested_cycle_id=cycle_id, requested_at=now)
    return pending, CycleRequest(Requested.ACCEPTED, cycle_id)
