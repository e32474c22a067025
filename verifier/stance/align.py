"""The alignment judge: the stance of a passage from the sentence that reads most like the claim.

The sentence is found by meaning (embedding cosine); the cues (verifier/stance/cues.py) say where
it contradicts, the support conditions below where it corroborates, and the trained classifier
decides the rest."""

from __future__ import annotations

import re
from dataclasses import replace

from verifier.extract.quantities import parse_quantities
from verifier.overlap import extract_terms
from verifier.stance.clauses import joined_statements
from verifier.stance.cue import claim_share
from verifier.stance.cues import all_cues, figures_stated, find_cues
from verifier.stance.dates import MONTH, dates_stated, month_days
from verifier.stance.figures import comparable_units, is_telling, part_words
from verifier.stance.names import mentioned, names_of
from verifier.stance.negation import negation_in_other_words
from verifier.stance.rules import Decision, Span
from verifier.stance.sides import sides_swapped
from verifier.stance.subject import actors_in, figure_owner, same_owner, sources_in

# Measured on the news dev split (bench/newsdev, dev half of both sets; bench/tune_alignment.py):
# a sentence reading this much like the claim says its thing when its names and figures are the
# claim's; between LOW and HIGH it must also repeat a share of the claim's words and the
# classifier must not read it as a contradiction.
SUPPORT_HIGH = 0.82


SUPPORT_LOW = 0.66


SUPPORT_SHARE = 0.5


# A near copy (three quarters of the claim's words, its names, figures and dates, no differing
# detail) corroborates whatever the small classifier reads.
NEAR_COPY_SHARE = 0.75


# Nearly all of the claim's words, in a sentence that reads like it: a close copy corroborates too.
CLOSE_COPY_SHARE = 0.85


# Below LOW, the classifier's likeliest 'supports' and a larger share of the claim's words.
SUPPORT_AGREED = 0.66


SUPPORT_AGREED_SHARE = 0.4


PAIR_MARGIN = 0.05


CUE_SHARE = 0.4


# Where no cue and no paraphrase decide, the classifier's contradiction stands when it is its
# likeliest reading at this probability, on a sentence this close to the claim (dev split).
CLASSIFIER_CONTRADICTS = 0.45


CLASSIFIER_COSINE = 0.65


# Below the relevance bar, a cue and the classifier's contradiction together decide down to here.
CONSENSUS_COSINE = 0.5


# The same count with the same figure, in a sentence in other words ('call up 300,000
# reservists' / 'mobilising 300,000 people has been completed'), corroborates down to here.
AGREED_FIGURE_COSINE = 0.5


