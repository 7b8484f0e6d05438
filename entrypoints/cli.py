"""The `redditpulse` command: serve, api, scheduler, collect --once, score, import, export, db."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from domain.lease import COLLECTOR
from domain.model import CollectionCycle, CycleStatus

if TYPE_CHECKING:  # imported lazily: `redditpulse score` must start fast
    from entrypoints.container import Container
    from entrypoints.settings import Settings

log = logging.getLogger("redditpulse")
R = TypeVar("R")

# What --demo changes unless the setting was given explicitly.
DEMO_DEFAULTS = {
    "database_url": "sqlite:///./redditpulse-demo.db",
    "collection_interval_minutes": 1.0,
    "initial_collection_delay_seconds": 2.0,
    "topics_file": Path(__file__).with_name("demo_topics.toml"),
}


def positive_int(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 up, not '{text}'")
    return int(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from entrypoints.arguments import OneLineErrors

    parser = OneLineErrors(prog="redditpulse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("serve", "API and embedded collection scheduler (the default way to run)"),
        ("api", "API only, no scheduler"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--host", help="bind address (default: HOST setting)")
        command.add_argument("--port", help="bind port (default: PORT setting)")
        command.add_argument(
            "--demo", action="store_true", help="collect from a built-in SIMULATED Reddit"
        )
        if name == "api":
            command.add_argument(
                "--workers",
                type=positive_int,
                default=1,
                help="API processes on the one port (default 1); their /metrics answer for all",
            )
    scheduler = commands.add_parser("scheduler", help="collection scheduler only, no API")
    scheduler.add_argument("--demo", action="store_true")
    scheduler.add_argument(
        "--metrics-port", help="port of /metrics and /healthz, 0: none (default: METRICS_PORT)"
    )
    collect = commands.add_parser("collect", help="run collection cycles from the shell")
    collect.add_argument("--once", action="store_true", required=True, help="run one cycle")
    collect.add_argument("--demo", action="store_true")
    commands.add_parser("score", help="score text lines from stdin, one JSON object per line")
    database = commands.add_parser("db", help="the database schema (Alembic migrations)")
    database.add_argument(
        "action",
        choices=["upgrade", "current"],
        help="upgrade: apply the migrations (also done by every command at start); "
        "current: show the revision",
    )
    from entrypoints.import_arguments import add_import_arguments

    add_import_arguments(
        commands.add_parser("import", help="load history from Arctic Shift / Pushshift dumps")
    )
    from entrypoints.export_arguments import add_export_arguments

    add_export_arguments(
        commands.add_parser("export", help="write the stored items and their sentiments")
    )
    prune = commands.add_parser(
        "prune", help="delete items older than RETENTION_DAYS (hourly counts are kept)"
    )
    prune.add_argument("--dry-run", action="store_true", help="only count what would go")
    return parser.parse_args(argv)


def load_settings(demo: bool, **overrides: str | None) -> Settings:
    """From the environment and .env; `overrides` (command-line options) win, unless None.
    They are validated as the environment is: `--port 99999` is as bad as PORT=99999."""
    from entrypoints.settings import Settings

    given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    settings = Settings(**given)
    if not demo:
        return settings
    updates = {k: v for k, v in DEMO_DEFAULTS.items() if k not in settings.model_fields_set}
    return settings.model_copy(update={**updates, "demo": True})


def summary(cycle: CollectionCycle) -> str:
    budget = "" if cycle.budget_remaining is None else f", {cycle.budget_remaining} left"
    lines = [
        f"cycle {cycle.id}: {cycle.status} in {cycle.duration_s or 0:.1f} s — "
        f"{cycle.posts_collected} posts, {cycle.comments_collected} comments "
        f"from {len(cycle.subreddits)} subreddit(s), {cycle.items_refreshed} refreshed; "
        f"{cycle.requests_made} Reddit requests{budget}"
    ]
    lines += [f"  r/{f.subreddit}: {f.error}" for f in cycle.failures]
    lines += [
        f"  gap in {g.kind} of {'+'.join(g.subreddits)}: items from {g.start:%Y-%m-%d %H:%M} "
        f"to {g.end:%Y-%m-%d %H:%M} UTC were out of reach"
        for g in cycle.gaps
    ]
    return "\n".join(lines)


async def collect_once(container: Container) -> int:
    """One cycle, as the collector: refused while another process holds the lease."""
    from entrypoints.startup import prepare_database

    container.init_resources()
    try:
        await prepare_database(container)
        lease = container.collector_lease()
        if not await lease.take():
            state = await container.store().lease(COLLECTOR)
            who = state.holder if state else "another process"
            print(
                f"redditpulse: {who} is collecting: ask it for a cycle with "
                "POST /api/v1/admin/collect, or stop it first",
                file=sys.stderr,
            )
            return 1
        try:
            cycle = await _collect_holding(container)
        finally:
            await lease.release()
    finally:
        container.shutdown_resources()
    if cycle is None:
        return 1
    print(summary(cycle))
    return 0 if cycle.status in (CycleStatus.SUCCEEDED, CycleStatus.PARTIAL) else 1


async def _collect_holding(container: Container) -> CollectionCycle | None:
    """The cycle, with the lease renewed while it runs; a lost lease interrupts it."""
    from entrypoints.startup import close_orphaned_cycles

    await close_orphaned_cycles(container)
    stop = asyncio.Event()
    keeping = asyncio.create_task(container.collector_lease().keep(stop))
    try:
        cycle = await _unless_done(container.collector().run_once("cli"), keeping)
        if cycle is not None:
            await container.topic_matching().run()  # history of topics new since the last run
        return cycle
    finally:
        stop.set()
        await keeping


async def _unless_done(work: Coroutine[Any, Any, R], watched: asyncio.Task[None]) -> R | None:
    """`work`'s result, or None if `watched` ended first (`work` is then cancelled)."""
    task = asyncio.ensure_future(work)
    await asyncio.wait({task, watched}, return_when=asyncio.FIRST_COMPLETED)
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return None
    return task.result()


