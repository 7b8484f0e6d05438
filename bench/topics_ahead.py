"""Track four topics on a database and match its stored history against them, as the
collecting process does for new topics, and say how long matching took.

`bench.load --mix HeavyUser` asks for topics; `redditpulse api` matches none: run this
(and bench.trending_ahead) just before it. The topics are words the generated dumps use.

    python -m bench.topics_ahead --db sqlite:////tmp/load.db
"""

from __future__ import annotations

import argparse
import time

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.topics import Topic

TOPICS = [Topic.of(name, []) for name in ("MacBook", "iOS", "Linux", "Zürich")]
SLICE = 2_000  # items a transaction, as the collector matches them


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a filled database")
    engine = make_engine(parser.parse_args().db)
    create_schema(engine)
    store = SqlStore(engine)
    for topic in TOPICS:
        store.put_topic(topic)
    started, slices = time.monotonic(), 0
    while store.match_history(SLICE):
        slices += 1
    print(f"{len(TOPICS)} topics matched over the history in {time.monotonic() - started:.1f} s "
          f"({slices:,} slices of {SLICE:,} items)")  # fmt: skip


if __name__ == "__main__":
    main()
