"""DumpReader: the synchronous archive source (wrap it with Offloaded for the async port)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from adapters.archive.files import dump_files
from adapters.archive.lines import MAX_LINE, OVERLONG, DumpCorrupt, DumpLines
from adapters.archive.records import Skipped, read_line
from domain.archive import ArchiveChunk, ArchivedItem, ArchiveFile, ArchiveSelection, BadLine

TOO_LONG = f"a line longer than {MAX_LINE >> 20} MB (not a Reddit item)"
# A file whose first lines are all bad is not a dump: say so once, not once per line.
JUDGED_AFTER = 100


@dataclass(slots=True)
class _Progress:
    """Where the reading of one open file stands."""

    lines: DumpLines
    number: int = 0  # lines read so far
    useful: int = 0  # of which items, or skipped by the selection


class DumpReader:
    """Reads dump files a chunk of lines at a time, keeping each open file between reads."""

    def __init__(self) -> None:
        self._open: dict[str, _Progress] = {}

    def files(self, paths: Sequence[str]) -> list[ArchiveFile]:
        return dump_files(paths)

    def read(self, file: ArchiveFile, selection: ArchiveSelection, max_lines: int) -> ArchiveChunk:
        items: list[ArchivedItem] = []
        bad: list[BadLine] = []
        skipped = dict.fromkeys(Skipped, 0)
        error: str | None = None
        try:
            state = self._opened(file)
            for line in state.lines.take(max_lines):
                state.number += 1
                outcome = TOO_LONG if line is OVERLONG else read_line(line, selection)
                if isinstance(outcome, ArchivedItem):
                    items.append(outcome)
                elif isinstance(outcome, Skipped):
                    skipped[outcome] += 1
                else:
                    bad.append(BadLine(file.path, state.number, outcome))
            state.useful += len(items) + sum(skipped.values())
            error = state.lines.error
            if state.useful == 0 and state.number >= JUDGED_AFTER:
                error = f"not a Reddit dump: none of its first {state.number} lines is an item"
            done = error is not None or state.lines.finished
        except DumpCorrupt as exc:
            error, done = str(exc), True
        except OSError as exc:
            error, done = f"cannot read it: {exc.strerror or exc}", True
        position = self._position(file)
        if done:
            self.close(file)
        return ArchiveChunk(
            items=items,
            lines=len(items) + len(bad) + sum(skipped.values()) - skipped[Skipped.BLANK],
            bad=bad,
            other_subreddits=skipped[Skipped.OTHER_SUBREDDIT],
            out_of_range=skipped[Skipped.OUT_OF_RANGE],
            position=position,
            done=done,
            error=error,
        )

    def close(self, file: ArchiveFile) -> None:
        state = self._open.pop(file.path, None)
        if state is not None:
            state.lines.close()

    def _opened(self, file: ArchiveFile) -> _Progress:
        if file.path not in self._open:
            self._open[file.path] = _Progress(DumpLines(file.path))
        return self._open[file.path]

    def _position(self, file: ArchiveFile) -> int:
        state = self._open.get(file.path)
        return file.size if state is None else state.lines.position
