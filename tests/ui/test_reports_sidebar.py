"""Reports page and sidebar in AppTest: generate and download; model, health, tiny-model note."""

from __future__ import annotations

import json

from tests.ui.helpers import open_app, texts
from verifier.errors import ModelUnavailableError


def test_generate_and_download_json(checked):
    at = open_app("ui/reports.py")
    at.selectbox[0].set_value("json").run()
    [generate] = [b for b in at.button if b.label == "Generate report"]
    generate.click().run()
    assert not at.exception, at.exception
    fmt, text, _ = at.session_state["report"]
    report = json.loads(text)
    assert fmt == "json" and report["summary"]["claims"] == len(checked.claims.claims())
    [download] = at.get("download_button")
    assert download.proto.label == "Download JSON"
    assert download.proto.url.endswith(".json")  # the file name is checked in the browser test
    assert str(report["summary"]["claims"]) in [str(m.value) for m in at.metric]


def test_markdown_report_preview(checked):
    at = open_app("ui/reports.py")
    at.selectbox[0].set_value("md").run()
    [b for b in at.button if b.label == "Generate report"][0].click().run()
    _, text, _ = at.session_state["report"]
    assert text.startswith("#")
    assert text.strip() in [m.value.strip() for m in at.markdown]


def test_sidebar_shows_model_corpus_and_usage(seeded):
    at = open_app()
    side = "\n".join(
        str(e.value) for kind in ("markdown", "caption") for e in getattr(at.sidebar, kind)
    )
    assert "`fake`" in side
    assert "the fake stance classifier" in side
    articles = [m for m in at.sidebar.metric if m.label == "Articles"][0]
    assert articles.value == str(seeded.store.count()) or articles.value == seeded.store.count()
    [check] = [b for b in at.sidebar.button if b.label == "Check the model"]
    check.click().run()
    assert any("answered a structured request" in s.value for s in at.sidebar.success)
    side = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "1 model calls" in side  # the health check is counted


def test_health_check_failure_says_what_to_do(seeded):
    def down(*args, **kwargs):
        raise ModelUnavailableError(
            "the model endpoint at http://127.0.0.1:9/v1 is unreachable",
            hint="set CLAIMCHECK_BASE_URL",
        )

    seeded.llm.check = down
    at = open_app()
    [b for b in at.sidebar.button if b.label == "Check the model"][0].click().run()
    (error,) = at.sidebar.error
    assert "unreachable" in error.value and "CLAIMCHECK_BASE_URL" in error.value


def test_tiny_model_note_without_loading_it(data_dir, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_LLM", "embedded")
    monkeypatch.setenv("CLAIMCHECK_STANCE_CLASSIFIER", "trained")  # none trained: the LLM judges
    at = open_app()
    notes = " ".join(i.value for i in at.sidebar.info)
    assert "tiny embedded model" in notes
    [code] = at.sidebar.code
    assert "CLAIMCHECK_LLM=openai-compatible" in code.value
    assert code.proto.wrap_lines  # the sidebar is too narrow for the lines: they wrap, not clip
    from ui.state import load_services

    assert load_services().loaded_llm() is None  # rendering the sidebar did not load the model
    assert "judges stances, which it does weakly" in notes


def test_tiny_model_note_when_a_classifier_decides(data_dir, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_LLM", "embedded")
    monkeypatch.delenv("CLAIMCHECK_STANCE_MODEL")  # the one trained into the data dir decides
    monkeypatch.setenv("CLAIMCHECK_STANCE_CLASSIFIER", "trained")
    model = data_dir / "stance-model"
    model.mkdir(parents=True)
    # What a trained classifier leaves behind (an empty directory is no classifier).
    (model / "stance_meta.json").write_text('{"kind": "cross-encoder"}')
    (model / "config.json").write_text("{}")
    at = open_app()
    notes = " ".join(i.value for i in at.sidebar.info)
    assert "stances come from alignment rules and the stance classifier" in notes
    assert "judges stances" not in notes
    assert "trained classifier (stance-model" in " ".join(str(c.value) for c in at.sidebar.caption)


def test_bad_settings_are_an_error_not_a_trace(data_dir, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_LLM", "gpt-banana")
    at = open_app()
    errors = [e.value for e in at.error]
    assert errors and "CLAIMCHECK_LLM" in errors[0]
    assert "Traceback" not in texts(at)


def test_model_name_is_the_same_before_and_after_loading(settings):
    from types import SimpleNamespace

    from ui.sidebar import describe_model
    from verifier.services import Services

    embedded = settings.model_copy(update={"llm": "embedded"})
    before = describe_model(Services(embedded))
    gemma = SimpleNamespace(provider="embedded", name="embedded:gemma-3-270m-q4_k_m", is_tiny=True)
    after = describe_model(Services(embedded, llm=gemma))
    assert after == before == ("embedded", "Gemma 3 270M (q4_k_m, packaged)", True)
    remote = Services(
        settings.model_copy(update={"llm": "openai"}),
        llm=SimpleNamespace(provider="openai", name="openai:gpt-4o-mini", is_tiny=False),
    )
    assert describe_model(remote) == ("openai", "gpt-4o-mini", False)


def test_this_session_counts_only_its_own_model_calls(seeded):
    seeded.llm.check()  # another session (or the CLI in this process) used the shared model
    at = open_app()
    side = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "No model calls yet." in side
    [b for b in at.sidebar.button if b.label == "Check the model"][0].click().run()
    side = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "1 model calls" in side
    seeded.llm.check()  # between this session's runs: still not this session's
    at.run()
    side = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "1 model calls" in side and seeded.llm.total_usage().calls == 3
