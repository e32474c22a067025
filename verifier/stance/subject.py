"""Whose figure is it: actors and their aliases, the owner of a count, and how two figures relate."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from verifier.periods import in_period, periods_named
from verifier.schemas import Quantity
from verifier.stance.figures import CUMULATIVE, WINDOW_MAX_RATIO, measure_of

# One actor under its usual names: a country, its capital, its government and its leaders.
ACTORS: dict[str, re.Pattern] = {
    "russia": re.compile(
        r"\b(russia|russians?|kremlin|moscow|putin|shoigu|gerasimov|dvornikov|peskov|lavrov)\b",
        re.I,
    ),
    "ukraine": re.compile(
        r"\b(ukraine|ukrainians?|kyiv|kiev|zelensky|zelenskyy|zelenskiy|zaluzhny)\b", re.I
    ),
    "uk": re.compile(r"\b(?i:britain|british|london|downing street)\b|\bUK\b"),
    "us": re.compile(
        r"\b(?i:american|americans|washington|pentagon|white house|food and drug administration)\b"
        r"|\bU\.?S\.?\b|\bFDA\b"
    ),
    "belarus": re.compile(r"\b(belarus|belarusian|minsk|lukashenko)\b", re.I),
}
# Verbs whose subject acts on the counted people ("Ukraine killed 13,000 soldiers"): the count
# belongs to the other side, not to the subject.
AGENT_VERB = re.compile(
    r"\b(killed|kills|kill|killing|destroyed|wounded|captured|shot down|eliminated|"
    r"took prisoner|taken prisoner|arrested|detained)\s+(?:(?:a further|an? estimated|some|"
    r"more than|over|almost|nearly|about|around|at least|up to|as many as)\s+)?$",
    re.I,
)
_CLAUSE_END = re.compile(r"[.!?;]\s")

Relation = Literal["agree", "conflict", "apart"]


@dataclass(frozen=True)
class Owner:
    """Whose count a figure is: an actor, anyone but an actor (the agent's victims), or unknown."""

    actor: str | None = None
    not_actor: str | None = None


def actors_in(text: str) -> list[tuple[int, str]]:
    """(position, actor) of every actor named in a text, in order."""
    found = [(m.start(), name) for name, pattern in ACTORS.items() for m in pattern.finditer(text)]
    return sorted(found)


_SAYS = (
    r"(?:says?|said|believes?|believed|estimates?|estimated|thinks?|reports?|reported|expects?|"
    r"expected|claims?|claimed|assesses|assessed)"
)
_SOURCE_AFTER = re.compile(r"^(?:['’]s)?(?:\s+[a-z]+){0,3}\s+" + _SAYS + r"\b")
_SOURCE_BEFORE = re.compile(r"\b(?:according to|by|in the view of)(?:\s+the)?\s+$", re.I)


def sources_in(claim: str) -> set[str]:
    """Actors the claim cites as its source: 'according to the UK', 'British officials say'."""
    found = set()
    for actor, pattern in ACTORS.items():
        for m in pattern.finditer(claim):
            if _SOURCE_BEFORE.search(claim[max(0, m.start() - 25) : m.start()]) or (
                _SOURCE_AFTER.match(claim[m.end() : m.end() + 50])
            ):
                found.add(actor)
    return found


def actor_of(term: str) -> str | None:
    """The actor a single word names by any alias ('Kremlin’s' -> 'russia'), or None."""
    word = term.strip("’'").removesuffix("’s").removesuffix("'s")
    for actor, pattern in ACTORS.items():
        if pattern.fullmatch(word):
            return actor
    return None


# A sentence that opens with a subordinate clause names its subject after the first comma.
_OPENER = re.compile(
    r"^(?:despite|after|while|although|though|since|as|when|before|following|having|with|"
    r"in|on|by|during|amid|according)\b",
    re.I,
)
# Not inside a quotation: a speaker's 'they' points into the speaker's story, not the article's.
_LEADING_PRONOUN = re.compile(r"^(It|They)\b")


def subject_actor(sentence: str) -> str | None:
    """The actor a sentence is about, as the sentence names it: in its first words, or after an opening clause."""
    text = sentence.strip().lstrip("\"“‘'")
    starts = [0]
    if _OPENER.match(text) and "," in text:
        starts.append(text.index(",") + 1)
    for start in starts:
        head = " ".join(text[start:].split()[:3])
        found = [m for pattern in ACTORS.values() if (m := pattern.search(head))]
        if found:
            return min(found, key=lambda m: m.start()).group(0)
    return None


def opens_with_pronoun(text: str) -> bool:
    """The text opens with 'It' or 'They', outside any quotation."""
    return _LEADING_PRONOUN.match(text) is not None


def resolve_leading_pronoun(sentence: str, previous: str) -> str | None:
    """The sentence with an opening 'It'/'They' replaced by the previous sentence's actor, or None.

    Only when that sentence is plainly about one actor ('Despite taking Luhansk, Russia's army
    ...' then 'It suffered a major defeat'): a guess would put words in the archive's mouth.
    """
    m = _LEADING_PRONOUN.match(sentence)
    if not m:
        return None
    actor = subject_actor(previous)
    if actor is None:
        return None
    return actor + sentence[m.end(1) :]


def starts_sentence(text: str, pos: int) -> bool:
    """The word at `pos` opens a sentence (capitalised anyway, so no sign of a name)."""
    before = text[:pos].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?:"


def figure_owner(text: str, q: Quantity) -> Owner:
    """Whose count `q` is in `text`: 'Russian soldiers', 'the Kremlin ... 300,000', 'Ukraine killed N'."""
    at = _locate(text, q)
    if at < 0:
        return Owner()
    end = at + len(q.text)
    noun = text[end : end + 60]
    if q.unit:
        cut = noun.lower().find(q.unit)
        named = actors_in(noun[: cut + len(q.unit)]) if cut >= 0 else []
        if named:  # '13,000 Russian soldiers', '60,000 Russians'
            return Owner(actor=named[0][1])
    before = text[:at]
    clause = before[_last_clause_start(before) :]
    named = actors_in(clause)
    if not named:
        return Owner()
    pos, actor = named[-1]
    if AGENT_VERB.search(clause):
        return Owner(not_actor=actor)
    return Owner(actor=actor)


def _last_clause_start(before: str) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(before)]
    return ends[-1] if ends else 0


