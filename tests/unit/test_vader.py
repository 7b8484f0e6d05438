import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from adapters.vader import VaderSentiment, shared_vader
from domain.model import Label, Sentiment

TEXTS = ["I love this, it is great!", "This is awful and I hate it.", "The bus leaves at nine."]


def test_scores_carry_vader_numbers_and_domain_labels():
    positive, negative, neutral = VaderSentiment().score_many(TEXTS)

    assert positive.compound > 0.5 and positive.label is Label.POSITIVE
    assert negative.compound < -0.5 and negative.label is Label.NEGATIVE
    assert neutral == Sentiment(compound=0.0, positive=0.0, neutral=1.0, negative=0.0)
    assert neutral.label is Label.NEUTRAL
    assert positive.positive + positive.neutral + positive.negative == pytest.approx(1, abs=0.01)


def test_empty_text_scores_zero():
    assert VaderSentiment().score("") == Sentiment(0.0, 0.0, 0.0, 0.0)


def test_score_many_keeps_the_order_of_the_texts():
    vader = VaderSentiment()
    texts = TEXTS * 3 + ["", "meh"]

    assert vader.score_many(texts) == [vader.score(text) for text in texts]
    assert vader.score_many([]) == []


def test_pickles_to_a_reference_not_a_lexicon():
    vader = VaderSentiment()
    vader.score("warm it up so there is a lexicon that must not travel")

    data = pickle.dumps(vader.score_many)

    assert len(data) < 200
    assert pickle.loads(pickle.dumps(vader)) is shared_vader()


def arrived_loaded(vader: VaderSentiment) -> bool:
    return vader._analyzer is not None


def test_a_worker_process_scores_the_same_and_loads_the_lexicon_once():
    vader = VaderSentiment()  # not loaded here, so a loaded one in the worker was kept there
    with ProcessPoolExecutor(1) as pool:
        remote = pool.submit(vader.score_many, TEXTS).result()
        kept = [pool.submit(arrived_loaded, vader).result() for _ in range(3)]

    assert remote == vader.score_many(TEXTS)
    assert kept == [True, True, True]
