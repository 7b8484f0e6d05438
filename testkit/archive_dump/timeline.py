"""When each item is created, where it belongs, and which parent each comment answers."""

from __future__ import annotations

import math
import random
from array import array
from dataclasses import dataclass
from itertools import accumulate

# Half of the comments come within ~1.5 hours of their post, a few days later.
_DELAY_MU, _DELAY_SIGMA = math.log(5400), 1.6
_TOP_LEVEL = 0.45  # share of comments that answer the post rather than another comment
_THREAD_MEMORY = 4  # a reply answers one of the latest comments of its post
_SUBREDDIT_SKEW = 0.7  # subreddit sizes fall off like 1 / rank**skew


@dataclass(frozen=True)
class Timeline:
    """Items in created_utc order; an item's index (its rank) also fixes its id."""

    start: int
    end: int
    post_time: array[int]
    post_subreddit: array[int]
    post_author: array[int]
    post_comments: array[int]  # how many comments each post gets
    comment_time: array[int]
    comment_post: array[int]
    comment_parent: array[int]  # -1: the post itself; else the rank of an earlier comment


def build_timeline(
    rng: random.Random, counts: tuple[int, int, int, int], window: tuple[int, int]
) -> Timeline:
    """`counts`: subreddits, users, posts, comments."""
    subreddits, users, posts, comments = counts
    start, end = window
    # Posts leave at least one second for a comment before the end of the window.
    post_time = array("q", sorted(rng.randrange(start, end - 1) for _ in range(posts)))
    post_comment_counts = array("l", [0]) * posts
    comment_post = _comment_posts(rng, posts, comments)
    comment_time = [_comment_time(rng, post_time[post], end) for post in comment_post]
    order = sorted(range(comments), key=comment_time.__getitem__)
    times = array("q", (comment_time[i] for i in order))
    owners = array("l", (comment_post[i] for i in order))
    for post in owners:
        post_comment_counts[post] += 1
    return Timeline(
        start=start,
        end=end,
        post_time=post_time,
        post_subreddit=_post_subreddits(rng, subreddits, posts),
        post_author=array("l", (int(users * rng.random() ** 2) for _ in range(posts))),
        post_comments=post_comment_counts,
        comment_time=times,
        comment_post=owners,
        comment_parent=_parents(rng, times, owners),
    )


def _post_subreddits(rng: random.Random, subreddits: int, posts: int) -> array[int]:
    """Subreddits of uneven size; each gets a post while there are enough."""
    weights = [1 / (rank + 1) ** _SUBREDDIT_SKEW for rank in range(subreddits)]
    rng.shuffle(weights)
    chosen = list(range(min(subreddits, posts)))
    chosen += rng.choices(range(subreddits), weights, k=posts - len(chosen))
    rng.shuffle(chosen)
    return array("l", chosen)


def _comment_posts(rng: random.Random, posts: int, comments: int) -> list[int]:
    """A few posts draw most comments, as on Reddit (Pareto popularity)."""
    if not comments:
        return []
    popularity = list(accumulate(rng.paretovariate(1.5) for _ in range(posts)))
    return rng.choices(range(posts), cum_weights=popularity, k=comments)


def _comment_time(rng: random.Random, post_time: int, end: int) -> int:
    room = end - 1 - post_time
    delay = 1 + int(rng.lognormvariate(_DELAY_MU, _DELAY_SIGMA))
    return post_time + (delay if delay <= room else 1 + int(rng.random() * room))


def _parents(rng: random.Random, times: array[int], owners: array[int]) -> array[int]:
    """Each comment answers its post or one of the latest strictly earlier comments there."""
    latest: dict[int, list[int]] = {}
    parents = array("l", [0]) * len(times)
    for rank, (time, post) in enumerate(zip(times, owners, strict=True)):
        thread = latest.setdefault(post, [])
        earlier = [other for other in thread if times[other] < time]
        top_level = not earlier or rng.random() < _TOP_LEVEL
        parents[rank] = -1 if top_level else earlier[int(rng.random() * len(earlier))]
        thread.append(rank)
        if len(thread) > _THREAD_MEMORY:
            del thread[0]
    return parents
