"""VADER's published agreement with human ratings, through the real score command line.

Downloads the vaderSentiment source distribution from PyPI once (cached in bench/.cache/);
a failed download fails the test: without the data nothing was checked.
"""

import pytest

from bench.vader_agreement import TOLERANCE, TWEETS, fetch_ratings, measure


@pytest.mark.slow
def test_score_command_matches_vader_on_human_rated_tweets() -> None:
    result = measure(TWEETS, fetch_ratings())

    assert result.n == 4200
    assert result.r == pytest.approx(TWEETS.r_library, abs=TOLERANCE)
