"""A live stream: posts and comments fed into the Reddit stand-in in real time.

StreamFeeder's simulated clock, moved along with the wall clock a tick at a time, so the
items a collector reads were created "just now", at a steady rate, for as long as it runs.

    with LiveFeed(standin, ["python", "rust"], comments_per_s=600, posts_per_s=60):
        ...  # a collector reads from standin.url meanwhile
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from testkit.reddit_standin import RedditStandIn
from testkit.reddit_stream import StreamFeeder

TICK_S = 0.1


class LiveFeed:
    def __init__(
        self,
        standin: RedditStandIn,
        subreddits: Sequence[str],
        comments_per_s: float,
        posts_per_s: float = 0.0,
        seed: int = 0,
    ) -> None:
        self._feeder = StreamFeeder(standin, subreddits, seed=seed, start=datetime.now(UTC))
        self._rates = (posts_per_s, comments_per_s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="live-feed", daemon=True)
        self._lock = threading.Lock()
        self._fed = [0, 0]

    @property
    def fed(self) -> tuple[int, int]:
        """Posts and comments fed since start (the backlog not counted)."""
        with self._lock:
            return self._fed[0], self._fed[1]

    def start(self) -> LiveFeed:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> LiveFeed:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _run(self) -> None:
        owed = [0.0, 0.0]  # fractions of an item carried to the next tick
        last = time.monotonic()
        while not self._stop.wait(TICK_S):
            now = time.monotonic()
            elapsed, last = now - last, now
            counts = []
            for i, rate in enumerate(self._rates):
                owed[i] += rate * elapsed
                counts.append(int(owed[i]))
                owed[i] -= counts[-1]
            fed = self._feeder.advance(elapsed / 60, posts=counts[0], comments=counts[1])
            with self._lock:
                self._fed[0] += len(fed.posts)
                self._fed[1] += len(fed.comments)
