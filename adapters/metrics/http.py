"""HTTP request metrics, labelled by route template so label values stay bounded."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

UNMATCHED = "unmatched"  # the route label of a request no route answered (a 404)


class PrometheusHttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "redditpulse_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "redditpulse_http_request_duration_seconds",
            "Time to answer HTTP requests, by route template.",
            ["route"],
            registry=registry,
        )

    def request_answered(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.duration.labels(route).observe(seconds)
