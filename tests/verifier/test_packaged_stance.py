"""The stance classifier that ships with the package: found by default, intact, and deciding checks."""

from __future__ import annotations

import hashlib
import re

import pytest

from verifier.settings import PACKAGED_STANCE_MODEL, Settings
from verifier.stance.judge import describe_judge, uses_classifier
from verifier.stance.model import read_meta


def test_a_fresh_data_dir_uses_the_packaged_classifier(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    assert settings.resolved_stance_model() == PACKAGED_STANCE_MODEL
    assert uses_classifier(settings)
    assert "packaged classifier (minilm-l6-stance" in describe_judge(settings)
    assert describe_judge(settings).startswith("alignment by meaning")


def test_a_retrained_classifier_takes_the_packaged_ones_place(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    trained = settings.trained_stance_model()
    trained.mkdir(parents=True)
    assert settings.resolved_stance_model() == PACKAGED_STANCE_MODEL  # an empty folder is no model
    (trained / "config.json").write_text("{}")
    assert settings.resolved_stance_model() == trained
    assert trained != PACKAGED_STANCE_MODEL


def test_packaged_weights_match_the_model_card_and_fit_the_size_limit():
    meta = read_meta(PACKAGED_STANCE_MODEL)
    assert meta is not None and meta["labels"] == ["supports", "contradicts", "unrelated"]
    card = (PACKAGED_STANCE_MODEL / "MODEL_CARD.md").read_text()
    listed = dict(re.findall(r"- `([^`]+)`: `([0-9a-f]{64})`", card))
    assert "model.safetensors" in listed
    total = 0
    for name, digest in listed.items():
        data = (PACKAGED_STANCE_MODEL / name).read_bytes()
        total += len(data)
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} differs from MODEL_CARD.md"
    assert total < 50_000_000


@pytest.mark.real
def test_packaged_classifier_reads_polarity():
    from verifier.stance.model import StanceClassifier

    clf = StanceClassifier.load(PACKAGED_STANCE_MODEL)
    # Stored in fp16 to stay small, run in fp32: half-precision products are ~6x slower on a CPU.
    assert {p.dtype for p in clf.model.parameters()} == {__import__("torch").float32}
    kremlin = "The Kremlin has said it is looking to call-up initially 300,000 reservists."
    probs = clf.predict(
        [
            (kremlin, "Russia plans to call up 300,000 reservists."),
            ("The bridge was destroyed by a missile on Saturday.", "The bridge was not damaged."),
            ("The museum opened a new wing for modern art.", "Russia plans to call up reservists."),
        ]
    )
    assert max(probs[0], key=probs[0].get) == "supports"
    assert max(probs[1], key=probs[1].get) == "contradicts"
    assert max(probs[2], key=probs[2].get) == "unrelated"


@pytest.mark.real
def test_default_check_on_the_seeds_contradicts_a_wrong_figure_and_supports_the_right_one(
    tmp_path, seeds_dir
):
    from verifier.checking import check_claim
    from verifier.services import build_services

    # Default settings, as on a fresh clone: real MiniLM, real Chroma, the packaged classifier.
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    services = build_services(settings)
    try:
        services.store.ingest([seeds_dir])
        wrong = check_claim(services, "Russia mobilised 500,000 reservists")
        assert wrong.verdict == "contradicted"
        conflict = next(e for e in wrong.evidence if e.stance == "contradicts")
        assert "300,000" in conflict.quote
        right = check_claim(services, "The Kremlin wants to call up 300,000 reservists at first")
        # The true figure is never called contradicted; its passage is shown as support (the
        # classifier still reads some other passage as contradicting: disputed, a known limit).
        assert right.verdict in ("corroborated", "disputed")
        assert any(e.stance == "supports" and "300,000" in e.quote for e in right.evidence)
        # A flipped fact is contradicted by the sentence it flips; its paraphrase is corroborated.
        flipped = check_claim(services, "Ukraine did not kill any Russian soldiers last month.")
        assert flipped.verdict == "contradicted"
        assert any("13,000" in e.quote for e in flipped.evidence if e.stance == "contradicts")
        said = check_claim(
            services, "Kyiv says Ukraine killed almost 13,000 Russian soldiers last month."
        )
        assert said.verdict == "corroborated"
        # 'It suffered a major defeat' is about Russia (the sentence before): sides swapped.
        swapped = check_claim(
            services,
            "Ukraine suffered a major defeat in September after a Russian counterattack in Kharkiv.",
        )
        assert swapped.verdict == "contradicted"
        assert any("It suffered" in e.quote for e in swapped.evidence if e.stance == "contradicts")
        for result in (wrong, right, flipped, said, swapped):
            for e in result.evidence:
                assert services.store.article(e.article_id).text[e.start : e.end] == e.quote
    finally:
        services.store.close()
