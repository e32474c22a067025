"""CSV export (one row per claim-evidence pair, formula-safe) and import of reviewer columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from verifier.errors import InputError
from verifier.reports.model import ClaimEntry, EvidenceItem, Report
from verifier.reports.text import review_note
from verifier.reviews import make_review
from verifier.schemas import Review
from verifier.verdict_labels import NOT_CHECKED

if TYPE_CHECKING:
    from verifier.services import Services

COLUMNS = [
    "claim_id",
    "article_id",
    "article_title",
    "claim",
    "quote",
    "start",
    "end",
    "kind",
    "attributed_to",
    "hedged",
    "verdict",
    "machine_verdict",
    "confidence",
    "review",
    "evidence_article_id",
    "evidence_title",
    "evidence_chunk_id",
    "evidence_quote",
    "evidence_start",
    "evidence_end",
    "stance",
    "rationale",
    "reviewer_verdict",
    "reviewer_note",
]
# A spreadsheet runs a cell starting with these as a formula; a leading quote keeps it text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas: text cells starting with = + - @ tab or CR get a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _row(c: ClaimEntry, e: EvidenceItem | None) -> list[object]:
    base = [
        c.id,
        c.article_id,
        c.article_title,
        c.text,
        c.quote,
        c.start,
        c.end,
        c.kind,
        c.attributed_to or "",
        "yes" if c.hedged else "no",
        c.verdict or NOT_CHECKED,
        c.machine_verdict or NOT_CHECKED,
        c.confidence,
        review_note(c.review, c.machine_verdict),
    ]
    ev = (
        [e.article_id, e.title, e.chunk_id, e.quote, e.start, e.end, e.stance, e.rationale]
        if e
        else [""] * 8
    )
    return [safe_cell(v) for v in base + ev] + ["", ""]


def render_csv(report: Report) -> str:
    """One row per claim-evidence pair (one row for a claim without evidence)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for c in report.claim_entries():
        for e in c.evidence or [None]:
            writer.writerow(_row(c, e))
    return out.getvalue()


class ImportSummary(BaseModel):
    """What `claimcheck review import` did."""

    rows: int = 0
    imported: int = 0
    confirmed: int = 0
    overridden: int = 0
    ignored: int = 0


def read_review_rows(
    text: str, machine: dict[str, str | None], *, reviewer: str = ""
) -> tuple[list[Review], int, int]:
    """Validate every filled reviewer row; return the reviews, the row count and rows left empty."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"claim_id", "reviewer_verdict"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(
            f"the CSV lacks the column(s) {', '.join(sorted(missing))}",
            hint="start from `claimcheck report --format csv` and fill reviewer_verdict",
        )
    chosen: dict[str, tuple[int, Review]] = {}
    rows = ignored = 0
    for n, row in enumerate(reader, start=2):  # spreadsheet row numbers: the header is row 1
        rows += 1
        given = (row.get("reviewer_verdict") or "").strip()
        if not given:
            ignored += 1
            continue
        claim_id = (row.get("claim_id") or "").strip()
        if claim_id not in machine:
            raise InputError(f"row {n}: unknown claim id {claim_id!r}", hint="nothing was imported")
        try:
            review = make_review(
                claim_id,
                given,
                machine[claim_id],
                note=row.get("reviewer_note") or "",
                reviewer=row.get("reviewer") or reviewer,
            )
        except InputError as exc:
            raise InputError(f"row {n}: {exc}", hint="nothing was imported") from exc
        if claim_id in chosen:
            # One claim spans several rows (one per evidence): they must agree; keep the first note.
            first, prior = chosen[claim_id]
            if prior.verdict != review.verdict:
                raise InputError(
                    f"rows {first} and {n} give claim {claim_id} different verdicts "
                    f"({prior.verdict!r}, {review.verdict!r})",
                    hint="nothing was imported",
                )
            if prior.note or not review.note:
                continue
            n = first
        chosen[claim_id] = (n, review)
    return [r for _, r in chosen.values()], rows, ignored


def import_review_csv(services: Services, path: Path, *, reviewer: str = "") -> ImportSummary:
    """Read reviewer_verdict / reviewer_note back into the review store: every row valid, or nothing."""
    from verifier.reviews import now_iso

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", hint="give a UTF-8 CSV file") from exc
    results = services.claims.results()
    machine = {
        c.id: (results[c.id].verdict if c.id in results else None) for c in services.claims.claims()
    }
    reviews, rows, ignored = read_review_rows(text, machine, reviewer=reviewer)
    at = now_iso()
    reviews = [r.model_copy(update={"at": at}) for r in reviews]
    services.reviews.save_reviews(reviews)
    confirmed = sum(1 for r in reviews if r.confirms)
    return ImportSummary(
        rows=rows,
        imported=len(reviews),
        confirmed=confirmed,
        overridden=len(reviews) - confirmed,
        ignored=ignored,
    )