def judge_by_alignment(
    claim: str,
    passage_text: str,
    spans: list[Span],
    singles: set,
    relevant: float,
    classifier_name: str = "classifier",
    agreement: Decision | None = None,
    article_text: str | None = None,
) -> Decision:
    """Stance from the sentence most like the claim by meaning: a differing detail, a paraphrase, or nothing.

    The classifier's probabilities (on the spans) veto a weak paraphrase, and its likeliest
    'contradicts' decides a sentence close to the claim that nothing else decided.
    """
    clean = [s for s in spans if not s.injected] or spans
    one = [s for s in clean if (s.start, s.end) in singles or s.clause] or clean
    best = max(one, key=lambda s: s.cosine)
    pair = max(
        (s for s in clean if (s.start, s.end) not in singles and not s.clause),
        key=lambda s: s.cosine,
        default=None,
    )
    if pair is not None and pair.cosine >= best.cosine + PAIR_MARGIN:
        best = pair
    cos = best.cosine
    # A clause lends its closer cosine; what it says is read in its whole sentence (a 'no' in
    # the other clause is still said).
    clause, best = best, parent_of(best, clean)
    if cos < relevant and agreement is None:
        agreed = _consensus(claim, article_text or passage_text, clean, classifier_name)
        if agreed is not None:
            return agreed
        return Decision(
            best,
            "unrelated",
            round(1.0 - cos, 3),
            "rule:meaning",
            f"no sentence says what the claim says (closest cosine {cos:.3f}, below {relevant:.2f})",
        )
    # A differing detail counts only in a counterpart: a sentence that repeats a good share of
    # the claim's words, not one that merely reads alike on a one-topic archive.
    counterpart = claim_share(claim, best.said) >= CUE_SHARE
    # Sides swapped around another figure is another statement ('6,000 civilians' is not the
    # swapped '71,200 troops'): the swap decides only where the claim's figures are stated.
    # Literal words here: with aliases, 'Ukraine killed' and 'Russia lost' share both sides.
    if (
        cos >= relevant
        and claim_share(claim, best.said, aliases=False) >= CUE_SHARE
        and sides_swapped(best.cosine, best.swapped)
        and figures_stated(claim, best.said)
    ):
        return Decision(
            best,
            "contradicts",
            0.7,
            "rule:sides",
            f"the passage reads as the claim with Russia and Ukraine swapped (cosine {best.swapped:.2f} "
            f"against {cos:.2f}){_read_as(best)}",
        )
    # A name the claim gives is missing only when the whole article never mentions it.
    where = article_text or passage_text
    cues = find_cues(claim, best.said, where, cos) if counterpart and cos >= relevant else []
    if cues:
        return Decision(best, "contradicts", 0.7, f"rule:{cues[0].kind}", cues[0].describe())
    if agreement is not None:
        # The same count with the same figure supports, unless that sentence flips the claim.
        counted = agreement.span
        share = claim_share(claim, counted.said)
        # The same count makes it the claim's counterpart: any differing detail contradicts.
        flips = find_cues(claim, counted.said, where, counted.cosine)
        if flips:
            return Decision(
                counted, "contradicts", 0.7, f"rule:{flips[0].kind}", flips[0].describe()
            )
        reading = _likeliest(counted.probs)
        # The figure alone is not the claim: the sentence must also say the rest of it.
        if reading != "contradicts" and (
            share >= SUPPORT_SHARE or counted.cosine >= SUPPORT_LOW or reading == "supports"
        ):
            return agreement
        # The same count, the same figure, every clause and name of the claim: in a sentence that
        # reads like it with most of its words, the small classifier's doubt does not outweigh
        # that; told in other words, only where the classifier reads no contradiction.
        passage_l = passage_text.lower()
        if (
            (
                (share >= SUPPORT_SHARE and counted.cosine >= SUPPORT_LOW)
                or (reading != "contradicts" and counted.cosine >= AGREED_FIGURE_COSINE)
            )
            and _uncovered_clause(claim, counted.said) is None
            and all(mentioned(n, passage_l) for n in names_of(claim))
        ):
            return agreement
        if cos < relevant:
            return _consensus(claim, where, clean, classifier_name) or Decision(
                best,
                "unrelated",
                0.5,
                "rule:meaning",
                "the same figure, but not the claim's statement",
            )
    context = " ".join(s.said for s in spans if s.start <= best.start and s.end >= best.end)
    why = _support_gap(claim, replace(best, cosine=cos), context, passage_text, article_text)
    if why is None:
        return Decision(
            clause,
            "supports",
            round(min(0.95, cos), 3),
            "rule:paraphrase",
            f"the sentence says what the claim says (cosine {cos:.2f}), with its names and figures",
        )
    p = best.probs or {}
    # A claim with a figure against a sentence with none: what the classifier reads as a
    # contradiction is another count ('several thousand deployed' beside '300,000 mobilised').
    if (
        _likeliest(p) == "contradicts"
        and p["contradicts"] >= CLASSIFIER_CONTRADICTS
        and cos >= CLASSIFIER_COSINE
        and (_counts_the_claims(claim, best.said) or not _telling(claim))
        # The sentence's 'no longer' is the claim's 'could lose': a small model reads the
        # negation as a contradiction that the two texts do not have.
        and not negation_in_other_words(claim, best.said)
    ):
        return Decision(
            best,
            "contradicts",
            round(p["contradicts"], 3),
            classifier_name,
            f"the classifier gives contradicts p={p['contradicts']:.2f} (cosine {cos:.2f})",
        )
    return Decision(best, "unrelated", 0.5, "rule:meaning", f"on the claim's topic, but {why}")


def _read_as(span: Span) -> str:
    """How an opening pronoun was read, for the rationale ('; "It" read as Russia')."""
    if not span.reading:
        return ""
    pronoun = span.text.split()[0]
    actor = span.reading[: len(span.reading) - (len(span.text) - len(pronoun))]
    return f"; '{pronoun}' read as {actor}, from the sentence before"


