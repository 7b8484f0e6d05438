"""TOPICS_FILE: tracked topics in TOML, applied at start (created, or their aliases
replaced; topics not in the file are left as they are).

    [topics]
    "Claude Code" = ["claude-code"]
    Cursor = ["cursor ide", "cursor editor"]
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from domain.topics import InvalidTopic, Topic


def read_topics(path: Path) -> list[Topic]:
    """The file's topics; ValueError with one line saying what is wrong and where."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read it: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not valid TOML: {exc}") from None
    table = document.get("topics")
    if not isinstance(table, dict) or set(document) != {"topics"}:
        raise ValueError('expected one [topics] table: name = ["alias", ...]')
    found = []
    for name, aliases in table.items():
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"topic {name!r}: aliases must be a list of strings")
        try:
            found.append(Topic.of(name, aliases))
        except InvalidTopic as exc:
            raise ValueError(f"topic {name!r}: {exc}") from None
    keys = [topic.key for topic in found]
    if len(set(keys)) != len(keys):
        raise ValueError("a topic is named twice (names ignore case)")
    return found
