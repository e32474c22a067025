"""Contradiction cues between a claim and the sentence that says the same thing in other words.

A sentence that reads like the claim (high embedding cosine) but differs in one checkable detail
contradicts it: the negation flipped, an antonym ('finished' vs 'would continue'), another date
for the same figure or event, another place or person in the same role, or the two sides of a
war swapped. Small NLI models miss these because topic similarity reads as entailment; the cues
are read only once the two texts have been aligned by meaning."""

from __future__ import annotations

import re

from verifier.extract.quantities import parse_quantities
from verifier.periods import DAYS
from verifier.stance.clauses import contrast_parts
from verifier.stance.counts import differing_count, durations
from verifier.stance.cue import CUE_MIN, Cue, claim_share
from verifier.stance.dates import differing_dates
from verifier.stance.figures import (
    _interval,
    _overlaps,
    compare_figures,
    is_telling,
    unit_kind,
)
from verifier.stance.names import differing_names
from verifier.stance.negation import differing_negation
from verifier.stance.opposites import differing_opposites
from verifier.stance.roles import figure_elsewhere, other_owner, reversed_roles
from verifier.stance.sides import differing_agent


def find_cues(
    claim: str, sentence: str, passage: str | None = None, cosine: float = 1.0
) -> list[Cue]:
    """Details in which the claim contradicts a sentence that says its thing (see the module)."""
    return [c for c in all_cues(claim, sentence, passage) if cosine >= CUE_MIN[c.kind]]


def focus(claim: str, sentence: str) -> str:
    """The clause of a contrasting sentence that repeats most of the claim's words (else all of it)."""
    # Clauses joined by a contrast say two things; a cue counts in the one that says the claim's.
    parts = contrast_parts(sentence)
    if len(parts) < 2:
        return sentence
    shares = [claim_share(claim, p, figures=True) for p in parts]
    best = max(range(len(parts)), key=shares.__getitem__)
    # A tie reads the whole sentence: nothing says which clause is the claim's.
    return sentence if shares.count(shares[best]) > 1 else parts[best]


def all_cues(claim: str, sentence: str, passage: str | None) -> list[Cue]:
    passage = passage or sentence
    cues = []
    negation = differing_negation(claim, sentence)
    if negation:
        cues.append(Cue("negation", *negation))
    # An opposite counts in the claim's clause ('robberies came down but bank robberies rose').
    cues += differing_opposites(claim, focus(claim, sentence))
    cues += differing_dates(claim, sentence)
    count = differing_count(claim, sentence)
    if count:
        cues.append(Cue("count", *count))
    cues += differing_names(claim, sentence, passage)
    agents = differing_agent(claim, sentence)
    if agents:
        cues.append(Cue("side", *agents))
    role = (
        reversed_roles(claim, sentence)
        or other_owner(claim, sentence)
        or figure_elsewhere(claim, sentence)
    )
    if role:
        cues.append(role)
    return cues


_SCORE = re.compile(r"(?<![\w.,-])\d{1,2}-\d{1,2}(?![\w,-]|\.\d)")
_JOINED_FIGURE = re.compile(r"(?<![\w.,])(\d[\d,.]*)-[a-z]", re.I)


def figures_stated(claim: str, text: str) -> bool:
    """Every figure of the claim, small ones and years included, is stated (or agreed with) in the text.

    A support must state the claim's numbers: 'three crew members' is not corroborated by 'one
    crew member', a 1993 figure not by another year's.
    """
    stated = parse_quantities(text)
    # A figure joined to its noun ('a 20-year veteran', 'a 10-day strike') is a figure too.
    for m in _JOINED_FIGURE.finditer(claim):
        if not re.search(rf"(?<![\d.,]){re.escape(m.group(1))}(?![\d]|[.,]\d)", text):
            return False
    # A score ('2-1') is stated as written; a length of time ('two days of fighting') too.
    if any(score not in _SCORE.findall(text) for score in _SCORE.findall(claim)):
        return False
    # (Not 'a single month': one day, week, month or year is a period, said many ways.)
    if durations(claim) - durations(text) - set(DAYS.values()):
        return False
    # '68 seats' is stated by 'the 68-seat parliament'.
    joined = {float(m.group(1).replace(",", "")) for m in _JOINED_FIGURE.finditer(text)}
    for a in parse_quantities(claim):
        if a.qualifier == "exact" and a.value in joined:
            continue
        if any(
            _overlaps(_interval(a.value, a.qualifier), _interval(b.value, b.qualifier))
            and _same_kind(a, b)
            for b in stated
        ):
            continue
        # A running total at another date is consistent with the claim, yet does not state its
        # figure: 'some 20,000 lives' is not said by '12,000 lives to date'.
        if is_telling(a) and compare_figures(claim, [a], text, stated).finding == "match":
            continue
        return False
    return True


def _same_kind(a, b) -> bool:
    """Not two currencies or measures apart: 800,000 dollars are not 800,000 rupees. A bound
    ('fewer than 20 severe cases') is stated only by a count of its own noun or its own figure,
    not by any smaller number nearby ('five fatalities')."""
    ka, kb = unit_kind(a.unit), unit_kind(b.unit)
    if a.qualifier in _BOUNDS and a.value != b.value:
        return bool(a.unit) and a.unit.lower() == b.unit.lower()
    return ka == kb or "count" in (ka, kb)


_BOUNDS = ("more than", "at least", "up to", "less than")
