"""The terms of a text: what trending counts (lower-case words and pairs of words).

Left out: URLs, markdown (links keep their text; code and quoted lines go), numbers,
single characters, user names and stop words. A pair is two neighbouring words with no
stop word, number or punctuation between them. A term counts once per item, so a text
gives a set.
"""

from __future__ import annotations

import re

MAX_TERM_LENGTH = 64  # the width of term_hours.term
MIN_WORD_LENGTH = 2

# Removed before words are read: fenced and inline code, URLs, user names, the target of a
# markdown link (its text stays), HTML entities (Reddit escapes &, < and >) and quoted lines.
_NOISE = re.compile(
    r"```.*?(?:```|\Z)|`[^`\n]*`"
    r"|\]\([^)\s]*\)?"
    r"|\b(?:https?://|www\.)\S+"
    r"|(?<![\w/])/?u/[\w-]+"
    r"|^[ \t]*(?:>|&gt;)[^\n]*"
    r"|&#?\w+;",
    re.DOTALL | re.MULTILINE,
)
# A word (letters or digits, joined by inner apostrophes or hyphens) or a mark that ends a
# phrase. `\w` is Unicode-aware, so "zürich" and "naïve" are words.
_PIECES = re.compile(r"[^\W_]+(?:['-][^\W_]+)*|[\n.,!?;:()\[\]\"“”…|]")
_NEEDS_CLEANING = re.compile(r"[`\]>&]|://|www\.|u/")

# English function words (after the usual lists, e.g. NLTK's), contractions with and without
# their apostrophe, and what Reddit text is full of without saying anything.
_STOP_TEXT = """
    a about above after again against ago ain all almost along already also although always
    am among an and another any anybody anyone anything anyway anyways anywhere are aren
    around as ask asked at away back be became because become been before behind being below
    best better between beyond both but by came can cannot cant could couldn did didn
    different do does doesn doing don done down during each edit edited either else enough
    especially etc even ever every everybody everyone everything exactly far few first for
    found from further get gets getting give given go goes going gone gonna good got gotta
    great had hadn has hasn have haven having he her here hers herself him himself his how
    however if in instead into is isn it its itself just keep kind know last later least
    less let like likely little lol look looking lot lots made make makes making many may
    maybe me might mine more most mostly much must my myself need needs never new next no
    nobody none nor not nothing now of off often oh ok okay old on once one ones only onto
    or other others otherwise our ours ourselves out over own part people per perhaps pretty
    probably put quite rather re really right said same saw say says see seem seems seen
    shall she should shouldn since so some somebody someone something sometimes somewhat
    soon still such sure take taken tell than thank thanks that the their theirs them
    themselves then there these they thing things think this those though thought through
    thus to today together too took toward towards tried try trying two under unless until
    up upon us use used using very via want wanted wants was wasn way we well went were
    weren what whatever when where whether which while who whoever whole whom whose why will
    with within without won would wouldn yeah yes yet you your yours yourself yourselves ll
    ve d s t m im ive id youre youve youd youll hes shes thats theres whats dont doesnt
    didnt isnt wasnt arent werent wont cant couldnt shouldnt wouldnt havent hasnt hadnt lets
    i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've we'd we'll
    they're they've they'd they'll that's there's what's who's where's here's let's don't
    doesn't didn't isn't wasn't aren't weren't won't can't couldn't shouldn't wouldn't
    haven't hasn't hadn't ain't y'all amp gt lt nbsp http https www com deleted removed tbh
    imo imho fwiw btw idk afaik iirc lmao omg ya ur u yep nope hey hi hello guys
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def terms_of(text: str) -> set[str]:
    """The distinct words and word pairs of `text`, lower-cased."""
    text = text.lower()
    if "\u2019" in text:  # the typographic apostrophe
        text = text.replace("\u2019", "'")
    if _NEEDS_CLEANING.search(text):
        text = _NOISE.sub("\n", text)  # what is removed also ends a pair
    found: set[str] = set()
    previous = ""  # the last word, if nothing that breaks a phrase came after it
    for word in _PIECES.findall(text):
        if word.endswith("'s"):
            word = word[:-2]
        if (
            len(word) < MIN_WORD_LENGTH
            or word in STOP_WORDS
            or len(word) > MAX_TERM_LENGTH
            or word.isdigit()
            or ("-" in word and _is_number(word))
        ):
            previous = ""  # a pair never spans what was left out
            continue
        found.add(word)
        if previous and len(previous) + len(word) < MAX_TERM_LENGTH:
            found.add(f"{previous} {word}")
        previous = word
    return found


def _is_number(word: str) -> bool:
    # Digits joined by hyphens ("1-2"); "10-k" and "1080p" are words.
    return word.replace("-", "").isdigit()
