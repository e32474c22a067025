"""The app end to end with the real embedded model and the real MiniLM embedder (slow)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import SEEDS, block_text, blocks, open_app, popover_label, texts

pytestmark = pytest.mark.real
CLAIM = "Ukraine killed almost 13,000 Russian soldiers last month."


@pytest.fixture
def real_app(data_dir, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_LLM", "embedded")
    monkeypatch.setenv("CLAIMCHECK_EMBEDDER", "minilm")
    monkeypatch.setenv("CLAIMCHECK_STANCE_CLASSIFIER", "trained")  # the shipped one, as users get
    monkeypatch.delenv("CLAIMCHECK_STANCE_MODEL")
    monkeypatch.delenv("CLAIMCHECK_FAKE_SCRIPT")
    from ui.state import load_services

    services = load_services()
    services.store.ingest([SEEDS])
    return services


def test_check_a_claim_and_chat_with_the_embedded_model(real_app):
    at = open_app("ui/check.py")
    assert "tiny embedded model" in " ".join(i.value for i in at.sidebar.info)
    at.text_area[0].input(CLAIM)
    at.button[0].click().run(timeout=600)
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    (status,) = blocks(at.main, "status")
    verdict = status.proto.label.removeprefix("Checked: ")
    assert verdict in ("corroborated", "contradicted", "disputed", "unverified")
    page = texts(at)
    assert "<mark>" in page and "Supporting (" in page
    assert real_app.classifier is not None and "minilm" in real_app.classifier.name

    at.switch_page("ui/chat.py").run()
    at.chat_input[0].set_value("How many Russian soldiers did Ukraine kill last month?").run(
        timeout=600
    )
    assert not at.exception and not at.error
    # The tiny model writes nothing here: checks are judged by the shipped classifier and the
    # alignment rules, and the chat quotes the archive (the model's own path: test_extraction).
    assert real_app.llm.is_tiny and "Quoted answer" in texts(at)
    cited = [p for p in blocks(at.main, "popover") if popover_label(p).startswith("[")]
    assert cited and "<mark>" in block_text(cited[0])
