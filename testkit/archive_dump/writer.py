"""One dump file written line by line: zstd with the dumps' 2 GiB window, or plain NDJSON."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Protocol

import zstandard

# The dumps are written with a 2**31 window and long-distance matching, so their frame header
# asks a reader for 2 GiB: a default ZstdDecompressor refuses them, max_window_size=2**31 reads
# them. Level 3 keeps generation fast; the real dumps use higher levels, same format. A 2**20
# long-distance table (zstd's default here: 2**24) sets up in 4 ms instead of 60 ms per file and
# compresses twice as fast, for files ~6% larger; it is not part of the format.
WINDOW_LOG = 31
_PARAMETERS = zstandard.ZstdCompressionParameters.from_level(
    3, window_log=WINDOW_LOG, enable_ldm=True, ldm_hash_log=20, write_checksum=True
)
_BATCH_BYTES = 1 << 20  # hand lines to the compressor in 1 MiB batches


class _Sink(Protocol):
    def write(self, data: bytes, /) -> int: ...
    def close(self) -> None: ...


def _open(path: Path, compress: bool) -> _Sink:
    file = path.open("wb")
    if not compress:
        return file
    # Streaming without a pledged size keeps the full window in the frame header.
    compressor = zstandard.ZstdCompressor(compression_params=_PARAMETERS)
    return compressor.stream_writer(file)


class LineWriter:
    """Writes lines to one file and counts them; use as a context manager."""

    def __init__(self, path: Path, *, compress: bool) -> None:
        self.path, self.lines = path, 0
        self._sink = _open(path, compress)
        self._batch: list[bytes] = []
        self._batched = 0

    def write(self, line: bytes) -> None:
        self._add(line + b"\n")

    def write_unterminated(self, line: bytes) -> None:
        """A line with no newline after it: right only as the last line of a file."""
        self._add(line)

    def _add(self, data: bytes) -> None:
        self.lines += 1
        self._batch.append(data)
        self._batched += len(data)
        if self._batched >= _BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        self._sink.write(b"".join(self._batch))
        self._batch.clear()
        self._batched = 0

    def __enter__(self) -> LineWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self._flush()
        self._sink.close()
