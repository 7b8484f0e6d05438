"""Files shaped like the Reddit archive dumps (Arctic Shift, Pushshift), with a manifest.

`generate(out_dir, DumpSpec(...))` writes `<name>_submissions.zst` / `<name>_comments.zst` per
subreddit, or `RS_YYYY-MM.zst` / `RC_YYYY-MM.zst` per month: NDJSON sorted by created_utc,
zstd with a 2 GiB window, with the quirks of real files. `python -m testkit.archive_dump --help`.
"""

from testkit.archive_dump.dump import generate
from testkit.archive_dump.manifest import (
    MANIFEST_NAME,
    BadLine,
    FileEntry,
    KindCounts,
    Manifest,
    SubredditCounts,
    load_manifest,
)
from testkit.archive_dump.spec import DumpSpec, Layout, QuirkRates

__all__ = [
    "MANIFEST_NAME",
    "BadLine",
    "DumpSpec",
    "FileEntry",
    "KindCounts",
    "Layout",
    "Manifest",
    "QuirkRates",
    "SubredditCounts",
    "generate",
    "load_manifest",
]
