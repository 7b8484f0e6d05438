"""python -m testkit.archive_dump OUT_DIR [options]: write dump files and print a summary."""

from __future__ import annotations

import argparse
import time
from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path

from testkit.archive_dump.dump import generate
from testkit.archive_dump.manifest import Manifest
from testkit.archive_dump.spec import DumpSpec, QuirkRates

_RATES = [rate.name for rate in fields(QuirkRates)]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m testkit.archive_dump", description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--posts", type=int, default=1_000, help="across all subreddits")
    parser.add_argument("--comments", type=int, default=10_000, help="across all subreddits")
    parser.add_argument("--subreddits", default="14", help="a count, or names joined by commas")
    parser.add_argument("--other-subreddits", type=int, default=0, help="ones a filter skips")
    parser.add_argument("--days", type=float, default=30)
    parser.add_argument("--end", help="ISO date/time (UTC); default: today 00:00 UTC")
    parser.add_argument("--layout", choices=["subreddit", "monthly"], default="subreddit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-lines", type=int, default=0)
    parser.add_argument("--truncate", action="store_true", help="one file ends with a broken line")
    parser.add_argument("--plain", action="store_true", help="uncompressed .ndjson files")
    parser.add_argument("--no-quirks", action="store_true", help="all quirk rates 0")
    parser.add_argument(
        "--rate", action="append", default=[], metavar="NAME=SHARE", help=f"one of {_RATES}"
    )
    return parser


def _quirks(args: argparse.Namespace) -> QuirkRates:
    rates = QuirkRates.none() if args.no_quirks else QuirkRates()
    for item in args.rate:
        name, _, share = item.partition("=")
        if name not in _RATES:
            raise SystemExit(f"--rate: unknown quirk {name!r}; known: {', '.join(_RATES)}")
        rates = replace(rates, **{name: float(share)})
    return rates


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _spec(args: argparse.Namespace) -> DumpSpec:
    subreddits: list[str] | int = (
        int(args.subreddits) if args.subreddits.isdigit() else args.subreddits.split(",")
    )
    end = _utc(datetime.fromisoformat(args.end)) if args.end else None
    return DumpSpec(
        subreddits=subreddits,
        other_subreddits=args.other_subreddits,
        posts=args.posts,
        comments=args.comments,
        days=args.days,
        end=end,
        layout=args.layout,
        seed=args.seed,
        quirks=_quirks(args),
        bad_lines=args.bad_lines,
        truncate_last_line=args.truncate,
        plain=args.plain,
    )


def _summary(manifest: Manifest, seconds: float, out_dir: Path) -> str:
    totals = manifest.totals()
    written = sum(entry.bytes for entry in manifest.files)
    return (
        f"{len(manifest.files)} files, {sum(entry.lines for entry in manifest.files):,} lines: "
        f"{totals.posts.items:,} posts and {totals.comments.items:,} comments in "
        f"{len(manifest.subreddits)} wanted subreddits, {len(manifest.bad_lines)} bad lines; "
        f"{written:,} bytes in {seconds:.1f} s -> {out_dir}/manifest.json"
    )


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = generate(args.out_dir, _spec(args))
    except ValueError as error:
        raise SystemExit(f"error: {error}") from error
    print(_summary(manifest, time.perf_counter() - started, args.out_dir))


if __name__ == "__main__":
    main()
