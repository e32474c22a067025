"""Claim filters and the report-format registry, as the Claims and Reports pages use them."""

from __future__ import annotations

import pytest

from verifier.errors import InputError
from verifier.reports import REPORT_FORMATS, report_format
from verifier.reports.filters import filter_entries, links_pair
from verifier.reports.model import ClaimEntry, EvidenceItem


def entry(cid, article, *, verdict=None, kind="event", hedged=False, text="x", evidence=()):
    return ClaimEntry(
        id=cid,
        article_id=article,
        article_title=article,
        text=text,
        quote=text,
        start=0,
        end=len(text),
        kind=kind,
        hedged=hedged,
        verdict=verdict,
        machine_verdict=verdict,
        evidence=[
            EvidenceItem(
                article_id=a, title=a, chunk_id=f"{a}:0", quote="q", start=0, end=1, stance=s
            )
            for a, s in evidence
        ],
    )


ENTRIES = [
    entry("c1", "A", verdict="corroborated", text="Kyiv said so", evidence=[("B", "supports")]),
    entry("c2", "B", verdict="contradicted", hedged=True, evidence=[("C", "contradicts")]),
    entry("c3", "C", kind="quantity", evidence=[("A", "unrelated")]),
]


def ids(entries):
    return [e.id for e in entries]


def test_no_filter_keeps_everything():
    assert ids(filter_entries(ENTRIES)) == ["c1", "c2", "c3"]


def test_each_filter_restricts():
    assert ids(filter_entries(ENTRIES, articles={"B"})) == ["c2"]
    assert ids(filter_entries(ENTRIES, verdicts={"not checked"})) == ["c3"]
    assert ids(filter_entries(ENTRIES, verdicts={"corroborated", "contradicted"})) == ["c1", "c2"]
    assert ids(filter_entries(ENTRIES, kinds={"quantity"})) == ["c3"]
    assert ids(filter_entries(ENTRIES, hedged=True)) == ["c2"]
    assert ids(filter_entries(ENTRIES, hedged=False)) == ["c1", "c3"]
    assert ids(filter_entries(ENTRIES, text="KYIV")) == ["c1"]


def test_a_pair_keeps_claims_judged_against_the_other_article():
    assert ids(filter_entries(ENTRIES, pair=("A", "B"))) == ["c1"]
    assert ids(filter_entries(ENTRIES, pair=("C", "B"))) == ["c2"]
    assert not links_pair(ENTRIES[2], ("C", "A"))  # an unrelated passage links nothing
    assert not links_pair(ENTRIES[0], ("B", "C"))  # the claim is in neither article


def test_every_format_has_a_file_type_and_unknown_ones_are_refused():
    for key, fmt in REPORT_FORMATS.items():
        assert fmt.key == key and fmt.extension.startswith(".") and "/" in fmt.mime
    assert REPORT_FORMATS["csv"].name == "CSV"
    with pytest.raises(InputError, match="unknown report format"):
        report_format("pdf")
