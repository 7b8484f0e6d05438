"""Subreddit names and usernames."""

from __future__ import annotations

import random

TARGET_SUBREDDITS = (
    "stocks", "wallstreetbets", "investing", "CryptoCurrency", "technology", "programming",
    "Python", "worldnews", "news", "gaming", "movies", "personalfinance", "science", "AskReddit",
    "Economics", "apple", "Android", "politics", "sports", "books", "Music", "television",
    "europe", "Futurology", "dataisbeautiful", "explainlikeimfive",
)  # fmt: skip

# The names of the subreddits a filter should skip; never the same as a target's.
OTHER_SUBREDDITS = (
    "aww", "pics", "funny", "memes", "mildlyinteresting", "todayilearned", "cats", "DIY",
    "gardening", "Cooking", "travel", "photography", "EarthPorn", "interestingasfuck", "nba",
    "soccer", "hockey", "running", "fitness", "Showerthoughts", "LifeProTips", "houseplants",
)  # fmt: skip

_USER_PARTS = (
    "throwaway", "sad", "happy", "panda", "wolf", "coffee", "pixel", "taco", "ninja", "potato",
    "dank", "quiet", "lazy", "captain", "doctor", "night", "owl", "river", "stonk", "moon",
    "gamer", "cat", "dog", "pizza", "retro", "cloud", "Green", "Blue", "Red", "Salty", "Angry",
)  # fmt: skip


def numbered(pool: tuple[str, ...], count: int) -> list[str]:
    """`count` distinct names from `pool`, numbered once the pool runs out."""
    return [
        pool[i % len(pool)] + ("" if i < len(pool) else f"_{i // len(pool)}") for i in range(count)
    ]


def usernames(rng: random.Random, count: int) -> list[str]:
    """Reddit-like, mostly distinct usernames (distinctness is not needed)."""
    names = []
    for _ in range(count):
        first, second = rng.choice(_USER_PARTS), rng.choice(_USER_PARTS)
        style = rng.random()
        if style < 0.4:
            names.append(f"{first}_{second}{rng.randrange(100)}")
        elif style < 0.7:
            names.append(f"{first.capitalize()}{second.capitalize()}{rng.randrange(10_000)}")
        else:
            names.append(f"{first}-{second}-{rng.randrange(1000, 9999)}")
    return names
