"""How many Reddit requests does collection cost, and does it get every new item?

Runs redditpulse's collector and the per-post baseline (bench/per_post_baseline.py) over
the same growing stream of posts and comments, served by the local Reddit stand-in that
real PRAW talks to, for several 30-minute cycles of simulated time. Each strategy writes to
its own SQLite file; coverage is items stored / items served since the first cycle.

    python -m bench.collection_requests [--subreddits 14] [--posts 50] [--comments 500]
        [--per-subreddit] [--cycles 6]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import praw
from sqlalchemy import text

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
from tests.reddit_standin import RedditStandIn
from tests.reddit_stream import StreamFeeder

MINUTES = 30
ID, SECRET, AGENT = "bench", "bench-secret", "redditpulse-bench/1"


@dataclass
class Tally:
    name: str
    rows: list[tuple[int, int, int, int]] = field(default_factory=list)  # cycle, req, new, stored


def stored_ids(store_engine) -> set[str]:
    with store_engine.connect() as conn:
        posts = {f"t3_{r[0]}" for r in conn.execute(text("SELECT id FROM posts"))}
        comments = {f"t1_{r[0]}" for r in conn.execute(text("SELECT id FROM comments"))}
    return posts | comments


def new_store(folder: str, name: str):
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
        served_at_start = feeder.served()
        first = served_at_start.posts | served_at_start.comments
        for number in range(1, args.cycles + 1):
            fed = feeder.advance(MINUTES, posts=posts, comments=comments)
            new = len(fed.posts) + len(fed.comments)
            before = standin.total_requests
            cycle = CollectionCycle(f"b{number}", "bench", feeder.clock(), subreddits=subreddits)
            await service.run(cycle)
            middle = standin.total_requests
            await asyncio.get_running_loop().run_in_executor(pool, baseline.run_cycle, subreddits)
            after = standin.total_requests
            ours.rows.append((number, middle - before, new, len(stored_ids(ours_engine))))
            base.rows.append((number, after - middle, new, len(stored_ids(base_engine))))
        served = feeder.served()
        since_first = (served.posts | served.comments) - first
        report(args, subreddits, ours, base, since_first, ours_engine, base_engine)
        pool.shutdown()


def report(args, subreddits, ours, base, since_first, ours_engine, base_engine) -> None:
    load = "per subreddit" if args.per_subreddit else "in all"
    print(
        f"{len(subreddits)} subreddits; {args.posts} posts and {args.comments} comments "
        f"{load} per {MINUTES} min; {args.cycles} cycles\n"
    )
    print("| strategy | cycle | requests | new items served | requests per 100 new | coverage |")
    print("|---|--:|--:|--:|--:|--:|")
    totals = {}
    for tally, engine in ((ours, ours_engine), (base, base_engine)):
        for number, requests, new, _ in tally.rows:
            print(
                f"| {tally.name} | {number} | {requests} | {new} | {100 * requests / new:.1f} | |"
            )
        stored = stored_ids(engine) & since_first
        coverage = len(stored) / len(since_first)
        total_requests = sum(r[1] for r in tally.rows)
        totals[tally.name] = (total_requests, coverage, len(stored))
        print(
            f"| {tally.name} | all | {total_requests} | {len(since_first)} | "
            f"{100 * total_requests / len(since_first):.1f} | {coverage:.1%} |"
        )
    ours_total, base_total = totals[ours.name][0], totals[base.name][0]
    steady = [r[1] for r in ours.rows[1:]] or [ours.rows[0][1]]
    base_steady = [r[1] for r in base.rows[1:]] or [base.rows[0][1]]
    print(
        f"\nrequests, baseline / redditpulse: {base_total / ours_total:.1f}x over all cycles; "
        f"worst cycle after the first: {max(base_steady) / max(steady):.1f}x "
        f"(redditpulse max {max(steady)}, baseline max {max(base_steady)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subreddits", type=int, default=14)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--per-subreddit", action="store_true", help="counts are per subreddit")
    parser.add_argument("--cycles", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
