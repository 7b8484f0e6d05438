"""Reading one sample out of Prometheus text, for the metrics tests."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of the sample `name` whose labels include `labels`; None if there is none."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and labels.items() <= found.labels.items():
                return found.value
    return None


def after_a_cycle(base: str) -> str | None:
    """`base`'s /metrics once they count an ended cycle; None before (or not answering)."""
    try:
        text = httpx.get(f"{base}/metrics", timeout=5).text
    except httpx.TransportError:
        return None
    ended = sum(
        sample(text, "redditpulse_cycles_total", outcome=outcome) or 0
        for outcome in ("succeeded", "partial", "failed")
    )
    return text if ended >= 1 else None
