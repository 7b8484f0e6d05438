"""What an import shows: progress on a terminal or in the log, and the closing summary."""

from __future__ import annotations

import io
import logging

import pytest

from domain.archive import BadLine, ImportTally
from entrypoints.import_report import ProgressBar, ProgressLog, summary


def tally(**counts: object) -> ImportTally:
    values: dict[str, object] = {"files": 2, "files_read": 2, "bytes_total": 2_000_000}
    values.update(counts)
    return ImportTally(**values)  # type: ignore[arg-type]


def test_the_summary_gives_every_count_and_the_first_bad_lines() -> None:
    bad = [BadLine("RC_2024-01.zst", n, "not JSON") for n in (7, 9)]
    done = tally(
        posts_new=1200, posts_updated=3, posts_unchanged=4, comments_new=45_000,
        other_subreddits=17, out_of_range=2, bad_lines=12, bad_examples=bad,
        file_errors=[("x.zst", "corrupt zstd data: boom")], lines=46_300,
    )  # fmt: skip
    text = summary(done, seconds=3.0)
    assert text.startswith("import finished in 3.0 s: 46,203 items stored (15,401/s)")
    assert "posts: 1,200 new, 3 updated from a fresher copy, 4 already present" in text
    assert "comments: 45,000 new, 0 updated" in text
    assert "skipped: 17 lines of other subreddits, 2 outside --since/--until" in text
    assert "bad lines: 12\n    RC_2024-01.zst:7: not JSON\n    RC_2024-01.zst:9: not JSON" in text
    assert "... and 10 more" in text
    assert "file error: x.zst: corrupt zstd data: boom" in text
    assert "run the same command again" not in text


def test_an_interrupted_import_says_how_to_finish_it() -> None:
    text = summary(tally(comments_new=10, interrupted=True), seconds=1.0)
    assert text.startswith("import interrupted")
    assert "run the same command again to finish" in text


def test_when_nothing_matched_the_subreddits_the_summary_says_what_to_do() -> None:
    text = summary(tally(other_subreddits=5000, lines=5000), seconds=1.0)
    assert "--subreddit NAME" in text and "--all-subreddits" in text
    assert "--all-subreddits" not in summary(tally(comments_new=1), seconds=1.0)


def test_the_log_gets_a_progress_line_every_ten_seconds_with_the_share_read(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    progress = ProgressLog(clock=lambda: now[0])
    caplog.set_level(logging.INFO, logger="redditpulse.import")
    for second in range(1, 26):
        now[0] = float(second)
        progress(tally(bytes_read=second * 40_000, comments_new=second * 1000))
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert lines[0].startswith("import: 20.0% of 2.0 MB read, 10,000 items stored (1,000 items/s)")
    assert "about 40 s left" in lines[0]


def test_the_progress_bar_shows_bytes_read_and_items_stored() -> None:
    out = io.StringIO()
    bar = ProgressBar(2_000_000, out)
    bar(tally(bytes_read=1_000_000, comments_new=5000))
    bar.close()
    shown = out.getvalue()
    assert "50%" in shown and "1.00M/2.00M" in shown and "5,000 items" in shown
