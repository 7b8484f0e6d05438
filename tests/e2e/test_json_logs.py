"""`serve` with LOG_FORMAT=json: every line of its output (the collector process's too) is a
JSON object; a request's lines carry its id, a cycle's lines the cycle's id."""

from __future__ import annotations

import json
import signal
from typing import Any

import httpx

from tests.e2e.test_serve import Serve, finished_cycle, serve, wait_for

__all__ = ["serve"]  # the fixture, imported to be used here


def test_serve_logs_json_lines_with_request_and_cycle_ids(serve: Serve) -> None:
    base, process = serve("--demo", LOG_FORMAT="json", LOG_LEVEL="INFO")
    cycle = wait_for(lambda: finished_cycle(base))
    response = httpx.get(f"{base}/api/v1/health", headers={"X-Request-ID": "abc-123"})
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)

    assert process.returncode == 0
    assert response.headers["X-Request-ID"] == "abc-123"
    records: list[dict[str, Any]] = [json.loads(line) for line in output.splitlines()]
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    requests = [r for r in records if r.get("request_id") == "abc-123"]
    assert [r["logger"] for r in requests] == ["uvicorn.access"]
    assert "GET /api/v1/health" in requests[0]["message"]
    of_cycle = [r for r in records if r.get("cycle_id") == cycle["id"]]
    assert any(r["message"].startswith(f"cycle {cycle['id']} succeeded") for r in of_cycle)
    assert any(r["logger"] == "uvicorn.error" for r in records)
