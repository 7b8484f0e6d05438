"""A restarted demo continues its simulated world: `collect --once --demo` twice on one
database stores, the second time, only what the world made in between."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CLI = [str(Path(sys.executable).with_name("redditpulse"))]
SUBREDDITS = ["python", "rust", "golang"]


def collect_demo(db: Path) -> tuple[int, int]:
    """One demo cycle; the posts and comments stored after it."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "SUBREDDITS": ",".join(SUBREDDITS),
    }
    result = subprocess.run(
        [*CLI, "collect", "--once", "--demo"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as connection:
        posts = connection.execute("SELECT count(*) FROM posts").fetchone()[0]
        comments = connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    return posts, comments


def test_a_restarted_demo_stores_only_what_its_world_made_since(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first_posts, first_comments = collect_demo(db)
    started = time.monotonic()

    posts, comments = collect_demo(db)

    minutes = (time.monotonic() - started) / 60 + 0.5  # and the first run's own length
    assert first_posts >= 100 and first_comments >= 100
    # About 1 post and 6 comments a minute per subreddit, not a new page of history.
    assert posts - first_posts <= len(SUBREDDITS) * 2 * minutes + 3
    assert comments - first_comments <= len(SUBREDDITS) * 10 * minutes + 10
