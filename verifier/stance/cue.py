"""A detail in which a claim and the sentence aligned with it differ, and the words they share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.overlap import extract_terms
from verifier.stance.subject import actor_of, actors_in


@dataclass(frozen=True)
class Cue:
    """One detail in which the claim and the aligned sentence differ."""

    kind: str  # negation, opposite, date, name, side, count, role
    claim: str
    passage: str

    def describe(self) -> str:
        """In words, for the evidence rationale."""
        if self.kind == "negation":
            return f"the negation differs ({self.claim or 'none'} vs {self.passage or 'none'})"
        return f"the claim says {self.claim!r} where the passage says {self.passage!r}"


SUFFIX = r"(?:s|es|ed|d|ing|e|er|ers|ion|ions|y|ies|ied|ment|n|ly)?"


def has_word(text_l: str, stem: str) -> bool:
    """The stem as a word with at most a grammatical ending ('ban' is not in 'bank')."""
    return re.search(r"\b" + re.escape(stem) + SUFFIX + r"\b", text_l) is not None


# The cosine (claim, sentence) at which each kind of differing detail reads as a contradiction,
# not as another statement: measured on the news dev split (bench/newsdev, dev half).
CUE_MIN = {
    "negation": 0.55,
    "opposite": 0.55,
    "date": 0.6,
    "name": 0.7,
    "side": 0.55,
    "count": 0.7,
    "role": 0.6,
}


def claim_share(claim: str, text: str, aliases: bool = True, figures: bool = False) -> float:
    """Share of the claim's words the text repeats; an actor's alias counts ('Putin' for 'Russian')."""
    words = {t for t in extract_terms(claim).weights if figures or not t.startswith("#")}
    said = set(extract_terms(text).weights)
    actors = {a for _, a in actors_in(text)} if aliases else set()
    shared = [w for w in words if w in said or actor_of(w) in actors]
    return len(shared) / max(1, len(words))
