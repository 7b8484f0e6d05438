"""The dashboard in a real browser (headless Debian Chromium): every view loads, draws,
shows the API's numbers, keeps its state in the URL, and talks to nobody but the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from testkit.chromium import traffic
from tests.browser.views import (
    LABEL_COLOURS,
    VIEWS,
    dataset,
    loaded,
    painted,
    table_row,
)

pytestmark = pytest.mark.slow


MINUS = "\N{MINUS SIGN}"  # what the page writes before a negative number


def number(text: str) -> float:
    return float(text.replace(",", "").replace(MINUS, "-").replace("+", ""))


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_loads_draws_and_asks_nothing_of_other_hosts(
    base: str, browser: webdriver.Chrome, view: str
) -> None:
    path, charts = VIEWS[view]
    traffic(browser)  # what came before this view is not its doing
    assert loaded(browser, base + path) == "ready"
    seen = traffic(browser)
    assert seen.failed == [] and seen.console_errors == []
    assert seen.off_machine == []
    assert len(seen.requests) > 3, "the page, its script and its API calls were seen"
    if charts:
        canvases = browser.find_elements(By.CSS_SELECTOR, "figure .chart canvas")
        assert canvases, "no chart drawn"
        # Bars of any label: a topic's mentions may all be neutral (the demo's are mostly).
        bars = max(sum(painted(browser, c, rgb) for rgb in LABEL_COLOURS) for c in canvases)
        assert bars > 20, "bars drawn"
    width = browser.execute_script(
        "const e = document.documentElement; return [e.scrollWidth, e.clientWidth]"
    )
    assert width[0] <= width[1], f"{view} scrolls sideways at {width[1]} px"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_work_offline(base: str, browser: webdriver.Chrome, path: str) -> None:
    traffic(browser)
    browser.get(base + path)
    operation = ".opblock" if path == "/docs" else "[role=menuitem]"
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, operation))
    seen = traffic(browser)
    assert seen.failed == [] and seen.console_errors == []
    assert seen.off_machine == []
    assert "/api/v1/health" in browser.find_element(By.TAG_NAME, "body").text


def within_one_hour(check: Callable[[], None]) -> None:
    """Runs `check` again if a UTC hour began meanwhile: the windows moved under it."""
    for _ in range(2):
        hour = datetime.now(UTC).hour
        try:
            check()
            return
        except AssertionError:
            if datetime.now(UTC).hour == hour:
                raise
    raise AssertionError("two hours began during one check")


def test_the_overview_chart_shows_the_apis_numbers_for_the_busiest_hour(
    base: str, desktop: webdriver.Chrome
) -> None:
    def check() -> None:
        assert loaded(desktop, f"{base}/?window=24h") == "ready"
        series: list[dict[str, Any]] = httpx.get(
            f"{base}/api/v1/sentiment/timeseries", params={"hours": 48, "bucket": "hour"}
        ).json()["items"][-24:]
        busiest = max(series, key=lambda p: p["items"])
        assert busiest["items"] > 0
        figure = desktop.find_element(By.CSS_SELECTOR, "#total figure")
        cells = table_row(figure, busiest["start"])
        assert [number(c) for c in cells[:4]] == [
            busiest["items"], busiest["positive"], busiest["neutral"], busiest["negative"]
        ]  # fmt: skip
        assert number(cells[4]) == pytest.approx(busiest["mean_compound"], abs=0.005)
        shown = desktop.find_element(By.CSS_SELECTOR, "#total .headline .value").text
        assert number(shown) == sum(p["items"] for p in series)

    within_one_hour(check)


def test_the_window_switch_and_the_filter_change_the_url_and_the_data(
    base: str, desktop: webdriver.Chrome
) -> None:
    assert loaded(desktop, f"{base}/") == "ready"
    rows = "#total details.numbers tbody tr"
    assert len(desktop.find_elements(By.CSS_SELECTOR, rows)) == 24
    desktop.find_element(By.LINK_TEXT, "7 d").click()
    WebDriverWait(desktop, 30).until(lambda d: "window=7d" in d.current_url)
    assert loaded(desktop) == "ready"
    assert len(desktop.find_elements(By.CSS_SELECTOR, rows)) == 168
    everywhere = number(desktop.find_element(By.CSS_SELECTOR, "#total .headline .value").text)

    Select(desktop.find_element(By.ID, "subreddit")).select_by_value("python")
    desktop.find_element(By.CSS_SELECTOR, "form.filter button").click()
    WebDriverWait(desktop, 30).until(lambda d: "subreddit=python" in d.current_url)
    assert "window=7d" in desktop.current_url
    assert loaded(desktop) == "ready"

    def check() -> None:
        assert loaded(desktop, desktop.current_url) == "ready"
        python = number(desktop.find_element(By.CSS_SELECTOR, "#total .headline .value").text)
        series = httpx.get(
            f"{base}/api/v1/sentiment/timeseries",
            params={"subreddit": "python", "hours": 168, "bucket": "hour"},
        ).json()["items"]
        assert python == sum(p["items"] for p in series)
        assert 0 < python < everywhere

    within_one_hour(check)
    assert not desktop.find_elements(By.ID, "per-subreddit"), "one subreddit: no cards"


def test_a_page_updates_itself_without_reloading(base: str, desktop: webdriver.Chrome) -> None:
    assert loaded(desktop, f"{base}/collection?refresh=5") == "ready"
    desktop.execute_script("window.sameDocument = true")
    assert loaded(desktop, loads=2) == "ready"
    assert desktop.execute_script("return window.sameDocument") is True
    desktop.find_element(By.ID, "refresh").click()
    assert loaded(desktop, loads=3) == "ready"
    assert desktop.execute_script("return window.sameDocument") is True


def test_the_topics_view_links_mentions_to_reddit(base: str, desktop: webdriver.Chrome) -> None:
    assert loaded(desktop, f"{base}/topics?window=30d&topic=linux") == "ready"
    title = desktop.find_element(By.ID, "mentions-title").text
    assert title == "Latest mentions of Linux"
    links = desktop.find_elements(By.CSS_SELECTOR, "#mentions a[target=_blank]")
    assert links and all("/comments/" in str(a.get_attribute("href")) for a in links)
    cards = desktop.find_elements(By.CSS_SELECTOR, "#topics section.card")
    topics = httpx.get(f"{base}/api/v1/topics", params={"hours": 720}).json()["items"]
    assert [c.get_attribute("data-topic") for c in cards] == [t["name"] for t in topics]


def test_the_post_page_pages_through_comments_in_the_url(
    base: str, desktop: webdriver.Chrome
) -> None:
    post_id = commented_post(base, at_least=3)
    assert loaded(desktop, f"{base}/posts/{post_id}?limit=2") == "ready"
    first = [c.get_attribute("id") for c in desktop.find_elements(By.CSS_SELECTOR, ".comment")]
    assert len(first) == 2
    desktop.find_element(By.PARTIAL_LINK_TEXT, "Next 2 comments").click()
    WebDriverWait(desktop, 30).until(lambda d: "after=" in d.current_url)
    assert loaded(desktop) == "ready"
    second = [c.get_attribute("id") for c in desktop.find_elements(By.CSS_SELECTOR, ".comment")]
    assert second and not set(second) & set(first)
    assert desktop.find_elements(By.LINK_TEXT, "First page")


def test_keyboard_reaches_the_content_first(base: str, desktop: webdriver.Chrome) -> None:
    assert loaded(desktop, f"{base}/posts") == "ready"
    body = desktop.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = desktop.switch_to.active_element
    assert skip.text == "Skip to content"
    skip.send_keys(Keys.ENTER)
    assert desktop.switch_to.active_element.get_attribute("id") == "main"
    desktop.switch_to.active_element.send_keys(Keys.TAB)
    assert desktop.switch_to.active_element.text == "Recent"  # the view's first control


def commented_post(base: str, at_least: int) -> str:
    posts = httpx.get(f"{base}/api/v1/posts/recent", params={"limit": 200}).json()["items"]
    for post in posts:
        found = httpx.get(
            f"{base}/api/v1/posts/{post['id']}", params={"comments_limit": at_least}
        ).json()
        if len(found["comments"]) >= at_least:
            return str(post["id"])
    raise AssertionError(f"no post with {at_least} comments")


def test_trending_lists_terms_with_links_to_their_posts(
    base: str, desktop: webdriver.Chrome
) -> None:
    terms = httpx.get(f"{base}/api/v1/trending", params={"hours": 168}).json()["items"]
    assert loaded(desktop, f"{base}/trending?window=7d") == "ready"
    rows = desktop.find_elements(By.CSS_SELECTOR, "table.trending tbody tr")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == [t["term"] for t in terms]
    if terms:
        first = rows[0].find_element(By.CSS_SELECTOR, "td a").get_attribute("href")
        assert str(first).endswith(f"/posts/{terms[0]['sample_post_ids'][0]}")
    else:
        assert "Nothing trends" in desktop.find_element(By.ID, "trending").text
    assert dataset(desktop)["state"] == "ready"


def test_the_collection_view_names_the_process_that_collects(
    base: str, desktop: webdriver.Chrome
) -> None:
    assert loaded(desktop, f"{base}/collection") == "ready"
    holder = httpx.get(f"{base}/api/v1/health").json()["collector"]["holder"]
    facts = desktop.find_element(By.CSS_SELECTOR, ".facts-grid").text
    assert f"Collector\n{holder} (this process)" in facts, facts