def _locate(text: str, q: Quantity) -> int:
    found = re.search(rf"(?<![\w,.]){re.escape(q.text)}(?![\w]|,\d)", text)
    return found.start() if found else -1


def same_owner(a: Owner, b: Owner) -> bool:
    """Whether two figures may count the same side's people (unknown owners may)."""
    if a.actor and b.actor:
        return a.actor == b.actor
    if a.actor and b.not_actor:
        return a.actor != b.not_actor
    if b.actor and a.not_actor:
        return b.actor != a.not_actor
    if a.not_actor and b.not_actor:
        return a.not_actor == b.not_actor
    return True


def bounds(q: Quantity, value: float | None = None) -> tuple[float, float]:
    """The values a figure admits as written: 'more than 400' is (400, inf); '13,000' ~ 12,750..13,250."""
    v = q.value if value is None else value
    tolerance = max(0.02 * v, 0.25 * _rounding(q))
    if q.unit == "percent" and not any(c.isdigit() for c in q.text):
        tolerance = max(tolerance, 0.15 * v)  # 'a quarter' is said loosely
    lower_open = v * (1 + 1e-9)
    return {
        "about": (v * 0.85, v * 1.15),
        "nearly": (v * 0.9, v),
        "at least": (v, math.inf),
        "more than": (lower_open, math.inf),
        "up to": (0.0, v),
        "less than": (0.0, v * (1 - 1e-9)),
    }.get(q.qualifier, (v - tolerance, v + tolerance))


