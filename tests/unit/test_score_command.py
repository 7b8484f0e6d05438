import io
import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from adapters.vader import VaderSentiment
from domain.model import Sentiment
from entrypoints.score_command import run_score

REPO_ROOT = Path(__file__).resolve().parents[2]
SCORE_MAIN = "import sys; from entrypoints.score_command import main; sys.exit(main())"
KEYS = ["compound", "positive", "neutral", "negative", "label"]


class CountingVader(VaderSentiment):
    """Records the batches it was given, to show the input is consumed in slices."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def score_many(self, texts: Sequence[str]) -> list[Sentiment]:
        self.batches.append(list(texts))
        return super().score_many(texts)


def answers(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_one_answer_per_input_line_even_for_empty_and_unicode_lines() -> None:
    lines = ["I love it\n", "\n", "this is terrible\r\n", "\r\n", "Très bien 😀 👍\n", "last"]
    out = io.StringIO()

    code = run_score(lines, out, VaderSentiment(), batch=2)

    assert code == 0
    got = answers(out.getvalue())
    assert len(got) == len(lines)
    assert all(list(a) == KEYS for a in got)
    assert [a["label"] for a in got] == [
        "positive", "neutral", "negative", "neutral", "positive", "neutral",
    ]  # fmt: skip
    assert got[1]["compound"] == got[3]["compound"] == 0.0


def test_line_ends_are_stripped_before_scoring() -> None:
    vader = CountingVader()

    run_score(["good\r\n", "bad\n", "plain"], io.StringIO(), vader, batch=10)

    assert vader.batches == [["good", "bad", "plain"]]


def test_reads_and_writes_batch_by_batch() -> None:
    vader, out = CountingVader(), io.StringIO()
    written_before_next_read = []

    def lines() -> Iterator[str]:
        for n in range(5):
            written_before_next_read.append(out.getvalue().count("\n"))
            yield f"line {n}\n"

    run_score(lines(), out, vader, batch=2)

    assert [len(b) for b in vader.batches] == [2, 2, 1]
    assert written_before_next_read == [0, 0, 2, 2, 4]


def test_no_input_no_output() -> None:
    out = io.StringIO()
    assert run_score([], out, VaderSentiment()) == 0
    assert out.getvalue() == ""


@pytest.mark.slow
def test_main_scores_stdin_to_stdout_in_a_real_process() -> None:
    stdin = "I love it\n\nawful, just awful\r\nmid\rline stays one line\ncafé 😀\n"

    done = subprocess.run(
        [sys.executable, "-c", SCORE_MAIN],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    got = answers(done.stdout.decode())
    assert [a["label"] for a in got] == ["positive", "neutral", "negative", "neutral", "positive"]