def parent_of(span: Span, spans: list[Span]) -> Span:
    """The sentence a clause belongs to (the span itself when it is no clause)."""
    return next((s for s in spans if (s.start, s.end) == span.within), span)


def _consensus(
    claim: str, passage_text: str, spans: list[Span], classifier_name: str
) -> Decision | None:
    """A differing detail the classifier also reads as a contradiction, in a sentence below the bar.

    A long sentence says more than the claim and reads less like it by cosine; a counterpart
    (repeating the claim's words) with a cue that the classifier independently confirms is a
    contradiction there too: two signals agreeing, each too weak alone.
    """
    for span in sorted(spans, key=lambda s: -s.cosine):
        if span.cosine < CONSENSUS_COSINE:
            break
        p = span.probs or {}
        if _likeliest(p) != "contradicts" or p["contradicts"] < CLASSIFIER_CONTRADICTS:
            continue
        if claim_share(claim, span.said) < CUE_SHARE:
            continue
        cues = all_cues(claim, span.said, passage_text)
        if cues:
            return Decision(
                span,
                "contradicts",
                0.6,
                f"rule:{cues[0].kind}",
                f"{cues[0].describe()}, and the classifier reads a contradiction "
                f"(p={p['contradicts']:.2f}, cosine {span.cosine:.2f})",
            )
    return None


def _support_gap(
    claim: str, best: Span, context: str, passage_text: str, article_text: str | None = None
) -> str | None:
    """Why the sentence does not corroborate the claim, or None when it does."""
    if not figures_stated(claim, context):
        return "it does not state the claim's figures"
    if not dates_stated(claim, context):
        return "it does not state the claim's dates"
    other_day = _other_day(claim, best.said)
    if other_day:
        return f"it also gives {other_day}: which date the claim's statement has is not read"
    if _CONDITIONAL.match(best.said) and not _CONDITIONAL.match(claim):
        return "it says what would follow if it happened, not that it did"
    ordinal = _other_ordinal(claim, best.said)
    if ordinal:
        return f"it speaks of the {ordinal[1]}, the claim of the {ordinal[0]}"
    part = _part_unstated(claim, context)
    if part:
        return f"it states the figure, not what the claim says of {part}"
    uncovered = _uncovered_clause(claim, context)
    if uncovered:
        return f"it does not say that {uncovered}"
    # A differing detail too weak to contradict (a low cosine) still keeps it from corroborating.
    differs = all_cues(claim, best.said, article_text or passage_text)
    if differs:
        return differs[0].describe()
    missing = [n for n in names_of(claim) if not mentioned(n, passage_text.lower())]
    if missing:
        return f"it does not name {', '.join(missing[:3])}"
    # The passage, not the whole article: on a one-topic archive every article names both sides.
    # The claim's source may be named elsewhere in the article ('the MoD' of a British report).
    named = {a for _, a in actors_in(passage_text)}
    if article_text:
        named |= sources_in(claim) & {a for _, a in actors_in(article_text)}
    absent = sorted({a for _, a in actors_in(claim)} - named)
    if absent:
        return f"the passage does not mention {', '.join(absent)}"
    share = claim_share(claim, best.said)
    if best.cosine >= SUPPORT_HIGH and (
        _likeliest(best.probs) != "contradicts" or share >= NEAR_COPY_SHARE
    ):
        return None
    if best.cosine >= SUPPORT_LOW and share >= CLOSE_COPY_SHARE:
        return None
    if (
        best.cosine >= SUPPORT_LOW
        and share >= SUPPORT_SHARE
        and _likeliest(best.probs) != "contradicts"
    ):
        return None
    if (
        best.cosine >= SUPPORT_AGREED
        and claim_share(claim, best.said) >= SUPPORT_AGREED_SHARE
        and _likeliest(best.probs) == "supports"
    ):
        return None
    # The claim's day and month in the sentence, with its names and half its words: a dated
    # event told in other words ('signed off by Putin on September 21' / 'Putin authorised ...
    # on September 21st'), as a matching figure tells the same count.
    if (
        best.cosine >= SUPPORT_DATED
        and share >= SUPPORT_SHARE
        and _same_day(claim, best.said)
        and _likeliest(best.probs) != "contradicts"
    ):
        return None
    return f"it reads only partly like the claim (cosine {best.cosine:.2f})"