def _rounding(q: Quantity) -> float:
    """The unit a figure is rounded to: 300,000 -> 100,000; 12,730 -> 10; a word -> its value."""
    digits = re.sub(r"[^\d.]", "", q.text)
    if not digits or "." in digits:
        return 0.0 if digits else q.value
    zeros = len(digits) - len(digits.rstrip("0"))
    scale = q.value / float(digits) if float(digits) else 1.0  # '1.5 million', '20k'
    return (10.0**zeros) * scale


def relate(a: Quantity, claim: str, b: Quantity, sentence: str, *, near_copy: bool) -> Relation:
    """Whether two counts of one thing agree, conflict, or measure things apart (rate vs total, ...)."""
    m_a, m_b = measure_of(claim), measure_of(sentence)
    if m_a and m_b and m_a != m_b:
        return "apart"  # killed vs killed and wounded
    if bool(a.per) != bool(b.per):
        return "apart"  # 400 a day vs 12,730 last month: a rate is no total
    value_b = b.value
    if a.per and b.per and a.per != b.per:
        value_b = in_period(b.value, b.per, a.per)
    elif (
        not a.per
        and periods_named(_up_to(claim, a)) ^ periods_named(_up_to(sentence, b))
        and not near_copy
    ):
        return "apart"  # a total over a month vs one with no period
    ia, ib = bounds(a), bounds(b, value_b)
    if ia[0] <= ib[1] and ib[0] <= ia[1]:
        # Two bounds one way an order apart: the claim makes 'at least 10' 'at least 100', a
        # figure the sentence never gives (the weaker 'at least 10' for 'at least 100' agrees).
        if _same_direction(a, b) and _inflated(a.value, value_b, a.qualifier):
            return "conflict"
        return "agree"
    # A toll only grows: 'fewer than 50,000 have died' is no earlier figure of 'at least 71,200'
    # unless the claim dates it, and a later one cannot be smaller.
    undated = not (periods_named(claim) or _DATED.search(claim))
    if a.qualifier in _UPPER and ib[0] >= ia[1] and undated:
        return "conflict"
    if not a.per and not near_copy and (CUMULATIVE.search(claim) or CUMULATIVE.search(sentence)):
        ratio = max(a.value, value_b) / max(min(a.value, value_b), 1e-9)
        if ratio <= WINDOW_MAX_RATIO:
            return "apart"  # running totals at different dates: 60,000 in September, 71,200 later
    return "conflict"


def _up_to(text: str, q: Quantity) -> str:
    """The text up to the end of the figure's clause: a period named after it is another's
    ('71,200 since February 24, ... which shares daily updates')."""
    at = text.find(q.text)
    if at < 0:
        return text
    end = re.search(r"[,;:]|$", text[at + len(q.text) :])
    return text[: at + len(q.text) + end.start()]


_LOWER = ("at least", "more than")
# A month or a year in a text: its figure is dated ('may' is mostly the verb).
_DATED = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december"
    r"|(?:19|20)\d\d)\b",
    re.I,
)
_UPPER = ("up to", "less than")


def _same_direction(a: Quantity, b: Quantity) -> bool:
    return (a.qualifier in _LOWER and b.qualifier in _LOWER) or (
        a.qualifier in _UPPER and b.qualifier in _UPPER
    )


def _inflated(claimed: float, stated: float, qualifier: str) -> bool:
    """The claim's bound is an order beyond the sentence's, on the side the bound promises."""
    if qualifier in _LOWER:
        return claimed > WINDOW_MAX_RATIO * stated
    return stated > WINDOW_MAX_RATIO * claimed


def show(q: Quantity) -> str:
    """A figure as a reader would write it: 'more than 400 soldiers a day'."""
    qualifier = "" if q.qualifier == "exact" else f"{q.qualifier} "
    unit = "" if not q.unit or q.unit == "percent" and "%" in q.text else f" {q.unit}"
    if q.unit == "percent" and not any(c.isdigit() for c in q.text):
        unit = f" ({q.value:g} percent)"
    per = f" a {q.per}" if q.per else ""
    return f"{qualifier}{q.text}{unit}{per}"
