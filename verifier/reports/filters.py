"""Which claims of a report to show: by article, verdict that stands, kind, hedging, text, article pair."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from verifier.reports.model import ClaimEntry, find_links
from verifier.verdict_labels import NOT_CHECKED


def filter_entries(
    entries: Iterable[ClaimEntry],
    *,
    articles: Collection[str] = (),
    verdicts: Collection[str] = (),
    kinds: Collection[str] = (),
    hedged: bool | None = None,
    text: str = "",
    pair: tuple[str, str] | None = None,
) -> list[ClaimEntry]:
    """Entries matching every filter; an empty filter (or None) restricts nothing.

    verdicts match the verdict that stands, or NOT_CHECKED for a claim without one.
    """
    return [
        e
        for e in entries
        if (not articles or e.article_id in articles)
        and (not verdicts or (e.verdict or NOT_CHECKED) in verdicts)
        and (not kinds or e.kind in kinds)
        and (hedged is None or e.hedged == hedged)
        and (not text or text.lower() in e.text.lower())
        and (not pair or links_pair(e, pair))
    ]


def links_pair(entry: ClaimEntry, pair: tuple[str, str]) -> bool:
    """True when the claim is in one article of the pair and judged against a passage of the other."""
    return entry.article_id in pair and any(
        {link.source, link.target} == set(pair) for link in find_links([entry])
    )