SUPPORT_DATED = 0.62


# A sentence opening on a condition ('Should Kryvyi Rih fall, ...') says what would follow.
_CONDITIONAL = re.compile(r"\s*[\"“‘']?(?:should|if|were|unless|in case)\b", re.I)

_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth last final".split()
_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+(\w+)", re.I)


def _other_ordinal(claim: str, text: str) -> tuple[str, str] | None:
    """'the second Test' where the text has only 'the first Test': another one of the kind."""
    theirs: dict[str, set[str]] = {}
    for m in _ORDINAL.finditer(text):
        theirs.setdefault(m.group(2).lower(), set()).add(m.group(1).lower())
    for m in _ORDINAL.finditer(claim):
        told = theirs.get(m.group(2).lower())
        if told and m.group(1).lower() not in told:
            word = m.group(2).lower()
            return f"{m.group(1).lower()} {word}", f"{sorted(told)[0]} {word}"
    return None


def _other_day(claim: str, text: str) -> str | None:
    """A day and month of the text that the claim does not give, beside the one it does ('On May
    16 ..., declaring May 19 a day of mourning' against 'set May 16 as the day of mourning')."""
    mine = {(m, d) for m, d in month_days(claim) if d}
    if not mine or not mine & set(month_days(text)):
        return None
    claim_terms = {t for t in extract_terms(claim).weights if not t.startswith("#")}
    # Each date with the words from it to the next date: what the text says of that day.
    dates = [(m, month_days(m.group(0))[0]) for m in MONTH.finditer(text) if month_days(m.group(0))]
    said: dict[tuple, int] = {}
    for i, (m, date) in enumerate(dates):
        upto = dates[i + 1][0].start() if i + 1 < len(dates) else len(text)
        terms = set(extract_terms(text[m.end() : upto]).weights)
        said[date] = max(said.get(date, 0), len(claim_terms & terms))
    own = max(said.get(d, 0) for d in mine)
    for (month, day), shared in said.items():
        # The claim's words go with the other date: its statement is that one's.
        if day and (month, day) not in mine and shared > own:
            return f"{month.title()} {day}"
    return None


def _same_day(claim: str, text: str) -> bool:
    """Every day-and-month date of the claim (at least one) is in the text."""
    mine = [(m, d) for m, d in month_days(claim) if d]
    return bool(mine) and set(mine) <= set(month_days(text))


CLAUSE_SHARE = 0.34


def _uncovered_clause(claim: str, text: str) -> str | None:
    """A clause of a claim joining two statements that the text does not repeat ('Russia invaded
    on February 24 and had Kyiv under its control within weeks': the second half)."""
    parts = joined_statements(claim)
    if len(parts) < 2:
        return None
    words = set(extract_terms(text).weights)
    for part in parts:
        terms = set(extract_terms(part).weights)
        if len(terms) >= 3 and len(terms & words) / len(terms) < CLAUSE_SHARE:
            return part
    return None


def _part_unstated(claim: str, text: str) -> str | None:
    """'most of the 950' when the text gives the 950 but not what 'most' of them did."""
    for q in parse_quantities(claim):
        part = part_words(claim, q) if is_telling(q) else None
        if part:
            # The quantifier itself ('most', '82,000'), not the words joining it to the figure.
            quantifier = part.split()[0]
            if not re.search(rf"(?<![\w,.]){re.escape(quantifier.lower())}(?![\w,])", text.lower()):
                return f"{part} {q.text}"
    return None


def _telling(claim: str) -> bool:
    return any(is_telling(q) for q in parse_quantities(claim))


def _counts_the_claims(claim: str, text: str) -> bool:
    """The text has a figure that may count what a figure of the claim counts, and whose owner
    may be the claim's ('Ukraine's own toll at 10,000' is no count of 'Russian troops' 71,200')."""
    stated = [b for b in parse_quantities(text) if is_telling(b)]
    return any(
        comparable_units(a, b) and same_owner(figure_owner(claim, a), figure_owner(text, b))
        for a in parse_quantities(claim)
        if is_telling(a)
        for b in stated
    )


def _likeliest(probs: dict | None) -> str | None:
    """The classifier's likeliest stance for a span, None when it was not scored."""
    return max(probs, key=probs.get) if probs else None
