"""Cascade steps about the claim's subject: a same-subject figure conflict first; supports that cover the claim."""

from __future__ import annotations

import re
from dataclasses import replace

from verifier.extract.quantities import parse_quantities
from verifier.overlap import STOPWORDS, Terms, extract_terms, measure_overlap
from verifier.schemas import Quantity
from verifier.stance.figures import comparable_units, is_telling, part_of, unit_kind
from verifier.stance.names import other_names
from verifier.stance.rules import NEGATION, Decision, Span
from verifier.stance.similarity import specific_share
from verifier.stance.subject import (
    actor_of,
    actors_in,
    figure_owner,
    relate,
    same_owner,
    show,
    starts_sentence,
)

SAME_SUBJECT_CONFIDENCE = 0.8
# Share of the claim's words (figures aside) a sentence repeats: the same statement, so a
# different figure in it is a conflict even for a running total.
NEAR_COPY = 0.75
# Share of the claim's specific content (weighted by rarity in the archive) a support must state:
# on a one-topic archive, 'Russian', 'Ukraine', 'forces' alone corroborate nothing.
SPECIFIC_MIN = 0.5
# Unless the quote says the claim's own thing in other words (cosine of claim and quote).
PARAPHRASE_COSINE = 0.8
# A trained classifier's P(contradicts) at which its support is not believed (contradiction first).
CONTRADICTION_FIRST = 0.3
OPEN = ("more than", "at least", "up to", "less than")


def same_subject_figures(
    claim: str, claim_q: list[Quantity], spans: list[Span], singles: set, bar: float
) -> list[tuple[Quantity, list[tuple]]]:
    """Each telling figure of the claim with the passage's figures that may count the same thing.

    Scanned once per passage; figure_conflict and figure_agreement read the result. Years, days of
    the month and small numbers never count.
    """
    words = _words(claim)
    return [
        (a, _same_subject_figures(claim, a, words, spans, singles, bar))
        for a in claim_q
        if is_telling(a)
    ]


def figure_conflict(figures: list[tuple[Quantity, list[tuple]]]) -> Decision | None:
    """A sentence counting the claim's thing (same unit, actor, measure, period) with another figure.

    The sentence most like the claim (a near copy, else the highest cosine with figures masked)
    among those whose figure may count the same thing decides (`figures`: same_subject_figures).
    """
    for a, found in figures:
        if not found:
            continue
        # The passage's figure for the claim's thing is the one in the sentence most like the
        # claim: an incidental count nearby ('2,000 people arrested') neither agrees nor conflicts.
        # A sentence whose figure measures another thing (a running total beside a day's
        # count) leaves the decision to the next sentence most like the claim.
        found = [f for f in found if f[5] != "apart"] or found
        _, _, _, span, b, relation = max(found, key=lambda f: f[:3])
        # The claim's own figure stated in the passage (not merely inside an open bound) means
        # the conflict is with some other count there ('82,000 sent' beside '300,000 mobilised').
        stated = any(f[5] == "agree" and f[4].qualifier not in OPEN for f in found)
        # The claim's figure written in that sentence under another name ('2.5 million
        # residents' / 'a population of 2.5 million') is the claim's count there, not a conflict.
        counted = {f[4].text for f in found if f[3] is span}
        stated = stated or any(
            q.value == a.value
            and is_telling(q)
            and q.text not in counted
            # 800,000 rupees are no 800,000 dollars.
            and (not q.unit or unit_kind(q.unit) == unit_kind(a.unit))
            for q in parse_quantities(span.text)
        )
        if relation == "conflict" and not stated:
            return Decision(
                span,
                "contradicts",
                SAME_SUBJECT_CONFIDENCE,
                "rule:same-subject",
                f"claim: {show(a)}; passage: {show(b)}: the same count, another figure",
            )
    return None


def _same_subject_figures(
    claim: str, a: Quantity, words: Terms, spans: list[Span], singles: set, bar: float
) -> list[tuple]:
    """(repeats the claim, subject cosine, start, span, figure, relation) of each figure that may
    count the claim's thing `a`: same unit, same owner, in a sentence about the claim's subject."""
    owner = figure_owner(claim, a)
    found = []
    for span in spans:
        # A sentence, or a clause of one ('Typhoon Morakot, which ... killing over 600 people').
        if (span.start, span.end) not in singles and not span.clause or span.injected:
            continue
        near = _near_copy(words, _words(span.text))
        if not near and span.subject < bar:
            continue
        if other_names(claim, span.text):
            continue  # 20,000 who went to Mongolia are not the 53,000 who entered Georgia
        for b in parse_quantities(span.text):
            if not (is_telling(b) and comparable_units(a, b)):
                continue
            if not (a.unit and b.unit) and not near and not _said_of_both(claim, a, span.text, b):
                continue  # a bare '82,000 had been sent' may count anything
            if not same_owner(owner, figure_owner(span.text, b)):
                continue  # Ukraine's 500,000 reservists are not Russia's 300,000
            relation = relate(a, claim, b, span.text, near_copy=near)
            found.append((near, span.subject, span.start, span, b, relation))
    return found


