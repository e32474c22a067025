"""CSV export: one row per claim-evidence pair, formula-safe cells, reviewer columns read back."""

from __future__ import annotations

import csv
import io

import pytest

from verifier.errors import InputError
from verifier.reports import render_csv
from verifier.reports.assemble import assemble_report
from verifier.reports.csvout import COLUMNS, read_review_rows, safe_cell
from verifier.schemas import CheckResult, Claim


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_claim_evidence_pair(report, records):
    rows = rows_of(render_csv(report))
    assert list(rows[0]) == COLUMNS
    per_claim = {}
    for r in rows:
        per_claim.setdefault(r["claim_id"], []).append(r)
    ids = records["ids"]
    # 1 + 2 + 1 + 1 + 1 + 2 evidence rows, and one row for the unchecked claim.
    assert len(rows) == 9
    assert len(per_claim[ids["c2"].id]) == 2 and len(per_claim[ids["c6"].id]) == 2
    unchecked = per_claim[ids["c7"].id][0]
    assert unchecked["verdict"] == "not checked" and unchecked["evidence_quote"] == ""
    disputed = per_claim[ids["c2"].id]
    assert {r["stance"] for r in disputed} == {"supports", "contradicts"}
    contra = next(r for r in disputed if r["stance"] == "contradicts")
    assert contra["evidence_article_id"] == "a2" and contra["evidence_chunk_id"] == "a2-0000"
    text = records["articles"][1].text
    assert (
        text[int(contra["evidence_start"]) : int(contra["evidence_end"])]
        == contra["evidence_quote"]
    )
    assert all(r["reviewer_verdict"] == "" and r["reviewer_note"] == "" for r in rows)


def test_override_shown_next_to_machine_verdict(report, records):
    rows = [r for r in rows_of(render_csv(report)) if r["claim_id"] == records["ids"]["c6"].id]
    assert rows[0]["verdict"] == "unverified" and rows[0]["machine_verdict"] == "contradicted"
    assert rows[0]["review"].startswith("overridden by bo; machine said contradicted: sources")


def test_formula_cells_from_articles_are_prefixed(report, records):
    rows = rows_of(render_csv(report))
    claim = next(r for r in rows if r["claim_id"] == records["ids"]["c4"].id)
    assert claim["claim"] == "'" + records["ids"]["c4"].text
    assert claim["evidence_quote"] == "'-2+3 is what the spreadsheet said."
    assert claim["evidence_title"] == "'@SUM(1+1) Second report"
    a2 = next(r for r in rows if r["article_id"] == "a2")
    assert a2["article_title"] == "'@SUM(1+1) Second report"
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_prefix_is_neutralised_in_the_file(prefix, records, make_provenance):
    article = records["articles"][2]
    quote = "The weather was mild."
    start = article.text.index(quote)
    hostile = f"{prefix}cmd|' /C calc'!A0"
    claim = Claim(
        article_id=article.id,
        text=hostile,
        quote=quote,
        start=start,
        end=start + len(quote),
        attributed_to=hostile,
    )
    result = CheckResult(claim=hostile, claim_id=claim.id, verdict="unverified", rule=hostile)
    report = assemble_report(make_provenance(), [article], [claim], {claim.id: result}, {})
    (row,) = rows_of(render_csv(report))
    assert row["claim"] == "'" + hostile
    assert row["attributed_to"] == "'" + hostile
    assert safe_cell(hostile) == "'" + hostile
    assert safe_cell("plain") == "plain" and safe_cell(-3) == -3


def _filled(report, fill: dict[int, tuple[str, str]]) -> str:
    rows = rows_of(render_csv(report))
    for i, (verdict, note) in fill.items():
        rows[i]["reviewer_verdict"], rows[i]["reviewer_note"] = verdict, note
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _machine(report) -> dict[str, str | None]:
    return {c.id: c.machine_verdict for c in report.claim_entries()}


def test_read_review_rows_takes_filled_rows_and_confirm(report):
    text = _filled(report, {0: ("confirm", ""), 2: ("Contradicted ", "checked the MoD feed")})
    reviews, rows, ignored = read_review_rows(text, _machine(report), reviewer="desk")
    entries = report.claim_entries()
    assert (rows, ignored) == (9, 7)
    by_id = {r.claim_id: r for r in reviews}
    first = by_id[entries[0].id]
    assert first.verdict == first.machine_verdict == "corroborated" and first.confirms
    second = by_id[entries[1].id]
    assert (second.verdict, second.machine_verdict, second.note, second.reviewer) == (
        "contradicted",
        "disputed",
        "checked the MoD feed",
        "desk",
    )


def test_bad_verdict_names_row_and_value(report):
    text = _filled(report, {0: ("confirm", ""), 4: ("maybe", "")})
    with pytest.raises(InputError, match=r"row 6: unknown verdict 'maybe'"):
        read_review_rows(text, _machine(report))


def test_disagreeing_rows_for_one_claim_are_rejected(report):
    # Rows 1 and 2 (0-based) are the two evidence rows of the disputed claim.
    text = _filled(report, {1: ("disputed", ""), 2: ("corroborated", "")})
    with pytest.raises(InputError, match=r"rows 3 and 4 give claim"):
        read_review_rows(text, _machine(report))


def test_unknown_claim_and_missing_column_are_rejected(report):
    text = _filled(report, {0: ("confirm", "")}).replace(report.claim_entries()[0].id, "nope")
    with pytest.raises(InputError, match=r"row 2: unknown claim id 'nope'"):
        read_review_rows(text, _machine(report))
    with pytest.raises(InputError, match="reviewer_verdict"):
        read_review_rows("claim_id,note\nx,y\n", _machine(report))


def test_confirm_without_machine_verdict_is_rejected(report, records):
    rows = rows_of(render_csv(report))
    index = next(i for i, r in enumerate(rows) if r["claim_id"] == records["ids"]["c7"].id)
    with pytest.raises(InputError, match=rf"row {index + 2}: claim .* has no machine verdict"):
        read_review_rows(_filled(report, {index: ("confirm", "")}), _machine(report))
