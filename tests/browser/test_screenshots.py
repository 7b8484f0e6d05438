"""Screenshots of every view, from the seeded demo database, at desktop and phone sizes.

They land in a temporary folder; with REDDITPULSE_SCREENSHOTS=DIR they are written to DIR
as well (the README's are made with REDDITPULSE_SCREENSHOTS=docs/screenshots).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest
from selenium import webdriver

from testkit.chromium import DESKTOP, PHONE, chromium
from tests.browser.views import loaded

pytestmark = pytest.mark.slow

SHOTS = {
    "overview": "/?window=7d",
    "topics": "/topics?window=30d",
    "trending": "/trending?window=7d",
    "posts": "/posts?order=top&window=7d",
    "collection": "/collection",
    "docs": "/docs",
}
PNG = b"\x89PNG\r\n\x1a\n"


def shoot(driver: webdriver.Chrome, url: str, path: Path, size: tuple[int, int]) -> None:
    if url.endswith("/docs"):
        driver.get(url)
        driver.implicitly_wait(10)
        driver.find_element("css selector", ".opblock")
    else:
        assert loaded(driver, url) == "ready"
    # Taller than the window: the page's top part, up to 2.2 screens.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size[0], min(height, int(size[1] * 2.2)))
    driver.save_screenshot(str(path))
    driver.set_window_size(*size)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_every_view(
    base: str, browser_binaries: None, tmp_path: Path, device: str
) -> None:
    size = DESKTOP if device == "desktop" else PHONE
    top = httpx.get(f"{base}/api/v1/posts/top", params={"hours": 168, "limit": 1}).json()
    shots = {**SHOTS, "post": f"/posts/{top['items'][0]['id']}"}
    with chromium(size) as driver:
        for name, path in shots.items():
            shoot(driver, base + path, tmp_path / f"{name}-{device}.png", size)
    taken = sorted(tmp_path.glob("*.png"))
    assert len(taken) == len(shots)
    assert all(p.read_bytes().startswith(PNG) and p.stat().st_size > 10_000 for p in taken)
    if target := os.environ.get("REDDITPULSE_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        for shot in taken:
            shutil.copy(shot, Path(target) / shot.name)
