"""Lines of a dump file, zstd-compressed (with the dumps' long window) or plain."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import zstandard

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# The dumps are compressed with a 2 GiB window (zstd --long=31): the default limit of
# 128 MiB refuses them with "Frame requires too much memory for decoding".
MAX_WINDOW = 2**31
RAW_READ = 1 << 17  # compressed bytes per step: bounds the text held at once


class DumpCorrupt(Exception):
    """The file cannot be read (on from here): corrupt, cut short, or not zstd."""


class DumpLines:
    """Reads a file's lines in order, a block at a time; memory does not grow with the file.

    Data that cannot be decompressed ends the file early, with `error` saying why.
    """

    def __init__(self, path: str) -> None:
        self._raw: BinaryIO = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        head = self._raw.read(4)
        self._raw.seek(0)
        self.compressed = head == ZSTD_MAGIC
        if path.endswith(".zst") and not self.compressed:
            self._raw.close()
            raise DumpCorrupt("not zstd-compressed data (no zstd frame header)")
        self._frame: zstandard.ZstdDecompressionObj | None = None
        self._tail = b""
        self._queued: list[bytes] = []
        self._ended = False
        self.error: str | None = None  # why the file ended early, if it did

    @property
    def position(self) -> int:
        """Bytes of the file consumed so far."""
        return self._raw.tell()

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

    def _block(self) -> list[bytes]:
        try:
            data = self._next_text()
        except DumpCorrupt as exc:
            self.error, data = str(exc), None
        if data is None:
            self._ended = True
            last, self._tail = self._tail, b""
            return [last] if last.strip() else []
        lines = (self._tail + data).split(b"\n")
        self._tail = lines.pop()
        return lines

    def _next_text(self) -> bytes | None:
        raw = self._raw.read(RAW_READ)
        if not self.compressed:
            return raw or None
        if not raw:
            if self._frame is not None and not self._frame.eof:
                raise DumpCorrupt("cut short: the zstd stream ends in the middle of a frame")
            return None
        try:
            return self._decompress(raw)
        except zstandard.ZstdError as exc:
            raise DumpCorrupt(f"corrupt zstd data: {exc}") from None

    def _decompress(self, raw: bytes) -> bytes:
        out = []
        while raw:
            if self._frame is None or self._frame.eof:
                self._frame = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).decompressobj()
            out.append(self._frame.decompress(raw))
            raw = self._frame.unused_data if self._frame.eof else b""
        return b"".join(out)

    def close(self) -> None:
        self._raw.close()
