"""How fast does `redditpulse import` load archive dumps, and how much memory does it hold?

Generates a dump with testkit.archive_dump (cached in bench/.cache/ by its spec), runs
the real `redditpulse import` on it into a fresh SQLite file, samples the resident memory
of the whole process tree (the command and its scoring processes), then imports the same
files again (nothing new: the idempotent path). Prints one Markdown table row per run.

    python -m bench.archive_import [--posts 100000] [--comments 1000000] [--subreddits 14]
        [--layout subreddit|monthly] [--plain] [--workers N] [--no-rerun] [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.process_memory import PeakMemory
from testkit.archive_dump import DumpSpec, generate, load_manifest

CACHE = Path(__file__).parent / ".cache"
CLI = str(Path(sys.executable).with_name("redditpulse"))
MB = 1_000_000


def cached_dump(spec: DumpSpec) -> Path:
    key = hashlib.sha256(repr(spec).encode()).hexdigest()[:12]
    folder = CACHE / f"dump-{spec.layout}-{spec.posts}-{spec.comments}-{key}"
    if not (folder / "manifest.json").exists():
        started = time.monotonic()
        generate(folder, spec)
        print(f"generated {folder} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return folder


def timed_import(
    folder: Path, database: str, workers: int | None, cli: list[str], cwd: str | None
) -> dict[str, float]:
    command = [*cli, "import", str(folder), "--all-subreddits"]
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=cwd)
    memory = PeakMemory(process.pid)
    out, _ = process.communicate()
    seconds = time.monotonic() - started
    memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"import failed ({process.returncode}):\n{out}")
    stored = int(re.search(r"([\d,]+) items stored", out)[1].replace(",", ""))  # type: ignore[index]
    lines = int(re.search(r"([\d,]+) lines\n", out)[1].replace(",", ""))  # type: ignore[index]
    return {
        "seconds": seconds,
        "stored": stored,
        "lines": lines,
        "peak_tree": memory.peak_tree / MB,
        "peak_main": memory.peak_main / MB,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--subreddits", type=int, default=14)
    parser.add_argument("--layout", choices=["subreddit", "monthly"], default="subreddit")
    parser.add_argument("--plain", action="store_true", help="uncompressed .ndjson files")
    parser.add_argument("--workers", type=int, help="scoring processes (default: the CLI's)")
    parser.add_argument(
        "--days",
        type=float,
        help="items over the days up to today 00:00 UTC (default: 30 days, cached by spec); "
        "14 keeps every item within trending's counting horizon",
    )
    parser.add_argument("--no-rerun", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="first imports, each fresh")
    parser.add_argument(
        "--checkout",
        help="import with the code of this folder (another checkout), to compare versions",
    )
    args = parser.parse_args()
    spec = DumpSpec(
        subreddits=args.subreddits,
        posts=args.posts,
        comments=args.comments,
        layout=args.layout,
        plain=args.plain,
        seed=1,
        # A dated end, so a dump cached on another day is not taken for this one.
        **({"days": args.days, "end": _today()} if args.days else {}),
    )
    folder = cached_dump(spec)
    manifest = load_manifest(folder)
    largest = max(f.bytes for f in manifest.files)
    compressed = sum(f.bytes for f in manifest.files)
    print(
        f"dump: {len(manifest.files)} files, {compressed / MB:.0f} MB on disk "
        f"(largest {largest / MB:.1f} MB), {sum(f.lines for f in manifest.files):,} lines"
    )
    print("| run | items stored | lines | seconds | rate | peak RSS, all processes | main |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    cli = [sys.executable, "-m", "entrypoints.cli"] if args.checkout else [CLI]
    rates: list[float] = []
    for repeat in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="redditpulse-bench-") as scratch:
            database = f"sqlite:///{scratch}/import.db"
            last = repeat == args.repeat and not args.no_rerun
            for name in ["first import", *(["same files again"] if last else [])]:
                r = timed_import(folder, database, args.workers, cli, args.checkout)
                if name == "first import":
                    rates.append(r["stored"] / r["seconds"])
                    rate = f"{rates[-1]:,.0f} items/s"
                else:
                    rate = f"{r['lines'] / r['seconds']:,.0f} lines/s"
                print(
                    f"| {name} | {r['stored']:,.0f} | {r['lines']:,.0f} | {r['seconds']:.1f} | "
                    f"{rate} | {r['peak_tree']:,.0f} MB | {r['peak_main']:,.0f} MB |"
                )
    if len(rates) > 1:
        print(f"\nmedian of {len(rates)} first imports: {statistics.median(rates):,.0f} items/s")


def _today() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


if __name__ == "__main__":
    main()
