"""Check-a-claim page in AppTest: progress, verdict, evidence columns, figures, errors."""

from __future__ import annotations

from tests.ui.helpers import blocks, open_app, texts
from verifier.errors import ModelUnavailableError

CLAIM = "Ukraine killed almost 13,000 Russian soldiers last month."


def _check(at, claim):
    at.text_area[0].input(claim)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    return at


def test_check_shows_verdict_evidence_and_figures(seeded):
    at = _check(open_app("ui/check.py"), CLAIM)
    from verifier.checking import check_claim

    expected = check_claim(seeded, CLAIM)  # what verifier says; the page must show exactly that
    page = texts(at)
    assert expected.verdict in page
    supporting = [e for e in expected.evidence if e.stance == "supports"]
    assert f"Supporting ({len(supporting)})" in page
    assert "Contradicting (" in page
    for evidence in supporting:
        assert "<mark>" in page and evidence.title.split("‘")[0] in page
    (status,) = blocks(at.main, "status")
    assert status.proto.label == f"Checked: {expected.verdict}"  # the progress box ends complete
    # Claim figure and evidence figures side by side, normalised (13,000 a month = ~427 a day).
    assert len(at.dataframe) >= 1
    claim_table = at.dataframe[0].value
    assert claim_table["value"].iloc[0] == 13000.0 and claim_table["per"].iloc[0] == "month"


def test_empty_claim_is_an_error(seeded):
    at = _check(open_app("ui/check.py"), "   ")
    (error,) = at.error
    assert "claim is empty" in error.value and "What to do" in error.value


def test_empty_archive_says_so(app_services):
    at = _check(open_app("ui/check.py"), CLAIM)
    assert any("archive is empty" in w.value for w in at.warning)


def test_model_down_is_an_error_message(data_dir, monkeypatch):
    from tests.ui.helpers import SEEDS
    from ui.state import load_services

    monkeypatch.setenv("CLAIMCHECK_STANCE_JUDGE", "llm")  # the model judges: its failure shows
    seeded = load_services()
    seeded.store.ingest([SEEDS])

    def down(*args, **kwargs):
        raise ModelUnavailableError(
            "cannot load the embedded model file", hint="set CLAIMCHECK_GGUF to a valid .gguf file"
        )

    seeded.llm.structured = down
    at = _check(
        open_app("ui/check.py"), "Putin took direct control of the military campaign in Ukraine."
    )
    errors = [e.value for e in at.error]
    assert errors and "CLAIMCHECK_GGUF" in errors[0]
    assert "Traceback" not in texts(at)


def test_the_packaged_fake_classifier_judges_in_the_app(seeded):
    """CLAIMCHECK_STANCE_CLASSIFIER=fake: the app takes the classifier path and says so."""
    at = _check(open_app("ui/check.py"), CLAIM)
    classifier = seeded.classifier
    assert classifier.name == "classifier:fake" and classifier.pairs
    assert all(claim == CLAIM for _, claim in classifier.pairs)
    assert "fake stance classifier" in " ".join(str(c.value) for c in at.sidebar.caption)
