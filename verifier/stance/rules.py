"""Deterministic rules of the stance cascade: figures, negation, and the span and decision records."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from vectorstore.models import Passage
from verifier.extract.quantities import parse_quantities
from verifier.overlap import Overlap, extract_terms
from verifier.retrieval import passage_sentences
from verifier.schemas import Quantity, Stance
from verifier.stance.figures import FigureCheck, compare_figures, is_telling, measure_of
from verifier.stance.subject import figure_owner, same_owner

FIGURE_MATCH_CONFIDENCE = 0.85
FIGURE_WINDOW_CONFIDENCE = 0.6
# A tiny model's "supports" counts only when the quote covers most of the claim (the relevance
# gate lets through 40%): on Climate-FEVER it says "supports" to nearly every relevant passage.
TINY_SUPPORT_MIN_OVERLAP = 0.6


@dataclass(frozen=True)
class Span:
    """A candidate quote: offsets into the article, its text and how much of the claim it covers."""

    start: int
    end: int
    text: str
    overlap: Overlap
    relevance: float
    injected: bool
    probs: dict | None = None
    cosine: float = 0.0  # embedding cosine with the claim: relevance by meaning
    subject: float = 0.0  # the same with figures masked: does it count the claim's thing
    swapped: float | None = None  # cosine with the claim's sides swapped (Russia <-> Ukraine)
    reading: str | None = None  # the text with an opening 'It'/'They' resolved, when it could be
    # For one clause of a contrasting sentence ('Despite taking Luhansk, ...'): that sentence's offsets.
    within: tuple[int, int] | None = None

    @property
    def said(self) -> str:
        """What the span says: its text, with an opening pronoun resolved where that was sure."""
        return self.reading or self.text

    @property
    def clause(self) -> bool:
        """One clause of a sentence, not a sentence or a pair of them."""
        return self.within is not None


@dataclass(frozen=True)
class Decision:
    """The stance reached so far for one passage."""

    span: Span
    stance: Stance
    confidence: float
    judge: str
    rationale: str


# Not 'No. 47' (a number) nor 'no fewer than' (a bound: parse_quantities reads it).
NEGATION = re.compile(
    r"\b(not|no(?!\.?\s*\d)(?!\s+(?:fewer|more|less|later|earlier|sooner)\s+than\b)|never|"
    r"denied|denies|deny|false|untrue|neither|nor|none|nobody|nothing|refused|rejected)\b|n['’]t\b",
    re.I,
)
NEGATION_OVERLAP = 0.5


def flipped(claim_text: str, span: Span) -> bool:
    """A close paraphrase with the negation flipped ('did not move' vs 'moved')."""
    negated = bool(NEGATION.search(claim_text)) != bool(NEGATION.search(span.text))
    return negated and span.overlap.score >= NEGATION_OVERLAP


def check_tiny(
    claim_text: str, claim_q: list[Quantity], decision: Decision, figures: FigureCheck
) -> Decision:
    """Cues a tiny model misses (it answers 'supports' to nearly everything, below chance).

    A close paraphrase with the negation flipped contradicts; a contradiction with no such cue and
    no differing figure is not trusted; nor is a support whose figures differ from the claim's, that
    leaves out the claim's figures, or that covers too little of the claim.
    """
    span = decision.span
    if flipped(claim_text, span):
        return replace(
            decision,
            stance="contradicts",
            confidence=0.6,
            judge="rule:negation",
            rationale="the passage says the same words with the negation flipped",
        )
    if decision.stance == "contradicts" and figures.finding != "mismatch":
        # Its labels flip from run to run; a contradiction must rest on something checkable.
        return replace(
            decision,
            stance="unrelated",
            confidence=0.5,
            judge="rule:no-cue",
            rationale="the small model said contradicts, but no negation or differing figure backs it",
        )
    if decision.stance == "supports" and figures.finding == "mismatch" and claim_q:
        return replace(
            decision,
            stance="unrelated",
            confidence=0.5,
            judge="rule:figures",
            rationale=f"{figures.detail}; the model's support is not trusted",
        )
    if decision.stance == "supports" and omits_figures(claim_q, span, telling_only=False):
        # A figure claim is corroborated by its figure, not by a passage on the same topic.
        return replace(
            decision,
            stance="unrelated",
            confidence=0.5,
            judge="rule:weak-support",
            rationale="the small model said supports, but the quote does not state the claim's figures",
        )
    if decision.stance == "supports" and span.overlap.score < TINY_SUPPORT_MIN_OVERLAP:
        return replace(
            decision,
            stance="unrelated",
            confidence=0.5,
            judge="rule:weak-support",
            rationale=(
                f"the small model said supports, but the quote covers only "
                f"{span.overlap.score:.0%} of the claim"
            ),
        )
    return decision


def figure_span(
    claim_text: str, claim_q: list[Quantity], passage: Passage, spans: list[Span]
) -> tuple[Span | None, FigureCheck]:
    """The sentence whose figures say most about the claim's figures (match > window > measure, period)."""
    if not claim_q:
        return None, FigureCheck("none")
    rank = {"match": 0, "window": 1, "measure": 2, "period": 2, "mismatch": 3, "none": 4}
    found: tuple[Span | None, FigureCheck] = (None, FigureCheck("none"))
    singles = set(passage_sentences(passage))
    owners = [figure_owner(claim_text, a) for a in claim_q]
    for span in spans:
        if (span.start, span.end) not in singles or span.injected:
            continue
        # Only figures that may count the same side's people: not Ukraine's for Russia's.
        sentence_q = [
            b
            for b in parse_quantities(span.text)
            if any(same_owner(o, figure_owner(span.text, b)) for o in owners)
        ]
        if not sentence_q:
            continue
        context = passage.text[: span.end - passage.chunk.start]
        check = compare_figures(
            claim_text, claim_q, span.text if measure_of(span.text) else context, sentence_q
        )
        # The figure must be about the claim's subject, not just the same number.
        if len(span.overlap.shared) < 2:
            continue
        if rank[check.finding] < rank[found[1].finding]:
            found = (span, check)
    return found


