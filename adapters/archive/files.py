"""Which files an import reads: the paths given, and the dump files inside folders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from domain.archive import ArchiveFile
from domain.errors import ArchivePathMissing

DUMP_SUFFIXES = (".zst", ".ndjson", ".jsonl")


def dump_files(paths: Sequence[str]) -> list[ArchiveFile]:
    """Files as given (any name), folders searched for dump files; each file once."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise ArchivePathMissing(f"no such file or folder: {', '.join(missing)}")
    found: dict[Path, None] = {}
    for given in map(Path, paths):
        if given.is_dir():
            inside = (p for p in given.rglob("*") if p.is_file() and p.suffix in DUMP_SUFFIXES)
            found.update(dict.fromkeys(sorted(inside)))
        else:
            found[given] = None
    return [ArchiveFile(str(p), p.stat().st_size) for p in found]
