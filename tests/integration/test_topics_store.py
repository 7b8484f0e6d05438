"""Topic mentions and their hourly counts equal a recount from the stored items after
live writes, edits, matching of history and changes of aliases (SQLite and PostgreSQL);
time series equal a recount too."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, literal, select

from adapters.sql.aggregates import hour_of
from adapters.sql.archived import SqlArchiveStore
from adapters.sql.export import SqlExport
from adapters.sql.store import SqlStore
from adapters.sql.tables import comments, posts, sentiments, topic_hours, topics
from domain.archive import ArchivedItem
from domain.export import ItemSelection
from domain.model import Comment, Kind, Post, Removal, Sentiment, post_text
from domain.series import Counts
from domain.topics import Topic, TopicMatcher
from tests.fakes import T0, make_comment, make_post

NOW = T0 + timedelta(days=3)
SCORES = [Sentiment(0.7, 0.6, 0.4, 0.0), Sentiment(-0.5, 0.0, 0.5, 0.5), Sentiment(0.0, 0, 1, 0)]
CLAUDE = Topic.of("Claude Code", ["claude-code"])
CURSOR = Topic.of("Cursor", ["cursor ide"])
PHRASES = ["Claude Code rocks", "claude coder", "the cursor IDE", "CLAUDE-CODE and Cursor", "meh"]

Recount = dict[tuple[str, str, str, Any], tuple[int, int, int, int, float]]


@pytest.fixture
def store(engine: Engine) -> SqlStore:
    return SqlStore(engine, clock=lambda: NOW)


def world(seed: int) -> tuple[list[Post], list[Comment]]:
    chooser = random.Random(seed)
    made = [
        make_post(
            subreddit=chooser.choice(["python", "Rust"]),
            title=chooser.choice(PHRASES),
            created_utc=T0 + timedelta(minutes=chooser.randint(0, 3000)),
            sentiment=chooser.choice(SCORES),
        )
        for _ in range(30)
    ]
    replies = [
        make_comment(
            post,
            body=chooser.choice(PHRASES),
            created_utc=post.created_utc + timedelta(minutes=chooser.randint(0, 600)),
            sentiment=chooser.choice([*SCORES, None]),
        )
        for post in made
        for _ in range(chooser.randint(0, 5))
    ]
    return made, replies


def recount(engine: Engine) -> Recount:
    """topic_hours as matching every stored item afresh would make it."""
    with engine.connect() as conn:
        found = {
            name.casefold(): Topic(name, tuple(a))
            for name, a in conn.execute(select(topics.c.name, topics.c.aliases))
        }
        counts: dict[tuple[str, str, str, Any], list[float]] = defaultdict(
            lambda: [0, 0, 0, 0, 0.0]
        )
        labels = {"positive": 1, "neutral": 2, "negative": 3}
        for table, prefix, kind in ((posts, "t3_", "post"), (comments, "t1_", "comment")):
            texts = (table.c.title, table.c.body) if kind == "post" else (table.c.body,)
            query = select(
                table.c.subreddit_key,
                table.c.created_utc,
                *texts,
                sentiments.c.label,
                sentiments.c.compound,
            ).outerjoin(sentiments, sentiments.c.fullname == literal(prefix) + table.c.id)
            for row in conn.execute(query):
                text = post_text(row.title, row.body) if kind == "post" else row.body
                for name, topic in found.items():
                    if TopicMatcher([topic]).topics_in(text):
                        slot = counts[(name, row.subreddit_key, kind, hour_of(row.created_utc))]
                        slot[0] += 1
                        if row.label is not None:
                            slot[labels[row.label]] += 1
                            slot[4] += row.compound
    return {
        k: (int(a), int(b), int(c), int(d), round(e, 6)) for k, (a, b, c, d, e) in counts.items()
    }


def counted(engine: Engine) -> Recount:
    h = topic_hours.c
    query = select(
        topics.c.name_key,
        h.subreddit_key,
        h.kind,
        h.hour,
        h.item_count,
        h.positive,
        h.neutral,
        h.negative,
        h.compound_sum,
    ).join(topics, topics.c.id == h.topic_id)
    with engine.connect() as conn:
        return {
            (name, sub, kind, hour): (items, pos, neu, neg, round(total, 6))
            for name, sub, kind, hour, items, pos, neu, neg, total in conn.execute(query)
            if items or pos or neu or neg
        }


def matched_everything(store: SqlStore) -> None:
    while store.match_history(7):  # small slices: every boundary is crossed
        pass


def test_items_stored_after_a_topic_exists_are_counted_as_they_are_written(
    store: SqlStore, engine: Engine
) -> None:
    store.put_topic(CLAUDE)
    store.put_topic(CURSOR)
    made, replies = world(1)

    store.save_items(made[:15], replies[: len(replies) // 2])
    store.save_items(made[15:], replies[len(replies) // 2 :])
    store.save_items(made[:5], replies[:5])  # the same items again

    assert counted(engine) == recount(engine) != {}


def test_edits_rescoring_and_removals_move_the_mentions(store: SqlStore, engine: Engine) -> None:
    store.put_topic(CLAUDE)
    made, replies = world(2)
    store.save_items(made, replies)
    talking = [c for c in replies if "laude" in c.body.lower() and "coder" not in c.body]
    silent = [c for c in replies if c.body == "meh"]
    assert talking and silent

    store.save_items(
        [],
        [dataclasses.replace(c, body="now about nothing", sentiment=SCORES[1]) for c in talking[:3]]
        + [
            dataclasses.replace(c, body="claude code after all", sentiment=SCORES[0])
            for c in silent[:3]
        ]
        + [dataclasses.replace(c, sentiment=SCORES[2]) for c in talking[3:6]]  # rescored only
        + [
            dataclasses.replace(c, removed=Removal.DELETED, body="[deleted]", sentiment=None)
            for c in talking[6:8]
        ],
    )

    assert counted(engine) == recount(engine)
    mentioned = {item.id for item in store.topic_mentions(CLAUDE.key, 500)}
    assert not mentioned & {c.id for c in talking[:3]}
    assert {c.id for c in silent[:3]} <= mentioned
    assert {c.id for c in talking[6:8]} <= mentioned  # deleted on Reddit: the text we had


def test_history_is_matched_in_slices_without_counting_anything_twice(
    store: SqlStore, engine: Engine
) -> None:
    made, replies = world(3)
    store.save_items(made[:20], replies[:40])
    store.put_topic(CLAUDE)
    assert store.topic_states(T0)[0].matching_done is False

    store.match_history(7)
    store.save_items(made[20:], replies[40:])  # collected while history is being matched
    matched_everything(store)

    assert counted(engine) == recount(engine) != {}
    state = store.topic_states(T0)[0]
    assert state.matching_done and state.progress == 1.0
    assert store.match_history(7) is False


def test_archive_imports_count_topic_mentions(engine: Engine, store: SqlStore) -> None:
    store.put_topic(CURSOR)
    made, replies = world(4)
    archive = SqlArchiveStore(engine, clock=lambda: NOW)

    everything: list[Post | Comment] = [*made, *replies]

    archive.save_archived([ArchivedItem(item, NOW - timedelta(days=1)) for item in everything])

    assert counted(engine) == recount(engine) != {}


def test_new_aliases_start_the_counts_again_and_deleting_forgets_them(
    store: SqlStore, engine: Engine
) -> None:
    made, replies = world(5)
    store.put_topic(CLAUDE)
    store.save_items(made, replies)
    before = counted(engine)

    assert store.put_topic(Topic.of("claude code", ["claude-code"])) is False  # same terms
    assert counted(engine) == before and store.topics() == [
        Topic.of("claude code", ["claude-code"])
    ]
    assert store.put_topic(Topic.of("Claude Code", ["claude coder"])) is False
    assert counted(engine) == {}
    matched_everything(store)
    assert counted(engine) == recount(engine) != before

    assert store.delete_topic(CLAUDE.key) is True
    assert counted(engine) == {} and store.topic_mentions(CLAUDE.key, 10) == []
    assert store.delete_topic(CLAUDE.key) is False
    assert store.topics() == []


def test_latest_mentions_come_newest_first_with_their_sentiment(store: SqlStore) -> None:
    store.put_topic(CLAUDE)
    made, replies = world(6)
    store.save_items(made, replies)

    latest = store.topic_mentions(CLAUDE.key, 5)

    assert 0 < len(latest) <= 5
    times = [item.created_utc for item in latest]
    assert times == sorted(times, reverse=True)
    assert all(TopicMatcher([CLAUDE]).topics_in(item.text) for item in latest)


def test_hourly_counts_of_all_items_and_of_a_topic_equal_a_recount(store: SqlStore) -> None:
    store.put_topic(CLAUDE)
    made, replies = world(7)
    store.save_items(made, replies)
    items: list[Post | Comment] = [*made, *replies]

    for subreddit in (None, "rust"):
        for topic in (None, CLAUDE):
            expected: dict[Any, Counts] = defaultdict(Counts)
            for item in items:
                if subreddit and item.subreddit.lower() != subreddit:
                    continue
                if topic and not TopicMatcher([topic]).topics_in(item.text):
                    continue
                slot = expected[hour_of(item.created_utc)]
                slot.add(_counts_of(item))
            rows = store.hourly_counts(subreddit, topic.key if topic else None, T0)
            assert rows is not None
            got = {row.hour: row.counts for row in rows}
            assert {h: _rounded(c) for h, c in got.items()} == {
                h: _rounded(c) for h, c in expected.items()
            }
    assert store.hourly_counts(None, "no such topic", T0) is None


def _counts_of(item: Post | Comment) -> Counts:
    counts = Counts(posts=int(isinstance(item, Post)), comments=int(isinstance(item, Comment)))
    if item.sentiment is not None:
        setattr(counts, item.sentiment.label.value, 1)
        counts.compound_sum = item.sentiment.compound
    return counts


def _rounded(counts: Counts) -> tuple[int, int, int, int, int, float]:
    c = counts
    return (c.posts, c.comments, c.positive, c.neutral, c.negative, round(c.compound_sum, 6))


def test_an_export_of_a_topic_holds_exactly_its_mentions(store: SqlStore, engine: Engine) -> None:
    store.put_topic(CLAUDE)
    made, replies = world(8)
    store.save_items(made, replies)
    export = SqlExport(engine)
    selection = ItemSelection(topic_key=CLAUDE.key)

    exported = [
        item.fullname for kind in Kind for item in export.items_after(kind, selection, None, 10_000)
    ]

    everything: list[Post | Comment] = [*made, *replies]
    mentioned = [i.fullname for i in everything if TopicMatcher([CLAUDE]).topics_in(i.text)]
    assert sorted(exported) == sorted(mentioned) and mentioned
    assert export.count_items(selection) == len(mentioned)
    assert export.count_items(ItemSelection(topic_key="nothing")) == 0
