"""DumpReader on real files: the long zstd window, plain NDJSON, folders, damaged files."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import zstandard

from adapters.archive.lines import MAX_LINE, RAW_READ, TEXT_STEP, DumpLines
from adapters.archive.reader import TOO_LONG, DumpReader
from domain.archive import ArchiveChunk, ArchiveFile, ArchiveSelection
from domain.errors import ArchivePathMissing

EVERYTHING = ArchiveSelection(None)
LONG_WINDOW = zstandard.ZstdCompressionParameters.from_level(3, window_log=31, enable_ldm=True)


def comment(n: int, subreddit: str = "python") -> dict[str, object]:
    return {
        "id": f"k{n:06d}",
        "author": f"user{n % 7}",
        "body": f"comment number {n} says something {'good' if n % 2 else 'bad'}",
        "created_utc": 1_700_000_000 + n,
        "link_id": "t3_abc",
        "parent_id": "t3_abc",
        "subreddit": subreddit,
        "score": n % 5,
        "retrieved_on": 1_700_100_000,
    }


def ndjson(records: list[dict[str, object]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def write_zst(
    path: Path, data: bytes, params: zstandard.ZstdCompressionParameters = LONG_WINDOW
) -> Path:
    with (
        path.open("wb") as f,
        zstandard.ZstdCompressor(compression_params=params).stream_writer(f) as writer,
    ):
        writer.write(data)
    return path


def read_all(reader: DumpReader, path: Path, max_lines: int = 1000) -> list[ArchiveChunk]:
    file = ArchiveFile(str(path), path.stat().st_size)
    chunks = [reader.read(file, EVERYTHING, max_lines)]
    while not chunks[-1].done:
        chunks.append(reader.read(file, EVERYTHING, max_lines))
    return chunks


def ids(chunks: list[ArchiveChunk]) -> list[str]:
    return [a.item.id for c in chunks for a in c.items]


def test_a_long_window_dump_needs_the_2_gib_window_and_is_read_whole(tmp_path: Path) -> None:
    path = write_zst(tmp_path / "python_comments.zst", ndjson([comment(n) for n in range(5000)]))
    with pytest.raises(zstandard.ZstdError, match="too much memory"):
        zstandard.ZstdDecompressor().stream_reader(path.open("rb")).read(100)
    chunks = read_all(DumpReader(), path)
    assert ids(chunks) == [f"k{n:06d}" for n in range(5000)]
    assert all(c.error is None and not c.bad for c in chunks)
    assert chunks[-1].position == path.stat().st_size


def test_lines_come_in_chunks_of_at_most_max_lines_with_growing_positions(tmp_path: Path) -> None:
    path = write_zst(tmp_path / "c.zst", ndjson([comment(n) for n in range(20_000)]))
    chunks = read_all(DumpReader(), path, max_lines=3000)
    assert [c.lines for c in chunks[:-1]] == [3000] * (len(chunks) - 1)
    assert sum(c.lines for c in chunks) == 20_000
    positions = [c.position for c in chunks]
    assert positions == sorted(positions)


def test_plain_ndjson_and_jsonl_files_are_read_too(tmp_path: Path) -> None:
    (tmp_path / "a.ndjson").write_bytes(ndjson([comment(1), comment(2)]))
    (tmp_path / "b.jsonl").write_bytes(ndjson([comment(3)]))
    assert ids(read_all(DumpReader(), tmp_path / "a.ndjson")) == ["k000001", "k000002"]
    assert ids(read_all(DumpReader(), tmp_path / "b.jsonl")) == ["k000003"]


def test_a_file_of_several_zstd_frames_is_read_across_them(tmp_path: Path) -> None:
    one = tmp_path / "one.zst"
    write_zst(one, ndjson([comment(1)]))
    two = write_zst(tmp_path / "two.zst", ndjson([comment(2)]))
    joined = tmp_path / "joined.zst"
    joined.write_bytes(one.read_bytes() + two.read_bytes())
    assert ids(read_all(DumpReader(), joined)) == ["k000001", "k000002"]


def test_a_cut_short_download_keeps_every_whole_line_and_reports_the_broken_end(
    tmp_path: Path,
) -> None:
    records = [comment(n) for n in range(30_000)]
    whole = write_zst(tmp_path / "whole.zst", ndjson(records))
    cut = tmp_path / "cut.zst"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    chunks = read_all(DumpReader(), cut)
    got = ids(chunks)
    assert 0 < len(got) < 30_000
    assert got == [f"k{n:06d}" for n in range(len(got))]
    assert "cut short" in (chunks[-1].error or "")
    assert [b.reason for c in chunks for b in c.bad] in (
        [],
        ["not JSON (a broken or cut-short line?)"],
    )


def test_a_plain_file_cut_short_has_one_bad_last_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.ndjson"
    path.write_bytes(ndjson([comment(1), comment(2)]) + b'{"id": "k3", "bo')
    chunks = read_all(DumpReader(), path)
    assert ids(chunks) == ["k000001", "k000002"]
    assert [(b.line, b.reason.split(" (")[0]) for c in chunks for b in c.bad] == [(3, "not JSON")]


def test_corrupt_zstd_data_ends_the_file_with_an_error_after_what_was_readable(
    tmp_path: Path,
) -> None:
    path = write_zst(tmp_path / "c.zst", ndjson([comment(n) for n in range(50_000)]))
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    chunks = read_all(DumpReader(), path)
    assert "corrupt" in (chunks[-1].error or "")
    assert 0 < len(ids(chunks)) < 50_000


def test_a_zst_file_that_is_not_zstd_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "fake.zst"
    path.write_text("hello, I am a text file\n")
    (chunk,) = read_all(DumpReader(), path)
    assert chunk.done and "not zstd" in (chunk.error or "")


def test_a_file_that_is_not_a_dump_is_given_up_after_its_first_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.ndjson"
    path.write_bytes(b"just some words\n" * (RAW_READ // 4))
    chunks = read_all(DumpReader(), path, max_lines=500)
    assert chunks[-1].error is not None and "not a Reddit dump" in chunks[-1].error
    assert sum(c.lines for c in chunks) < RAW_READ // 16


def test_folders_are_searched_for_dump_files_and_other_files_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("RS_2024-01.zst", "sub/RC_2024-01.zst", "sub/x.jsonl", "readme.txt"):
        (tmp_path / name).write_bytes(b"")
    found = DumpReader().files([str(tmp_path)])
    names = [Path(f.path).relative_to(tmp_path).as_posix() for f in found]
    assert names == ["RS_2024-01.zst", "sub/RC_2024-01.zst", "sub/x.jsonl"]


def test_a_file_named_directly_is_read_whatever_its_name_and_only_once(tmp_path: Path) -> None:
    path = tmp_path / "RC_2024-01"
    path.write_bytes(ndjson([comment(1)]))
    found = DumpReader().files([str(path), str(tmp_path), str(path)])
    assert [f.path for f in found] == [str(path)]


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(ArchivePathMissing, match=r"nope\.zst"):
        DumpReader().files([str(tmp_path), str(tmp_path / "nope.zst")])


def test_closing_a_file_part_way_lets_it_be_read_again_from_the_start(tmp_path: Path) -> None:
    path = write_zst(tmp_path / "c.zst", ndjson([comment(n) for n in range(100)]))
    reader = DumpReader()
    file = ArchiveFile(str(path), path.stat().st_size)
    first = reader.read(file, EVERYTHING, 10)
    reader.close(file)
    assert ids([reader.read(file, EVERYTHING, 10)]) == ids([first])


def test_a_line_longer_than_any_reddit_item_is_one_bad_line_and_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "odd.ndjson"
    huge = b"x" * (3 * MAX_LINE)
    path.write_bytes(ndjson([comment(1)]) + huge + b"\n" + ndjson([comment(2)]) + huge)
    chunks = read_all(DumpReader(), path)
    assert ids(chunks) == ["k000001", "k000002"]
    assert [(b.line, b.reason) for c in chunks for b in c.bad] == [(2, TOO_LONG), (4, TOO_LONG)]


def test_highly_repetitive_data_is_decompressed_a_bounded_step_at_a_time(tmp_path: Path) -> None:
    line = orjson.dumps(comment(1)) + b"\n"
    path = tmp_path / "bomb.zst"
    with (
        path.open("wb") as f,
        zstandard.ZstdCompressor(compression_params=LONG_WINDOW).stream_writer(f) as writer,
    ):
        for _ in range(50):
            writer.write(line * (4_000_000 // len(line)))  # 200 MB in all
    assert path.stat().st_size < 1_000_000
    lines = DumpLines(str(path))
    most_queued = 0
    while not lines.finished:
        lines.take(1000)
        most_queued = max(most_queued, len(lines._queued))
    # Never more than a few steps' worth of text at once, not the whole 200 MB.
    assert most_queued * len(line) < 4 * TEXT_STEP