async def run_scheduler(container: Container) -> int:
    """Collect while holding the collector lease; stand by while another process holds it."""
    from entrypoints.collector_http import serve_collector_http
    from entrypoints.collector_role import collect_while_leased
    from entrypoints.startup import prepare_database

    container.init_resources()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    settings = container.settings()
    lease = container.collector_lease()
    # Listening first: a port that is taken ends the command before anything starts.
    endpoint = serve_collector_http(
        container, settings.host, settings.metrics_port, stop, lambda: lease.held
    )
    try:
        await prepare_database(container)
        await asyncio.gather(endpoint, collect_while_leased(container, stop))
    finally:
        stop.set()  # if one of the two failed, the other ends too
        endpoint.close()  # never started if the database could not be prepared
        container.shutdown_resources()
    return 0


def serve(container: Container, args: argparse.Namespace, with_scheduler: bool) -> int:
    import uvicorn
    from dependency_injector import providers

    from application.analytics import TopicMatching
    from entrypoints.api.app import create_app
    from entrypoints.database_url import shown
    from entrypoints.logs import uvicorn_log_config
    from entrypoints.startup import prepare_database

    settings = container.settings()
    if settings.demo:
        log.warning(
            "DEMO MODE: collecting from a SIMULATED Reddit into %s", shown(settings.database_url)
        )
    # Reach the database and bring its schema up before the server starts, so that a
    # database that cannot be used ends in one line, not in uvicorn's traceback.
    asyncio.run(prepare_database(container))
    if with_scheduler:
        # All in one: the API here, every cycle's work in a collector process.
        container.cycle_service.override(container.collector_cycles)
        container.topic_matching.override(
            providers.Singleton(
                TopicMatching, port=container.collector_topics, topics=container.store
            )
        )
    workers = getattr(args, "workers", 1)
    if workers > 1:
        from entrypoints.api_workers import run_workers

        container.engine().dispose()  # the workers open their own; this one stays idle
        return run_workers(settings, workers, args.demo, args.host, args.port)
    app = create_app(container, with_scheduler=with_scheduler)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        log_config=uvicorn_log_config(settings),
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "score":
        from entrypoints.score_command import main as score_main

        return score_main()
    from pydantic import ValidationError

    from entrypoints.container import Container
    from entrypoints.logs import configure_logging
    from entrypoints.settings_errors import UnusableSetting, describe
    from entrypoints.startup import DatabaseUnavailable

    try:
        settings = load_settings(
            getattr(args, "demo", False),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            metrics_port=getattr(args, "metrics_port", None),
        )
    except ValidationError as exc:
        for line in describe(exc):
            print(f"redditpulse: bad setting {line}", file=sys.stderr)
        return 2
    configure_logging(settings)
    container = Container()
    container.settings.override(settings)
    try:
        return run_command(container, settings, args)
    except DatabaseUnavailable as exc:
        print(f"redditpulse: {exc}", file=sys.stderr)
        return exc.exit_code
    except UnusableSetting as exc:
        print(f"redditpulse: bad setting {exc}", file=sys.stderr)
        return 2


def run_command(container: Container, settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "db":
        from entrypoints.db_command import run_db

        return run_db(container, args.action)
    if args.command == "import":
        from entrypoints.import_command import import_history

        return import_history(container, settings, args)
    if args.command == "export":
        from entrypoints.export_command import export_items

        return export_items(container, args)
    if args.command == "prune":
        from entrypoints.prune_command import prune

        return prune(container, settings, dry_run=args.dry_run)
    if args.command == "collect":
        return asyncio.run(collect_once(container))
    if args.command == "scheduler":
        return asyncio.run(run_scheduler(container))
    return serve(container, args, with_scheduler=args.command == "serve")


if __name__ == "__main__":
    sys.exit(main())
