"""Deterministic comparison of the figures of a claim and of an evidence sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from verifier.periods import PERIOD_TOTAL, in_period
from verifier.schemas import Quantity

Finding = Literal["match", "window", "measure", "period", "mismatch", "none"]

# Words that make a count a running total: two totals at different dates differ without conflict.
CUMULATIVE = re.compile(
    r"\b(total|toll|to date|so far|since|in all|overall|altogether|cumulative|now lost|has lost|have lost|death toll)\b",
    re.I,
)
# Running totals of one count at two dates are of one order: 60,000 then 71,200, not 10 then 71,200.
WINDOW_MAX_RATIO = 3.0
KILLED_AND_WOUNDED = re.compile(
    r"\b(killed|dead) (and|or) (wounded|injured)\b|\bcasualties\b|\blosses\b", re.I
)
KILLED = re.compile(r"\b(killed|dead|died|deaths?|death toll|lost their lives|perished)\b", re.I)
PERCENT_UNITS = {"percent", "%", "per cent"}
# Units a count of people can never be compared with.
STRICT_UNITS = {
    "gbp",
    "usd",
    "eur",
    "inr",
    "jpy",
    "cny",
    "rub",
    "uah",
    "zar",
    "mm",
    "cm",
    "km",
    "kg",
    "m",
    "miles",
    "tonnes",
    "tons",
    "litres",
}


@dataclass(frozen=True)
class FigureCheck:
    """What the figures of a claim and a sentence say about each other, in words."""

    finding: Finding
    detail: str = ""


def measure_of(text: str) -> str | None:
    """'killed and wounded', 'killed' or None: which toll a sentence counts."""
    if KILLED_AND_WOUNDED.search(text):
        return "killed and wounded"
    if KILLED.search(text):
        return "killed"
    return None


def _period(q: Quantity, text: str) -> str | None:
    if q.per:
        return q.per
    for name, pattern in PERIOD_TOTAL.items():
        if name != "day" and pattern.search(text):
            return name  # a total over that period ("12,730 last month")
    return None


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    """The values a figure admits: 'nearly 60,000' is 54,000..60,000; exact figures allow rounding."""
    return {
        "exact": (value * 0.97, value * 1.03),
        "about": (value * 0.85, value * 1.15),
        "nearly": (value * 0.9, value * 1.0),
        "at least": (value, value * 1.3),
        "more than": (value, value * 1.3),
        "up to": (value * 0.7, value),
        "less than": (value * 0.7, value),
    }.get(qualifier, (value * 0.97, value * 1.03))


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def unit_kind(unit: str) -> str:
    """percent, a currency or physical unit (itself), or 'count' for anything counted."""
    unit = unit.lower().strip()
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in STRICT_UNITS:
        return unit
    return "count"


# One count under different names: a toll of soldiers is one of troops, personnel, Russians, or
# of the killed and dead ('71,200 killed'); measure_of tells killed from killed and wounded.
FORCES = frozenset(
    """soldiers troops personnel men servicemen russians ukrainians reservists recruits conscripts
    fighters mobilised killed dead wounded injured casualties deaths losses""".split()
)
# Counts of people that "people" (or a bare figure) may stand for, but that differ from each other.
PEOPLE = FORCES | frozenset(
    """generals officers commanders civilians children residents citizens prisoners refugees
    workers voters patients participants subjects adults women""".split()
)
GENERIC = frozenset({"people", "persons", "individuals"})
# Any word that names a group of people: a count of them is never a year or a unit of measure.
NAMED_GROUPS = PEOPLE | GENERIC


def comparable_units(a: Quantity, b: Quantity) -> bool:
    """Percent with percent, GBP with GBP; counts of one thing (soldiers, troops, Russians...)."""
    if unit_kind(a.unit) != unit_kind(b.unit):
        return False
    if unit_kind(a.unit) != "count":
        return True
    ua, ub = a.unit.lower().strip(), b.unit.lower().strip()
    if not ua or not ub or ua == ub or (ua in FORCES and ub in FORCES):
        return True
    if ua not in NAMED_GROUPS and ub not in NAMED_GROUPS:
        # The unit is the next word, as written ('7489 bp', '7489 baise pairs'): two words that
        # name no known group say nothing, so the same figure is one count and another is not.
        return _overlaps(_interval(a.value, a.qualifier), _interval(b.value, b.qualifier))
    # 10 generals and 71,200 troops are counts of different things; 300,000 people may be reservists.
    return (ua in GENERIC and ub in NAMED_GROUPS) or (ub in GENERIC and ua in PEOPLE)


def is_telling(q: Quantity) -> bool:
    """Skip figures too small or date-like to identify anything (a '24' of 'February 24')."""
    if q.unit.lower() in PERCENT_UNITS:
        return True
    if 1900 <= q.value <= 2100 and float(q.value).is_integer() and not q.unit:
        return False
    if _year_like(q) and q.unit.lower() not in NAMED_GROUPS:
        # 'the 2022 invasion' is a year, not 2022 invasions; '1500 participants' is a count.
        return False
    # 'fewer than five generals' against 'at least 10': a bound on a named group tells at any size.
    if q.qualifier != "exact" and q.value >= 2 and q.unit.lower() in NAMED_GROUPS:
        return True
    return q.value >= 10


def _year_like(q: Quantity) -> bool:
    """Four plain digits in 1900..2100, as a year is written ('2,022' is a count)."""
    digits = q.text.strip()
    return len(digits) == 4 and digits.isdigit() and 1900 <= q.value <= 2100


def _scaled(q: Quantity, period: str | None, target: str | None) -> float:
    if period and target and period != target:
        return in_period(q.value, period, target)
    return q.value


def compare_figures(
    claim: str, claim_q: list[Quantity], sentence: str, sentence_q: list[Quantity]
) -> FigureCheck:
    """Compare figures: match, different time windows, measures or periods, mismatch, or none."""
    pairs = [
        (a, b)
        for a in claim_q
        if is_telling(a)
        for b in sentence_q
        if is_telling(b) and comparable_units(a, b)
    ]
    if not pairs:
        return FigureCheck("none")
    m_claim, m_sentence = measure_of(claim), measure_of(sentence)
    different_measure = bool(m_claim and m_sentence and m_claim != m_sentence)
    best: FigureCheck | None = None
    for a, b in pairs:
        pa, pb = _period(a, claim), _period(b, sentence)
        rate = bool(a.per or b.per)
        if rate and pa and pb:
            # Compare in the claim's period: 12,730 a month ~ 418 a day ~ "more than 400 a day".
            va, vb = a.value, _scaled(b, pb, pa)
        elif rate:
            # A rate or period total against a figure with no period ("12,730 last month" vs
            # "950 on Sunday"): another figure counts another stretch of time; the same one may
            # be the same report, which the judge decides.
            if not _overlaps(_interval(a.value, a.qualifier), _interval(b.value, b.qualifier)):
                best = best or FigureCheck(
                    "period",
                    f"{a.text}{' per ' + pa if pa else ''} vs {b.text}"
                    f"{' per ' + pb if pb else ''}: counts over another period than the claim's",
                )
            continue
        else:
            va, vb = a.value, b.value
        ia, ib = _interval(va, a.qualifier), _interval(vb, b.qualifier)
        shown = f"{a.text}{' per ' + pa if pa and rate else ''} vs {b.text}{' per ' + pb if pb and rate else ''}"
        if _overlaps(ia, ib):
            if different_measure:
                return FigureCheck(
                    "measure", f"{shown}: {m_claim} is not {m_sentence}, a different measure"
                )
            return FigureCheck("match", f"{shown}: the figures agree")
        if not rate and (
            CUMULATIVE.search(claim) or CUMULATIVE.search(sentence) or _open_ended(a, b)
        ):
            if max(va, vb) > WINDOW_MAX_RATIO * min(va, vb):
                if _same_named_unit(a, b):
                    # One named count an order apart is a misquote ('at least 100 generals'
                    # for 'at least 10'), not one toll grown between two dates.
                    best = best or FigureCheck("mismatch", f"{shown}: the figures differ")
                continue  # 10 generals and 71,200 dead are not one toll counted at two dates
            best = best or FigureCheck(
                "window", f"{shown}: running totals at different dates differ without contradicting"
            )
        elif different_measure:
            best = best or FigureCheck(
                "measure", f"{shown}: {m_claim} is not {m_sentence}, a different measure"
            )
        else:
            best = best or FigureCheck("mismatch", f"{shown}: the figures differ")
    return best or FigureCheck("none")


def _open_ended(a: Quantity, b: Quantity) -> bool:
    """'nearly 60,000' and 'at least 71,200' are bounds, typical of tolls that keep growing."""
    # 'about 10,000' is a rounded figure, not a toll still growing: it is compared as one.
    bounds = {"nearly", "at least", "more than", "up to", "less than"}
    return a.qualifier in bounds or b.qualifier in bounds


def _same_named_unit(a: Quantity, b: Quantity) -> bool:
    """Both figures name what they count, and it is one thing: 'at least 10 generals' / '100 generals'."""
    ua, ub = a.unit.lower().strip(), b.unit.lower().strip()
    return bool(ua and ub) and (ua == ub or (ua in FORCES and ub in FORCES))


# A figure the claim takes a part of: 'most of the 300,000', 'all 300,000', '82,000 of the 300,000'.
_PART_BEFORE = re.compile(
    # 'some 400' is about 400: 'some' takes a part only with 'of'.
    r"(?:\b(?:most|all|half|none|few|many|several|part|much|each|every|majority|minority|"
    r"rest|bulk)(?:\s+of)?|\bsome\s+of|\d[\d,.]*\s+of)"
    r"(?:\s+(?:the|these|those|its|their|his|her))?\s+$",
    re.I,
)


def part_of(claim: str, a: Quantity) -> bool:
    """The claim says something of a part of the figure's count, not of the count itself."""
    return part_words(claim, a) is not None


def part_words(claim: str, a: Quantity) -> str | None:
    """The words that take a part of the figure ('most of the', 'all'), None when there are none."""
    at = claim.find(a.text)
    found = _PART_BEFORE.search(claim[:at]) if at >= 0 else None
    return found.group(0).strip() if found else None
