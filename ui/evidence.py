"""Rendering of a CheckResult: verdict, supporting and contradicting evidence, figures side by side."""

from __future__ import annotations

import streamlit as st

from ui.components import (
    context_window,
    escape_markdown,
    highlight,
    quantity_rows,
    safe_url,
    verdict_badge,
)
from verifier.errors import NotFoundError
from verifier.services import Services


def render_evidence_item(services: Services, evidence, key: str) -> None:
    """One passage: its article, the quote highlighted in it, the judge, and the full article."""
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(evidence.title)}**")
        rel = evidence.start - evidence.passage_start
        st.markdown(
            highlight(evidence.passage, rel, rel + len(evidence.quote)), unsafe_allow_html=True
        )
        confidence = f" · confidence {evidence.confidence:.0%}" if evidence.confidence else ""
        st.caption(f"{evidence.stance} · judged by {evidence.judge or 'unknown'}{confidence}")
        if evidence.rationale:
            st.caption(escape_markdown(evidence.rationale))
        render_article_link(services, evidence.article_id, evidence.start, evidence.end, key=key)


def render_article_link(
    services: Services, article_id: str, start: int, end: int, *, key: str
) -> None:
    """A link to the article's URL when known, and an expander with the article, the quote marked."""
    try:
        article = services.store.article(article_id)
    except NotFoundError:
        st.caption("The article is no longer in the archive.")
        return
    if url := safe_url(article.url):
        st.markdown(f"[Open the original article]({url})")
    with st.expander("Full article", icon=":material/article:"):
        st.markdown(highlight(article.text, start, end), unsafe_allow_html=True)


def render_result(services: Services, result, *, key: str) -> None:
    """The verdict badge and rule, the evidence in two columns, and the figures compared."""
    top = st.columns([0.25, 0.75], vertical_alignment="center")
    with top[0]:
        verdict_badge(result.verdict)
    top[1].caption(
        f"Confidence {result.confidence:.0%}"
        + (f" · {escape_markdown(result.rule)}" if result.rule else "")
    )
    supporting = [e for e in result.evidence if e.stance == "supports"]
    contradicting = [e for e in result.evidence if e.stance == "contradicts"]
    unrelated = [e for e in result.evidence if e.stance == "unrelated"]
    left, right = st.columns(2)
    with left:
        st.subheader(f"Supporting ({len(supporting)})")
        if not supporting:
            st.caption("No passage in the archive supports this claim.")
        for i, evidence in enumerate(supporting):
            render_evidence_item(services, evidence, key=f"{key}-s{i}")
    with right:
        st.subheader(f"Contradicting ({len(contradicting)})")
        if not contradicting:
            st.caption("No passage in the archive contradicts this claim.")
        for i, evidence in enumerate(contradicting):
            render_evidence_item(services, evidence, key=f"{key}-c{i}")
    if unrelated:
        with st.expander(f"Passages judged unrelated ({len(unrelated)})"):
            for i, evidence in enumerate(unrelated):
                render_evidence_item(services, evidence, key=f"{key}-u{i}")
    render_figures(result)


# A narrow "from" column: the article title is on hover, and the period columns stay in view.
FIGURE_COLUMNS = {"from": st.column_config.TextColumn("from", width="small")}


def render_figures(result) -> None:
    """Normalised figures of the claim and of each piece of evidence, side by side."""
    claim_rows = quantity_rows(result.quantities, source="claim")
    evidence_rows = [
        row
        for e in result.evidence
        if e.stance != "unrelated"
        for row in quantity_rows(e.quantities, source=e.title[:40])
    ]
    if not claim_rows and not evidence_rows:
        return
    st.subheader("Figures, normalised")
    left, right = st.columns(2)
    with left:
        st.caption("In the claim")
        if claim_rows:
            st.dataframe(claim_rows, hide_index=True, width="stretch", column_config=FIGURE_COLUMNS)
        else:
            st.caption("The claim states no figure.")
    with right:
        st.caption("In the evidence")
        if evidence_rows:
            st.dataframe(
                evidence_rows, hide_index=True, width="stretch", column_config=FIGURE_COLUMNS
            )
        else:
            st.caption("The evidence states no figure.")


def render_claim_in_article(services: Services, article_id: str, start: int, end: int) -> None:
    """The claim's quote highlighted in its article's context."""
    try:
        article = services.store.article(article_id)
    except NotFoundError:
        st.caption("The article is no longer in the archive.")
        return
    text, s, e = context_window(article.text, start, end)
    st.markdown(highlight(text, s, e), unsafe_allow_html=True)
