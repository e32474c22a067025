"""Chat page: questions answered from the archive, every sentence cited and checked."""

from __future__ import annotations

import streamlit as st

from ui.components import escape_markdown, highlight, run_page
from ui.state import chat_turns, services
from verifier.chat.answer import NOTHING_RELEVANT, Answer, AnswerSentence, stream_answer
from verifier.services import Services

MODE_NOTES = {
    "extractive": "Quoted answer: the sentences below are copied verbatim from the archive "
    "(the embedded model is too small to write reliable prose).",
    "generated": "Written by {model}; each sentence was checked against the passage it cites.",
}


def render_citation(sentence: AnswerSentence) -> None:
    """The cited passages of one sentence: title, and the quote highlighted in its passage."""
    for citation in sentence.citations:
        st.markdown(f"**[{citation.number}] {escape_markdown(citation.title)}**")
        rel = citation.start - citation.passage_start
        st.markdown(
            highlight(citation.passage, rel, rel + len(citation.quote)), unsafe_allow_html=True
        )
        st.caption(
            f"article {citation.article_id} · passage {citation.chunk_id} · characters {citation.start}–{citation.end}"
        )
    if sentence.status == "unsupported":
        st.warning(f"Not supported: {sentence.note}", icon=":material/warning:")
    elif sentence.judge:
        st.caption(f"Checked: {sentence.note} ({sentence.judge})")


def render_answer(answer: Answer, key: str) -> None:
    """An answer sentence by sentence: markers open the passage; unsupported sentences are flagged."""
    if answer.mode == "nothing_relevant":
        st.info(NOTHING_RELEVANT, icon=":material/search_off:")
        return
    st.caption(MODE_NOTES[answer.mode].format(model=answer.model or "the model"))
    for i, sentence in enumerate(answer.sentences):
        text, cite = st.columns([0.88, 0.12], vertical_alignment="top")
        body = escape_markdown(sentence.text)
        if sentence.status == "unsupported":
            text.markdown(
                f":red[:material/warning: {body}]  \n:red-badge[not supported: {escape_markdown(sentence.note)}]"
            )
        else:
            text.markdown(body)
        if sentence.citations:
            with cite.popover(
                sentence.markers, key=f"{key}-cite-{i}", help="Open the cited passage"
            ):
                render_citation(sentence)
        else:
            cite.caption("no source")
    if answer.flagged:
        st.caption(
            f"{len(answer.flagged)} of {len(answer.sentences)} sentences are not supported by a passage."
        )


def history_for(turns: list[dict]) -> list[dict]:
    """Earlier turns as the chat logic wants them."""
    return [{"role": t["role"], "content": t["content"]} for t in turns]


def render() -> None:
    st.title("Chat with the archive")
    svc = services()
    turns = chat_turns()
    if not turns:
        st.caption(
            "Ask about what the articles report. Answers come only from the archive; "
            "each sentence carries [n] markers that open the exact passage."
        )
    for n, turn in enumerate(turns):
        with st.chat_message(turn["role"]):
            if "answer" in turn:
                render_answer(Answer.model_validate(turn["answer"]), key=f"turn{n}")
            else:
                st.markdown(escape_markdown(turn["content"]))
    question = st.chat_input("Ask a question about the archive")
    if question:
        answer_new(svc, turns, question)
    if turns and st.button("Clear the conversation", icon=":material/delete_sweep:"):
        turns.clear()
        st.rerun()


def answer_new(svc: Services, turns: list[dict], question: str) -> None:
    """Show the question, stream the answer, then replace it with the cited, checked rendering."""
    history = history_for(turns)
    turns.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        stream = stream_answer(svc, question, history)
        placeholder = st.empty()
        with placeholder.container():
            st.write_stream(stream)
        with st.spinner("Checking each sentence against its cited passage…"):
            answer = stream.result()
        placeholder.empty()
        render_answer(answer, key=f"turn{len(turns)}")
    turns.append({"role": "assistant", "content": answer.text, "answer": answer.model_dump()})


run_page(render)
