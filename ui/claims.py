"""Claims explorer: every extracted claim, filterable; its evidence; reviewer decisions; the map."""

from __future__ import annotations

import streamlit as st

from ui.components import escape_markdown, run_page, shorten, show_error, verdict_badge
from ui.evidence import render_claim_in_article, render_evidence_item
from ui.state import services
from verifier.errors import ClaimCheckError
from verifier.reports.dot import build_dot, edge_label
from verifier.reports.filters import filter_entries
from verifier.schemas import Evidence
from verifier.services import Services
from verifier.verdict_labels import NOT_CHECKED, VERDICTS

ANY = "any"
HEDGED = {ANY: None, "yes": True, "no": False}


def load_report(svc: Services):
    """The report model: claims joined with results and reviews, and the article links."""
    from verifier.reports import build_report

    return build_report(svc)


def claim_rows(entries) -> list[dict]:
    """Table rows for claim entries."""
    return [
        {
            "verdict": e.verdict or NOT_CHECKED,
            "claim": e.text,
            "article": e.article_title,
            "asserted by": e.attributed_to or "",
            "kind": e.kind,
            "hedged": e.hedged,
            "machine": e.machine_verdict or "",
            "reviewed": "yes" if e.review else "",
        }
        for e in entries
    ]


# Fixed widths: sized to their text, the claim and article columns alone filled a 1440 px
# window and pushed the verdict out of sight. The verdict leads; long text is cut, shown whole
# when the claim is opened.
COLUMNS = {
    "verdict": st.column_config.TextColumn("verdict", width=110),
    "claim": st.column_config.TextColumn("claim", width="large"),
    "article": st.column_config.TextColumn("article", width=180),
    "asserted by": st.column_config.TextColumn("asserted by", width=130),
    "kind": st.column_config.TextColumn("kind", width=80),
    "hedged": st.column_config.CheckboxColumn("hedged", width=70),
    "machine": st.column_config.TextColumn("machine", width=110),
    "reviewed": st.column_config.TextColumn("reviewed", width=80),
}


def render_map(report, titles: dict[str, str]) -> tuple[str, str] | None:
    """The consistency map and the edge picker that filters the table; returns the chosen pair."""
    links = [link for link in report.links if link.supports or link.contradicts]
    counts = {s.article.id: len(s.claims) for s in report.articles}
    options = {
        f"{titles.get(link.source, link.source)[:40]} ↔ {titles.get(link.target, link.target)[:40]} "
        f"({edge_label(link)})": (link.source, link.target)
        for link in links
    }
    with st.expander("Consistency map", expanded=True, icon=":material/hub:"):
        if not links:
            st.caption(
                "No links yet: run the cross-check on the Library page to connect the articles."
            )
        chosen = st.selectbox(
            "Show the claims behind a link",
            ["all links", *options],
            key="map_edge",
            help="Pick an edge of the map to list only the claims it stands for.",
        )
        pair = options.get(chosen)
        st.graphviz_chart(
            build_dot(titles, counts, links, selected=pair[0] if pair else None),
            width="stretch",
        )
        st.caption(
            "Green: passages corroborate claims of the other article · red: they contradict · orange: both."
        )
    return pair


def render_review_form(svc: Services, entry) -> None:
    """Confirm or override the verdict, with a note; stored by the reviews service."""
    from verifier.archive import review_claim

    with st.form(f"review-{entry.id}"):
        st.markdown("**Your review**")
        machine = entry.machine_verdict
        # Nothing is preselected before a cross-check: saving records only what the reviewer chose.
        choice = st.radio(
            "Verdict",
            ["confirm", *VERDICTS] if machine else list(VERDICTS),
            horizontal=True,
            format_func=lambda o: f"confirm ({machine})" if o == "confirm" else o,
            index=0 if machine else None,
        )
        note = st.text_input("Note", placeholder="why you agree or disagree")
        reviewer = st.text_input("Reviewer", value=st.session_state.get("reviewer", ""))
        if st.form_submit_button("Save review", type="primary"):
            st.session_state["reviewer"] = reviewer
            try:
                review = review_claim(svc, entry.id, choice, note=note, reviewer=reviewer)
            except ClaimCheckError as exc:
                show_error(exc)  # inside the form, beside the radio left empty
                return
            st.session_state["review_saved"] = f"Saved: {review.verdict}" + (
                " (confirmed)" if review.confirms else " (override)"
            )
            st.rerun()


