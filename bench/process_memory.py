"""Peak resident memory of a process and all its descendants, sampled from /proc (Linux)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


class PeakMemory:
    """Samples every `interval` seconds until stopped: peak sum over the tree, peak of `pid`."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self._pid, self._interval = pid, interval
        self.peak_tree = self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            sizes = [_rss(p) for p in tree(self._pid)]
            self.peak_tree = max(self.peak_tree, sum(sizes))
            self.peak_main = max(self.peak_main, sizes[0] if sizes else 0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
