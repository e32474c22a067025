"""Render a Report as schema.org ClaimReview JSON-LD: one ClaimReview per checked or reviewed claim.

Rating scale (worstRating 1, bestRating 4): how well the rest of the archive bears the claim out.
contradicted = 1 (passages contradict it), disputed = 2 (passages both ways),
unverified = 3 (nothing found either way), corroborated = 4 (passages support it).
`alternateName` carries the textual verdict: the reviewer's when a reviewer overrode the machine.
"""

from __future__ import annotations

import json
import re

from verifier.escaping import safe_url
from verifier.reports.jsonout import escape_json_html
from verifier.reports.model import Appearance, ArticleRef, ClaimEntry, Report
from verifier.reports.text import review_note
from verifier.verdict_labels import RATING_BEST, RATING_WORST, STYLES, VERDICTS

RATINGS = {verdict: STYLES[verdict].rating for verdict in VERDICTS}
WORST, BEST = RATING_WORST, RATING_BEST
# Words that make an asserting source an Organization rather than a Person.
_ORG_WORDS = re.compile(
    r"\b(ministry|department|office|agency|government|army|forces|military|command|council|"
    r"company|group|institute|service|services|news|media|kremlin|nato|un|eu|mod|hq|"
    r"intelligence|police|authorities|officials)\b",
    re.IGNORECASE,
)


def _creative_work(a: ArticleRef) -> dict:
    work: dict = {"@type": "CreativeWork", "headline": a.title, "name": a.title}
    url = safe_url(a.url)
    if url:
        work["url"] = url
    if a.published:
        work["datePublished"] = a.published
    if a.outlet:
        work["publisher"] = {"@type": "Organization", "name": a.outlet}
    return work


def _asserter(name: str) -> dict:
    kind = "Organization" if _ORG_WORDS.search(name) else "Person"
    return {"@type": kind, "name": name}


def _claim_review(
    entry: ClaimEntry,
    appearances: list[Appearance],
    articles: dict[str, ArticleRef],
    author: str,
    day: str,
) -> dict:
    works, seen = [], set()
    for a in appearances:
        if a.article_id not in seen:
            seen.add(a.article_id)
            works.append(_creative_work(articles[a.article_id]))
    claim: dict = {"@type": "Claim", "appearance": works, "firstAppearance": works[0]}
    first = articles[appearances[0].article_id]
    if first.published:
        claim["datePublished"] = first.published
    if entry.attributed_to:
        claim["author"] = _asserter(entry.attributed_to)
    explanation = review_note(entry.review, entry.machine_verdict) or entry.rule
    rating: dict = {
        "@type": "Rating",
        "ratingValue": RATINGS[entry.verdict],
        "bestRating": BEST,
        "worstRating": WORST,
        "alternateName": entry.verdict,
    }
    if explanation:
        rating["ratingExplanation"] = explanation
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": entry.id,
        "claimReviewed": entry.text,
        "reviewRating": rating,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": author},
        "datePublished": (entry.review.at if entry.review else day)[:10],
    }


def claim_reviews(report: Report, author: str | None = None) -> list[dict]:
    """The ClaimReview objects, in report order; unchecked, unreviewed claims have none."""
    articles = report.article_refs()
    groups = {g.id: g for g in report.groups}
    author = author or report.provenance.reviewer_org
    day = report.provenance.generated_at
    out = []
    for entry in report.claim_entries():
        if entry.verdict is None:
            continue
        group = groups.get(entry.group_id) if entry.group_id else None
        appearances = (
            group.appearances
            if group
            else [
                Appearance(
                    claim_id=entry.id,
                    article_id=entry.article_id,
                    article_title=entry.article_title,
                    quote=entry.quote,
                    start=entry.start,
                    end=entry.end,
                )
            ]
        )
        out.append(_claim_review(entry, appearances, articles, author, day))
    return out


def render_claimreview(report: Report, author: str | None = None) -> str:
    """ClaimReview JSON-LD as a JSON array; safe to paste inside <script type=application/ld+json>."""
    return (
        escape_json_html(json.dumps(claim_reviews(report, author), indent=2, ensure_ascii=False))
        + "\n"
    )
