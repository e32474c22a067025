"""Wording shared by the renderers: verdict with reviewer decision, spans, figures."""

from __future__ import annotations

from verifier.reports.model import (
    Appearance,
    ClaimEntry,
    ClaimGroup,
    Conflict,
    EvidenceItem,
    Provenance,
)
from verifier.schemas import Quantity, Review
from verifier.verdict_labels import NOT_CHECKED

TITLE = "Claim-consistency report"


def review_note(review: Review | None, machine: str | None) -> str:
    """How a reviewer's decision reads next to the machine verdict ('' when not reviewed)."""
    if review is None:
        return ""
    who = f" by {review.reviewer}" if review.reviewer else ""
    if machine is not None and review.verdict == machine:
        head = f"confirmed{who}"
    else:
        head = f"overridden{who}; machine said {machine or NOT_CHECKED}"
    return f"{head}: {review.note}" if review.note else head


def verdict_text(entry: ClaimEntry | Conflict, review: Review | None = None) -> str:
    """The standing verdict, with the reviewer's decision next to the machine's."""
    review = review if review is not None else getattr(entry, "review", None)
    verdict = entry.verdict or NOT_CHECKED
    note = review_note(review, entry.machine_verdict)
    return f"{verdict} ({note})" if note else verdict


def appearance_verdict(appearance: Appearance, group: ClaimGroup) -> str:
    """An appearance's verdict in its group, naming the articles whose claim its passage supports."""
    verdict = appearance.verdict or NOT_CHECKED
    titles = [a.article_title for a in group.appearances if a.claim_id in appearance.corroborates]
    if not titles:
        return verdict
    return f"{verdict} (its passage corroborates the claim in {'; '.join(dict.fromkeys(titles))})"


def stamp_text(p: Provenance) -> str:
    """The line under the title: when, by which claimcheck, with which model and stance judge."""
    judge = f"; stances by {p.stance_judge}" if p.stance_judge else ""
    return f"Generated {p.generated_at} by claimcheck {p.claimcheck_version} with {p.model}{judge}"


def split_unrelated(items: list[EvidenceItem]) -> tuple[list[EvidenceItem], list[EvidenceItem]]:
    """(supporting and contradicting passages, passages judged unrelated), each in order."""
    return (
        [e for e in items if e.stance != "unrelated"],
        [e for e in items if e.stance == "unrelated"],
    )


def unrelated_label(n: int) -> str:
    """How the passages a claim was checked against, but found unrelated, are summed up."""
    return f"{n} passage{'s' if n > 1 else ''} checked, judged unrelated"


def span_text(start: int, end: int) -> str:
    """Character offsets as 'chars 10-42'."""
    return f"chars {start}-{end}"


def quantities_text(quantities: list[Quantity]) -> str:
    """Figures as written, with unit and rate: '400 soldiers/day'."""
    parts = []
    for q in quantities:
        unit = f" {q.unit}" if q.unit and q.unit not in q.text else ""
        per = f"/{q.per}" if q.per else ""
        qual = "" if q.qualifier == "exact" else f"{q.qualifier} "
        parts.append(f"{qual}{q.text}{unit}{per}".strip())
    return "; ".join(parts)


def provenance_rows(p: Provenance) -> list[list[str]]:
    """The provenance stamp as (field, value) rows, in the order every format shows them."""
    rows = [
        ["claimcheck version", p.claimcheck_version],
        ["LLM", f"{p.model} ({p.provider})"],
        ["Stance judge", p.stance_judge or "not recorded"],
        ["Corpus hash", p.corpus_hash],
        ["Generated at", p.generated_at],
        ["Reviewing organisation", p.reviewer_org],
    ]
    rows += [[f"prompt {k}", v] for k, v in sorted(p.prompt_hashes.items())]
    rows += [[f"setting {k}", "" if v is None else v] for k, v in sorted(p.settings.items())]
    return rows
