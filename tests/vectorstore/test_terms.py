"""The word lists and stemmers of the four word matchers, each pinned to what it was tuned with."""

from __future__ import annotations

import bm25s
import pytest

from vectorstore.terms import (
    CLAIM_STOPWORDS,
    COMMON_WORDS,
    QUESTION_STOPWORDS,
    STOPWORDS_EN,
    claim_stem,
    grouping_stem,
    index_stem,
    question_stem,
)


def test_the_bm25_list_is_bm25s_english_list():
    assert frozenset(bm25s.stopwords.STOPWORDS_EN) == STOPWORDS_EN


def test_the_lists_grow_from_one_base():
    assert STOPWORDS_EN < COMMON_WORDS < CLAIM_STOPWORDS
    assert COMMON_WORDS - {"one"} < QUESTION_STOPWORDS
    assert len(CLAIM_STOPWORDS) == 165 and len(QUESTION_STOPWORDS) == 117
    # Filler of newsrooms and the qualifiers of figures never make a claim and a sentence alike.
    assert {"said", "reportedly", "according", "roughly", "least"} <= CLAIM_STOPWORDS
    assert {"tell", "please", "know"} <= QUESTION_STOPWORDS - CLAIM_STOPWORDS


@pytest.mark.parametrize(
    ("stem", "words"),
    [
        # BM25: short and non-alphabetic words kept; -ss, -us, -is are not plurals.
        (
            index_stem,
            {
                "strikes": "strike",
                "families": "family",
                "boss": "boss",
                "bus": "bus",
                "analysis": "analysis",
                "markedly": "mark",
                "moving": "mov",
                "war": "war",
                "12,730": "12,730",
                "shed": "shed",
            },
        ),
        # Claims: possessives off, then one suffix, at least three letters left.
        (
            claim_stem,
            {
                "russia’s": "russia",
                "families": "family",
                "moved": "mov",
                "moving": "mov",
                "boss": "bos",
                "classes": "class",
                "its": "its",
            },
        ),
        # Chat: lower-cased, possessive off, one suffix, five letters at most.
        (
            question_stem,
            {
                "Russia": "russi",
                "Russian": "russi",
                "Kherson’s": "khers",
                "quickly": "quick",
                "soldiers": "soldi",
            },
        ),
        # Grouping: four letters must remain, then the newsroom synonym.
        (
            grouping_stem,
            {
                "troops": "soldier",
                "died": "kill",
                "casualty": "loss",
                "lines": "line",
                "uses": "uses",
                "flees": "flee",
            },
        ),
    ],
)
def test_each_stemmer_keeps_its_rules(stem, words):
    assert {w: stem(w) for w in words} == words
