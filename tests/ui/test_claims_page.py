"""Claims page in AppTest: table and filters, a claim's evidence, reviews, the consistency map."""

from __future__ import annotations

from tests.ui.helpers import open_app, texts


def test_no_claims_yet(seeded):
    at = open_app("ui/claims.py")
    assert any("No claims yet" in i.value for i in at.info)


def test_table_filters_and_open_claim(checked):
    claims = checked.claims.claims()
    results = checked.claims.results()
    at = open_app("ui/claims.py")
    table = at.dataframe[0].value
    assert len(table) == len(claims)
    assert set(table.columns) >= {"claim", "article", "verdict", "kind", "hedged", "asserted by"}
    # Filter by verdict: only claims whose stored result has that verdict remain.
    corroborated = [
        c for c in claims if c.id in results and results[c.id].verdict == "corroborated"
    ]
    verdict_filter = [m for m in at.multiselect if m.label == "Verdict"][0]
    verdict_filter.set_value(["corroborated"]).run()
    assert len(at.dataframe[0].value) == len(corroborated)
    assert f"{len(corroborated)} of {len(claims)} claims" in texts(at)
    # The opened claim shows its quote highlighted in its article and its evidence.
    opened = at.selectbox(key="open_claim").value
    claim = checked.claims.claim(opened)
    page = texts(at)
    assert "<mark>" in page and "Supporting (" in page
    assert results[claim.id].verdict in page


def test_review_override_is_saved(checked):
    at = open_app("ui/claims.py")
    claim_id = at.selectbox(key="open_claim").value
    machine = checked.claims.result(claim_id).verdict
    other = "contradicted" if machine != "contradicted" else "disputed"
    at.radio[0].set_value(other)
    [note] = [t for t in at.text_input if t.label == "Note"]
    note.input("two sources disagree")
    [save] = [b for b in at.button if b.label == "Save review"]
    save.click().run()
    assert not at.exception
    review = checked.reviews.review(claim_id)
    assert review.verdict == other and review.note == "two sources disagree"
    assert review.machine_verdict == machine and not review.confirms
    assert any("override" in s.value for s in at.success)
    row = at.dataframe[0].value.iloc[0]
    assert row["verdict"] == other and row["reviewed"] == "yes"


def test_confirm_review(checked):
    at = open_app("ui/claims.py")
    claim_id = at.selectbox(key="open_claim").value
    [save] = [b for b in at.button if b.label == "Save review"]
    save.click().run()
    assert checked.reviews.review(claim_id).confirms


def test_consistency_map_edges_filter_the_table(checked):
    from verifier.reports import build_report

    report = build_report(checked)
    links = [link for link in report.links if link.supports or link.contradicts]
    assert links, "the fake cross-check links some seed articles"
    at = open_app("ui/claims.py")
    charts = at.get("graphviz_chart")
    assert charts and all(link.source in charts[0].proto.spec for link in links)
    edge = at.selectbox(key="map_edge")
    assert len(edge.options) == len(links) + 1
    edge.select_index(1).run()
    link = links[0]
    shown = at.dataframe[0].value
    expected = [
        c
        for c in report.claim_entries()
        if c.article_id in (link.source, link.target)
        and any(
            e.article_id in (link.source, link.target)
            and e.article_id != c.article_id
            and e.stance != "unrelated"
            for e in c.evidence
        )
    ]
    assert len(shown) == len(expected) > 0


def test_review_before_a_cross_check_preselects_nothing(seeded):
    from verifier.extract.claims import extract_claims

    extract_claims(seeded)
    at = open_app("ui/claims.py")
    claim_id = at.selectbox(key="open_claim").value
    assert seeded.claims.result(claim_id) is None
    [verdict] = at.radio
    assert verdict.value is None and "confirm" not in verdict.options
    [save] = [b for b in at.button if b.label == "Save review"]
    save.click().run()
    assert not at.exception
    assert seeded.reviews.review(claim_id) is None  # nothing the reviewer never chose is saved
    assert any("no verdict chosen" in e.value for e in at.error)
    at.radio[0].set_value("disputed")
    [b for b in at.button if b.label == "Save review"][0].click().run()
    assert seeded.reviews.review(claim_id).verdict == "disputed"


def test_table_leads_with_the_verdict_in_columns_that_fit_1440_px(checked):
    import json

    at = open_app("ui/claims.py")
    [table] = at.dataframe
    assert list(table.value.columns)[0] == "verdict"
    config = json.loads(table.proto.columns)
    widths = {name: column.get("width") for name, column in config.items()}
    pixels = {"small": 75, "medium": 200, "large": 400}
    # the main area of a 1440 px window with the sidebar open is about 1000 px wide
    shown = sum(pixels.get(widths[c], widths[c]) for c in ("verdict", "claim", "article"))
    assert shown <= 800, widths


def test_open_a_claim_never_cuts_into_a_quotation(checked):
    at = open_app("ui/claims.py")
    labels = at.selectbox(key="open_claim").options
    assert all(len(label) <= 120 for label in labels)
    cut = [label for label in labels if label.endswith(("…", "…”", '…"'))]
    assert any("“" in label for label in cut), "the seeds hold quotations longer than a label"
    for label in cut:
        assert label.count("“") == label.count("”") and label.count('"') % 2 == 0, label
