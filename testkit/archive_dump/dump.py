"""generate(): a folder of dump files and its manifest.json, from a DumpSpec."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from testkit.archive_dump.badlines import plan_bad_lines
from testkit.archive_dump.dump_file import write_dump_file
from testkit.archive_dump.layout import mark_truncated, plan_files
from testkit.archive_dump.manifest import MANIFEST_NAME, Manifest
from testkit.archive_dump.names import usernames
from testkit.archive_dump.records import RecordFactory
from testkit.archive_dump.spec import DumpSpec
from testkit.archive_dump.tally import Tally
from testkit.archive_dump.texts import TextSource
from testkit.archive_dump.timeline import build_timeline


def generate(out_dir: Path, spec: DumpSpec) -> Manifest:
    """Write the files of `spec` into `out_dir`, one at a time; same spec, same bytes."""
    spec.check()
    window = spec.window()
    spec = replace(spec, end=datetime.fromtimestamp(window[1], UTC))  # "now" stays fixed
    wanted, others = spec.target_names(), spec.other_names()
    rng = random.Random(spec.seed)
    users = usernames(rng, min(200_000, 50 + (spec.posts + spec.comments) // 8))
    counts = (len(wanted) + len(others), len(users), spec.posts, spec.comments)
    timeline = build_timeline(rng, counts, window)
    factory = RecordFactory(rng, spec, timeline, TextSource(rng), wanted + others, users)
    plans = plan_files(timeline, spec.layout, wanted + others, spec.plain)
    if spec.truncate_last_line:
        plans = mark_truncated(plans, wanted)
    bad_lines = plan_bad_lines(rng, plans, spec.bad_lines)
    tally = Tally(wanted, others)
    out_dir.mkdir(parents=True, exist_ok=True)
    for index, plan in enumerate(plans):
        write_dump_file(out_dir, plan, factory, bad_lines.get(index, []), tally, rng)
    manifest = tally.manifest(spec, window)
    (out_dir / MANIFEST_NAME).write_bytes(manifest.to_json())
    return manifest
