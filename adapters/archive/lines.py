"""Lines of a dump file, zstd-compressed (with the dumps' long window) or plain."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import zstandard

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# The dumps are compressed with a 2 GiB window (zstd --long=31): the default limit of
# 128 MiB refuses them with "Frame requires too much memory for decoding". Reading such a
# file keeps up to that much of its recent text: the format asks it of every reader.
MAX_WINDOW = 2**31
RAW_READ = 1 << 17  # bytes read from the file at a time
TEXT_STEP = 4 << 20  # text decompressed at a time, about: repetitive data expands a lot
MIN_FEED = 256  # compressed bytes: even 10,000-fold repetitive data gives only 2.5 MB
MAX_LINE = 8 << 20  # a Reddit item is far shorter; longer is no dump, and is not kept
OVERLONG = b"\x00 line longer than 8 MB"  # stands for such a line (compare with `is`)


class DumpCorrupt(Exception):
    """The file cannot be read (on from here): corrupt, cut short, or not zstd."""


class DumpLines:
    """Reads a file's lines in order, a block at a time; memory does not grow with the file.

    Data that cannot be decompressed ends the file early, with `error` saying why.
    """

    def __init__(self, path: str) -> None:
        self._raw: BinaryIO = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        self.compressed = self._raw.read(4) == ZSTD_MAGIC
        self._raw.seek(0)
        if path.endswith(".zst") and not self.compressed:
            self._raw.close()
            raise DumpCorrupt("not zstd-compressed data (no zstd frame header)")
        self._frame: zstandard.ZstdDecompressionObj | None = None
        self._pending = memoryview(b"")  # read from the file, not decompressed yet
        self._feed = MIN_FEED  # compressed bytes given to zstd at once: grows while safe
        self._tail = b""  # the start of a line whose end is still to come
        self._overlong = False  # dropping the rest of an overlong line
        self._queued: list[bytes] = []
        self._ended = False
        self.error: str | None = None  # why the file ended early, if it did

    @property
    def position(self) -> int:
        """Bytes of the file consumed so far."""
        return self._raw.tell() - len(self._pending)

    @property
    def finished(self) -> bool:
        """Every line has been taken."""
        return self._ended and not self._queued

    def take(self, count: int) -> list[bytes]:
        """Up to `count` next lines, fewer only at the end of the file.

        A last line without its newline is returned too: only a line cut short lacks
        one, and the caller finds out whether it is broken.
        """
        while len(self._queued) < count and not self._ended:
            self._queued.extend(self._block())
        taken, self._queued = self._queued[:count], self._queued[count:]
        return taken

    def close(self) -> None:
        self._raw.close()

    def _block(self) -> list[bytes]:
        try:
            data = self._next_text()
        except DumpCorrupt as exc:
            self.error, data = str(exc), None
        if data is None:
            self._ended = True
            last, self._tail = self._tail, b""
            return [OVERLONG] if self._overlong else [last] if last.strip() else []
        lines = (self._tail + data).split(b"\n")
        self._tail = lines.pop()
        if self._overlong and lines:
            lines[0], self._overlong = OVERLONG, False
        if len(self._tail) > MAX_LINE:
            self._tail, self._overlong = b"", True
        if self._overlong:
            self._tail = b""
        return lines

    def _next_text(self) -> bytes | None:
        if not self._pending:
            self._pending = memoryview(self._raw.read(RAW_READ))
        if not self.compressed:
            text, self._pending = bytes(self._pending), memoryview(b"")
            return text or None
        if not self._pending:
            if self._frame is not None and not self._frame.eof:
                raise DumpCorrupt("cut short: the zstd stream ends in the middle of a frame")
            return None
        piece, self._pending = self._pending[: self._feed], self._pending[self._feed :]
        try:
            text = self._decompress(piece)
        except zstandard.ZstdError as exc:
            raise DumpCorrupt(f"corrupt zstd data: {exc}") from None
        self._adjust_feed(len(text))
        return text

    def _decompress(self, raw: memoryview | bytes) -> bytes:
        out = []
        while raw:
            if self._frame is None or self._frame.eof:
                self._frame = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).decompressobj()
            out.append(self._frame.decompress(raw))
            raw = self._frame.unused_data if self._frame.eof else b""
        return b"".join(out)

    def _adjust_feed(self, produced: int) -> None:
        """Give zstd less at once when it expands a lot, so each step's text stays small."""
        if produced > TEXT_STEP:
            self._feed = max(MIN_FEED, self._feed * TEXT_STEP // produced // 2)
        elif produced < TEXT_STEP // 8:
            self._feed = min(RAW_READ, self._feed * 2)
