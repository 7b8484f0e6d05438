"""Prometheus metrics (prometheus-client): what the application reports, as metrics."""
