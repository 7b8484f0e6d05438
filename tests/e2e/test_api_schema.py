"""schemathesis, with every check it has, against `serve --demo` in a process of its own:
the OpenAPI document tells the truth about every answer, for any input it allows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_serve import Serve, finished_cycle, serve, wait_for

__all__ = ["serve"]  # the fixture

ST = str(Path(sys.executable).with_name("st"))
TOKEN = "schema-token"


@pytest.mark.slow
def test_schemathesis_with_all_checks_finds_nothing(serve: Serve, tmp_path: Path) -> None:
    # Quiet: the fixture does not read the server's output, and a full pipe would stall it.
    base, _ = serve(
        "--demo", ADMIN_TOKEN=TOKEN, COLLECTION_INTERVAL_MINUTES="60", LOG_LEVEL="WARNING"
    )
    wait_for(lambda: finished_cycle(base))
    run = subprocess.run(
        [ST, "run", f"{base}/openapi.json", "--checks", "all", "--max-examples", "50",
         "--seed", "7", "--header", f"Authorization: Bearer {TOKEN}", "--request-timeout", "30"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:]
    assert "No issues found" in run.stdout
    document = httpx.get(f"{base}/openapi.json").json()
    operations = sum(len(methods) for methods in document["paths"].values())
    assert operations >= 15  # the analytics endpoints are in the document
    assert f"Tested: {operations}" in run.stdout, "every operation was tested"
