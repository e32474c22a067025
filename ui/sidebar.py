"""The sidebar: model in use and its health, archive size, session token usage, stance judge."""

from __future__ import annotations

import streamlit as st

from ui.components import show_error
from ui.state import session_usage
from verifier.errors import ClaimCheckError
from verifier.services import Services
from verifier.stance.judge import describe_judge, uses_classifier

STRONGER_MODEL = """\
CLAIMCHECK_LLM=openai-compatible
CLAIMCHECK_BASE_URL=http://127.0.0.1:11434/v1
CLAIMCHECK_MODEL=llama3.1:8b"""


def describe_model(services: Services) -> tuple[str, str, bool]:
    """(provider, model, is_tiny) without loading the model when nothing has loaded it yet."""
    settings = services.settings
    if settings.llm == "embedded":
        # Named from the settings whether loaded or not, so the name does not change on first use.
        model = settings.gguf.name if settings.gguf else "Gemma 3 270M (q4_k_m, packaged)"
        return "embedded", model, settings.gguf is None
    llm = services.loaded_llm()  # building the embedded one takes seconds
    if llm is not None:
        return llm.provider, llm.name.removeprefix(f"{llm.provider}:"), bool(llm.is_tiny)
    return settings.llm, settings.model or settings.llm, False


def tiny_model_note(classifier: bool) -> str:
    """What the tiny embedded model is used for, given who decides stances."""
    if classifier:
        return (
            "The LLM is the tiny embedded model (Gemma 3 270M): it extracts claims and answers "
            "chat by quoting; stances come from alignment rules and the stance classifier. For "
            "better extraction and chat, point claimcheck at a stronger model and restart:"
        )
    return (
        "The LLM is the tiny embedded model (Gemma 3 270M): it extracts claims, answers chat by "
        "quoting and judges stances, which it does weakly. Point claimcheck at a stronger model "
        "and restart:"
    )


def stance_judge(services: Services) -> str:
    """Which judge decides stances: the trained classifier (checked by rules), or the LLM."""
    return describe_judge(services.settings)


def render_sidebar(services: Services) -> None:
    """Everything the sidebar shows; cheap enough for every rerun."""
    provider, model, tiny = describe_model(services)
    with st.sidebar:
        st.subheader("Model")
        st.markdown(f"**Provider:** `{provider}`  \n**Model:** `{model}`")
        if tiny:
            st.info(tiny_model_note(uses_classifier(services.settings)), icon=":material/info:")
            st.code(STRONGER_MODEL, language="bash", wrap_lines=True)  # the sidebar is narrow
        if st.button("Check the model", icon=":material/stethoscope:", key="health_check"):
            try:
                with st.spinner("Asking the model…"):
                    st.session_state["health"] = ("ok", services.llm.check())
            except ClaimCheckError as exc:
                st.session_state["health"] = ("error", exc)
        health = st.session_state.get("health")
        if health and health[0] == "ok":
            st.success(health[1], icon=":material/check_circle:")
        elif health:
            show_error(health[1])
        st.caption(f"Stance judge: {stance_judge(services)}")

        st.subheader("Archive")
        try:
            articles = services.store.count()
        except ClaimCheckError as exc:
            show_error(exc)
            articles = 0
        claims = _claim_count(services)
        col1, col2 = st.columns(2)
        col1.metric("Articles", articles)
        col2.metric("Claims", claims)

        usage = session_usage().total()
        st.subheader("This session")
        if usage.calls == 0:
            st.caption("No model calls yet.")
        else:
            st.caption(
                f"{usage.calls} model calls ({usage.cache_hits} from cache), "
                f"{usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion tokens, "
                f"{usage.seconds:.1f} s"
            )


def _claim_count(services: Services) -> int:
    try:
        return len(services.claims.claims())
    except (ClaimCheckError, ImportError):
        return 0