def apply_figures(
    decision: Decision, span: Span | None, figures: FigureCheck, negated: bool = False
) -> Decision:
    """Figures override the judge: matching figures support; windows, measures, periods never contradict."""
    if span is None or figures.finding in ("none", "mismatch"):
        if figures.finding == "mismatch" and decision.stance != "unrelated":
            return replace(decision, rationale=f"{decision.rationale}; figures: {figures.detail}")
        return decision
    if figures.finding == "match":
        if decision.stance == "contradicts" and (decision.judge == "rule:negation" or negated):
            return decision  # same figure, but the claim denies what the passage says
        conf = (
            max(decision.confidence, FIGURE_MATCH_CONFIDENCE)
            if decision.stance == "supports"
            else FIGURE_MATCH_CONFIDENCE
        )
        return Decision(span, "supports", conf, "rule:figures", figures.detail)
    if figures.finding == "window" and decision.stance == "contradicts":
        return Decision(span, "supports", FIGURE_WINDOW_CONFIDENCE, "rule:figures", figures.detail)
    if figures.finding in ("measure", "period") and decision.stance != "unrelated":
        return Decision(
            span,
            "unrelated",
            0.6,
            "rule:figures",
            figures.detail + "; neither supports nor contradicts",
        )
    return decision


def omits_figures(claim_q: list[Quantity], span: Span, *, telling_only: bool) -> bool:
    """The claim states figures (telling ones, if asked) and the quote states none of them."""
    wanted = [q for q in claim_q if is_telling(q) or not telling_only]
    # A shared year or day of the month is not the claim's figure: only the wanted ones count.
    return bool(wanted) and not any(_states(q, span) for q in wanted)


def _states(q: Quantity, span: Span) -> bool:
    numbers = {t for t in extract_terms(q.text).weights if t.startswith("#")}
    if not numbers:  # a figure in words ("twenty thousand"), as a whole word: not "ten" of "often"
        return re.search(rf"\b{re.escape(q.text)}\b", span.text, re.IGNORECASE) is not None
    return bool(numbers.intersection(span.overlap.shared))


def check_classifier_support(claim_q: list[Quantity], decision: Decision) -> Decision:
    """A classifier's support for a figure claim counts only when the quote states a figure of it."""
    if decision.stance == "supports" and omits_figures(claim_q, decision.span, telling_only=True):
        # A figure claim is corroborated by its figure, not by a passage on the same topic.
        return replace(
            decision,
            stance="unrelated",
            confidence=0.5,
            judge="rule:weak-support",
            rationale=f"{decision.rationale}; but the quote does not state the claim's figures",
        )
    return decision
