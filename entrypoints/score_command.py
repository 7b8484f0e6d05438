"""`redditpulse score`: text lines in, one JSON sentiment object per line out, same order."""

from __future__ import annotations

import io
import itertools
import os
import sys
from collections.abc import Iterable
from typing import TextIO

import orjson

from adapters.vader import VaderSentiment
from domain.model import Sentiment

PIPE_BATCH = 500


def run_score(
    lines: Iterable[str], out: TextIO, sentiment: VaderSentiment, batch: int = PIPE_BATCH
) -> int:
    """Score `lines` `batch` at a time, so input is never read whole and output streams."""
    texts = (line.removesuffix("\n").removesuffix("\r") for line in lines)
    while chunk := list(itertools.islice(texts, batch)):
        out.write("".join(_json_line(s) for s in sentiment.score_many(chunk)))
        out.flush()
    return 0


def main() -> int:
    """Wire run_score to the standard streams (called by `redditpulse score`)."""
    # Split on "\n" only, whatever the locale: universal newlines would also split on a
    # lone "\r" inside a text and shift every later answer off its input line. A bad byte
    # becomes U+FFFD instead of ending the run.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
    batch = 1 if stdin.isatty() else PIPE_BATCH  # someone typing sees each answer at once
    try:
        return run_score(stdin, sys.stdout, VaderSentiment(), batch)
    except BrokenPipeError:
        # The reader left (`| head`): no traceback, and no second failure when Python
        # flushes stdout at exit. Not 0: the answers were not all delivered.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _json_line(sentiment: Sentiment) -> str:
    return orjson.dumps(
        {
            "compound": sentiment.compound,
            "positive": sentiment.positive,
            "neutral": sentiment.neutral,
            "negative": sentiment.negative,
            "label": sentiment.label.value,
        },
        option=orjson.OPT_APPEND_NEWLINE,
    ).decode()
