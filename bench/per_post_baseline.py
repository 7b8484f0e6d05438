"""The strategy redditpulse replaced, as a baseline to measure against.

Every cycle, per subreddit: its 50 newest posts (one request), then one comment tree per
post (`/comments/{id}`, one request each), keeping the first 20 comments of each tree.
"""

from __future__ import annotations

import praw

from adapters.reddit_mapping import comment_from_praw, post_from_praw
from adapters.sql.store import SqlStore
from domain.model import Comment, Post

POSTS_PER_SUBREDDIT = 50
COMMENTS_PER_POST = 20


class PerPostBaseline:
    def __init__(self, reddit: praw.Reddit, store: SqlStore) -> None:
        self._reddit = reddit
        self._store = store

    def run_cycle(self, subreddits: list[str]) -> None:
        for name in subreddits:
            submissions = list(self._reddit.subreddit(name).new(limit=POSTS_PER_SUBREDDIT))
            posts: list[Post] = [post_from_praw(s) for s in submissions]
            comments: list[Comment] = []
            for submission in submissions:
                tree = submission.comments  # one /comments/{id} request
                kept = [c for c in tree.list() if isinstance(c, praw.models.Comment)]
                comments += [comment_from_praw(c) for c in kept[:COMMENTS_PER_POST]]
            self._store.save_items(posts, comments)
