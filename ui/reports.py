"""Reports: pick a format, generate the claim-consistency report, download it."""

from __future__ import annotations

import streamlit as st

from ui.components import run_page
from ui.state import services


def render() -> None:
    from verifier.reports import REPORT_FORMATS, build_report

    st.title("Reports")
    svc = services()
    st.caption(
        "A claim-consistency report of the whole archive: verdicts, conflicts, repeated claims, provenance."
    )
    fmt = st.selectbox(
        "Format", list(REPORT_FORMATS), format_func=lambda f: REPORT_FORMATS[f].label
    )
    if st.button("Generate report", type="primary", icon=":material/summarize:"):
        with st.spinner("Building the report…"):
            report = build_report(svc)
            st.session_state["report"] = (
                fmt,
                REPORT_FORMATS[fmt].render(report),
                report.summary.model_dump(),
            )
    stored = st.session_state.get("report")
    if not stored:
        return
    made_fmt, text, summary = stored
    made = REPORT_FORMATS[made_fmt]
    cols = st.columns(4)
    cols[0].metric("Articles", summary["articles"])
    cols[1].metric("Claims", summary["claims"])
    cols[2].metric("Checked", summary["checked"])
    cols[3].metric("Conflicts", summary["conflicts"])
    st.download_button(
        f"Download {made.name}",
        data=text.encode("utf-8"),
        file_name=f"claimcheck-report{made.extension}",
        mime=made.mime,
        type="primary",
        icon=":material/download:",
    )
    with st.expander("Preview", expanded=made_fmt == "md"):
        if made_fmt == "md":
            st.markdown(text)
        else:
            st.code(text[:20000], language=made.syntax)


run_page(render)
