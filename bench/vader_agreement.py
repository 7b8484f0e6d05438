"""Does `redditpulse score` agree with human ratings as VADER's authors measured?

Hutto & Gilbert (ICWSM 2014) rated four sets of texts by hand; the vaderSentiment source
distribution on PyPI ships them. This feeds each set through the real score command line
and reports Pearson r between our compound score and the human mean rating.

    python -m bench.vader_agreement [--command "redditpulse score"]
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

REPO_ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = REPO_ROOT / "bench" / ".cache"
SDIST = "vaderSentiment==3.3.2"
SDIST_GLOB = "[vV]ader[sS]entiment-3.3.2.tar.gz"
RATINGS_ARCHIVE = "additional_resources/hutto_ICWSM_2014.tar.gz"
SCORE_MAIN = (
    sys.executable,
    "-c",
    "import sys; from entrypoints.score_command import main; sys.exit(main())",
)
TOLERANCE = 0.01


@dataclass(frozen=True)
class RatedSet:
    name: str
    file: str
    r_library: float  # vaderSentiment 3.3.2 scoring the set directly
    r_paper: float | None  # the paper's text gives r for tweets only (2014 lexicon)


TWEETS = RatedSet("tweets", "tweets_GroundTruth.txt", 0.872, 0.881)
RATED_SETS = (
    TWEETS,
    RatedSet("movie reviews", "movieReviewSnippets_GroundTruth.txt", 0.427, None),
    RatedSet("amazon reviews", "amazonReviewSnippets_GroundTruth.txt", 0.590, None),
    RatedSet("nyt editorials", "nytEditorialSnippets_GroundTruth.txt", 0.503, None),
)


@dataclass(frozen=True)
class RatedText:
    id: str
    rating: float  # mean of the human raters, -4..+4
    text: str


@dataclass(frozen=True)
class Agreement:
    rated: RatedSet
    n: int
    r: float
    seconds: float  # the whole command: process start and lexicon load included


def fetch_ratings(cache_dir: Path = CACHE_DIR) -> Path:
    """The folder of the human-rated sets, downloading and extracting them the first time."""
    folder = cache_dir / "hutto_ICWSM_2014"
    if not all((folder / rated.file).is_file() for rated in RATED_SETS):
        _extract_ratings(_download_sdist(cache_dir), folder)
    return folder


def _download_sdist(cache_dir: Path) -> Path:
    if not list(cache_dir.glob(SDIST_GLOB)):
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        quiet = ["--disable-pip-version-check", "--quiet"]
        subprocess.run([*pip, *quiet, SDIST, "--dest", str(cache_dir)], check=True)
    [sdist] = cache_dir.glob(SDIST_GLOB)
    return sdist


def _extract_ratings(sdist: Path, folder: Path) -> None:
    with tarfile.open(sdist) as outer:
        [member] = [m for m in outer.getmembers() if m.name.endswith(RATINGS_ARCHIVE)]
        archive = _read_member(outer, member)
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as inner:
        for member in inner.getmembers():
            # Written under our own names, never the archive's paths.
            name = PurePosixPath(member.name).name
            if member.isfile() and name.endswith("_GroundTruth.txt"):
                part = folder / f"{name}.part"  # so an interrupted run leaves no short file
                part.write_bytes(_read_member(inner, member))
                part.replace(folder / name)


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    stream = archive.extractfile(member)
    if stream is None:
        raise ValueError(f"{member.name} is not a file")
    return stream.read()


def read_rated_set(path: Path) -> list[RatedText]:
    """Parse `id<TAB>mean rating<TAB>text` lines: UTF-8 (accents in the movie set), CRLF."""
    rows = path.read_bytes().decode("utf-8").split("\r\n")
    return [_rated_text(row) for row in rows if row]


def _rated_text(row: str) -> RatedText:
    id_, rating, text = row.split("\t", 2)
    return RatedText(id_, float(rating), text)


def score_compounds(texts: Sequence[str], command: Sequence[str] = SCORE_MAIN) -> list[float]:
    """Compound scores from the score command, fed one text per line on its stdin."""
    if any("\n" in text or "\r" in text for text in texts):
        raise ValueError("a text holds a line break: answers would not line up with texts")
    done = subprocess.run(
        command,
        input="".join(f"{text}\n" for text in texts),
        capture_output=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} exited {done.returncode}: {done.stderr}")
    answers = done.stdout.splitlines()
    if len(answers) != len(texts):
        raise RuntimeError(f"{len(texts)} texts in, {len(answers)} answers out")
    return [json.loads(answer)["compound"] for answer in answers]


def measure(rated: RatedSet, folder: Path, command: Sequence[str] = SCORE_MAIN) -> Agreement:
    items = read_rated_set(folder / rated.file)
    start = time.perf_counter()
    compounds = score_compounds([item.text for item in items], command)
    seconds = time.perf_counter() - start
    r = statistics.correlation(compounds, [item.rating for item in items])
    return Agreement(rated, len(items), r, seconds)


def table(results: Sequence[Agreement]) -> str:
    lines = [
        "| set | n | r (ours) | r (vaderSentiment 3.3.2) | r (paper, 2014 lexicon) "
        "| seconds | texts/s |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for a in results:
        paper = f"{a.rated.r_paper:.3f}" if a.rated.r_paper is not None else "—"
        lines.append(
            f"| {a.rated.name} | {a.n} | {a.r:.4f} | {a.rated.r_library:.3f} | {paper} "
            f"| {a.seconds:.2f} | {a.n / a.seconds:,.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--command",
        type=shlex.split,
        default=list(SCORE_MAIN),
        help="the score command line, e.g. 'redditpulse score' (default: score_command.main)",
    )
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    args = parser.parse_args(argv)
    folder = fetch_ratings(args.cache_dir)
    results = [measure(rated, folder, args.command) for rated in RATED_SETS]
    print(table(results))
    print("\nseconds: the whole command per set, process start and lexicon load included")
    [tweets] = [a for a in results if a.rated is TWEETS]
    if abs(tweets.r - TWEETS.r_library) > TOLERANCE:
        print(f"FAIL: tweets r {tweets.r:.3f} is not within {TOLERANCE} of {TWEETS.r_library}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
