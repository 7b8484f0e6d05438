"""Topic matching: whole words, any case, Unicode, several words; and TOPICS_FILE."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.topics import InvalidTopic, Topic, TopicMatcher
from entrypoints.topics_file import read_topics

CLAUDE_CODE = Topic.of("Claude Code", ["claude-code"])


def mentions(topic: Topic, text: str) -> bool:
    return bool(TopicMatcher([topic]).topics_in(text))


@pytest.mark.parametrize(
    "text",
    [
        "I love Claude Code",
        "CLAUDE CODE is fast",
        "tried claude-code yesterday",
        "(claude code)",
        "claude code.",
        "is it claude\n  code?",  # any whitespace between the words
        "«Claude Code»",
    ],
)
def test_an_alias_is_found_as_whole_words_in_any_case(text: str) -> None:
    assert mentions(CLAUDE_CODE, text)


@pytest.mark.parametrize(
    "text",
    ["claude coder", "myclaude code", "claude codes", "claude_code", "claudecode", "claude"],
)
def test_an_alias_inside_a_longer_word_is_not_a_mention(text: str) -> None:
    assert not mentions(CLAUDE_CODE, text)


def test_unicode_names_and_symbols_match() -> None:
    assert mentions(Topic.of("Café", []), "au CAFÉ ce matin")
    assert not mentions(Topic.of("Café", []), "cafés")
    assert mentions(Topic.of("日本語", []), "これは 日本語 です")
    assert mentions(Topic.of("C++", []), "I write C++ daily")
    assert mentions(Topic.of(".NET", []), "moving to .net 8")
    assert not mentions(Topic.of(".NET", []), "asp.net core")


def test_regex_characters_in_aliases_are_literal() -> None:
    topic = Topic.of("Node", ["node.js", "a|b"])
    assert mentions(topic, "node.js 22") and mentions(topic, "a|b")
    assert not mentions(topic, "nodexjs") and not mentions(topic, "a")


def test_a_matcher_finds_every_topic_mentioned_even_nested_ones() -> None:
    claude = Topic.of("Claude", [])
    matcher = TopicMatcher([claude, CLAUDE_CODE, Topic.of("Cursor", [])])

    assert matcher.topics_in("Claude Code beats Claude") == [claude, CLAUDE_CODE]
    assert matcher.topics_in("claude code only") == [claude, CLAUDE_CODE]
    assert matcher.topics_in("nothing here") == []


def test_topics_are_trimmed_and_aliases_deduplicated_ignoring_case() -> None:
    topic = Topic.of("  Claude   Code ", ["claude code", "Claude-Code", "claude-code", " x "])

    assert topic.name == "Claude Code" and topic.key == "claude code"
    assert topic.aliases == ("Claude-Code", "x")


@pytest.mark.parametrize(
    ("name", "aliases", "problem"),
    [
        ("", [], "topic name is empty"),
        ("ok", ["  "], "alias is empty"),
        ("x" * 101, [], "longer than 100"),
        ("ok", [f"a{i}" for i in range(51)], "at most 50 aliases"),
    ],
)
def test_unusable_topics_are_refused_saying_why(
    name: str, aliases: list[str], problem: str
) -> None:
    with pytest.raises(InvalidTopic, match=problem):
        Topic.of(name, aliases)


def test_a_topics_file_gives_its_topics(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_text('[topics]\n"Claude Code" = ["claude-code"]\nCursor = []\n', encoding="utf-8")

    assert read_topics(path) == [CLAUDE_CODE, Topic.of("Cursor", [])]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[topics\n", "not valid TOML"),
        ('x = ["a"]\n', "one \\[topics\\] table"),
        ('[topics]\nA = "a"\n', "'A': aliases must be a list of strings"),
        ("[topics]\nA = [1]\n", "must be a list of strings"),
        ('[topics]\n" " = []\n', "topic name is empty"),
        ("[topics]\nA = []\na = []\n", "named twice"),
    ],
)
def test_a_bad_topics_file_is_one_line_saying_what_is_wrong(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "topics.toml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ValueError, match=problem) as raised:
        read_topics(path)
    assert "\n" not in str(raised.value)


def test_a_missing_topics_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read it"):
        read_topics(tmp_path / "nope.toml")
