"""Periods of time with figures: a rate ('400 a day'), a period's total ('12,730 last month')."""

from __future__ import annotations

import re
from typing import Literal

Period = Literal["day", "week", "month", "year"]

# Calendar averages: a month's total and a daily rate compare as 12,730 / 30.44 ~ 418 a day.
DAYS: dict[Period, float] = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}

# The word a rate is written with -> its period ('daily' -> 'day').
PERIOD_OF_WORD: dict[str, Period] = {
    "day": "day", "daily": "day", "nightly": "day", "week": "week", "weekly": "week",
    "month": "month", "monthly": "month", "year": "year", "yearly": "year", "annually": "year",
    "annual": "year", "annum": "year",
}  # fmt: skip

# A rate's period written after its figure: '400 a day', 'over the past month', 'daily'.
RATE_AFTER = re.compile(
    r"\b(?:a|an|per|each|every|one|this|last|past|previous|in\s+a|in\s+one|within\s+a|"
    r"over\s+the\s+(?:past|last)|during\s+the\s+(?:past|last))\s+(day|week|month|year)\b"
    r"|\b(daily|weekly|monthly|yearly|annually|nightly)\b"
    r"|\bper\s+(annum)\b",
    re.IGNORECASE,
)

# ... or before it, in the same clause: 'daily losses of 400'.
RATE_BEFORE = re.compile(r"\b(daily|weekly|monthly|yearly|annual)\b[^.;:!?]*$", re.IGNORECASE)

# ... or leading its sentence, with no other figure between: 'In a single week, ... killed 12,730'.
RATE_LEAD = re.compile(
    r"\b(?:(?:in|within|during|over)\s+(?:a\s+single|a|one|just\s+one|the\s+(?:past|last))|"
    r"(?:^|,\s*)(?:last|this|past))\s+(day|week|month|year)\b[^\d.;:!?]*$",
    re.IGNORECASE,
)

# Words that make a figure a total over a period ('last month', 'in October', 'on Sunday').
PERIOD_TOTAL: dict[Period, re.Pattern] = {
    "month": re.compile(
        r"\b(this|last|a|a single|per|each|every|one|in the past|over the past) month\b|\bmonthly\b|\bin (january|february|march|april|may|june|july|august|september|october|november|december)\b"
        # a dated month names it too: 'Aug. 7-10' against 'in August'
        r"|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.\s+\d{1,2}\b",
        re.I,
    ),
    "week": re.compile(r"\b(this|last|a|per|each|every|one) week\b|\bweekly\b", re.I),
    # One day's count: '950 killed on Sunday', 'overnight', 'yesterday'.
    "day": re.compile(
        r"\b(a|a single|per|each|every|one) day\b|\bdaily\b|\bovernight\b|\byesterday\b|"
        r"\blast night\b|\bon (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        re.I,
    ),
    "year": re.compile(r"\b(this|last|a|per|each|every) year\b|\bannually\b", re.I),
}


def rate_period(before: str, after: str) -> Period | None:
    """The rate period stated with a number: '400 a day', 'last month', 'daily losses of 400'."""
    clause = re.split(r"[.;:!?,\d]", after, maxsplit=1)[0]  # up to the next number or clause end
    found = RATE_AFTER.search(clause)
    if found:
        word = next(g for g in found.groups() if g)
        return PERIOD_OF_WORD[word.lower()]
    found = RATE_BEFORE.search(before[-40:])
    if found and not re.search(r"\d", found.group(0)):
        return PERIOD_OF_WORD[found.group(1).lower()]
    sentence = re.split(r"[.!?]\s", before)[-1].lstrip()
    found = RATE_LEAD.search(sentence)
    if found:
        return PERIOD_OF_WORD[found.group(1).lower()]
    return None


def in_period(value: float, period: Period, target: Period) -> float:
    """A figure over one period expressed over another: 12,730 a month -> 418 a day."""
    return value / DAYS[period] * DAYS[target]


def periods_named(text: str) -> set[Period]:
    """The periods whose totals a text speaks of ('last month' -> {'month'})."""
    return {name for name, pattern in PERIOD_TOTAL.items() if pattern.search(text)}
