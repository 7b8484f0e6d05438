"""How an import shows itself: a progress bar on a terminal, log lines elsewhere, a summary."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TextIO

from tqdm import tqdm

from domain.archive import ImportTally

log = logging.getLogger("redditpulse.import")
LOG_EVERY_S = 10.0


class ProgressBar:
    """Bytes read of all files, with items stored and their rate."""

    def __init__(self, total_bytes: int, out: TextIO) -> None:
        self._bar = tqdm(total=total_bytes, unit="B", unit_scale=True, file=out, smoothing=0.1)
        self._started = time.monotonic()

    def __call__(self, tally: ImportTally) -> None:
        self._bar.update(tally.bytes_read - self._bar.n)
        rate = tally.stored / max(time.monotonic() - self._started, 1e-9)
        self._bar.set_postfix_str(f"{tally.stored:,} items, {rate:,.0f} items/s", refresh=False)

    def close(self) -> None:
        self._bar.close()


class ProgressLog:
    """One log line every LOG_EVERY_S seconds, for logs and pipes."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = self._last = clock()

    def __call__(self, tally: ImportTally) -> None:
        now = self._clock()
        if now - self._last < LOG_EVERY_S:
            return
        self._last = now
        share = tally.bytes_read / tally.bytes_total if tally.bytes_total else 1.0
        rate = tally.stored / (now - self._started)
        eta = (now - self._started) * (1 - share) / share if share else float("inf")
        log.info(
            "import: %.1f%% of %s read, %s items stored (%s items/s), about %.0f s left",
            100 * share,
            _size(tally.bytes_total),
            f"{tally.stored:,}",
            f"{rate:,.0f}",
            eta,
        )

    def close(self) -> None:
        pass


def summary(tally: ImportTally, seconds: float) -> str:
    state = "interrupted" if tally.interrupted else "finished"
    rate = tally.stored / seconds if seconds else 0.0
    lines = [
        f"import {state} in {seconds:.1f} s: {tally.stored:,} items stored ({rate:,.0f}/s)",
        f"  files: {tally.files_read} of {tally.files} read ({_size(tally.bytes_read)}), "
        f"{len(tally.file_errors)} with errors; {tally.lines:,} lines",
        f"  posts: {tally.posts_new:,} new, {tally.posts_updated:,} updated from a fresher "
        f"copy, {tally.posts_unchanged:,} already present",
        f"  comments: {tally.comments_new:,} new, {tally.comments_updated:,} updated from a "
        f"fresher copy, {tally.comments_unchanged:,} already present",
        f"  skipped: {tally.other_subreddits:,} lines of other subreddits, "
        f"{tally.out_of_range:,} outside --since/--until",
        f"  bad lines: {tally.bad_lines:,}",
    ]
    lines += [f"    {b.file}:{b.line}: {b.reason}" for b in tally.bad_examples]
    if tally.bad_lines > len(tally.bad_examples):
        lines.append(f"    ... and {tally.bad_lines - len(tally.bad_examples):,} more")
    lines += [f"  file error: {path}: {error}" for path, error in tally.file_errors]
    if (
        tally.stored == 0
        and tally.other_subreddits
        and not tally.posts_unchanged + tally.comments_unchanged
    ):
        lines.append(
            "  no line was of the chosen subreddits (SUBREDDITS, or --subreddit): "
            "name them with --subreddit NAME, or import all with --all-subreddits"
        )
    if tally.interrupted:
        lines.append("  run the same command again to finish: what is stored is kept")
    return "\n".join(lines)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"
