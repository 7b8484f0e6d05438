"""The import use case over fakes: everything lands once, stops cleanly, memory is bounded."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from datetime import timedelta

import pytest

from application.archive_import import ArchiveImport, ImportOptions
from domain.archive import ArchivedItem, ArchiveSelection, ImportTally, SavedCounts
from domain.errors import ArchivePathMissing
from domain.ports import ArchiveSourcePort, ArchiveStorePort, SentimentPort
from tests.fakes import (
    T0,
    FakeArchiveSource,
    FakeArchiveStore,
    FakeSentiment,
    make_comment,
    make_post,
)

EVERYTHING = ArchiveSelection(None)
SMALL = ImportOptions(batch_size=10, lines_per_read=7, scoring_jobs=2, queue_size=1)


def dump(count: int, subreddit: str = "python") -> list[ArchivedItem]:
    post = make_post(subreddit)
    items = [ArchivedItem(post, post.created_utc + timedelta(hours=1))]
    for n in range(count - 1):
        comment = make_comment(post, body=f"good comment {n}")
        items.append(ArchivedItem(comment, comment.created_utc + timedelta(hours=1)))
    return items


def importer(
    source: ArchiveSourcePort,
    store: ArchiveStorePort,
    sentiment: SentimentPort | None = None,
    options: ImportOptions = SMALL,
) -> ArchiveImport:
    return ArchiveImport(source, sentiment or FakeSentiment(), store, options)


async def test_every_item_of_every_file_is_stored_once_and_scored() -> None:
    source = FakeArchiveSource({"a.zst": dump(45), "b.zst": dump(30, "rust")})
    store, sentiment = FakeArchiveStore(), FakeSentiment()
    tally = await importer(source, store, sentiment).run(
        await source.files(["a.zst", "b.zst"]), EVERYTHING
    )
    assert len(store.items) == 75 and len(store.sentiments) == 75
    assert len(sentiment.scored) == 75
    assert (tally.posts_new, tally.comments_new, tally.lines) == (2, 73, 75)
    assert tally.files_read == 2 and tally.bytes_read == tally.bytes_total == 75
    assert not tally.interrupted


async def test_only_the_selection_is_imported_and_the_rest_is_counted() -> None:
    source = FakeArchiveSource({"all.zst": dump(20) + dump(15, "rust")})
    store = FakeArchiveStore()
    only_rust = ArchiveSelection(frozenset({"rust"}))
    tally = await importer(source, store).run(await source.files(["all.zst"]), only_rust)
    assert {i.subreddit for i in store.items.values()} == {"rust"}
    assert (tally.stored, tally.other_subreddits) == (15, 20)


async def test_importing_again_changes_nothing_and_scores_nothing() -> None:
    source = FakeArchiveSource({"a.zst": dump(25)})
    store = FakeArchiveStore()
    await importer(source, store).run(await source.files(["a.zst"]), EVERYTHING)
    before = dict(store.items)
    sentiment = FakeSentiment()
    again = await importer(source, store, sentiment).run(await source.files(["a.zst"]), EVERYTHING)
    assert store.items == before
    assert sentiment.scored == []
    assert (again.stored, again.posts_unchanged, again.comments_unchanged) == (0, 1, 24)


async def test_a_repeated_item_keeps_the_copy_read_last_even_across_batches() -> None:
    items = dump(25)
    first = items[3]
    fresher = ArchivedItem(
        dataclasses.replace(first.item, score=77), first.retrieved_utc + timedelta(days=1)
    )
    source = FakeArchiveSource({"a.zst": [*items[:20], fresher, *items[20:], first]})
    store = FakeArchiveStore()
    tally = await importer(source, store).run(await source.files(["a.zst"]), EVERYTHING)
    assert store.items[first.item.fullname].score == 77
    assert tally.stored + tally.posts_unchanged + tally.comments_unchanged == 27
    assert tally.comments_new == 24


async def test_a_missing_path_is_an_error_before_anything_is_read() -> None:
    source = FakeArchiveSource({"a.zst": dump(5)})
    with pytest.raises(ArchivePathMissing, match=r"nope\.zst"):
        await importer(source, FakeArchiveStore()).files(["a.zst", "nope.zst"])
    assert source.reads == 0


async def test_a_stop_ends_at_a_batch_boundary_and_running_again_completes_the_job() -> None:
    source = FakeArchiveSource({"a.zst": dump(200)})
    store = FakeArchiveStore()
    stop = asyncio.Event()

    def stop_after_first_write(tally: ImportTally) -> None:
        if tally.stored:
            stop.set()

    files = await source.files(["a.zst"])
    tally = await importer(source, store).run(files, EVERYTHING, None, stop_after_first_write, stop)
    assert tally.interrupted
    assert 0 < len(store.items) < 200
    assert len(store.items) == tally.stored  # every batch read was written whole
    assert source.closed == ["a.zst"]

    again = await importer(source, store).run(files, EVERYTHING)
    assert len(store.items) == 200 and not again.interrupted
    assert again.stored == 200 - tally.stored


async def test_a_store_failure_stops_the_import_and_the_tally_keeps_what_was_stored() -> None:
    source = FakeArchiveSource({"a.zst": dump(100)})
    store = FakeArchiveStore()
    store.fail_saves_after = 3
    run = importer(source, store)
    files = await source.files(["a.zst"])
    tally = ImportTally.of(files)
    with pytest.raises(OSError, match="disk full"):
        await asyncio.wait_for(run.run(files, EVERYTHING, tally), timeout=10)
    assert tally.stored == len(store.items) == 30


class HeldStore(FakeArchiveStore):
    """Every write waits until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def save_archived(self, items: Sequence[ArchivedItem]) -> SavedCounts:
        await self.release.wait()
        return await super().save_archived(items)


async def test_reading_waits_for_writing_so_memory_stays_bounded() -> None:
    source = FakeArchiveSource({"a.zst": dump(1000)})
    store = HeldStore()
    files = await source.files(["a.zst"])
    task = asyncio.create_task(importer(source, store).run(files, EVERYTHING))
    for _ in range(200):  # let the pipeline fill up while the writer is held
        await asyncio.sleep(0)
    held_reads = source.reads
    # Batches held: 1 being written, 1 queued for writing, 2 being scored, 1 queued for
    # scoring, 1 filling: about 6 batches of 10 items, read 7 lines at a time.
    assert held_reads * SMALL.lines_per_read <= 8 * SMALL.batch_size
    store.release.set()
    tally = await asyncio.wait_for(task, timeout=10)
    assert tally.stored == 1000 and source.reads > held_reads


async def test_only_new_or_changed_texts_are_scored() -> None:
    items = dump(10)
    store = FakeArchiveStore()
    store.seed(items[1].item, T0 - timedelta(days=1))  # stored before, same text
    changed = dataclasses.replace(items[2].item, body="bad now")
    store.seed(items[2].item, T0 - timedelta(days=1))
    items[2] = ArchivedItem(changed, items[2].retrieved_utc)
    sentiment = FakeSentiment()
    source = FakeArchiveSource({"a.zst": items})
    await importer(source, store, sentiment).run(await source.files(["a.zst"]), EVERYTHING)
    assert len(sentiment.scored) == 9 and "bad now" in sentiment.scored
    assert items[1].item.text not in sentiment.scored
