"""Lexical relevance of a sentence to a claim: shared content words, names and numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vectorstore.terms import CLAIM_STOPWORDS as STOPWORDS
from vectorstore.terms import claim_stem as _stem

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w'’\-]*", re.UNICODE)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _normalise_number(token: str) -> str:
    return token.replace(",", "").rstrip(".")


@dataclass(frozen=True)
class Terms:
    """The content terms of a text with their weights (names and numbers weigh double)."""

    weights: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.weights.values())


def extract_terms(text: str) -> Terms:
    """Content words (stemmed, lower-case), capitalised names and numbers of a text."""
    weights: dict[str, float] = {}
    for i, match in enumerate(_TOKEN.finditer(text)):
        token = match.group(0)
        if _NUMBER.fullmatch(token):
            key, weight = "#" + _normalise_number(token), 2.0
        else:
            lower = token.lower().strip("'’-")
            if len(lower) < 3 or lower in STOPWORDS:
                continue
            key = _stem(lower)
            # A capital letter mid-sentence marks a name (Kherson, Shoigu): rarer, more telling.
            weight = (
                2.0
                if token[0].isupper() and i > 0 and not _sentence_initial(text, match.start())
                else 1.0
            )
        weights[key] = max(weights.get(key, 0.0), weight)
    return Terms(weights)


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?:\n•"


@dataclass(frozen=True)
class Overlap:
    """How much of a claim a sentence covers."""

    score: float
    shared: tuple[str, ...]

    @property
    def shares_number(self) -> bool:
        return any(t.startswith("#") for t in self.shared)


def measure_overlap(claim: Terms, sentence: Terms) -> Overlap:
    """Weighted share of the claim's terms that the sentence contains (0..1)."""
    if not claim.weights:
        return Overlap(0.0, ())
    shared = tuple(sorted(t for t in claim.weights if t in sentence.weights))
    score = sum(claim.weights[t] for t in shared) / claim.total
    return Overlap(score, shared)


# Terms a sentence must share with a claim to be about it: one shared name ("Russia") is a topic.
MIN_SHARED = 2


def is_grounded(overlap: Overlap, *, min_score: float = 0.4, min_shared: int = MIN_SHARED) -> bool:
    """The relevance gate: enough of the claim is in the sentence to be about the same thing."""
    if overlap.shares_number and len(overlap.shared) >= 2:
        return True
    return overlap.score >= min_score and len(overlap.shared) >= min_shared
