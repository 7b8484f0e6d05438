"""Writes one planned file: its items in order, with duplicates, bad lines, a broken end."""

from __future__ import annotations

import random
from collections import deque
from functools import partial
from pathlib import Path

import orjson

from testkit.archive_dump.badlines import BadLinePlan, bad_line, broken_line
from testkit.archive_dump.layout import FilePlan
from testkit.archive_dump.manifest import FileEntry
from testkit.archive_dump.quirks import Record, fresher_copy
from testkit.archive_dump.records import RecordFactory
from testkit.archive_dump.tally import Tally
from testkit.archive_dump.writer import LineWriter

# Arctic Shift writes every object with sorted keys.
_dumps = partial(orjson.dumps, option=orjson.OPT_SORT_KEYS)
_UNUSED_ID = "zzzzzzz"  # far above every generated id


def write_dump_file(
    directory: Path,
    plan: FilePlan,
    factory: RecordFactory,
    bad_lines: list[BadLinePlan],
    tally: Tally,
    rng: random.Random,
) -> None:
    make = factory.post if plan.kind == "posts" else factory.comment
    pending = deque(bad_lines)
    record: Record = {}
    path = directory / plan.name
    with LineWriter(path, compress=path.suffix == ".zst") as out:
        for written, rank in enumerate(plan.ranks, start=1):
            record, quirks = make(rank)
            out.write(_dumps(record))
            tally.item(plan.kind, record)
            if quirks.duplicate:
                fresher = fresher_copy(rng, record)
                out.write(_dumps(fresher))
                tally.duplicate(plan.kind, fresher)
            while pending and pending[0].after == written:
                kind = pending.popleft().kind
                out.write(bad_line(kind, record, out.lines))
                tally.bad_line(plan.name, out.lines, kind)
        if plan.truncated:
            name = ("t3_" if plan.kind == "posts" else "t1_") + _UNUSED_ID
            out.write_unterminated(broken_line(record | {"id": _UNUSED_ID, "name": name}))
    size = path.stat().st_size
    tally.file(FileEntry(plan.name, plan.kind, plan.subreddit, size, out.lines, plan.truncated))
