"""Locust users of the REST API: the original plan's mix, and a heavier one.

Point locust at any running instance (`redditpulse serve`, `api`, behind a proxy):

    locust -f bench/locustfile.py --host http://127.0.0.1:8000 PlanUser
    locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless \\
        -u 50 -r 10 -t 60s --only-summary PlanUser HeavyUser

Without user class names, locust runs both, half and half.
"""

from __future__ import annotations

import os
import random
from typing import Any

from locust import HttpUser, between, events, task

API = "/api/v1"

# bench.load: every response time (ms, unrounded) once all users have started, one
# "name<TAB>ms" line each, so percentiles come with decimals (locust's own report rounds
# to whole milliseconds, a fifth of a 5 ms answer).
TIMES_FILE = os.environ.get("REDDITPULSE_LOCUST_TIMES")
_recording = {"on": False}


def _all_started(**_: Any) -> None:
    _recording["on"] = True


def _record(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    if TIMES_FILE and _recording["on"] and exception is None:
        with open(TIMES_FILE, "a") as times:
            times.write(f"{name}\t{response_time}\n")


events.spawning_complete.add_listener(_all_started)  # type: ignore[no-untyped-call]
events.request.add_listener(_record)  # type: ignore[no-untyped-call]


class PlanUser(HttpUser):
    """The original plan's mix: health 5, stats 3, recent 2, subreddits 1."""

    wait_time = between(0.5, 2)

    @task(5)
    def health(self) -> None:
        self.client.get(f"{API}/health", name="health")

    @task(3)
    def stats(self) -> None:
        self.client.get(f"{API}/sentiment/stats", params={"hours": 24}, name="stats 24h")

    @task(2)
    def recent(self) -> None:
        self.client.get(f"{API}/posts/recent", params={"limit": 50}, name="recent 50")

    @task(1)
    def subreddits(self) -> None:
        self.client.get(f"{API}/subreddits", name="subreddits")


class HeavyUser(PlanUser):
    """The plan's mix plus 30-day windows, one subreddit at a time, and post pages."""

    def on_start(self) -> None:
        listed = self.client.get(f"{API}/subreddits", name="subreddits").json()
        self.names = [s["name"] for s in listed.get("items", [])] or ["python"]
        recent = self.client.get(
            f"{API}/posts/recent", params={"limit": 200}, name="recent 200 (start)"
        ).json()
        self.post_ids = [p["id"] for p in recent.get("items", [])]

    @task(2)
    def stats_month(self) -> None:
        self.client.get(f"{API}/sentiment/stats", params={"hours": 720}, name="stats 30d")

    @task(2)
    def stats_of_one(self) -> None:
        params = {"hours": 168, "subreddit": random.choice(self.names)}
        self.client.get(f"{API}/sentiment/stats", params=params, name="stats 7d, one subreddit")

    @task(2)
    def recent_of_one(self) -> None:
        params = {"hours": 720, "limit": 100, "subreddit": random.choice(self.names)}
        self.client.get(f"{API}/posts/recent", params=params, name="recent 30d, one subreddit")

    @task(2)
    def post_page(self) -> None:
        if self.post_ids:
            post_id = random.choice(self.post_ids)
            self.client.get(f"{API}/posts/{post_id}", name="post page")

    @task(2)
    def top_posts(self) -> None:
        self.client.get(f"{API}/posts/top", params={"hours": 24}, name="top posts 24h")

    @task(1)
    def top_posts_of_one(self) -> None:
        params = {"hours": 168, "subreddit": random.choice(self.names)}
        self.client.get(f"{API}/posts/top", params=params, name="top posts 7d, one subreddit")

    @task(2)
    def timeseries_week(self) -> None:
        params = {"hours": 168, "bucket": "hour"}
        self.client.get(f"{API}/sentiment/timeseries", params=params, name="timeseries 7d hourly")

    @task(1)
    def timeseries_year(self) -> None:
        params = {"hours": 8760, "bucket": "day", "subreddit": random.choice(self.names)}
        self.client.get(
            f"{API}/sentiment/timeseries", params=params, name="timeseries 1y daily, one subreddit"
        )

    @task(1)
    def topics(self) -> None:
        listed = self.client.get(f"{API}/topics", params={"hours": 168}, name="topics 7d")
        self.topic_names = [t["name"] for t in listed.json().get("items", [])]

    @task(1)
    def topic_page(self) -> None:
        if names := getattr(self, "topic_names", None):
            params = {"hours": 168, "recent": 20}
            self.client.get(f"{API}/topics/{random.choice(names)}", params=params, name="topic 7d")

    @task(2)
    def trending(self) -> None:
        self.client.get(f"{API}/trending", params={"hours": 24}, name="trending 24h")

    @task(1)
    def trending_of_one(self) -> None:
        params = {"hours": random.choice([6, 24, 168]), "subreddit": random.choice(self.names)}
        self.client.get(f"{API}/trending", params=params, name="trending, one subreddit")

    @task(1)
    def topic_series(self) -> None:
        if names := getattr(self, "topic_names", None):
            params = {"hours": 720, "bucket": "day", "topic": random.choice(names)}
            self.client.get(
                f"{API}/sentiment/timeseries", params=params, name="timeseries 30d daily, topic"
            )
