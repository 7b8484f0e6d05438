"""Headless Debian Chromium driven by Selenium, and what it saw: requests and console."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PHONE = (390, 844)  # an iPhone 12-class viewport, CSS pixels
DESKTOP = (1280, 900)
# Names resolve to nothing but 127.0.0.1: a CDN or web font that slipped in fails loudly.
OFFLINE = "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"


def binaries() -> tuple[str, str] | None:
    """Debian's chromium and chromium-driver, if installed (apt-get install both)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium(size: tuple[int, int] = DESKTOP) -> Iterator[webdriver.Chrome]:
    found = binaries()
    assert found, "chromium and chromium-driver are not installed"
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for argument in (
        "--headless=new",
        f"--window-size={size[0]},{size[1]}",
        f"--host-resolver-rules={OFFLINE}",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--force-device-scale-factor=1",
        "--lang=en-GB",
    ):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium's sandbox refuses to run as root
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(found[1]))
    try:
        yield driver
    finally:
        driver.quit()


@dataclass
class Traffic:
    requests: dict[str, str]  # request id -> URL
    failed: list[str]  # "URL: why"
    console_errors: list[str]

    @property
    def off_machine(self) -> list[str]:
        """URLs the page asked for anywhere but 127.0.0.1 (data: and blob: stay inside)."""
        return [
            url
            for url in self.requests.values()
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


def traffic(driver: webdriver.Chrome) -> Traffic:
    """What happened since the last call: every request, failures, console errors."""
    requests: dict[str, str] = {}
    failed: list[str] = []
    for entry in driver.get_log("performance"):  # type: ignore[no-untyped-call]
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        method = message.get("method")
        if method == "Network.requestWillBeSent":
            requests[params["requestId"]] = params["request"]["url"]
        elif method == "Network.responseReceived":
            response = params["response"]
            if response["status"] >= 400:
                failed.append(f"{response['url']}: HTTP {response['status']}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = requests.get(params["requestId"], params["requestId"])
            failed.append(f"{url}: {params.get('errorText')}")
    console = [
        entry["message"]
        for entry in driver.get_log("browser")  # type: ignore[no-untyped-call]
        if entry["level"] == "SEVERE"
    ]
    return Traffic(requests, failed, console)
