"""Dates as contradiction cues and support conditions: months, days, years, weekdays, seasons."""

from __future__ import annotations

import re

from verifier.extract.quantities import parse_quantities
from verifier.stance.cue import Cue
from verifier.stance.figures import (
    is_telling,
)

MONTHS = (
    "january february march april may june july august september october november december".split()
)


MONTH = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + "|".join(m.title() for m in MONTHS) + r"|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?"
)


_SHORT = {m[:3]: m for m in MONTHS} | {"sept": "september"}


WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b", re.I)
# The time of day, as a part of it: 'pre-dawn' and 'late in the evening' are hours apart.
_DAYTIME = re.compile(
    r"\b(?:(?:pre-?)?(dawn|daybreak|sunrise)|(morning)|(midday|noon|afternoon)|(evening|dusk|sunset)"
    r"|(night|overnight|midnight|nightfall))\b",
    re.I,
)


def _daytimes(text: str) -> set[str]:
    """Parts of the day a text names: dawn, morning, afternoon, evening, night."""
    names = ("dawn", "morning", "afternoon", "evening", "night")
    return {names[next(i for i, g in enumerate(m.groups()) if g)] for m in _DAYTIME.finditer(text)}


def month_days(text: str) -> list[tuple[str, int | None]]:
    out = []
    for m in MONTH.finditer(text):
        month = m.group(2).lower().rstrip(".")
        month = _SHORT.get(month[:4] if month.startswith("sept") else month[:3], month)
        day = m.group(1) or m.group(3)
        if month == "may" and not day:
            continue  # the verb 'may'
        out.append((month, int(day) if day else None))
    return out


def differing_dates(claim: str, sentence: str) -> list[Cue]:
    # A date differing next to a differing figure is a running total at another time, not a
    # contradiction ('60,000 in September' vs '71,200 in November'): the figure rules decide.
    told = [q for q in parse_quantities(claim) if is_telling(q)]
    stated = {q.value for q in parse_quantities(sentence)}
    if any(q.value not in stated for q in told):
        return []
    cues = []
    for q in told:
        # The claim's figure stated for another year ('1.74 million in 1993, 10.3 million in
        # 1995' against '10.3 million in 1993'): the year the figure goes with differs.
        mine = _year_of(claim, q.text)
        theirs = {
            _year_of(sentence, b.text) for b in parse_quantities(sentence) if b.value == q.value
        }
        theirs.discard(None)
        if mine and theirs and mine not in theirs:
            return [Cue("date", f"{q.text} in {mine}", f"{q.text} in {', '.join(sorted(theirs))}")]
    cm, sm = month_days(claim), month_days(sentence)
    if cm and sm:
        s_months = {m for m, _ in sm}
        for month, day in cm:
            if month not in s_months:
                cues.append(Cue("date", month, ", ".join(sorted(s_months))))
                break
            s_days = {d for m, d in sm if m == month and d}
            if day and s_days and day not in s_days:
                cues.append(Cue("date", f"{day} {month}", f"{min(s_days)} {month}"))
                break
    for pattern in (YEAR, WEEKDAY, _SEASON):
        a = {x.lower() for x in pattern.findall(claim)}
        b = {x.lower() for x in pattern.findall(sentence)}
        if a and b and not a & b:
            cues.append(Cue("date", ", ".join(sorted(a)), ", ".join(sorted(b))))
    a, b = _daytimes(claim), _daytimes(sentence)
    if a and b and not a & b:
        cues.append(Cue("date", ", ".join(sorted(a)), ", ".join(sorted(b))))
    cues += _relative_periods(claim, sentence)
    return cues[:1]


# A period named from the day of writing: 'late last month', 'early this week', 'next year'.
_RELATIVE = re.compile(
    r"\b(?:(early|earlier|late|later|mid)[\s-]+(?:in\s+)?)?(this|last|previous|next|coming|current)"
    r"\s+(week|weekend|month|year|season)\b",
    re.I,
)
_WHICH = {"previous": "last", "coming": "next", "current": "this"}
_PART = {"earlier": "early", "later": "late"}


def _relative_periods(claim: str, sentence: str) -> list[Cue]:
    """'early this month' where the sentence says 'late last month' of the same kind of period."""

    def periods(text):
        out = {}
        for m in _RELATIVE.finditer(text):
            part, which, unit = (g.lower() if g else "" for g in m.groups())
            out.setdefault(unit, set()).add(
                (_WHICH.get(which, which), _PART.get(part, part), m.group(0))
            )
        return out

    mine, theirs = periods(claim), periods(sentence)
    for unit, said in mine.items():
        told = theirs.get(unit)
        if not told:
            continue
        for which, part, words in said:
            # The same period agrees; a part of it ('early') differs only from another part ('late').
            if any(w == which and (not part or not p or p == part) for w, p, _ in told):
                continue
            return [Cue("date", words, sorted(t[2] for t in told)[0])]
    return []


def _year_of(text: str, figure: str) -> str | None:
    """The year a figure goes with: the one after it in its clause, else one before it and no other figure."""
    at = text.find(figure)
    if at < 0:
        return None
    after = re.split(r"[,;.](?:\s|$)", text[at + len(figure) :], maxsplit=1)[0]
    found = YEAR.search(after)
    if found:
        return found.group(1)
    before = re.split(r"[,;.]\s", text[:at])[-1]
    found = list(YEAR.finditer(before))
    # A year that follows another figure is that figure's ('from 1.74 million in 1993 to 10.3
    # million two years later').
    if not found or re.search(r"\d", before[: found[-1].start()]):
        return None
    return found[-1].group(1)


def dates_stated(claim: str, text: str) -> bool:
    """Every month, year and weekday of the claim is in the text: a support states the claim's dates."""
    months = {m for m, _ in month_days(text)}
    if any(m not in months for m, _ in month_days(claim)):
        return False
    for pattern in (YEAR, WEEKDAY):
        said = {x.lower() for x in pattern.findall(text)}
        if any(x.lower() not in said for x in pattern.findall(claim)):
            return False
    return True
