"""The invented texts of the simulated Reddit: templates of clearly positive, negative and
neutral wording, so that VADER gives the demo every label."""

from __future__ import annotations

import random

TONES = ("positive", "negative", "neutral")
TOPICS = (
    "the new release", "this library", "the latest update", "my home server", "the docs",
    "the conference talk", "the beta", "this laptop", "the migration", "the test suite",
    "our deploy pipeline", "the new editor",
)  # fmt: skip
WORDS = {
    "positive": ("great", "fantastic", "wonderful", "excellent", "amazing", "brilliant"),
    "negative": ("terrible", "awful", "frustrating", "disappointing", "horrible", "useless"),
    "neutral": ("Linux", "macOS", "Windows", "a Raspberry Pi", "Docker", "ARM"),
}
TITLES = {
    "positive": (
        "{Topic} is {word}!", "Really happy with {topic}", "Finally tried {topic}, {word} stuff",
        "Thanks to everyone behind {topic}, it is {word}", "{Topic} made my week, {word} job",
    ),
    "negative": (
        "{Topic} is {word} and I am fed up", "Why is {topic} so {word}?",
        "Disappointed: {topic} keeps crashing", "Lost a whole day to {topic}, {word}",
    ),
    "neutral": (
        "Question about {topic} on {word}", "Which version of {topic} are you running?",
        "Has anyone moved {topic} to {word}?", "Notes on {topic} for {word} users",
    ),
}  # fmt: skip
BODIES = {
    "positive": ("Setup took five minutes and everything just works. {Word}!",),
    "negative": ("It fails every single time and nobody answers. {Word}.",),
    "neutral": ("Details below: I am on {word} with the default settings.",),
}
REPLIES = {
    "positive": (
        "This is {word}, thank you!", "Agreed, {topic} is {word}.", "Love it. {Word} work.",
    ),
    "negative": (
        "Same here, {topic} is {word}.", "This is {word}. I gave up on it.",
        "Worst experience in years, {word}.",
    ),
    "neutral": (
        "What version are you on?", "I run {topic} on {word} too.", "Which settings did you use?",
        "Posting the link in a minute.",
    ),
}  # fmt: skip
# Appended by an edit, in a tone drawn afresh: an edit may change what the item says.
EDITS = {
    "positive": ("Edit: fixed it, {topic} is {word} after all.", "Edit: {word} answers, thanks!"),
    "negative": ("Edit: it broke again, {word}.", "Edit: never mind, still {word}."),
    "neutral": ("Edit: I am on {word}, forgot to say.", "Edit: added the version number."),
}


def post(rng: random.Random, is_link: bool) -> tuple[str, str]:
    """A title and a body (none for a link post) in one tone, as one person writes them."""
    tone = _tone(rng)
    title = _text(rng, TITLES[tone], tone)
    return title, "" if is_link else _text(rng, BODIES[tone], tone)


def reply(rng: random.Random) -> str:
    tone = _tone(rng)
    return _text(rng, REPLIES[tone], tone)


def edited(rng: random.Random, text: str) -> str:
    tone = _tone(rng)
    return f"{text}\n\n{_text(rng, EDITS[tone], tone)}"


def _tone(rng: random.Random) -> str:
    return rng.choices(TONES, weights=(4, 3, 3))[0]


def _text(rng: random.Random, templates: tuple[str, ...], tone: str) -> str:
    topic, word = rng.choice(TOPICS), rng.choice(WORDS[tone])
    template = rng.choice(templates)
    return template.format(topic=topic, Topic=topic.capitalize(), word=word, Word=word.title())
