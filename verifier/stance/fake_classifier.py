"""FakeStanceClassifier: a deterministic stance classifier shipped for tests and demos (CLAIMCHECK_STANCE_CLASSIFIER=fake).

It reads words, not meaning: a passage sentence is relevant when it holds at least half of the
claim's longer words, contradicts when exactly one of the two is negated, and supports otherwise.
Like the LLM fake it records what it was asked, so a test can see the classifier path was taken.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]{4,}|\d[\d,.]*")
NEGATION = re.compile(r"\b(?:not|no|never|denied|denies|false|n't)\b|n't\b", re.IGNORECASE)
UNRELATED = {"supports": 0.05, "contradicts": 0.05, "unrelated": 0.9}
SUPPORTS = {"supports": 0.85, "contradicts": 0.05, "unrelated": 0.1}
CONTRADICTS = {"supports": 0.05, "contradicts": 0.85, "unrelated": 0.1}


def _words(text: str) -> set[str]:
    # Words of four letters or more, and numbers: short words carry little of what a claim says.
    return {w.lower() for w in WORD.findall(text)}


class FakeStanceClassifier:
    """Premise/hypothesis pairs to supports/contradicts/unrelated probabilities, by word overlap."""

    name = "classifier:fake"
    meta: dict = {"name": "fake", "kind": "fake"}

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []
        """Every (premise, hypothesis) pair asked so far."""

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """One probability dict per (passage sentence, claim) pair."""
        self.pairs.extend(pairs)
        return [dict(self._read(premise, hypothesis)) for premise, hypothesis in pairs]

    @staticmethod
    def _read(premise: str, hypothesis: str) -> dict[str, float]:
        claim = _words(hypothesis)
        if not claim or len(claim & _words(premise)) * 2 < len(claim):
            return UNRELATED
        negated = bool(NEGATION.search(premise)) != bool(NEGATION.search(hypothesis))
        return CONTRADICTS if negated else SUPPORTS
