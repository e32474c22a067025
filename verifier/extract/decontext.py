"""Self-contained claim text without a model: only what the article itself settles, never a guess."""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
_RELATIVE = re.compile(
    r"\b(last month|this month|last year|this year|yesterday|today)\b(?!\s*\()", re.IGNORECASE
)


def parse_published(published: str | None) -> date | None:
    """The publication date of an article when it is given as an ISO date (YYYY-MM-DD...)."""
    if not published:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _month(day: date, shift: int) -> str:
    index = day.year * 12 + day.month - 1 + shift
    return f"{_MONTH_NAMES[index % 12]} {index // 12}"


def resolve_relative_dates(text: str, published: date | None) -> str:
    """'last month' -> 'last month (September 2022)' when the publication date is known."""
    if published is None:
        return text
    meanings = {
        "last month": _month(published, -1),
        "this month": _month(published, 0),
        "last year": str(published.year - 1),
        "this year": str(published.year),
        "yesterday": (published - timedelta(days=1)).isoformat(),
        "today": published.isoformat(),
    }
    return _RELATIVE.sub(lambda m: f"{m.group(0)} ({meanings[m.group(0).lower()]})", text)


def contextual_text(candidate, published: date | None = None) -> str:
    """The sentence as a claim: a carried speaker made explicit, relative dates pinned."""
    text = resolve_relative_dates(" ".join(candidate.text.split()), published)
    speaker = candidate.attributed_to
    source = getattr(candidate, "speaker_source", "")
    if source == "pronoun" and speaker:
        replaced = re.sub(r"^(?:He|She|They|It)\b", speaker, text, count=1)
        return replaced if replaced != text else f"According to {speaker}: {text}"
    if source == "quotation" and speaker:
        body = text.strip('“”"')
        return f"According to {speaker}: {body}"
    return text
