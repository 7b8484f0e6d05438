"""testkit.archive_dump writes files shaped like the Reddit archive dumps, and an exact manifest."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
import zstandard
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from testkit.archive_dump import (
    BadLine,
    DumpSpec,
    Manifest,
    QuirkRates,
    SubredditCounts,
    generate,
    load_manifest,
)
from testkit.archive_dump.__main__ import main

END = datetime(2026, 11, 1, tzinfo=UTC)
SPEC = DumpSpec(
    subreddits=["stocks", "Python", "worldnews"],
    other_subreddits=2,
    posts=1_000,
    comments=5_000,
    days=20,
    end=END,
    bad_lines=8,
    truncate_last_line=True,
)
SMALL = DumpSpec(subreddits=2, posts=150, comments=600, days=3, end=END)
POST_KEYS = {"id", "name", "author", "created_utc", "subreddit", "subreddit_id", "title",
             "selftext", "url", "permalink", "score", "num_comments", "edited",
             "removed_by_category", "over_18", "retrieved_on"}  # fmt: skip
COMMENT_KEYS = {"id", "name", "author", "body", "created_utc", "link_id", "parent_id",
                "subreddit", "subreddit_id", "score", "edited", "retrieved_on"}  # fmt: skip
Item = dict[str, Any]


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    folder = tmp_path_factory.mktemp("subreddit")
    return folder, generate(folder, SPEC)


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    folder = tmp_path_factory.mktemp("monthly")
    return folder, generate(folder, replace(SPEC, layout="monthly", days=45))


def decompressed(path: Path) -> bytes:
    reader = zstandard.ZstdDecompressor(max_window_size=2**31)
    return reader.decompressobj().decompress(path.read_bytes())


def read_lines(path: Path) -> list[bytes]:
    raw = decompressed(path) if path.suffix == ".zst" else path.read_bytes()
    lines = raw.split(b"\n")
    return lines if raw and not raw.endswith(b"\n") else lines[:-1]


def parse(line: bytes) -> Item | str:
    """The item on a line, or the kind of bad line it is."""
    try:
        item = orjson.loads(line)
    except orjson.JSONDecodeError:
        return "not_json"
    if not isinstance(item, dict):
        return "not_object"
    if "id" not in item:
        return "missing_id"
    return item if "created_utc" in item else "missing_created_utc"


def items(folder: Path, manifest: Manifest, kind: str) -> list[Item]:
    """Every valid line of the files of `kind`, duplicates included."""
    found = []
    for entry in manifest.files:
        if entry.kind == kind:
            parsed = (parse(line) for line in read_lines(folder / entry.name))
            found += [item for item in parsed if isinstance(item, dict)]
    return found


def recount(folder: Path, manifest: Manifest) -> dict[str, Any]:
    """What the manifest should say, counted from the files alone."""
    counts: dict[str, SubredditCounts] = defaultdict(SubredditCounts)
    winners: dict[str, dict[str, int]] = {"posts": {}, "comments": {}}
    seen: dict[str, set[str]] = {"posts": set(), "comments": set()}
    bad_lines, created = [], []
    for entry in manifest.files:
        lines = read_lines(folder / entry.name)
        for number, line in enumerate(lines, start=1):
            item = parse(line)
            if isinstance(item, str):
                if not (entry.truncated_last_line and number == len(lines)):
                    bad_lines.append(BadLine(entry.name, number, item))
                continue
            tally = getattr(counts[item["subreddit"]], entry.kind)
            if item["id"] in seen[entry.kind]:
                tally.duplicate_lines += 1
                winners[entry.kind][item["id"]] = item["score"]
                continue
            seen[entry.kind].add(item["id"])
            text = item["body" if entry.kind == "comments" else "selftext"]
            tally.items += 1
            tally.deleted_authors += item["author"] == "[deleted]"
            tally.deleted_texts += text == "[deleted]"
            tally.removed_texts += text == "[removed]"
            tally.empty_texts += text == ""
            tally.edited += item["edited"] is not False
            tally.string_created_utc += isinstance(item["created_utc"], str)
            tally.extra_keys += "unknown_future_field" in item
            created.append(int(item["created_utc"]))
        assert len(lines) == entry.lines
        assert (folder / entry.name).stat().st_size == entry.bytes
    return {"counts": counts, "winners": winners, "bad_lines": bad_lines,
            "created_utc": {"min": min(created), "max": max(created)}}  # fmt: skip


def every_subreddit(manifest: Manifest) -> SubredditCounts:
    """The counts of the wanted and the other subreddits together."""
    totals = SubredditCounts()
    for counts in [*manifest.subreddits.values(), *manifest.other_subreddits.values()]:
        totals.posts += counts.posts
        totals.comments += counts.comments
    return totals


def test_a_default_decompressor_refuses_the_files_and_a_2_gib_window_reads_them(
    dump: tuple[Path, Manifest],
) -> None:
    folder, manifest = dump
    path = folder / manifest.files[0].name
    header = zstandard.get_frame_parameters(path.read_bytes()[:18])

    assert header.window_size == 2**31
    assert header.content_size == zstandard.CONTENTSIZE_UNKNOWN
    with path.open("rb") as file, pytest.raises(zstandard.ZstdError, match="too much memory"):
        zstandard.ZstdDecompressor().stream_reader(file).read(1000)
    assert decompressed(path).startswith(b'{"_meta":')


@pytest.mark.parametrize("layout", ["dump", "monthly"])
def test_every_file_is_sorted_by_created_utc(layout: str, request: pytest.FixtureRequest) -> None:
    folder, manifest = request.getfixturevalue(layout)
    for entry in manifest.files:
        parsed = (parse(line) for line in read_lines(folder / entry.name))
        created = [int(item["created_utc"]) for item in parsed if isinstance(item, dict)]
        assert created == sorted(created), entry.name


@pytest.mark.parametrize("layout", ["dump", "monthly"])
def test_the_manifest_counts_equal_a_recount_of_the_files(
    layout: str, request: pytest.FixtureRequest
) -> None:
    folder, manifest = request.getfixturevalue(layout)
    counted = recount(folder, manifest)

    assert load_manifest(folder) == manifest
    assert {**manifest.subreddits, **manifest.other_subreddits} == counted["counts"]
    assert manifest.duplicate_winners == counted["winners"]
    assert manifest.bad_lines == counted["bad_lines"]
    assert manifest.created_utc == counted["created_utc"]
    assert every_subreddit(manifest).posts.items == SPEC.posts
    assert every_subreddit(manifest).comments.items == SPEC.comments


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_bytes(tmp_path: Path) -> None:
    first, again, other = tmp_path / "first", tmp_path / "again", tmp_path / "other"
    generate(first, SMALL)
    generate(again, SMALL)
    generate(other, replace(SMALL, seed=2))

    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in again.iterdir())
    assert all((first / name).read_bytes() == (again / name).read_bytes() for name in names)
    assert all((first / name).read_bytes() != (other / name).read_bytes() for name in names)


def test_every_quirk_shows_at_the_default_rates(dump: tuple[Path, Manifest]) -> None:
    folder, manifest = dump
    totals = every_subreddit(manifest)

    assert all(value > 0 for value in vars(totals.posts).values())
    assert all(value > 0 for name, value in vars(totals.comments).items() if name != "empty_texts")
    posts = items(folder, manifest, "posts")
    removed_by = {post["removed_by_category"] for post in posts if post["selftext"] == "[removed]"}
    deleted_by = {post["removed_by_category"] for post in posts if post["selftext"] == "[deleted]"}
    assert removed_by == {"moderator", "reddit"} and deleted_by == {"deleted"}


def test_a_duplicate_comes_later_retrieved_later_with_another_score(
    dump: tuple[Path, Manifest],
) -> None:
    folder, manifest = dump
    for kind in ("posts", "comments"):
        first: dict[str, Item] = {}
        for item in items(folder, manifest, kind):
            if item["id"] in first:
                assert item["retrieved_on"] > first[item["id"]]["retrieved_on"]
                assert item["score"] != first[item["id"]]["score"]
                assert manifest.duplicate_winners[kind][item["id"]] == item["score"]
            first.setdefault(item["id"], item)


def test_bad_lines_and_the_broken_last_line_are_where_the_manifest_says(
    dump: tuple[Path, Manifest],
) -> None:
    folder, manifest = dump

    assert {line.kind for line in manifest.bad_lines} == {
        "not_json", "not_object", "missing_id", "missing_created_utc"}  # fmt: skip
    for bad in manifest.bad_lines:
        assert parse(read_lines(folder / bad.file)[bad.line - 1]) == bad.kind
    truncated = [entry for entry in manifest.files if entry.truncated_last_line]
    assert len(truncated) == 1 and truncated[0].subreddit in manifest.subreddits
    for entry in manifest.files:
        raw = decompressed(folder / entry.name)
        assert (raw == b"" or raw.endswith(b"\n")) != entry.truncated_last_line
    assert parse(read_lines(folder / truncated[0].name)[-1]) == "not_json"


def test_comments_answer_earlier_posts_and_comments_of_their_own_subreddit(
    dump: tuple[Path, Manifest],
) -> None:
    folder, manifest = dump
    posts = {post["name"]: post for post in items(folder, manifest, "posts")}
    comments = {comment["name"]: comment for comment in items(folder, manifest, "comments")}
    for comment in comments.values():
        post, created = posts[comment["link_id"]], int(comment["created_utc"])
        assert post["subreddit"] == comment["subreddit"]
        assert int(post["created_utc"]) < created
        parent = comment["parent_id"]
        if parent.startswith("t1_"):
            assert comments[parent]["link_id"] == comment["link_id"]
            assert int(comments[parent]["created_utc"]) < created
        else:
            assert parent == comment["link_id"]


def test_items_carry_the_keys_of_arctic_shift_sorted_with_reddit_ids(
    dump: tuple[Path, Manifest],
) -> None:
    folder, manifest = dump
    for kind, keys, prefix in (("posts", POST_KEYS, "t3_"), ("comments", COMMENT_KEYS, "t1_")):
        found = items(folder, manifest, kind)
        assert all(keys <= item.keys() and list(item) == sorted(item) for item in found)
        assert all(re.fullmatch("[0-9a-z]{7}", item["id"]) for item in found)
        assert all(item["name"] == prefix + item["id"] for item in found)
        assert all(item["_meta"]["retrieved_2nd_on"] > item["retrieved_on"] for item in found)
        assert len({item["id"] for item in found}) == getattr(every_subreddit(manifest), kind).items


def test_files_from_before_november_2023_have_retrieved_on_but_no_meta(tmp_path: Path) -> None:
    manifest = generate(tmp_path, replace(SMALL, end=datetime(2020, 5, 1, tzinfo=UTC)))

    found = items(tmp_path, manifest, "comments") + items(tmp_path, manifest, "posts")
    assert found and all("_meta" not in item and "retrieved_on" in item for item in found)


def test_texts_read_like_reddit(dump: tuple[Path, Manifest]) -> None:
    folder, manifest = dump
    posts, comments = items(folder, manifest, "posts"), items(folder, manifest, "comments")
    bodies = [comment["body"] for comment in comments if comment["body"][0] != "["]
    words = [len(body.split()) for body in bodies]

    assert 10 <= statistics.median(words) <= 20 and 22 <= statistics.mean(words) <= 40
    assert max(words) >= 150
    assert all(4 <= len(post["title"].split()) <= 15 for post in posts)
    link_posts = [post for post in posts if not post["is_self"]]
    assert 0.4 <= len(link_posts) / len(posts) <= 0.6
    assert all(post["selftext"] in ("", "[deleted]", "[removed]") for post in link_posts)
    assert any(body.startswith("> ") and "\n\n" in body for body in bodies)
    for mark in ("**", "](https://", "https://", "$", "é", "😊"):
        assert any(mark in body for body in bodies), mark
    vader = SentimentIntensityAnalyzer()
    compounds = [vader.polarity_scores(body)["compound"] for body in bodies[:300]]
    for share in (sum(c >= 0.05 for c in compounds), sum(c <= -0.05 for c in compounds),
                  sum(-0.05 < c < 0.05 for c in compounds)):  # fmt: skip
        assert share >= 30


def test_monthly_files_hold_every_subreddit_of_their_month(monthly: tuple[Path, Manifest]) -> None:
    folder, manifest = monthly

    assert [entry.name for entry in manifest.files] == [
        "RS_2026-09.zst", "RS_2026-10.zst", "RC_2026-09.zst", "RC_2026-10.zst"]  # fmt: skip
    for entry in manifest.files:
        parsed = (parse(line) for line in read_lines(folder / entry.name))
        months = {datetime.fromtimestamp(int(item["created_utc"]), UTC).strftime("%Y-%m")
                  for item in parsed if isinstance(item, dict)}  # fmt: skip
        assert months == {entry.name[3:10]}
    assert set(manifest.other_subreddits) == {"aww", "pics"}
    assert all(counts.comments.items for counts in manifest.other_subreddits.values())


def test_plain_writes_the_same_lines_uncompressed(tmp_path: Path) -> None:
    compressed = generate(tmp_path / "zst", SMALL)
    plain = generate(tmp_path / "plain", replace(SMALL, plain=True))

    assert [entry.name for entry in plain.files] == [
        entry.name.replace(".zst", ".ndjson") for entry in compressed.files
    ]
    for zst, ndjson in zip(compressed.files, plain.files, strict=True):
        text = (tmp_path / "plain" / ndjson.name).read_bytes()
        assert text == decompressed(tmp_path / "zst" / zst.name) and text.startswith(b"{")


def test_clean_rates_write_no_quirk(tmp_path: Path) -> None:
    manifest = generate(tmp_path, replace(SMALL, quirks=QuirkRates.none()))

    counts = manifest.totals()
    assert counts.posts.items == SMALL.posts and counts.comments.items == SMALL.comments
    assert not manifest.duplicate_winners["posts"] and not manifest.duplicate_winners["comments"]
    assert counts.comments.deleted_authors == counts.comments.edited == 0


@pytest.mark.parametrize(
    "spec",
    [
        replace(SMALL, posts=0),
        replace(SMALL, subreddits=["a", "a"]),
        replace(SMALL, quirks=QuirkRates(duplicate=1.5)),
        replace(SMALL, quirks=QuirkRates(deleted_text=0.6, removed_text=0.6)),
    ],
)
def test_a_spec_that_cannot_be_generated_is_refused(spec: DumpSpec, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, spec)


def test_the_command_line_writes_the_files_and_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([str(tmp_path), "--posts", "40", "--comments", "120", "--subreddits", "news,gaming",
          "--layout", "monthly", "--plain", "--end", "2026-11-01", "--days", "3",
          "--bad-lines", "2", "--truncate", "--rate", "duplicate=0.2"])  # fmt: skip

    manifest = load_manifest(tmp_path)
    assert "2 files" in capsys.readouterr().out
    assert [entry.name for entry in manifest.files] == ["RS_2026-10.ndjson", "RC_2026-10.ndjson"]
    assert len(manifest.bad_lines) == 2 and manifest.spec["quirks"]["duplicate"] == 0.2