def figure_agreement(
    figures: list[tuple[Quantity, list[tuple]]], claim: str = ""
) -> Decision | None:
    """The sentence counting the claim's thing states the claim's figure: a same-subject support.

    Mirrors figure_conflict: the sentence most like the claim among those whose figure may count
    the same thing decides, and every telling figure of the claim it counts must agree.
    """
    agreed = None
    for a, found in figures:
        if not found:
            continue
        # 'Most of the 300,000 were fighting' says something of a part, not the count.
        if part_of(claim, a):
            return None
        _, _, _, span, b, relation = max(found, key=lambda f: f[:3])
        if relation != "agree":
            return None
        agreed = agreed or Decision(
            span,
            "supports",
            SAME_SUBJECT_CONFIDENCE,
            "rule:same-subject",
            f"claim: {show(a)}; passage: {show(b)}: the same count, the same figure",
        )
    return agreed


def _near_copy(a: Terms, b: Terms) -> bool:
    """Each text repeats most of the other's words: one statement (a dated toll adds its date)."""
    return min(measure_overlap(a, b).score, measure_overlap(b, a).score) >= NEAR_COPY


# Words after a figure that say what it counts or what became of it ('had been sent to the
# combat zone'), and how many of them two bare figures must share to count one thing.
PREDICATE_WORDS = 10
PREDICATE_SHARED = 2


def _said_of_both(claim: str, a: Quantity, text: str, b: Quantity) -> bool:
    """Two figures followed by the same words ('8,200 ... had reached the combat zone' / '82,000
    had already been sent to the combat zone'): one count, though neither names its unit."""

    def after(t: str, q: Quantity) -> set[str]:
        at = t.find(q.text)
        if at < 0:
            return set()
        rest = re.split(r"[.;:!?]", t[at + len(q.text) :], maxsplit=1)[0]
        return set(_words(" ".join(rest.split()[:PREDICATE_WORDS])).weights)

    return len(after(claim, a) & after(text, b)) >= PREDICATE_SHARED


def _words(text: str) -> Terms:
    """The content terms of a text without its figures."""
    terms = extract_terms(text).weights
    return Terms({t: w for t, w in terms.items() if not t.startswith("#")})


def check_support(
    claim: str,
    decision: Decision,
    passage_text: str,
    df: dict[str, int],
    n: int,
    *,
    figures_agree: bool = False,
) -> Decision:
    """A support counts only if it states the claim's specifics: its names, its polarity, its content.

    A flipped fact, a swapped place or person, or a passage that shares only topic words is no
    corroboration, whoever said 'supports'. `figures_agree`: the claim's figures were matched
    (scaled, rounded), so its numbers count as stated.
    """
    if decision.stance != "supports":
        return decision
    span = decision.span
    p = span.probs or {}
    if p.get("contradicts", 0.0) >= CONTRADICTION_FIRST:
        why = f"the classifier also gives contradicts p={p['contradicts']:.2f}"
    elif bool(NEGATION.search(claim)) != bool(NEGATION.search(span.text)):
        why = "the claim and the quote differ in negation"
    elif missing := missing_names(claim, passage_text):
        why = f"the passage does not name {', '.join(missing[:3])}"
    else:
        quote_terms = set(extract_terms(span.text).weights)
        named = {actor for _, actor in actors_in(span.text)}
        share = specific_share(
            claim,
            lambda t: t in quote_terms or actor_of(t) in named or figures_agree and t[0] == "#",
            df,
            n,
        )
        # A matched telling figure of the same side is the claim's specific content itself.
        if share >= SPECIFIC_MIN or span.cosine >= PARAPHRASE_COSINE or figures_agree:
            return decision
        why = f"the quote states only {share:.0%} of the claim's specific content"
    return replace(
        decision,
        stance="unrelated",
        confidence=0.5,
        judge="rule:specific",
        rationale=f"{decision.rationale}; but {why}",
    )


_NAME = re.compile(r"\b[A-Z][\w’'\-]+")


def missing_names(claim: str, passage_text: str) -> list[str]:
    """Names of the claim (places, people, actors by any alias) that the passage never mentions."""
    named = {actor for _, actor in actors_in(passage_text)}
    passage_terms = set(extract_terms(passage_text).weights)
    missing = []
    for match in _NAME.finditer(claim):
        word = match.group(0)
        actor = actor_of(word)
        if actor:
            if actor not in named:
                missing.append(word)
            continue
        key = next(iter(extract_terms(word.lower()).weights), None)
        if key is None or word.lower() in STOPWORDS or starts_sentence(claim, match.start()):
            continue  # 'The', 'Officials' at the start of the claim are no names
        if key not in passage_terms:
            missing.append(word)
    return missing
