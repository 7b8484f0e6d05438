"""A lease: one holder at a time, until it expires unless renewed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

COLLECTOR = "collector"  # the lease a process must hold to run collection cycles


@dataclass(frozen=True, slots=True)
class LeaseState:
    holder: str
    expires_at: datetime

    def held_by(self, holder: str, now: datetime) -> bool:
        return self.holder == holder and self.expires_at > now
