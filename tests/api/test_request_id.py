"""Every response names its request: the client's sane X-Request-ID, or a new one, which the
log lines made while handling the request carry too."""

from __future__ import annotations

import io
import json
import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from entrypoints.api.request_id import RequestIds, current_request_id, request_id_from
from entrypoints.logs import json_handler

HEALTH = "/api/v1/health"


async def test_a_sane_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get(HEALTH, headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"


async def test_without_one_each_request_gets_a_new_id(client: httpx.AsyncClient) -> None:
    first, second = [(await client.get(HEALTH)).headers["X-Request-ID"] for _ in range(2)]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


async def test_head_and_error_responses_carry_it_too(client: httpx.AsyncClient) -> None:
    head = await client.head(HEALTH, headers={"X-Request-ID": "h-1"})
    invalid = await client.get("/api/v1/posts/recent?hours=0", headers={"X-Request-ID": "e-1"})
    missing = await client.get("/api/v1/posts/nope", headers={"X-Request-ID": "n-1"})
    assert (head.status_code, head.headers["X-Request-ID"]) == (200, "h-1")
    assert (invalid.status_code, invalid.headers["X-Request-ID"]) == (422, "e-1")
    assert (missing.status_code, missing.headers["X-Request-ID"]) == (404, "n-1")


@pytest.mark.parametrize(
    "given",
    ["", "a" * 129, "two words", "evil\x7fid", "<script>", 'q"uote', "é-accent", "a/b", "k=v"],
)
def test_an_insane_request_id_is_replaced(given: str) -> None:
    made = request_id_from(given)
    assert made != given and len(made) == 32


@pytest.mark.parametrize("given", ["abc-123", "a" * 128, "0af7651916cd43dd.8448:eb2_X"])
def test_bounded_ids_of_safe_characters_are_kept(given: str) -> None:
    assert request_id_from(given) == given


async def test_log_lines_made_while_handling_a_request_carry_its_id() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler := json_handler(stream))
    logger.setLevel(logging.INFO)

    async def endpoint(request: Request) -> PlainTextResponse:
        logger.info("handling %s", request.url.path)
        return PlainTextResponse("ok")

    app = RequestIds(Starlette(routes=[Route("/work", endpoint)]))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/work", headers={"X-Request-ID": "abc-123"})
    finally:
        logger.removeHandler(handler)

    assert response.headers["X-Request-ID"] == "abc-123"
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert (line["message"], line["request_id"]) == ("handling /work", "abc-123")
    assert current_request_id.get() is None  # the id ends with its request
