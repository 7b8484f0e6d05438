"""Tracked topics in `serve`: TOPICS_FILE applied at start, history matched in the
background by the collector process, and a topic added over the API matched too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.e2e.test_serve import Serve, finished_cycle, serve, wait_for

__all__ = ["serve"]  # the fixture

TOKEN = "topics-token"


def topic_when_matched(base: str, name: str) -> dict[str, Any] | None:
    found = httpx.get(f"{base}/api/v1/topics/{name}", params={"hours": 48}).json()
    return found if found.get("matching") == "done" else None


def test_topics_from_the_file_and_the_api_are_matched_against_history(
    serve: Serve, tmp_path: Path
) -> None:
    topics_file = tmp_path / "topics.toml"
    topics_file.write_text('[topics]\nDocker = ["containers"]\n', encoding="utf-8")
    base, _ = serve(
        "--demo",
        TOPICS_FILE=str(topics_file),
        ADMIN_TOKEN=TOKEN,
        COLLECTION_INTERVAL_MINUTES="60",
        LOG_LEVEL="WARNING",
    )
    wait_for(lambda: finished_cycle(base))

    docker = wait_for(lambda: topic_when_matched(base, "docker"))
    assert docker["name"] == "Docker" and docker["aliases"] == ["containers"]
    assert docker["mentions"] > 0 and docker["recent"]
    assert all("docker" in m["body"].lower() or "docker" in (m["title"] or "").lower()
               for m in docker["recent"])  # fmt: skip

    added = httpx.put(
        f"{base}/api/v1/admin/topics/Raspberry Pi",
        json={"aliases": ["rpi"]},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert added.status_code == 201
    pi = wait_for(lambda: topic_when_matched(base, "raspberry pi"))
    assert pi["mentions"] > 0
    series = httpx.get(
        f"{base}/api/v1/sentiment/timeseries", params={"topic": "Raspberry Pi", "hours": 48}
    ).json()
    assert sum(point["items"] for point in series["items"]) == pi["mentions"]
