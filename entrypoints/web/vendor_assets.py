"""Vendors the dashboard's and the API docs' third-party files from the npm registry.

`python -m entrypoints.web.vendor_assets` packs each pinned package with `npm pack`
(the registry, not a CDN), copies the files the app serves and the licence files into
`static/vendor/<package>@<version>/`, and writes `static/vendor/manifest.json`: where
each file came from and its sha256. `--check` verifies the files on disk against the
manifest without the network (the tests run it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

VENDOR = Path(__file__).parent / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"


@dataclass(frozen=True)
class Pinned:
    package: str
    version: str  # exact: a new major can change the API (htmx 2 and 4 differ)
    files: tuple[str, ...]  # paths inside the package, served as they are
    licences: tuple[str, ...]  # the licence texts shipped beside them

    @property
    def folder(self) -> str:
        return f"{self.package}@{self.version}"


PINNED = (
    Pinned("uplot", "1.6.32", ("dist/uPlot.iife.min.js", "dist/uPlot.min.css"), ("LICENSE",)),
    Pinned(
        "swagger-ui-dist",
        "5.35.0",
        ("swagger-ui-bundle.js", "swagger-ui.css"),
        ("LICENSE", "NOTICE", "swagger-ui-bundle.js.LICENSE.txt"),
    ),
    Pinned(
        "redoc",
        "2.5.4",
        ("bundles/redoc.standalone.js",),
        ("LICENSE", "bundles/redoc.standalone.js.LICENSE.txt"),
    ),
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def url(package: str, path: str) -> str:
    """The URL the app serves a vendored file at."""
    pinned = next(p for p in PINNED if p.package == package)
    return f"/static/vendor/{pinned.folder}/{Path(path).name}"


def pack(pinned: Pinned, work: Path) -> tuple[Path, dict[str, str]]:
    """The package's tarball from the registry, and npm's word on it (integrity, shasum)."""
    spec = f"{pinned.package}@{pinned.version}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(work)],
        check=True, capture_output=True, text=True, cwd=work,
    )  # fmt: skip
    packed = json.loads(out.stdout)[0]
    return work / packed["filename"], {k: packed[k] for k in ("integrity", "shasum")}


def unpack(pinned: Pinned, tarball: Path) -> dict[str, object]:
    """Copies the pinned files out of the tarball; answers the package's manifest entry."""
    target = VENDOR / pinned.folder
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        meta = json.load(_member(archive, "package.json"))
        files = []
        for path in (*pinned.files, *pinned.licences):
            written = target / Path(path).name
            written.write_bytes(_member(archive, path).read())
            files.append({"path": written.name, "from": path, "sha256": sha256(written)})
    return {
        "package": pinned.package,
        "version": pinned.version,
        "licence": meta.get("license"),
        "licence_files": [Path(p).name for p in pinned.licences],
        "files": files,
    }


def _member(archive: tarfile.TarFile, path: str) -> IO[bytes]:
    found = archive.extractfile(f"package/{path}")
    if found is None:
        raise SystemExit(f"{archive.name!r}: package/{path} is not a file")
    return found


def fetch() -> None:
    entries = []
    with tempfile.TemporaryDirectory() as work:
        for pinned in PINNED:
            tarball, npm_says = pack(pinned, Path(work))
            entries.append({**unpack(pinned, tarball), **npm_says, "tarball": tarball.name})
            print(f"vendored {pinned.folder}")
    MANIFEST.write_text(json.dumps({"packages": entries}, indent=2) + "\n")


def problems() -> list[str]:
    """What on disk differs from the manifest, or from the pins (empty when all is well)."""
    if not MANIFEST.is_file():
        return [f"{MANIFEST} is missing: run python -m entrypoints.web.vendor_assets"]
    entries = {e["package"]: e for e in json.loads(MANIFEST.read_text())["packages"]}
    found = []
    for pinned in PINNED:
        entry = entries.get(pinned.package)
        if entry is None or entry["version"] != pinned.version:
            found.append(f"{pinned.folder} is pinned but not in the manifest")
            continue
        for file in entry["files"]:
            path = VENDOR / pinned.folder / file["path"]
            if not path.is_file() or sha256(path) != file["sha256"]:
                found.append(f"{path} is missing or differs from the manifest")
        if not entry["licence_files"]:
            found.append(f"{pinned.folder} has no licence file")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify, fetch nothing")
    args = parser.parse_args(argv)
    if not args.check:
        fetch()
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
