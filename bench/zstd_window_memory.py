"""How much memory does reading a long-window dump take, as the file grows?

Writes zstd files of N GB of NDJSON (varied, compressible lines) with the dumps' 2 GiB
window, reads each through the importer's DumpLines, and reports the peak RSS of the
reading process: zstd must keep the last window of decompressed data, so memory follows
the uncompressed size up to 2 GiB and stays there, whatever the file's size.

    python -m bench.zstd_window_memory [--sizes 0.5 1 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import zstandard

from adapters.archive.lines import DumpLines

MB = 1_000_000
LONG_WINDOW = zstandard.ZstdCompressionParameters.from_level(1, window_log=31, enable_ldm=True)


def write(path: Path, gigabytes: float) -> None:
    block = b"".join(
        b'{"id":"k%07d","body":"line %d of a long dump","subreddit":"x"}\n' % (n, n)
        for n in range(100_000)
    )
    with (
        path.open("wb") as f,
        zstandard.ZstdCompressor(compression_params=LONG_WINDOW).stream_writer(f) as out,
    ):
        for _ in range(int(gigabytes * 1e9 // len(block))):
            out.write(block)


def read(path: str) -> None:
    lines = DumpLines(path)
    total = 0
    while not lines.finished:
        total += len(lines.take(100_000))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1000  # kB on Linux
    print(f"{total} {peak}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.0, 3.0])
    args = parser.parse_args()
    print("| uncompressed | compressed | lines | peak RSS of the reader |")
    print("|--:|--:|--:|--:|")
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            path = Path(scratch) / f"{size}.zst"
            write(path, size)
            done = subprocess.run(
                [sys.executable, "-m", "bench.zstd_window_memory", "--read", str(path)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            lines, peak = map(int, done.stdout.split())
            compressed = os.path.getsize(path)
            print(f"| {size:g} GB | {compressed / MB:,.1f} MB | {lines:,} | {peak / MB:,.0f} MB |")
            path.unlink()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--read":
        read(sys.argv[2])
    else:
        main()
