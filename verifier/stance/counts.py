"""Small counts and durations a sentence states: 'one crew member', 'three people', 'a two-month strike'.

The figure rules (verifier/stance/figures.py) leave numbers under ten out, since alone they identify
nothing; in a sentence already aligned with the claim, a changed small count or a changed length
of time is the detail that contradicts it.
"""

from __future__ import annotations

import math
import re

from verifier.extract.quantities import _TENS, _WORD_NUMBERS, _counted_noun, parse_quantities
from verifier.overlap import _stem
from verifier.periods import DAYS
from verifier.schemas import Quantity

# Not 'a'/'an': '400 soldiers a day' is a rate, not a day's length.
_NUMBER_WORDS = "|".join(["one", "a single", *_WORD_NUMBERS])
_DURATION = re.compile(
    rf"\b(?P<n>\d+(?:\.\d+)?|{_NUMBER_WORDS})[\s-](?P<unit>day|week|month|year)s?(?:[\s-]long)?\b",
    re.IGNORECASE,
)
# 'one crew member': parse_quantities reads number words from two up.
# Not the 'one' of 'twenty-one' or 'twenty one', which parse_quantities reads whole.
_ONE = re.compile(r"(?<![\w-])(?:one|a single)\s+", re.IGNORECASE)
_TENS_BEFORE = re.compile(rf"\b(?:{_TENS})\s+$", re.IGNORECASE)
# A duration is a length of time, not a point in it: 'two years ago', 'a year earlier' are dates.
_POINT_AFTER = re.compile(r"^\s*(?:ago|earlier|later|before|after|since|from now)\b", re.I)


def small_counts(text: str) -> dict[str, set[float]]:
    """Counted noun (stemmed) -> the counts under ten the text states for it."""
    found: dict[str, set[float]] = {}
    for unit, value, _ in _small_counts(text):
        found.setdefault(unit, set()).add(value)
    return found


def _small_counts(text: str) -> list[tuple[str, float, str]]:
    """(stemmed noun, count, as written: 'Three ... generals') of each count under ten."""
    found = []
    for q in parse_quantities(text):
        if q.unit and q.value < 10 and q.qualifier == "exact" and q.per is None:
            found.append((_stem(q.unit.lower()), q.value, f"{q.text} {q.unit}"))
    for m in _ONE.finditer(text):
        if _TENS_BEFORE.search(text[: m.start()]):
            continue
        unit = _counted_noun(text[m.end() :])
        if unit and not text[m.end() :].lstrip().lower().startswith("of"):
            found.append((_stem(unit), 1.0, f"{m.group(0).strip()} {unit}"))
    return found


def _written(text: str, unit: str) -> str:
    """How the text writes its small count of this noun ('one crew', 'Three generals')."""
    return next((w for u, _, w in _small_counts(text) if u == unit), unit)


def durations(text: str) -> set[float]:
    """The lengths of time the text states, in days: 'a two-month strike' -> {60}."""
    out = set()
    for m in _DURATION.finditer(text):
        if _POINT_AFTER.match(text[m.end() :]):
            continue
        n = m.group("n").lower()
        value = 1.0 if n in ("one", "a single") else _WORD_NUMBERS.get(n)
        value = float(n) if value is None else float(value)
        out.add(value * DAYS[m.group("unit").lower()])
    return out


def _admits(q: Quantity, value: float) -> bool:
    """Whether a stated figure admits a count: 'at least 10' admits 12, not 3."""
    low, high = {
        "at least": (q.value, math.inf),
        "more than": (q.value, math.inf),
        "up to": (0.0, q.value),
        "less than": (0.0, q.value),
        "nearly": (q.value * 0.9, q.value),
        "about": (q.value * 0.85, q.value * 1.15),
    }.get(q.qualifier, (q.value, q.value))
    return low <= value <= high


def differing_count(claim: str, sentence: str) -> tuple[str, str] | None:
    """The claim's small count or duration where the sentence states another for the same thing."""
    theirs = small_counts(sentence)
    stated_q = [q for q in parse_quantities(sentence) if q.unit and q.per is None]
    for unit, values in small_counts(claim).items():
        stated = theirs.get(unit)
        if stated and not values & stated:
            return _written(claim, unit), _written(sentence, unit)
        # A bound or a larger count for the same thing: 'three generals' against 'at least 10'.
        same = [q for q in stated_q if _stem(q.unit.lower()) == unit]
        if same and not stated and not any(_admits(q, v) for q in same for v in values):
            q = same[0]
            bound = "" if q.qualifier == "exact" else f"{q.qualifier} "
            return _written(claim, unit), f"{bound}{q.text} {q.unit}"
    a, b = durations(claim), durations(sentence)
    # Only a lone length on each side: 'two weeks' against 'a two-month strike', not a list of them.
    if len(a) == 1 and len(b) == 1 and not _same_length(next(iter(a)), next(iter(b))):
        return _days(next(iter(a))), _days(next(iter(b)))
    return None


def _same_length(a: float, b: float) -> bool:
    """Two lengths in days that are one ('12 months' and 'a year', in calendar averages)."""
    return abs(a - b) <= 0.01 * max(a, b)


def _days(days: float) -> str:
    for unit, size in sorted(DAYS.items(), key=lambda kv: -kv[1]):
        n = round(days / size)
        if n >= 1 and abs(days / size - n) < 0.01:
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{days:g} days"
