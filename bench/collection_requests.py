"""How many Reddit requests does collection cost, and does it get every new item?

Runs redditpulse's collector and the per-post baseline (bench/per_post_baseline.py) over
the same growing stream of posts and comments, served by the local Reddit stand-in that
real PRAW talks to, for several 30-minute cycles of simulated time. Each strategy writes to
its own SQLite file; coverage is items stored / items created after the first cycle ran
(what came before it is history, of which a new subreddit gets a bounded backfill).

    python -m bench.collection_requests [--subreddits 14] [--posts 50] [--comments 500]
        [--per-subreddit] [--cycles 6] [--baseline-cycles 6]

The baseline costs the same every cycle by construction (1 + 50 requests per subreddit),
so it can stop early while redditpulse runs on long enough to reach steady state: items
are refreshed until they are 48 h old, so refresh traffic settles after 96 cycles.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import praw
from sqlalchemy import Engine, text

from adapters.offloaded import Offloaded
from adapters.praw_reddit import PrawReddit
from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from adapters.vader import VaderSentiment
from bench.per_post_baseline import PerPostBaseline
from domain.collection import CycleService
from domain.model import CollectionCycle
from domain.policy import CollectionPolicy
from testkit.reddit_standin import RedditStandIn
from testkit.reddit_stream import StreamFeeder

MINUTES = 30
ID, SECRET, AGENT = "bench", "bench-secret", "redditpulse-bench/1"


@dataclass
class Tally:
    name: str
    rows: list[tuple[int, int, int, int]] = field(default_factory=list)  # cycle, req, new, gaps


def stored_ids(store_engine: Engine) -> set[str]:
    with store_engine.connect() as conn:
        posts = {f"t3_{r[0]}" for r in conn.execute(text("SELECT id FROM posts"))}
        comments = {f"t1_{r[0]}" for r in conn.execute(text("SELECT id FROM comments"))}
    return posts | comments


def new_store(folder: str, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{folder}/{name}.db")
    create_schema(engine)
    return engine


async def main_async(args: argparse.Namespace) -> None:
    subreddits = [f"sub{i:02d}" for i in range(args.subreddits)]
    posts = {s: args.posts for s in subreddits} if args.per_subreddit else args.posts
    comments = {s: args.comments for s in subreddits} if args.per_subreddit else args.comments
    with RedditStandIn(credentials=(ID, SECRET)) as standin, tempfile.TemporaryDirectory() as tmp:
        feeder = StreamFeeder(standin, subreddits, seed=args.seed)
        ours_engine, base_engine = new_store(tmp, "ours"), new_store(tmp, "baseline")
        pool = ThreadPoolExecutor(2)
        prawreddit = PrawReddit(ID, SECRET, AGENT, standin.url, standin.url, timeout_s=10)
        service = CycleService(
            Offloaded(prawreddit, pool),
            Offloaded(VaderSentiment(), pool),
            Offloaded(SqlStore(ours_engine, clock=feeder.clock), pool),
            CollectionPolicy(),
            clock=feeder.clock,
        )
        baseline = PerPostBaseline(
            praw.Reddit(
                client_id=ID, client_secret=SECRET, user_agent=AGENT, check_for_updates=False,
                oauth_url=standin.url, reddit_url=standin.url,
            ),
            SqlStore(base_engine, clock=feeder.clock),
        )  # fmt: skip
        ours, base = Tally("redditpulse"), Tally("per-post baseline")
        base_served: set[str] = set()
        for number in range(1, args.cycles + 1):
            fed = feeder.advance(MINUTES, posts=posts, comments=comments)
            new = len(fed.posts) + len(fed.comments)
            if number == 1:
                # Before the first cycle a subreddit gets a bounded backfill, not its history.
                first = all_served(feeder)
            before = standin.total_requests
            cycle = CollectionCycle(f"b{number}", "bench", feeder.clock(), subreddits=subreddits)
            await service.run(cycle)
            ours.rows.append((number, standin.total_requests - before, new, len(cycle.gaps)))
            if number <= args.baseline_cycles:
                before = standin.total_requests
                await asyncio.get_running_loop().run_in_executor(
                    pool, baseline.run_cycle, subreddits
                )
                base.rows.append((number, standin.total_requests - before, new, 0))
                base_served = all_served(feeder) - first
        report(args, subreddits, ours, base, all_served(feeder) - first, base_served,
               ours_engine, base_engine)  # fmt: skip
        pool.shutdown()


def all_served(feeder: StreamFeeder) -> set[str]:
    served = feeder.served()
    return set(served.posts | served.comments)


def report(
    args: argparse.Namespace,
    subreddits: list[str],
    ours: Tally,
    base: Tally,
    ours_served: set[str],
    base_served: set[str],
    ours_db: Engine,
    base_db: Engine,
) -> None:
    load = "per subreddit" if args.per_subreddit else "in all"
    print(
        f"{len(subreddits)} subreddits; {args.posts} posts and {args.comments} comments "
        f"{load} per {MINUTES} min of simulated time\n"
    )
    print("| strategy | cycles | requests per cycle: median | max | requests per 100 new items "
          "| items served | coverage | gaps |")  # fmt: skip
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    spans = [(ours, ours.rows[:1], ours_served, ours_db)]
    spans.append((ours, ours.rows[1:], ours_served, ours_db))
    spans.append((base, base.rows, base_served, base_db))
    for tally, rows, served, db in spans:
        if not rows:
            continue
        requests = [r[1] for r in rows]
        new = sum(r[2] for r in rows)
        label = f"{rows[0][0]}" if len(rows) == 1 else f"{rows[0][0]}-{rows[-1][0]}"
        coverage = len(stored_ids(db) & served) / len(served)
        print(
            f"| {tally.name} | {label} | {statistics.median(requests):.0f} | {max(requests)} | "
            f"{100 * sum(requests) / new:.1f} | {len(served)} | {coverage:.1%} | "
            f"{sum(r[3] for r in rows)} |"
        )
    ours_median = statistics.median(r[1] for r in ours.rows[1:] or ours.rows)
    ours_max = max(r[1] for r in ours.rows[1:] or ours.rows)
    base_median = statistics.median(r[1] for r in base.rows)
    print(
        f"\nper cycle after the first, baseline / redditpulse: {base_median / ours_median:.1f}x "
        f"by median, {base_median / ours_max:.1f}x against redditpulse's worst cycle"
    )
    print("coverage: items stored / items created after the first cycle (redditpulse: "
          "over all its cycles; baseline: over its cycles)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subreddits", type=int, default=14)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--per-subreddit", action="store_true", help="counts are per subreddit")
    parser.add_argument("--cycles", type=int, default=6)
    parser.add_argument(
        "--baseline-cycles", type=int, default=6, help="cycles to run the baseline for"
    )
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
