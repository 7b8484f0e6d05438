"""The browser tests need Debian's chromium and chromium-driver: skipped without them,
unless REDDITPULSE_REQUIRE_BROWSER=1 (as in .ci/run), where that is a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from selenium import webdriver

from testkit.chromium import DESKTOP, PHONE, binaries, chromium
from tests.browser.seeded import dashboard


@pytest.fixture(scope="session")
def browser_binaries() -> None:
    if binaries() is None:
        if os.environ.get("REDDITPULSE_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium and chromium-driver are required here but not installed")
        pytest.skip("no chromium: apt-get install chromium chromium-driver to run these")


@pytest.fixture(scope="session")
def base(browser_binaries: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with dashboard(tmp_path_factory.mktemp("dashboard")) as url:
        yield url


@pytest.fixture(scope="session", params=["desktop", "phone"])
def browser(request: pytest.FixtureRequest, browser_binaries: None) -> Iterator[webdriver.Chrome]:
    with chromium(PHONE if request.param == "phone" else DESKTOP) as driver:
        yield driver


@pytest.fixture(scope="session")
def desktop(browser_binaries: None) -> Iterator[webdriver.Chrome]:
    with chromium(DESKTOP) as driver:
        yield driver
