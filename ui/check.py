"""Check a claim: paste it, watch the steps, read the verdict and the evidence for and against."""

from __future__ import annotations

import streamlit as st

from ui.components import escape_markdown, run_page
from ui.evidence import render_result
from ui.state import services
from verifier.checking import EXAMPLE_CLAIM, check_claim, validate_claim_text
from verifier.schemas import CheckResult
from verifier.stance.judge import judging_step


def render() -> None:
    st.title("Check a claim")
    svc = services()
    st.caption(
        "Paste a claim; claimcheck searches the archive for passages that support or contradict it."
    )
    with st.form("check_form", border=False):
        text = st.text_area("Claim to check", placeholder=EXAMPLE_CLAIM, height=100)
        submitted = st.form_submit_button(
            "Check claim", type="primary", icon=":material/fact_check:"
        )
    if submitted:
        text = validate_claim_text(text)
        if svc.store.count() == 0:
            st.warning(
                "The archive is empty: add articles on the Library page first.",
                icon=":material/inbox:",
            )
            return
        with st.status("Checking the claim…", expanded=True) as status:
            try:
                st.write("Searching the archive for related passages…")
                st.write(judging_step(svc.settings, svc.llm.name))
                result = check_claim(svc, text)
            except Exception:
                status.update(label="The check failed", state="error")
                raise
            st.write(f"Weighed {len(result.evidence)} passages.")
            status.update(label=f"Checked: {result.verdict}", state="complete", expanded=False)
        st.session_state["check_result"] = result.model_dump()
    stored = st.session_state.get("check_result")
    if stored:
        result = CheckResult.model_validate(stored)
        st.markdown(f"#### “{escape_markdown(result.claim)}”")
        render_result(svc, result, key="check")


run_page(render)
