"""The composition root: every adapter is built here from Settings, and only here."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import timedelta
from multiprocessing import get_context

from dependency_injector import containers, providers

from adapters.archive.reader import DumpReader
from adapters.metrics.collection import PrometheusCollectionMetrics
from adapters.metrics.exposition import MetricsRegistry
from adapters.metrics.http import PrometheusHttpMetrics
from adapters.metrics.pool import PoolCollector
from adapters.metrics.scoring_queue import ScoringQueueCollector
from adapters.offloaded import Offloaded
from adapters.respawning_pool import RespawningProcessPool
from adapters.sql.archived import SqlArchiveStore
from adapters.sql.engine import make_engine
from adapters.sql.export import SqlExport
from adapters.sql.store import SqlStore
from adapters.unconfigured_reddit import UnconfiguredReddit
from adapters.vader import VaderSentiment
from adapters.worker_process import start_worker
from application.analytics import Analytics, TopicMatching
from application.archive_import import ArchiveImport, ImportOptions
from application.collect_requests import CollectRequests
from application.collection import CollectionRunner
from application.collector import Collector
from application.export import ItemExport
from application.lease import CollectorLease
from application.queries import Queries
from application.retention import Retention
from application.trending import TrendingSnapshots, TrendingTerms
from domain.collection import CycleService
from domain.policy import CollectionPolicy, RefreshPolicy
from domain.retention import RetentionPolicy
from entrypoints.collector_process import CollectorCycles, CollectorTopics, collector_pool
from entrypoints.scheduler import CollectionScheduler
from entrypoints.settings import Settings


def thread_pool(workers: int, name: str) -> Iterator[Executor]:
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
    yield executor
    executor.shutdown(wait=False, cancel_futures=True)


def process_pool(workers: int, name: str = "scoring") -> Iterator[RespawningProcessPool]:
    # spawn, not fork: forking a process that already runs threads can deadlock the child.
    # Processes start on first use, so a pool nobody uses costs nothing.
    executor = RespawningProcessPool(
        functools.partial(
            ProcessPoolExecutor,
            max_workers=workers,
            mp_context=get_context("spawn"),
            initializer=start_worker,
        ),
        name=name,
    )
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


def collection_policy(settings: Settings) -> CollectionPolicy:
    return CollectionPolicy(
        backfill_pages=settings.backfill_pages,
        overlap=timedelta(seconds=settings.cursor_overlap_seconds),
        budget_reserve=settings.request_budget_reserve,
        refresh=RefreshPolicy(
            max_age=timedelta(hours=settings.refresh_max_age_hours),
            min_interval=timedelta(minutes=settings.refresh_min_interval_minutes),
            backoff=settings.refresh_backoff,
            max_requests_per_cycle=settings.refresh_max_requests,
        ),
    )


def build_reddit(settings: Settings) -> object:
    """The synchronous Reddit adapter: simulated (demo), real (credentials) or unconfigured."""
    if settings.demo:
        from adapters.simulated_reddit import SimulatedReddit

        return SimulatedReddit()
    if not settings.reddit_configured:
        return UnconfiguredReddit(settings.missing_reddit_settings)
    from adapters.praw_reddit import PrawReddit

    assert settings.reddit_client_id and settings.reddit_client_secret
    return PrawReddit(
        client_id=settings.reddit_client_id,
        client_secret=settings.reddit_client_secret.get_secret_value(),
        user_agent=settings.reddit_user_agent,
        oauth_url=settings.reddit_oauth_url,
        reddit_url=settings.reddit_url,
        timeout_s=settings.reddit_timeout_seconds,
    )


class Container(containers.DeclarativeContainer):
    wiring_config = containers.WiringConfiguration(
        modules=[
            "entrypoints.api.routes",
            "entrypoints.api.collect",
            "entrypoints.api.admin",
            "entrypoints.api.health",
            "entrypoints.api.analytics",
            "entrypoints.api.engagement",
            "entrypoints.api.export",
            "entrypoints.api.trending",
            "entrypoints.api.metrics",
            "entrypoints.web.pages",
        ]
    )

    settings = providers.Singleton(Settings)

    # PRAW is not thread-safe and paces itself: one worker, as in the design.
    reddit_executor = providers.Resource(thread_pool, workers=1, name="reddit")
    store_executor = providers.Resource(
        thread_pool, workers=settings.provided.store_threads, name="store"
    )
    # VADER is CPU-bound: in a thread it would hold the GIL against the API's event loop.
    sentiment_executor = providers.Resource(process_pool, workers=1)

    policy = providers.Singleton(collection_policy, settings=settings)
    engine = providers.Singleton(make_engine, url=settings.provided.database_url)
    sync_store = providers.Singleton(SqlStore, engine=engine, refresh=policy.provided.refresh)
    sync_reddit = providers.Singleton(build_reddit, settings=settings)
    sync_sentiment = providers.Singleton(VaderSentiment)

    store = providers.Singleton(Offloaded, target=sync_store, executor=store_executor)
    reddit = providers.Singleton(Offloaded, target=sync_reddit, executor=reddit_executor)
    sentiment = providers.Singleton(Offloaded, target=sync_sentiment, executor=sentiment_executor)

    cycle_service = providers.Singleton(
        CycleService,
        reddit=reddit,
        sentiment=sentiment,
        repository=store,
        policy=policy,
    )
    # `serve` runs its cycles in a collector process instead (see entrypoints.cli.serve).
    collector_executor = providers.Resource(collector_pool, settings=settings)
    collector_cycles = providers.Singleton(
        Offloaded, target=providers.Object(CollectorCycles()), executor=collector_executor
    )
    # Prometheus metrics. The runner records every cycle where it ends: in `serve`, that is
    # the API process, though the cycle ran in the collector process.
    metrics_registry = providers.Singleton(MetricsRegistry)
    collection_metrics = providers.Singleton(
        PrometheusCollectionMetrics, registry=metrics_registry.provided.registry
    )
    http_metrics = providers.Singleton(
        PrometheusHttpMetrics, registry=metrics_registry.provided.registry
    )
    runner = providers.Singleton(
        CollectionRunner,
        service=cycle_service,
        repository=store,
        subreddits=settings.provided.subreddits,
        observer=collection_metrics,
    )
    # Health has its own thread and its own connection pool: it never queues behind reads.
    health_executor = providers.Resource(thread_pool, workers=1, name="health")
    health_engine = providers.Singleton(make_engine, url=settings.provided.database_url)
    health_store = providers.Singleton(
        Offloaded,
        target=providers.Singleton(SqlStore, engine=health_engine),
        executor=health_executor,
    )
    # Read at scrape time; `.provider` passes the engines' providers, called then.
    pool_metrics = providers.Singleton(
        PoolCollector,
        engines=providers.Dict(store=engine.provider, health=health_engine.provider),
    )
    # The collection's scoring pool; `serve` scores in its collector process instead.
    scoring_queue_metrics = providers.Singleton(
        ScoringQueueCollector, pool=sentiment_executor.provider
    )
    queries = providers.Singleton(Queries, reads=store, health=health_store)
    trending = providers.Singleton(TrendingTerms, reads=store, snapshots=store)
    trending_ahead = providers.Singleton(
        TrendingSnapshots,
        trending=trending,
        store=store,
        subreddits=settings.provided.subreddits,
    )
    # The export endpoint and `redditpulse export`: pages read on the store's threads.
    item_export = providers.Singleton(
        ItemExport,
        items=providers.Singleton(
            Offloaded, target=providers.Singleton(SqlExport, engine=engine), executor=store_executor
        ),
    )
    analytics = providers.Singleton(Analytics, reads=store, topics=store)
    # Matching stored history against new topics is collector work: `serve` sends it to
    # its collector process (entrypoints.cli.serve), the scheduler does it in-process.
    topic_matching = providers.Singleton(TopicMatching, port=store, topics=store)
    collector_topics = providers.Singleton(
        Offloaded, target=providers.Object(CollectorTopics()), executor=collector_executor
    )
    # Pruning daily (the scheduler) and on demand (`redditpulse prune`), a batch per call
    # on the store's threads.
    retention = providers.Singleton(
        Retention,
        store=store,
        policy=providers.Singleton(RetentionPolicy, days=settings.provided.retention_days),
        terms=store,
    )
    collector_lease = providers.Singleton(
        CollectorLease,
        port=store,
        length=providers.Factory(timedelta, seconds=settings.provided.collector_lease_seconds),
    )
    # The lease holder starts cycles, scheduled or asked for, once the board agrees; any
    # API process asks through the board (entrypoints.collector_role runs the holder).
    collector = providers.Singleton(
        Collector,
        runner=runner,
        board=store,
        holder=collector_lease.provided.holder,
        failures=collector_lease.provided.failures,
    )
    collect_requests = providers.Singleton(
        CollectRequests, board=store, wake=collector.provided.wake
    )
    scheduler = providers.Singleton(
        CollectionScheduler,
        runner=collector,
        interval_minutes=settings.provided.collection_interval_minutes,
        initial_delay_seconds=settings.provided.initial_collection_delay_seconds,
        topic_matching=topic_matching,
        trending_ahead=trending_ahead,
        retention=retention,
    )

    # `redditpulse import`: its own scoring processes, as many as it is given.
    import_options = providers.Object(ImportOptions())
    import_scoring_executor = providers.Resource(
        process_pool, workers=import_options.provided.scoring_jobs
    )
    archive_executor = providers.Resource(thread_pool, workers=1, name="archive")
    archive_source = providers.Singleton(
        Offloaded, target=providers.Singleton(DumpReader), executor=archive_executor
    )
    archive_store = providers.Singleton(
        Offloaded,
        target=providers.Singleton(SqlArchiveStore, engine=engine, refresh=policy.provided.refresh),
        executor=store_executor,
    )
    archive_import = providers.Singleton(
        ArchiveImport,
        source=archive_source,
        sentiment=providers.Singleton(
            Offloaded, target=sync_sentiment, executor=import_scoring_executor
        ),
        store=archive_store,
        options=import_options,
        observer=collection_metrics,
    )
