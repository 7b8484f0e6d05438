"""A new installation without Reddit credentials: the views say what to do, and the
collection view names the failure plainly."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.browser.views import loaded
from tests.e2e.test_serve import CLI, finished_cycle, free_port, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def unconfigured(browser_binaries: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("unconfigured")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/empty.db",
        "REDDIT_CLIENT_ID": "",
        "REDDIT_CLIENT_SECRET": "",
        "INITIAL_COLLECTION_DELAY_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [CLI, "serve", "--port", str(port)], env=env, cwd=folder,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: finished_cycle(base))
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def text(driver: webdriver.Chrome, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def test_no_data_yet_says_when_the_next_cycle_runs_and_how_to_load_history(
    unconfigured: str, desktop: webdriver.Chrome
) -> None:
    assert loaded(desktop, f"{unconfigured}/") == "ready"
    empty = text(desktop, "#total .empty")
    assert "No data yet: no items in the last 24 h." in empty
    assert "The next collection cycle runs at" in empty
    assert "redditpulse import ~/dumps" in empty
    assert loaded(desktop, f"{unconfigured}/posts") == "ready"
    assert "No data yet: no posts in the last 24 h." in text(desktop, "#posts")


def test_no_topics_says_how_to_add_one(unconfigured: str, desktop: webdriver.Chrome) -> None:
    assert loaded(desktop, f"{unconfigured}/topics") == "ready"
    shown = text(desktop, "#topics")
    assert "No topics are tracked yet." in shown and "TOPICS_FILE" in shown


def test_the_failed_cycle_and_its_reason_are_shown_plainly(
    unconfigured: str, desktop: webdriver.Chrome
) -> None:
    assert loaded(desktop, f"{unconfigured}/collection") == "ready"
    assert "Needs attention" in text(desktop, "#now")
    assert "Reddit is not configured" in text(desktop, "#now")
    failing = text(desktop, "#failing")
    assert "Failing subreddits" in failing
    assert "REDDIT_CLIENT_ID" in failing
    assert "✖ failed" in text(desktop, "#cycles")
