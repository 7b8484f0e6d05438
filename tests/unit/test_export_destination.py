"""An export's file appears only once complete; an older one stays until then."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.export_file import Destination


def test_a_file_appears_under_its_name_only_when_finished(tmp_path: Path) -> None:
    target = tmp_path / "items.csv"
    destination = Destination(str(target))
    destination.out.write(b"rows")
    assert not target.exists()
    assert (tmp_path / "items.csv.partial").exists()
    destination.finish()
    assert target.read_bytes() == b"rows"
    assert list(tmp_path.iterdir()) == [target]


def test_a_discarded_export_leaves_an_older_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "items.csv"
    target.write_bytes(b"yesterday")
    destination = Destination(str(target))
    destination.out.write(b"half of today")
    destination.discard()
    assert destination.whole_or_nothing
    assert list(tmp_path.iterdir()) == [target]
    assert target.read_bytes() == b"yesterday"


def test_what_is_no_regular_file_is_written_as_it_is() -> None:
    destination = Destination("/dev/null")
    destination.out.write(b"rows")
    destination.discard()
    assert not destination.whole_or_nothing
    assert Path("/dev/null").is_char_device()


def test_a_folder_that_does_not_exist_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Destination(str(tmp_path / "nowhere" / "items.csv"))
