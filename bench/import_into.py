"""`redditpulse import` of one dump folder into the database you give, timed: items/s.

bench.archive_import makes its own dump and SQLite file; this imports an existing dump
into any empty database (e.g. `python -m bench.postgres create NAME`), so two databases can
be filled with the same data and their speeds compared. Process start and migrations are
included; a PostgreSQL server's own processes are not in the peak memory.

    python -m bench.import_into /tmp/dump --db URL
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.archive_import import CLI, timed_import


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path, help="a folder made by testkit.archive_dump")
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of an empty database")
    args = parser.parse_args()
    r = timed_import(args.dump, args.db, None, [CLI], None)
    print(
        f"| {args.db.split(':')[0]} | {r['stored']:,.0f} | {r['lines']:,.0f} | "
        f"{r['seconds']:.1f} | {r['stored'] / r['seconds']:,.0f} items/s | "
        f"{r['peak_tree']:,.0f} MB |"
    )


if __name__ == "__main__":
    main()
