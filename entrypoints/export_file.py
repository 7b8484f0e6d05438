"""Where `redditpulse export` writes: stdout, or a file that appears only once complete."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO


class Destination:
    """A file is written as FILE.partial and renamed to FILE at the end, so an export that
    stops half-way leaves no file that looks whole (and keeps an older FILE as it was).
    Anything that is not a regular file (-, /dev/null, a pipe) is written as it is."""

    def __init__(self, path: str) -> None:
        """Opens it: OSError when it cannot be written."""
        self.name = "stdout" if path == "-" else path
        self._target: Path | None = None
        self._partial: Path | None = None
        if path == "-":
            self.out: BinaryIO = sys.stdout.buffer
            return
        target = Path(path)
        if target.exists() and not target.is_file():
            self.out = target.open("wb")
            return
        self._target = target
        self._partial = target.with_name(target.name + ".partial")
        self.out = self._partial.open("wb")

    @property
    def whole_or_nothing(self) -> bool:
        """Whether what was written vanishes when discarded (a regular file does)."""
        return self._partial is not None

    @property
    def is_terminal(self) -> bool:
        return self.out.isatty()

    def finish(self) -> None:
        self._close()
        if self._partial is not None and self._target is not None:
            self._partial.replace(self._target)

    def discard(self) -> None:
        """Close, and remove what was written (a file only)."""
        self._close()
        if self._partial is not None:
            self._partial.unlink(missing_ok=True)

    def _close(self) -> None:
        if self.out is sys.stdout.buffer:
            self.out.flush()
        else:
            self.out.close()
