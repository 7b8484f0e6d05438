"""Posts and comments as the JSON objects of Arctic Shift dumps, quirks applied."""

from __future__ import annotations

import random
import re
import zlib

from testkit.archive_dump.ids import comment_id, post_id, subreddit_fullname, user_fullname
from testkit.archive_dump.quirks import (
    DELETED,
    EXTRA_KEYS,
    REMOVED,
    SECOND_RETRIEVAL,
    Quirks,
    Record,
    draw_quirks,
)
from testkit.archive_dump.spec import DumpSpec
from testkit.archive_dump.texts import TextSource
from testkit.archive_dump.timeline import Timeline

META_SINCE = 1_698_796_800  # 2023-11-01: Arctic Shift adds `_meta` from this month on
_OP_REPLIES = 0.06  # share of comments written by the post's author
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class RecordFactory:
    """Makes the record of a post or comment rank; make a post before its comments."""

    def __init__(
        self,
        rng: random.Random,
        spec: DumpSpec,
        timeline: Timeline,
        texts: TextSource,
        subreddits: list[str],
        users: list[str],
    ) -> None:
        self._rng, self._spec, self._timeline, self._texts = rng, spec, timeline, texts
        self._subreddits = [(name, subreddit_fullname(name)) for name in subreddits]
        self._users = users
        self._slugs: dict[int, str] = {}  # by post rank, for the permalinks of its comments

    def post(self, rank: int) -> tuple[Record, Quirks]:
        rng, timeline = self._rng, self._timeline
        created, quirks = timeline.post_time[rank], draw_quirks(rng, self._spec.quirks)
        subreddit, subreddit_id = self._subreddits[timeline.post_subreddit[rank]]
        ident, title = post_id(rank), self._texts.title()
        self._slugs[rank] = _NOT_SLUG.sub("_", title.lower()).strip("_")[:50]
        permalink = f"/r/{subreddit}/comments/{ident}/{self._slugs[rank]}/"
        is_link = rng.random() < self._spec.link_post_rate
        url = self._texts.url() if is_link else "https://www.reddit.com" + permalink
        score = min(int(rng.paretovariate(0.9)), 90_000) - 1
        record = self._common(created, quirks, timeline.post_author[rank], score) | {
            "domain": url.split("/")[2] if is_link else f"self.{subreddit}",
            "id": ident, "is_self": not is_link, "is_video": False, "link_flair_text": None,
            "name": "t3_" + ident, "num_comments": timeline.post_comments[rank],
            "num_crossposts": 0, "over_18": rng.random() < 0.03, "permalink": permalink,
            "pinned": False, "removed_by_category": None, "selftext": "" if is_link
            else self._texts.selftext(), "spoiler": False, "subreddit": subreddit,
            "subreddit_id": subreddit_id, "subreddit_name_prefixed": "r/" + subreddit,
            "subreddit_subscribers": 1_000 + zlib.crc32(subreddit.encode()) % 9_000_000,
            "thumbnail": "default" if is_link else "self", "title": title,
            "upvote_ratio": round(0.5 + rng.random() / 2, 2), "url": url,
        }  # fmt: skip
        return self._finish(record, quirks, "selftext"), quirks

    def comment(self, rank: int) -> tuple[Record, Quirks]:
        rng, timeline = self._rng, self._timeline
        created, quirks = timeline.comment_time[rank], draw_quirks(rng, self._spec.quirks)
        post, parent = timeline.comment_post[rank], timeline.comment_parent[rank]
        subreddit, subreddit_id = self._subreddits[timeline.post_subreddit[post]]
        ident, link = comment_id(rank), post_id(post)
        op = timeline.post_author[post]
        author = op if rng.random() < _OP_REPLIES else int(len(self._users) * rng.random() ** 2)
        score = min(int(rng.paretovariate(1.3)), 40_000) * (1 if rng.random() < 0.9 else -1)
        record = self._common(created, quirks, author, score) | {
            "body": self._texts.body(), "collapsed": False,
            "controversiality": int(rng.random() < 0.05), "id": ident,
            "is_submitter": author == op, "link_id": "t3_" + link, "name": "t1_" + ident,
            "parent_id": "t3_" + link if parent < 0 else "t1_" + comment_id(parent),
            "permalink": f"/r/{subreddit}/comments/{link}/{self._slugs[post]}/{ident}/",
            "score_hidden": False, "send_replies": True, "subreddit": subreddit,
            "subreddit_id": subreddit_id, "subreddit_name_prefixed": "r/" + subreddit,
        }  # fmt: skip
        return self._finish(record, quirks, "body"), quirks

    def _common(self, created: int, quirks: Quirks, author: int, score: int) -> Record:
        """The keys that posts and comments share."""
        rng = self._rng
        meta: Record = {"_meta": {"retrieved_2nd_on": created + SECOND_RETRIEVAL}}
        return (meta if created >= META_SINCE else {}) | {
            "all_awardings": [], "archived": False, "author": self._users[author],
            "author_flair_text": None, "author_fullname": user_fullname(author),
            "created": float(created), "created_utc": str(created) if quirks.string_created_utc
            else created, "distinguished": None, "downs": 0,
            "edited": created + rng.randrange(60, 86_400) if quirks.edited else False,
            "gilded": 0, "locked": False, "retrieved_on": created + rng.randrange(5, 3_600),
            "score": score, "stickied": False, "subreddit_type": "public",
            "total_awards_received": 0, "ups": score,
        }  # fmt: skip

    def _finish(self, record: Record, quirks: Quirks, text_key: str) -> Record:
        """Apply the deletion and the extra keys that were drawn."""
        text = quirks.text
        # Half the removed items lost their author too: the account is gone or suspended.
        if text in ("deleted_author", "deleted_text") or (
            text == "removed_text" and self._rng.random() < 0.5
        ):
            record["author"] = DELETED
            del record["author_fullname"]  # a deleted account has none
        if text in ("deleted_text", "removed_text"):
            record[text_key] = DELETED if text == "deleted_text" else REMOVED
        if text_key == "selftext" and text in ("deleted_text", "removed_text"):
            removers = ("moderator", "moderator", "reddit")
            category = "deleted" if text == "deleted_text" else self._rng.choice(removers)
            record["removed_by_category"] = category
        if quirks.extra_keys:
            record.update(EXTRA_KEYS)
        return record
