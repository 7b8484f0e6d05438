"""Locust users of the REST API: the original plan's mix, and a heavier one.

Point locust at any running instance (`redditpulse serve`, `api`, behind a proxy):

    locust -f bench/locustfile.py --host http://127.0.0.1:8000 PlanUser
    locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless \\
        -u 50 -r 10 -t 60s --only-summary PlanUser HeavyUser

Without user class names, locust runs both, half and half.
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task

API = "/api/v1"


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
