"""Chat page in AppTest: cited answers, passages behind the markers, flags, follow-ups, errors."""

from __future__ import annotations

from tests.ui.helpers import block_text, blocks, open_app, popover_label, texts
from verifier.chat.answer import NOTHING_RELEVANT
from verifier.errors import ModelUnavailableError

QUESTION = "How many Russian soldiers did Ukraine kill last month?"


def _ask(at, question):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_answer_is_cited_and_unsupported_sentence_flagged(seeded):
    at = _ask(open_app(), QUESTION)
    page = texts(at)
    assert "Ukraine killed almost 13,000 Russian soldiers last month" in page
    # The citation marker opens a popover holding the passage with the quote highlighted.
    (popover,) = [p for p in blocks(at.main, "popover") if popover_label(p) == "[1]"]
    inside = block_text(popover)
    assert "<mark>Ukraine killed almost 13" in inside
    assert "Putin hammer blow" in inside  # the article title
    # The invented sentence has no passage and is flagged inline.
    assert ":red[:material/warning: The moon is made of cheese" in page
    assert "not supported" in page
    assert len(at.chat_message) == 2


def test_follow_up_keeps_the_conversation(seeded):
    at = _ask(open_app(), QUESTION)
    at = _ask(at, "And how many of them a day?")
    assert len(at.chat_message) == 4  # both turns stay on screen
    calls = seeded.llm.calls
    chat_calls = [c for c in calls if c["operation"] == "chat"]
    assert len(chat_calls) == 2
    roles = [m["role"] for m in chat_calls[1]["messages"]]
    assert roles[:3] == ["system", "user", "assistant"]  # the first turn is in the prompt
    assert QUESTION in chat_calls[1]["messages"][1]["content"]


def test_nothing_relevant_says_so(seeded):
    at = _ask(open_app(), "What is the capital of France?")
    assert NOTHING_RELEVANT in [i.value for i in at.info]
    assert not [c for c in seeded.llm.calls if c["operation"] == "chat"]


def test_empty_archive_says_so(app_services):
    at = _ask(open_app(), QUESTION)
    assert NOTHING_RELEVANT in [i.value for i in at.info]


def test_model_down_is_an_error_message(seeded):
    def down(*args, **kwargs):
        raise ModelUnavailableError(
            "the model endpoint at http://127.0.0.1:9/v1 is unreachable",
            hint="start the server or set CLAIMCHECK_BASE_URL",
        )

    seeded.llm.stream_text = down
    at = _ask(open_app(), QUESTION)
    (error,) = at.error
    assert "unreachable" in error.value and "CLAIMCHECK_BASE_URL" in error.value
    assert "Traceback" not in texts(at)


def test_clear_conversation(seeded):
    at = _ask(open_app(), QUESTION)
    [clear] = [b for b in at.button if b.label == "Clear the conversation"]
    clear.click().run()
    assert len(at.chat_message) == 0
