"""How much faster is LinearVader than vaderSentiment's own analyzer, with equal scores?

Scores the same generated Reddit comments (testkit.archive_dump texts) with both, in
alternating rounds in this one process, and reports texts/s per round, the medians and
their ratio; it fails if any score differs.

    python -m bench.vader_speed [--texts 20000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import orjson
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from adapters.vader import LinearVader
from testkit.archive_dump import DumpSpec, generate


def comment_texts(count: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        generate(
            Path(folder), DumpSpec(subreddits=1, posts=count // 10, comments=count, plain=True)
        )
        return [
            orjson.loads(line)["body"]
            for path in Path(folder).glob("*_comments.ndjson")
            for line in path.read_bytes().splitlines()
        ]


def rate(analyzer: SentimentIntensityAnalyzer, texts: list[str]) -> tuple[float, list[object]]:
    started = time.perf_counter()
    scores = [analyzer.polarity_scores(t) for t in texts]
    return len(texts) / (time.perf_counter() - started), scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = comment_texts(args.texts)
    words = sorted(len(t.split()) for t in texts)
    print(f"{len(texts):,} comments, words: median {words[len(words) // 2]}, "
          f"mean {sum(words) / len(words):.0f}, max {words[-1]}")  # fmt: skip
    library, linear = SentimentIntensityAnalyzer(), LinearVader()
    rates: dict[str, list[float]] = {"vaderSentiment": [], "LinearVader": []}
    for _ in range(args.rounds):
        library_rate, expected = rate(library, texts)
        linear_rate, got = rate(linear, texts)
        if got != expected:
            raise SystemExit("LinearVader's scores differ from vaderSentiment's")
        rates["vaderSentiment"].append(library_rate)
        rates["LinearVader"].append(linear_rate)
    print("| analyzer | texts/s per round | median |")
    print("|---|---|--:|")
    for name, values in rates.items():
        each = ", ".join(f"{v:,.0f}" for v in values)
        print(f"| {name} | {each} | {statistics.median(values):,.0f} |")
    ratio = statistics.median(rates["LinearVader"]) / statistics.median(rates["vaderSentiment"])
    print(f"\nratio of medians: {ratio:.2f}x, every score equal")


if __name__ == "__main__":
    main()
