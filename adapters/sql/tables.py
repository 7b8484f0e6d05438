"""Table definitions. Domain objects stay plain dataclasses; the store maps rows by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

posts = Table(
    "posts",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("subreddit", String(64), nullable=False),
    # Lower-cased name: Reddit names are case-insensitive, queries filter on this.
    Column("subreddit_key", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("author", String(64)),
    Column("score", Integer, nullable=False),
    Column("num_comments", Integer, nullable=False),
    Column("created_utc", UtcDateTime, nullable=False),
    Column("edited_utc", UtcDateTime),
    Column("url", Text, nullable=False),
    Column("permalink", Text, nullable=False),
    Column("removed", String(8)),  # deleted / removed on Reddit; the text is what we had
    Column("first_collected_at", UtcDateTime, nullable=False),
    Column("last_collected_at", UtcDateTime, nullable=False),
    Column("next_refresh_at", UtcDateTime),  # NULL: old enough to leave alone
    Index("ix_posts_subreddit_created", "subreddit_key", "created_utc"),
    Index("ix_posts_created", "created_utc"),
    Index("ix_posts_next_refresh", "next_refresh_at"),
)

# No foreign key to posts: a comment may arrive before (or without) its post.
comments = Table(
    "comments",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("post_id", String(16), nullable=False),
    Column("parent_id", String(20), nullable=False),
    Column("subreddit", String(64), nullable=False),
    Column("subreddit_key", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("author", String(64)),
    Column("score", Integer, nullable=False),
    Column("created_utc", UtcDateTime, nullable=False),
    Column("edited_utc", UtcDateTime),
    Column("removed", String(8)),
    Column("first_collected_at", UtcDateTime, nullable=False),
    Column("last_collected_at", UtcDateTime, nullable=False),
    Column("next_refresh_at", UtcDateTime),
    Index("ix_comments_post", "post_id", "created_utc"),
    Index("ix_comments_next_refresh", "next_refresh_at"),
    Index("ix_comments_subreddit_created", "subreddit_key", "created_utc"),
    Index("ix_comments_created", "created_utc"),
)

# Keyed by fullname (t3_… for posts, t1_… for comments).
sentiments = Table(
    "sentiments",
    metadata,
    Column("fullname", String(20), primary_key=True),
    Column("compound", Float, nullable=False),
    Column("positive", Float, nullable=False),
    Column("neutral", Float, nullable=False),
    Column("negative", Float, nullable=False),
    Column("label", String(8), nullable=False),
    Column("scored_at", UtcDateTime, nullable=False),
)

collection_cycles = Table(
    "collection_cycles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("trigger", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("subreddits", JSON, nullable=False),
    Column("posts_collected", Integer, nullable=False),
    Column("comments_collected", Integer, nullable=False),
    Column("failures", JSON, nullable=False),
    Column("gaps", JSON, nullable=False, server_default="[]"),
    Column("requests_made", Integer, nullable=False, server_default="0"),
    Column("budget_remaining", Integer),
    Column("items_refreshed", Integer, nullable=False, server_default="0"),
    Column("updated_at", UtcDateTime),  # its last save: where a dead process left it
    Index("ix_cycles_started", "started_at"),
)

# Per subreddit and listing kind: everything the listing showed up to `watermark` is stored.
cursors = Table(
    "cursors",
    metadata,
    Column("subreddit_key", String(64), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("watermark", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("rescanned_at", UtcDateTime),  # the last deep walk for items listed late
)

# Per subreddit, kind and UTC hour of creation: what stats and summaries read, kept in the
# same transaction as the items they count (adapters/sql/aggregates.py).
sentiment_hours = Table(
    "sentiment_hours",
    metadata,
    Column("subreddit_key", String(64), primary_key=True),
    Column("kind", String(8), primary_key=True),  # post / comment
    Column("hour", UtcDateTime, primary_key=True),
    Column("item_count", Integer, nullable=False),  # every stored item, scored or not
    Column("positive", Integer, nullable=False),
    Column("neutral", Integer, nullable=False),
    Column("negative", Integer, nullable=False),
    Column("compound_sum", Float, nullable=False),
    Index("ix_sentiment_hours_hour", "hour"),
)

# One row per subreddit with stored items: its display name, newest collection time and
# running totals (the sums of its sentiment_hours rows, kept with them).
subreddits = Table(
    "subreddits",
    metadata,
    Column("subreddit_key", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("last_collected_at", UtcDateTime, nullable=False),
    Column("posts", Integer, nullable=False, server_default="0"),
    Column("comments", Integer, nullable=False, server_default="0"),
    Column("scored", Integer, nullable=False, server_default="0"),  # items with a sentiment
    Column("compound_sum", Float, nullable=False, server_default="0"),
)

# --- analytics (migration 0005) ---------------------------------------------------------

# A tracked topic: a name and the aliases that mention it. `version` grows with each change
# of aliases; matching of stored history runs until `matched_version` catches up.
topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("name_key", String(100), nullable=False, unique=True),  # lower-cased
    Column("aliases", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("matched_version", Integer, nullable=False),  # history matched for this version
    Column("match_position", String(40)),  # where matching of history has got to
    Column("items_matched", Integer, nullable=False, server_default="0"),  # history scanned
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Which stored items mention which topic: the latest mentions, and what an edit undoes.
topic_mentions = Table(
    "topic_mentions",
    metadata,
    Column("topic_id", Integer, primary_key=True),
    Column("fullname", String(20), primary_key=True),
    Column("subreddit_key", String(64), nullable=False),
    Column("created_utc", UtcDateTime, nullable=False),
    Index("ix_topic_mentions_created", "topic_id", "created_utc"),
    Index("ix_topic_mentions_fullname", "fullname"),  # an edited item's mentions
)

# Per topic, subreddit, kind and UTC hour: what topic stats and series read.
topic_hours = Table(
    "topic_hours",
    metadata,
    Column("topic_id", Integer, primary_key=True),
    Column("subreddit_key", String(64), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("hour", UtcDateTime, primary_key=True),
    Column("item_count", Integer, nullable=False),
    Column("positive", Integer, nullable=False),
    Column("neutral", Integer, nullable=False),
    Column("negative", Integer, nullable=False),
    Column("compound_sum", Float, nullable=False),
    Index("ix_topic_hours_hour", "hour"),
)

# Per UTC hour, subreddit and term (a word or two): how many items used it, a sketch of
# their distinct authors (one bit per author hash), their sentiment and a post to show.
term_hours = Table(
    "term_hours",
    metadata,
    Column("hour", UtcDateTime, primary_key=True),
    Column("subreddit_key", String(64), primary_key=True),
    Column("term", String(64), primary_key=True),
    Column("mentions", Integer, nullable=False),
    Column("author_bits", BigInteger, nullable=False),
    # Distinct authors estimated from author_bits (domain.term_hours), so reads sum them.
    Column("authors", Float, nullable=False),
    Column("compound_sum", Float, nullable=False),
    Column("sample_post_id", String(16)),
    Index("ix_term_hours_subreddit", "subreddit_key", "hour"),
    # On SQLite the rows live in the key's b-tree: one b-tree less to write, and reads
    # of a range of hours find the counts beside the key.
    sqlite_with_rowid=False,
)

# A post's score and comment count each time it was read: how fast it grows.
post_reads = Table(
    "post_reads",
    metadata,
    Column("post_id", String(16), primary_key=True),
    Column("read_at", UtcDateTime, primary_key=True),
    Column("score", Integer, nullable=False),
    Column("num_comments", Integer, nullable=False),
)

# One row (id 1) once retention has pruned: items created before `pruned_before` are gone
# and the hourly counts already count them, so none of them is ever stored again.
retention = Table(
    "retention",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("pruned_before", UtcDateTime, nullable=False),  # the start of a UTC hour
    Column("pruned_at", UtcDateTime, nullable=False),
)

# --- trending answers computed ahead (migration 0006) ------------------------------------

# Per subreddit ("" for all of them) and window: the trending terms as last computed.
trending_snapshots = Table(
    "trending_snapshots",
    metadata,
    Column("subreddit_key", String(64), primary_key=True),
    Column("hours", Integer, primary_key=True),
    Column("computed_at", UtcDateTime, nullable=False),
    Column("terms", JSON, nullable=False),  # domain.trending.TrendingTerm fields, in order
)

# --- leases (migration 0007) -------------------------------------------------------------

# A named lease (e.g. "collector"): held by one process until it expires unless renewed.
leases = Table(
    "leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("acquired_at", UtcDateTime, nullable=False),
    # The collector lease's notice board (migration 0008): its holder's running cycle, a
    # cycle an API process asked for, and the holder's next scheduled run.
    Column("running_cycle_id", String(32)),
    Column("requested_cycle_id", String(32)),
    Column("requested_at", UtcDateTime),
    Column("next_run_at", UtcDateTime),
)