def render_claim(svc: Services, entry) -> None:
    """One claim: where it is, its verdict and evidence, and the review form."""
    st.markdown(f"### {escape_markdown(entry.text)}")
    st.caption(
        f"{escape_markdown(entry.article_title)} · {entry.kind}"
        + (" · hedged" if entry.hedged else "")
        + (f" · asserted by {escape_markdown(entry.attributed_to)}" if entry.attributed_to else "")
    )
    render_claim_in_article(svc, entry.article_id, entry.start, entry.end)
    cols = st.columns(3)
    with cols[0]:
        verdict_badge(entry.machine_verdict, prefix="machine: ")
    if entry.review:
        with cols[1]:
            verdict_badge(entry.review.verdict, prefix="reviewer: ")
        cols[2].caption(escape_markdown(entry.review.note or "no note"))
    if entry.rule:
        st.caption(escape_markdown(entry.rule))
    result = svc.claims.result(entry.id)
    evidence: list[Evidence] = [
        e for e in (result.evidence if result else []) if e.stance != "unrelated"
    ]
    if evidence:
        left, right = st.columns(2)
        for column, stance, title in (
            (left, "supports", "Supporting"),
            (right, "contradicts", "Contradicting"),
        ):
            with column:
                items = [e for e in evidence if e.stance == stance]
                st.markdown(f"**{title} ({len(items)})**")
                for i, e in enumerate(items):
                    render_evidence_item(svc, e, key=f"claim-{entry.id}-{stance}-{i}")
    elif entry.machine_verdict is None:
        st.caption("Not checked yet: run the cross-check on the Library page.")
    if saved := st.session_state.pop("review_saved", None):
        st.success(saved, icon=":material/check_circle:")
    render_review_form(svc, entry)


def render() -> None:
    st.title("Claims")
    svc = services()
    report = load_report(svc)
    entries = report.claim_entries()
    if not entries:
        st.info(
            "No claims yet: add articles and extract their claims on the Library page.",
            icon=":material/inbox:",
        )
        return
    titles = {s.article.id: s.article.title for s in report.articles}
    pair = render_map(report, titles)
    with st.container(border=True):
        c1, c2, c3, c4 = st.columns([0.35, 0.25, 0.2, 0.2])
        articles = c1.multiselect("Article", list(titles), format_func=lambda a: titles[a])
        verdicts = c2.multiselect("Verdict", [*VERDICTS, NOT_CHECKED])
        kinds = c3.multiselect("Kind", sorted({e.kind for e in entries}))
        hedged = c4.selectbox("Hedged", list(HEDGED))
        text = st.text_input("Search the claims", placeholder="a word of the claim")
    shown = filter_entries(
        entries,
        articles=articles,
        verdicts=verdicts,
        kinds=kinds,
        hedged=HEDGED[hedged],
        text=text,
        pair=pair,
    )
    st.caption(f"{len(shown)} of {len(entries)} claims")
    selection = st.dataframe(
        claim_rows(shown),
        hide_index=True,
        width="stretch",
        column_config=COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
        key="claims_table",
    )
    ids = [e.id for e in shown]
    if not ids:
        return
    by_id = {e.id: e for e in shown}
    picked = list(getattr(getattr(selection, "selection", None), "rows", []) or [])
    picked_id = shown[picked[0]].id if picked and picked[0] < len(shown) else None
    if picked_id and picked_id != st.session_state.get("table_pick"):
        st.session_state["open_claim"] = picked_id  # a click in the table opens that claim
    st.session_state["table_pick"] = picked_id
    if st.session_state.get("open_claim") not in by_id:
        st.session_state["open_claim"] = ids[0]
    chosen = st.selectbox(
        "Open a claim", ids, format_func=lambda i: shorten(by_id[i].text), key="open_claim"
    )
    st.divider()
    render_claim(svc, by_id[chosen])


run_page(render)
