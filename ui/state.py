"""Services built once per process, and the per-session state the pages share."""

from __future__ import annotations

import streamlit as st

from verifier.llm.usage import UsageMeter
from verifier.services import Services, build_services
from verifier.settings import load_settings


@st.cache_resource(show_spinner="Opening the archive…")
def load_services() -> Services:
    """Settings from CLAIMCHECK_* variables and the services on them, once per server process."""
    return build_services(load_settings())


def services() -> Services:
    """The shared services (cached)."""
    return load_services()


def chat_turns() -> list[dict]:
    """This session's conversation: {"role", "content"} plus "answer" (a dumped Answer) for replies."""
    return st.session_state.setdefault("chat_turns", [])


def session_usage() -> UsageMeter:
    """This browser session's model cost (the model itself is shared by every session)."""
    return st.session_state.setdefault("session_usage", UsageMeter())
