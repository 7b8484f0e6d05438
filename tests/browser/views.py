"""What the browser tests ask of a page: that its view loaded, and what its charts show."""

from __future__ import annotations

from typing import Any

from selenium import webdriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

# path, and whether the view draws charts
VIEWS = {
    "overview": ("/", True),
    "overview-30d": ("/?window=30d", True),
    "overview-1y-python": ("/?window=1y&subreddit=python", True),
    "topics": ("/topics", True),
    "trending": ("/trending?window=7d", False),
    "posts": ("/posts", False),
    "posts-top": ("/posts?order=top&window=7d", False),
    "collection": ("/collection", False),
}
POSITIVE_BLUE = (0x21, 0x66, 0xAC)  # chart.js COLOURS.positive
NEUTRAL_GREY = (0xB0, 0xB0, 0xB0)  # COLOURS.neutral
NEGATIVE_ORANGE = (0xE6, 0x61, 0x01)  # COLOURS.negative
LABEL_COLOURS = (POSITIVE_BLUE, NEUTRAL_GREY, NEGATIVE_ORANGE)


def loaded(driver: webdriver.Chrome, url: str | None = None, loads: int = 1) -> str:
    """Opens `url` (or stays on the page open) until its view has loaded `loads` times;
    answers its state, "ready" or "failed"."""
    if url is not None:
        driver.get(url)

    def done(d: webdriver.Chrome) -> str | None:
        found: dict[str, str] = d.execute_script(
            "const m = document.getElementById('main'); return m ? {...m.dataset} : {};"
        )
        return found["state"] if int(found.get("loads", "0")) >= loads else None

    state = WebDriverWait(driver, 30).until(done)
    assert state is not None  # until() returns only a true value
    return state


def painted(driver: webdriver.Chrome, canvas: WebElement, rgb: tuple[int, int, int]) -> int:
    """How many pixels of the canvas are exactly this colour."""
    count: int = driver.execute_script(
        """const [c, r, g, b] = arguments;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4)
          if (d[i] === r && d[i + 1] === g && d[i + 2] === b && d[i + 3] === 255) n++;
        return n;""",
        canvas, *rgb,
    )  # fmt: skip
    return count


def table_row(figure: WebElement, start: str) -> list[str]:
    """The cells of the chart's table row for the bucket starting at `start` (API text)."""
    row = figure.find_element("css selector", f'tr[data-start="{start}"]')
    cells = row.find_elements("css selector", "td")
    return [str(cell.get_attribute("textContent")) for cell in cells]


def dataset(driver: webdriver.Chrome) -> dict[str, Any]:
    found: dict[str, Any] = driver.execute_script(
        "return {...document.getElementById('main').dataset}"
    )
    return found
