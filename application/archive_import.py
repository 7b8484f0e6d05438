"""Import history from archive dumps: read, decide, score and write, all at once.

Four stages joined by short queues, so memory stays bounded whatever the file size:
reading (a thread), deciding and scoring (several batches at a time, so every scoring
process is busy), and writing (one batch per transaction, in order). A stop request ends
reading; batches already read are still written, so a stop lands on a batch boundary.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from domain.archive import (
    ArchivedItem,
    ArchiveFile,
    ArchiveSelection,
    ImportPlan,
    ImportTally,
    plan_batch,
)
from domain.model import Comment, Post
from domain.ports import ArchiveSourcePort, ArchiveStorePort, ImportObserver, SentimentPort

log = logging.getLogger(__name__)

Progress = Callable[[ImportTally], None]
_DONE = None


@dataclass(frozen=True, slots=True)
class ImportOptions:
    batch_size: int = 2000  # items per transaction
    lines_per_read: int = 5000
    scoring_jobs: int = 2  # batches decided and scored at once
    queue_size: int = 2  # batches waiting between two stages


class ArchiveImport:
    def __init__(
        self,
        source: ArchiveSourcePort,
        sentiment: SentimentPort,
        store: ArchiveStorePort,
        options: ImportOptions | None = None,
        observer: ImportObserver | None = None,
    ) -> None:
        self._source = source
        self._sentiment = sentiment
        self._store = store
        self._options = options or ImportOptions()
        self._observer = observer

    async def files(self, paths: Sequence[str]) -> list[ArchiveFile]:
        """The files an import of `paths` would read; ArchivePathMissing if one is missing."""
        return await self._source.files(paths)

    async def run(
        self,
        files: Sequence[ArchiveFile],
        selection: ArchiveSelection,
        tally: ImportTally | None = None,
        progress: Progress | None = None,
        stop: asyncio.Event | None = None,
    ) -> ImportTally:
        """Import `files`, counting into `tally` (kept up to date even if this raises)."""
        tally = tally or ImportTally.of(files)
        run = _Pipeline(self, tally, progress or (lambda _: None), stop or asyncio.Event())
        try:
            await run.all(files, selection)
        except BaseExceptionGroup as group:
            raise group.exceptions[0] from None
        finally:
            # Stopped or failed, what was written so far was imported all the same.
            if self._observer is not None:
                self._observer.import_ended(tally)
        return tally


class _Pipeline:
    """One import while it runs."""

    def __init__(
        self, owner: ArchiveImport, tally: ImportTally, progress: Progress, stop: asyncio.Event
    ) -> None:
        self.source = owner._source
        self.sentiment = owner._sentiment
        self.store = owner._store
        self.options = owner._options
        self.tally = tally
        self.progress = progress
        self.stop = stop
        size = self.options.queue_size
        self.read_batches: asyncio.Queue[list[ArchivedItem] | None] = asyncio.Queue(size)
        self.scored_batches: asyncio.Queue[ImportPlan | None] = asyncio.Queue(size)

    async def all(self, files: Sequence[ArchiveFile], selection: ArchiveSelection) -> None:
        jobs = self.options.scoring_jobs
        async with asyncio.TaskGroup() as group:
            group.create_task(self.read_all(files, selection))
            deciders = [group.create_task(self.decide_and_score()) for _ in range(jobs)]
            writer = group.create_task(self.write_all())
            await asyncio.gather(*deciders)
            await self.scored_batches.put(_DONE)
            await writer

    async def read_all(self, files: Sequence[ArchiveFile], selection: ArchiveSelection) -> None:
        pending: list[ArchivedItem] = []
        read_before = 0
        for file in files:
            pending = await self.read_file(file, selection, read_before, pending)
            read_before += file.size
            if self.stop.is_set():
                self.tally.interrupted = True
                break
        if pending:
            await self.read_batches.put(pending)
        for _ in range(self.options.scoring_jobs):
            await self.read_batches.put(_DONE)

    async def read_file(
        self,
        file: ArchiveFile,
        selection: ArchiveSelection,
        read_before: int,
        pending: list[ArchivedItem],
    ) -> list[ArchivedItem]:
        """Read one file to its end (or a stop), queueing full batches; returns the rest."""
        size = self.options.batch_size
        while not self.stop.is_set():
            chunk = await self.source.read(file, selection, self.options.lines_per_read)
            self.tally.add_chunk(chunk, file, read_before)
            if chunk.error is not None:
                log.warning("%s: %s", file.path, chunk.error)
            pending.extend(chunk.items)
            while len(pending) >= size:
                await self.read_batches.put(pending[:size])
                pending = pending[size:]
            if chunk.done:
                return pending
            self.progress(self.tally)
        await self.source.close(file)
        return pending

    async def decide_and_score(self) -> None:
        while (batch := await self.read_batches.get()) is not _DONE:
            names = list(dict.fromkeys(a.item.fullname for a in batch))
            plan = plan_batch(batch, await self.store.stored_copies(names))
            self.tally.add_plan(plan)
            await self.scored_batches.put(await self.scored(plan))

    async def scored(self, plan: ImportPlan) -> ImportPlan:
        if not plan.to_score:
            return plan
        texts = [plan.to_write[i].item.text for i in plan.to_score]
        sentiments = await self.sentiment.score_many(texts)
        to_write = list(plan.to_write)
        for index, sentiment in zip(plan.to_score, sentiments, strict=True):
            archived = to_write[index]
            to_write[index] = ArchivedItem(archived.item, archived.retrieved_utc, sentiment)
        return replace(plan, to_write=to_write)

    async def write_all(self) -> None:
        while (plan := await self.scored_batches.get()) is not _DONE:
            if plan.to_write:
                saved = await self.store.save_archived(plan.to_write)
                posts = sum(isinstance(a.item, Post) for a in plan.to_write)
                comments = sum(isinstance(a.item, Comment) for a in plan.to_write)
                self.tally.add_saved(saved, posts, comments)
            self.progress(self.tally)
