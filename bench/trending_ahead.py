"""Compute the trending answers ahead on a database, as the collecting process's job does
every 5 minutes (application.trending.TrendingSnapshots), and say how long it took.

`bench.load` starts `redditpulse api`, which computes none: run this just before it.

    python -m bench.trending_ahead --db sqlite:////tmp/load14.db
"""

from __future__ import annotations

import argparse
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from adapters.offloaded import Offloaded
from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from application.trending import TrendingSnapshots, TrendingTerms


async def refresh(database: str) -> None:
    engine = make_engine(database)
    create_schema(engine)
    store = SqlStore(engine)
    subreddits = [summary.name for summary in store.subreddit_summaries()]
    with ThreadPoolExecutor(2) as threads:
        offloaded = Offloaded(store, threads)
        started = time.monotonic()
        written = await TrendingSnapshots(TrendingTerms(offloaded), offloaded, subreddits).refresh()
    print(f"{written} answers computed ahead in {time.monotonic() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a filled database")
    asyncio.run(refresh(parser.parse_args().db))


if __name__ == "__main__":
    main()
