"""Terms of a text: lower-case words and pairs, without markdown, URLs, numbers or stop words."""

from __future__ import annotations

from domain.terms import MAX_TERM_LENGTH, STOP_WORDS, terms_of


def test_words_and_neighbouring_pairs_lower_cased_each_once() -> None:
    assert terms_of("Rust compiler, Rust compiler! RUST") == {"rust", "compiler", "rust compiler"}


def test_stop_words_are_left_out_and_break_pairs() -> None:
    assert terms_of("the release of the compiler") == {"release", "compiler"}
    assert {"the", "of", "and", "this", "is"} <= STOP_WORDS


def test_punctuation_and_line_breaks_end_a_pair() -> None:
    assert terms_of("spicy pizza. Pasta sauce") == {
        "spicy",
        "pizza",
        "spicy pizza",
        "pasta",
        "sauce",
        "pasta sauce",
    }
    assert "pizza pasta" not in terms_of("pizza\npasta")
    assert "pizza pasta" not in terms_of("pizza, pasta")
    assert "pizza pasta" in terms_of("pizza pasta")


def test_urls_are_left_out() -> None:
    text = "see https://github.com/python/cpython/issues/123 and www.example.org/page now"
    assert terms_of(text) == set()


def test_markdown_links_keep_their_text_and_lose_their_target() -> None:
    found = terms_of("read [the changelog](https://example.org/notes) today")
    assert found == {"read", "changelog"}


def test_emphasis_marks_are_not_part_of_words_nor_break_pairs() -> None:
    assert terms_of("**bold claim** and _quiet_ ~~strike~~") == {
        "bold",
        "claim",
        "bold claim",
        "quiet",
        "strike",
        "quiet strike",
    }


def test_code_and_quoted_lines_are_left_out() -> None:
    text = (
        "> someone else wrote zebra\n&gt; escaped quote yak\n"
        "my `inline llama` answer\n```\nfenced okapi\n```\nkoala"
    )
    assert terms_of(text) == {"answer", "koala"}


def test_numbers_and_single_characters_are_left_out_words_with_digits_stay() -> None:
    assert terms_of("In 2019 I paid 3.5% on 1,200 x") == {"paid"}
    assert terms_of("the 1080p screen and the 10-k") == {"1080p", "1080p screen", "screen", "10-k"}


def test_unicode_words_and_typographic_apostrophes() -> None:
    assert terms_of("Zürich café, naïve Москва") == {
        "zürich",
        "zürich café",
        "café",
        "naïve",
        "москва",
        "naïve москва",
    }
    assert terms_of("Python\u2019s typing") == {"python", "typing", "python typing"}
    assert terms_of("I don\u2019t know") == set()


def test_user_names_and_html_entities_are_left_out() -> None:
    assert terms_of("thanks u/spez_fan for pandas &amp; numpy") == {"pandas", "numpy"}


def test_no_term_is_longer_than_the_column() -> None:
    long_word = "x" * (MAX_TERM_LENGTH + 1)
    pair_words = "a" * 40 + " " + "b" * 40
    found = terms_of(f"{long_word} {pair_words}")
    assert long_word not in found
    assert found == {"a" * 40, "b" * 40}
