"""Content words: the stopword lists and suffix stemmers of every word matcher, in one place.

Four matchers compare texts word by word, each tuned on its own job: BM25 retrieval
(vectorstore.lexical), the relevance gate and the stance rules (verifier.overlap), the chat's
question terms (verifier.chat.text) and the report's grouping of repeated claims
(verifier.reports.grouping). Their lists and stemmers differ on purpose (changing one moves
retrieval, verdicts, answers or groups), so they stay distinct, but they are built here from one
base list and one suffix stripper, and their differences can be read side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# bm25s's English list (bm25s.stopwords.STOPWORDS_EN), written out so that the verifier does not
# import bm25s for it; tests/vectorstore/test_terms.py checks it has not drifted.
STOPWORDS_EN = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their
    then there these they this to was will with""".split()
)
# Function words and reporting verbs every matcher beyond BM25 drops.
COMMON_WORDS = STOPWORDS_EN | frozenset(
    """about after again against all also any been before being can could did do does during
    each from had has have he her his how i its more most one other our out over said says she
    so some than them those through under up we were what when which while who would you""".split()
)
# More function words the claim matcher and the chat drop (the grouping keeps them).
MORE_FUNCTION_WORDS = frozenset(
    """because between both few further here hers him just me my off once only own same should
    too very where whom why your""".split()
)
# What a claim and the sentence judged against it share says nothing when it is only these:
# newsroom filler (said, reportedly, according), small numbers as words and the qualifiers of
# figures ("at least", "roughly").
CLAIM_STOPWORDS = (
    COMMON_WORDS
    | MORE_FUNCTION_WORDS
    | frozenset(
        """above am below doing down having herself himself itself myself nor now ours ourselves
        theirs themselves until yours yourself according alleged allegedly claim claimed claims
        reported reportedly say tells told almost already approximately around even least like
        many much per cent roughly still upwards well yet first last new two three
        get got may since""".split()
    )
)
# Words of a chat question that are about asking, not about the archive ("tell me", "please").
QUESTION_STOPWORDS = (
    (COMMON_WORDS - {"one"})
    | MORE_FUNCTION_WORDS
    | frozenset("""done how's know please tell us whose yes""".split())
)

# A handful of newsroom synonyms for grouping claims, so that 'troops' and 'soldiers' count as the
# same word (keys are stems).
NEWSROOM_SYNONYMS = {
    "troop": "soldier",
    "personnel": "soldier",
    "serviceman": "soldier",
    "servicemen": "soldier",
    "dead": "kill",
    "die": "kill",
    "died": "kill",
    "death": "kill",
    "slain": "kill",
    "casualty": "loss",
    "casualtie": "loss",
    "lost": "loss",
    "lose": "loss",
    "russia": "russian",
    "ukraine": "ukrainian",
    "commander": "officer",
}


def strip_suffix(word: str, rules: Sequence[tuple[str, str]], min_stem: int = 3) -> str:
    """The word with the first of its suffixes in rules replaced, if min_stem letters remain."""
    for suffix, replacement in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return word[: len(word) - len(suffix)] + replacement
    return word


_INDEX_RULES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""))
_CLAIM_RULES = (
    ("’s", ""),
    ("'s", ""),
    ("ies", "y"),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)
_QUESTION_RULES = (("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))
_GROUPING_RULES = (("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=200_000)
def index_stem(word: str) -> str:
    """BM25's light stemmer (plurals, -ing, -ed) so 'strikes' meets 'strike'; short words kept."""
    if len(word) <= 3 or not word.isalpha():
        return word
    stripped = strip_suffix(word, _INDEX_RULES)
    if stripped != word:
        return stripped
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def claim_stem(word: str) -> str:
    """The claim matcher's stemmer: enough to match 'moved'/'moving', 'families'/'family'."""
    return strip_suffix(word, _CLAIM_RULES)


def question_stem(word: str) -> str:
    """The chat's crude, stable stem: a common suffix off, at most five letters (Russia ~ Russian)."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    return strip_suffix(word, _QUESTION_RULES)[:5]


def grouping_stem(word: str) -> str:
    """The grouping's stem: a common suffix off when four letters remain, then its synonym."""
    word = strip_suffix(word, _GROUPING_RULES, min_stem=4)
    return NEWSROOM_SYNONYMS.get(word, word)
