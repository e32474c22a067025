"""Reports: pick a format, generate the claim-consistency report, download it."""

from __future__ import annotations

import streamlit as st

from ui.components import run_page
from ui.state import services

FORMAT_NAMES = {
    "md": "Markdown",
    "html": "HTML",
    "json": "JSON",
    "csv": "CSV (one row per claim and passage; edit and re-import reviews)",
    "claimreview": "ClaimReview JSON-LD",
}
MIME = {
    "md": "text/markdown",
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "claimreview": "application/ld+json",
}


def render() -> None:
    from verifier.reports import EXTENSIONS, FORMATS, build_report
    from verifier.reports import render as render_report

    st.title("Reports")
    svc = services()
    st.caption(
        "A claim-consistency report of the whole archive: verdicts, conflicts, repeated claims, provenance."
    )
    fmt = st.selectbox("Format", list(FORMATS), format_func=lambda f: FORMAT_NAMES.get(f, f))
    if st.button("Generate report", type="primary", icon=":material/summarize:"):
        with st.spinner("Building the report…"):
            report = build_report(svc)
            st.session_state["report"] = (
                fmt,
                render_report(report, fmt),
                report.summary.model_dump(),
            )
    stored = st.session_state.get("report")
    if not stored:
        return
    made_fmt, text, summary = stored
    cols = st.columns(4)
    cols[0].metric("Articles", summary["articles"])
    cols[1].metric("Claims", summary["claims"])
    cols[2].metric("Checked", summary["checked"])
    cols[3].metric("Conflicts", summary["conflicts"])
    st.download_button(
        f"Download {FORMAT_NAMES.get(made_fmt, made_fmt).split(' (')[0]}",
        data=text.encode("utf-8"),
        file_name=f"claimcheck-report{EXTENSIONS.get(made_fmt, '.txt')}",
        mime=MIME.get(made_fmt, "text/plain"),
        type="primary",
        icon=":material/download:",
    )
    with st.expander("Preview", expanded=made_fmt == "md"):
        if made_fmt == "md":
            st.markdown(text)
        else:
            st.code(
                text[:20000],
                language={"json": "json", "claimreview": "json", "html": "html"}.get(
                    made_fmt, "text"
                ),
            )


run_page(render)
