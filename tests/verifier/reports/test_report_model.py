"""The Report model: summary, conflicts, article order, groups, links, determinism, JSON."""

from __future__ import annotations

import json

from verifier.reports import render_json, report_schema
from verifier.reports.assemble import assemble_report
from verifier.reports.model import Report


def test_summary_counts_standing_and_machine_verdicts_and_reviews(report, records):
    s = report.summary
    assert (s.articles, s.claims, s.checked, s.unchecked) == (3, 7, 6, 1)
    assert s.machine_verdicts == {
        "corroborated": 2,
        "contradicted": 2,
        "disputed": 1,
        "unverified": 1,
    }
    # The reviewer turned one contradicted into unverified.
    assert s.verdicts == {"corroborated": 2, "contradicted": 1, "disputed": 1, "unverified": 2}
    assert (s.reviewed, s.confirmed, s.overridden) == (2, 1, 1)


def test_conflicts_come_contradicted_first_with_both_sides(report, records):
    ids = records["ids"]
    assert [c.claim_id for c in report.conflicts] == [ids["c4"].id, ids["c2"].id]
    disputed = report.conflicts[1]
    assert disputed.verdict == "disputed"
    assert [e.quote for e in disputed.supporting] == [
        "Commanders fled the Kherson region in haste."
    ]
    assert [e.quote for e in disputed.contradicting] == [
        "Russian commanders did not flee the Kherson region."
    ]
    ev = disputed.contradicting[0]
    assert records["articles"][1].text[ev.start : ev.end] == ev.quote
    # Overridden to unverified by a reviewer: no longer a conflict.
    assert ids["c6"].id not in {c.claim_id for c in report.conflicts}


def test_claims_follow_article_order_and_carry_reviews(report, records):
    a1 = report.articles[0]
    starts = [c.start for c in a1.claims]
    assert starts == sorted(starts) and len(starts) == 4
    c6 = next(c for c in report.claim_entries() if c.id == records["ids"]["c6"].id)
    assert (c6.machine_verdict, c6.verdict, c6.review.reviewer) == (
        "contradicted",
        "unverified",
        "bo",
    )
    c7 = report.articles[2].claims[0]
    assert c7.machine_verdict is None and c7.verdict is None and c7.evidence == []


def test_repeated_claim_grouped_once_with_earliest_first(report, records):
    ids = records["ids"]
    assert len(report.groups) == 1
    group = report.groups[0]
    assert set(group.claim_ids) == {ids["c1"].id, ids["c5"].id}
    # a2 is published a day before a1.
    assert group.first_appearance.article_id == "a2"
    assert [a.article_id for a in group.appearances] == ["a2", "a1"]
    entries = {c.id: c for c in report.claim_entries()}
    assert entries[ids["c1"].id].group_id == group.id == entries[ids["c5"].id].group_id
    # 'fled' and 'did not flee' are opposite claims, never one group.
    assert entries[ids["c2"].id].group_id is None


def test_links_count_supporting_and_contradicting_passages(report):
    links = {(link.source, link.target): (link.supports, link.contradicts) for link in report.links}
    assert links == {("a1", "a2"): (2, 3), ("a1", "a3"): (1, 0), ("a2", "a3"): (0, 1)}


def test_same_inputs_in_any_order_give_identical_report(records, make_provenance):
    first = assemble_report(
        make_provenance(),
        records["articles"],
        records["claims"],
        records["results"],
        records["reviews"],
    )
    second = assemble_report(
        make_provenance(),
        records["articles"],
        list(reversed(records["claims"])),
        dict(reversed(list(records["results"].items()))),
        dict(reversed(list(records["reviews"].items()))),
    )
    assert render_json(first) == render_json(second)


def test_json_round_trips_through_the_model(report, records):
    text = render_json(report)
    again = Report.model_validate_json(text)
    assert again == report
    assert json.loads(text)["summary"]["claims"] == 7
    # Inert if pasted into a page, yet the hostile text reads back verbatim.
    assert "<" not in text and ">" not in text and "&" not in text
    hostile = next(c for c in again.claim_entries() if c.id == records["ids"]["c3"].id)
    assert hostile.text == records["ids"]["c3"].text


def test_schema_describes_the_report():
    schema = report_schema()
    assert schema["title"] == "Report"
    assert {"provenance", "summary", "conflicts", "articles", "groups", "links"} <= set(
        schema["properties"]
    )
    assert "ClaimEntry" in schema["$defs"]


def test_a_passage_is_listed_once_per_claim(records, make_provenance):
    from tests.verifier.reports.conftest import A2, A3, make_evidence

    c1 = records["ids"]["c1"]
    result = records["results"][c1.id]
    mild = make_evidence(A3, "The weather was mild.", "unrelated")
    support = result.evidence[0]
    # overlapping chunks retrieve one sentence twice: judged alike, or once unrelated
    again = [
        mild.model_copy(update={"chunk_id": "a3-0001"}),
        mild,
        make_evidence(A2, support.quote, "unrelated").model_copy(update={"chunk_id": "a2-0001"}),
    ]
    results = {
        **records["results"],
        c1.id: result.model_copy(update={"evidence": [*again, support]}),
    }
    report = assemble_report(make_provenance(), records["articles"], records["claims"], results, {})
    [entry] = [c for c in report.claim_entries() if c.id == c1.id]
    assert [(e.article_id, e.quote, e.stance) for e in entry.evidence] == [
        ("a2", support.quote, "supports"),
        ("a3", "The weather was mild.", "unrelated"),
    ]
