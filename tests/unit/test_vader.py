import pickle
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import orjson
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from adapters.vader import LinearVader, VaderSentiment, shared_vader
from domain.model import Label, Sentiment

TEXTS = ["I love this, it is great!", "This is awful and I hate it.", "The bus leaves at nine."]


def test_scores_carry_vader_numbers_and_domain_labels() -> None:
    positive, negative, neutral = VaderSentiment().score_many(TEXTS)

    assert positive.compound > 0.5 and positive.label is Label.POSITIVE
    assert negative.compound < -0.5 and negative.label is Label.NEGATIVE
    assert neutral == Sentiment(compound=0.0, positive=0.0, neutral=1.0, negative=0.0)
    assert neutral.label is Label.NEUTRAL
    assert positive.positive + positive.neutral + positive.negative == pytest.approx(1, abs=0.01)


def test_empty_text_scores_zero() -> None:
    assert VaderSentiment().score("") == Sentiment(0.0, 0.0, 0.0, 0.0)


def test_score_many_keeps_the_order_of_the_texts() -> None:
    vader = VaderSentiment()
    texts = TEXTS * 3 + ["", "meh"]

    assert vader.score_many(texts) == [vader.score(text) for text in texts]
    assert vader.score_many([]) == []


def test_pickles_to_a_reference_not_a_lexicon() -> None:
    vader = VaderSentiment()
    vader.score("warm it up so there is a lexicon that must not travel")

    data = pickle.dumps(vader.score_many)

    assert len(data) < 200
    assert pickle.loads(pickle.dumps(vader)) is shared_vader()


def arrived_loaded(vader: VaderSentiment) -> bool:
    return vader._analyzer is not None


def test_a_worker_process_scores_the_same_and_loads_the_lexicon_once() -> None:
    vader = VaderSentiment()  # not loaded here, so a loaded one in the worker was kept there
    with ProcessPoolExecutor(1) as pool:
        remote = pool.submit(vader.score_many, TEXTS).result()
        kept = [pool.submit(arrived_loaded, vader).result() for _ in range(3)]

    assert remote == vader.score_many(TEXTS)
    assert kept == [True, True, True]


# Words and phrases that exercise every rule of VADER: negations, boosters, "but",
# "least", "no", "never so", "without doubt", idioms before and after a sentiment word,
# "kind of", caps, emoticons and emoji.
RULE_WORDS = [
    "not", "isn't", "never", "no", "nor", "or", "without", "doubt", "so", "this", "but",
    "least", "at", "very", "kind", "of", "sort", "extremely", "barely", "hardly", "slightly",
    "really", "great", "GREAT", "good", "bad", "horrible", "love", "hate", "LOL", ":)", ":(",
    "😁", "💔", "fun", "funny", "ok", "sucks", "sux", "meh,", "!", "!!", "?", "??", "...",
]  # fmt: skip
RULE_PHRASES = [
    "kiss of death", "to die for", "cut the mustard", "hand to mouth", "yeah right",
    "the bomb", "bad ass", "the shit", "beating heart", "broken heart", "kind of",
    "sort of", "without doubt", "never so", "never this", "at least", "very least",
]  # fmt: skip


def random_texts(count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    pieces = RULE_WORDS + RULE_PHRASES * 3
    return [" ".join(chooser.choices(pieces, k=chooser.randint(0, 40))) for _ in range(count)]


def test_linear_vader_scores_exactly_as_the_library_on_rule_heavy_texts() -> None:
    library, linear = SentimentIntensityAnalyzer(), LinearVader()
    texts = [
        *random_texts(3000, seed=7),
        "VADER is smart, handsome, and funny.",
        "At least it isn't a horrible book.",
        "Today kinda sux! But I'll get by, lol",
        "not bad at all",
        "never so good",
        "no, not GREAT",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    ]
    assert [linear.polarity_scores(t) for t in texts] == [library.polarity_scores(t) for t in texts]


def test_linear_vader_scores_exactly_as_the_library_on_generated_reddit_comments(
    tmp_path: Path,
) -> None:
    from testkit.archive_dump import DumpSpec, generate

    generate(tmp_path, DumpSpec(subreddits=1, posts=50, comments=2000, plain=True))
    texts = [
        orjson.loads(line).get("body", "")
        for path in tmp_path.glob("*_comments.ndjson")
        for line in path.read_bytes().splitlines()
    ]
    library, linear = SentimentIntensityAnalyzer(), LinearVader()
    assert len(texts) >= 2000
    assert [linear.polarity_scores(t) for t in texts] == [library.polarity_scores(t) for t in texts]
