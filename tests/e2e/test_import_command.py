"""`redditpulse import` as a user runs it, on generated dumps shaped like the published ones.

The generator's manifest says exactly what a correct import stores; every test compares
the database with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, Executable, Table, func, select

from adapters.sql.engine import make_engine
from adapters.sql.tables import comments, cursors, posts, sentiments
from testkit.archive_dump import DumpSpec, Manifest, SubredditCounts, generate
from tests.servers.databases import emptied

CLI = str(Path(sys.executable).with_name("redditpulse"))
SPEC = DumpSpec(subreddits=3, other_subreddits=2, posts=300, comments=3000, bad_lines=6, seed=5)


def run_import(
    *args: str, database: str, subreddits: str = "", timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database, "SUBREDDITS": subreddits or "python"}
    return subprocess.run(
        [CLI, "import", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def per_subreddit(engine: Engine, table: Table) -> dict[str, int]:
    query = select(table.c.subreddit, func.count()).group_by(table.c.subreddit)
    with engine.connect() as conn:
        return dict(conn.execute(query).all())


def count(engine: Engine, query: Executable) -> int:
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def every(manifest: Manifest) -> list[SubredditCounts]:
    return [*manifest.subreddits.values(), *manifest.other_subreddits.values()]


def expected(manifest: Manifest, kind: str, names: list[str] | None = None) -> dict[str, int]:
    every = {**manifest.subreddits, **manifest.other_subreddits}
    return {
        name: getattr(counts, kind).items
        for name, counts in every.items()
        if (names is None or name in names) and getattr(counts, kind).items
    }


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    folder = tmp_path_factory.mktemp("dump")
    return folder, generate(folder, SPEC)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pulse.db'}"


@pytest.fixture
def engine_of() -> Iterator[Callable[[str], Engine]]:
    made: list[Engine] = []

    def make(url: str) -> Engine:
        made.append(make_engine(url))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


def test_imports_exactly_the_items_of_the_watched_subreddits_with_their_sentiment(
    dump: tuple[Path, Manifest], sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, manifest = dump
    watched = list(manifest.subreddits)
    done = run_import(str(folder), database=sqlite_url, subreddits=",".join(watched).upper())
    assert done.returncode == 0, done.stderr
    engine = engine_of(sqlite_url)
    assert per_subreddit(engine, posts) == expected(manifest, "posts", watched)
    assert per_subreddit(engine, comments) == expected(manifest, "comments", watched)
    items = count(engine, select(func.count()).select_from(posts)) + count(
        engine, select(func.count()).select_from(comments)
    )
    assert count(engine, select(func.count()).select_from(sentiments)) == items
    # A line of another subreddit is skipped before it is checked: a bad one counts there.
    subreddit_of = {f.name: f.subreddit for f in manifest.files}
    skipped_bad = [
        b
        for b in manifest.bad_lines
        if b.kind.startswith("missing_") and subreddit_of[b.file] in manifest.other_subreddits
    ]
    other_lines = sum(
        c.posts.items + c.posts.duplicate_lines + c.comments.items + c.comments.duplicate_lines
        for c in manifest.other_subreddits.values()
    )
    assert f"skipped: {other_lines + len(skipped_bad):,} lines of other subreddits" in done.stdout
    assert f"bad lines: {len(manifest.bad_lines) - len(skipped_bad)}" in done.stdout
    first = next(b for b in manifest.bad_lines if b not in skipped_bad)
    assert f"{first.file}:{first.line}: " in done.stdout


def test_every_quirk_lands_as_the_api_describes_it(
    dump: tuple[Path, Manifest], sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, manifest = dump
    assert run_import(str(folder), "--all-subreddits", database=sqlite_url).returncode == 0
    engine = engine_of(sqlite_url)
    totals = {
        kind: sum(getattr(c, kind).deleted_authors for c in every(manifest))
        for kind in ("posts", "comments")
    }
    for table, kind in ((posts, "posts"), (comments, "comments")):
        null_authors = count(engine, select(func.count()).where(table.c.author.is_(None)))
        assert null_authors == totals[kind]
        for state, field in (("removed", "removed_texts"), ("deleted", "deleted_texts")):
            marked = count(engine, select(func.count()).where(table.c.removed == state))
            assert marked == sum(getattr(getattr(c, kind), field) for c in every(manifest))
    edited = count(engine, select(func.count()).where(comments.c.edited_utc.is_not(None)))
    assert edited == sum(c.comments.edited for c in every(manifest))
    # The fresher copy of every repeated item wins, wherever it lies in the file.
    with engine.connect() as conn:
        scores = dict(conn.execute(select(comments.c.id, comments.c.score)).all())
    winners = manifest.duplicate_winners["comments"]
    assert winners and all(scores[id_] == score for id_, score in winners.items())


def test_importing_the_same_files_again_changes_nothing(
    dump: tuple[Path, Manifest], sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, _ = dump
    first = run_import(str(folder), "--all-subreddits", database=sqlite_url)
    engine = engine_of(sqlite_url)
    with engine.connect() as conn:
        before = conn.execute(select(comments).order_by(comments.c.id)).all()
    again = run_import(str(folder), "--all-subreddits", database=sqlite_url)
    assert first.returncode == again.returncode == 0
    with engine.connect() as conn:
        assert conn.execute(select(comments).order_by(comments.c.id)).all() == before
    assert "posts: 0 new, 0 updated" in again.stdout
    assert "comments: 0 new, 0 updated" in again.stdout


def test_an_import_never_moves_the_live_collectors_cursors(
    dump: tuple[Path, Manifest], sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, _ = dump
    assert run_import(str(folder), "--all-subreddits", database=sqlite_url).returncode == 0
    assert count(engine_of(sqlite_url), select(func.count()).select_from(cursors)) == 0


def test_monthly_files_of_all_reddit_with_a_chosen_subreddit(
    tmp_path: Path, sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    manifest = generate(tmp_path / "monthly", DumpSpec(**{**SPEC.__dict__, "layout": "monthly"}))
    assert any(f.name.startswith("RC_") for f in manifest.files)
    chosen = list(manifest.subreddits)[1]
    done = run_import(
        str(tmp_path / "monthly"), "--subreddit", f"r/{chosen.lower()}", database=sqlite_url
    )
    assert done.returncode == 0, done.stderr
    engine = engine_of(sqlite_url)
    assert per_subreddit(engine, posts) == expected(manifest, "posts", [chosen])
    assert per_subreddit(engine, comments) == expected(manifest, "comments", [chosen])


def test_since_and_until_keep_items_created_in_that_range(
    dump: tuple[Path, Manifest], sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, manifest = dump
    start, end = manifest.window["start"], manifest.window["end"]
    since, until = start + (end - start) // 3, start + 2 * (end - start) // 3
    iso: Callable[[float], str] = lambda t: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))  # noqa: E731
    done = run_import(
        str(folder), "--all-subreddits", "--since", iso(since), "--until", iso(until),
        database=sqlite_url,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    engine = engine_of(sqlite_url)
    with engine.connect() as conn:
        created = [row[0].timestamp() for row in conn.execute(select(comments.c.created_utc))]
    assert created and all(since <= t < until for t in created)
    assert "outside --since/--until" in done.stdout
    skipped = int(
        done.stdout.split("lines of other subreddits, ")[1].split(" ")[0].replace(",", "")
    )
    assert skipped > 0


def test_a_missing_path_is_one_clear_line_and_exit_2_before_anything_starts(
    tmp_path: Path, sqlite_url: str
) -> None:
    done = run_import(str(tmp_path), str(tmp_path / "nope.zst"), database=sqlite_url)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"redditpulse import: no such file or folder: {tmp_path / 'nope.zst'}"
    )
    assert not (tmp_path / "pulse.db").exists()


@pytest.mark.parametrize(
    ("argument", "named"),
    [("--since=yesterday", "--since"), ("--workers=0", "--workers"), ("--subreddit=a b", "a b")],
)
def test_a_bad_argument_is_named_with_exit_2(
    tmp_path: Path, sqlite_url: str, argument: str, named: str
) -> None:
    done = run_import(str(tmp_path), argument, database=sqlite_url)
    assert done.returncode == 2
    assert named in done.stderr and "Traceback" not in done.stderr


def test_nothing_readable_at_all_is_exit_1_with_the_reason(tmp_path: Path, sqlite_url: str) -> None:
    (tmp_path / "RC_2024-01.zst").write_text("this is not zstd\n")
    done = run_import(str(tmp_path), database=sqlite_url)
    assert done.returncode == 1
    assert "RC_2024-01.zst: not zstd-compressed data" in done.stdout
    assert "Traceback" not in done.stderr


def test_damaged_files_are_reported_and_the_rest_imported(
    dump: tuple[Path, Manifest], tmp_path: Path, sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, manifest = dump
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    names = sorted(f.name for f in manifest.files if f.subreddit in manifest.subreddits)
    whole, cut, corrupt = names[0], names[1], names[2]
    (damaged / whole).write_bytes((folder / whole).read_bytes())
    data = (folder / cut).read_bytes()
    (damaged / cut).write_bytes(data[: len(data) // 2])
    zeroed = bytearray((folder / corrupt).read_bytes())
    zeroed[len(zeroed) // 2 : len(zeroed) // 2 + 200] = bytes(200)
    (damaged / corrupt).write_bytes(bytes(zeroed))
    (damaged / "notes.jsonl").write_text("hello\n" * 500)
    done = run_import(str(damaged), "--all-subreddits", database=sqlite_url)
    assert done.returncode == 0, done.stderr
    assert f"{cut}: cut short" in done.stdout
    assert f"{corrupt}: corrupt zstd data" in done.stdout
    assert "notes.jsonl: not a Reddit dump" in done.stdout
    assert "4 of 4 read" in done.stdout and "3 with errors" in done.stdout
    kind = posts if whole.endswith("_submissions.zst") else comments
    subreddit = whole.rsplit("_", 1)[0]
    whole_count = getattr(manifest.subreddits[subreddit], "posts" if kind is posts else "comments")
    assert per_subreddit(engine_of(sqlite_url), kind)[subreddit] >= whole_count.items


@pytest.mark.slow
def test_ctrl_c_stops_at_a_batch_boundary_and_the_same_command_finishes_the_job(
    tmp_path: Path, sqlite_url: str, engine_of: Callable[[str], Engine]
) -> None:
    spec = DumpSpec(subreddits=2, posts=2000, comments=60_000, seed=9)
    manifest = generate(tmp_path / "big", spec)
    env = {**os.environ, "DATABASE_URL": sqlite_url, "SUBREDDITS": "python"}
    command = [CLI, "import", str(tmp_path / "big"), "--all-subreddits"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    engine = engine_of(sqlite_url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if count(engine, select(func.count()).select_from(comments)) > 0:
                break
        except Exception:  # the schema is not there yet
            pass
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "import interrupted" in out and "run the same command again" in out
    assert "Traceback" not in err
    stored = count(engine, select(func.count()).select_from(comments))
    assert 0 < stored < manifest.totals().comments.items
    scored = count(engine, select(func.count()).select_from(sentiments))
    assert scored == stored + count(engine, select(func.count()).select_from(posts))

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert per_subreddit(engine, comments) == expected(manifest, "comments")
    assert per_subreddit(engine, posts) == expected(manifest, "posts")


def test_imports_into_postgresql_and_again_changes_nothing(
    dump: tuple[Path, Manifest], postgres_url: str, engine_of: Callable[[str], Engine]
) -> None:
    folder, manifest = dump
    engine = engine_of(postgres_url)
    emptied(engine)
    first = run_import(str(folder), "--all-subreddits", database=postgres_url)
    assert first.returncode == 0, first.stderr
    assert per_subreddit(engine, comments) == expected(manifest, "comments")
    assert per_subreddit(engine, posts) == expected(manifest, "posts")
    again = run_import(str(folder), "--all-subreddits", database=postgres_url)
    assert "comments: 0 new, 0 updated" in again.stdout


def test_a_folder_without_dump_files_says_so_with_exit_1(tmp_path: Path, sqlite_url: str) -> None:
    (tmp_path / "readme.txt").write_text("no dumps here")
    done = run_import(str(tmp_path), database=sqlite_url)
    assert done.returncode == 1
    assert (
        done.stderr.strip() == f"redditpulse import: no .zst, .ndjson, .jsonl files in: {tmp_path}"
    )
