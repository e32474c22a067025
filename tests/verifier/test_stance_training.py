"""Training the stance classifier: data validation, calibration, training, then loading it, CLI."""

from __future__ import annotations

import json
import math

import pytest

from verifier.errors import InputError
from verifier.stance.model import StanceClassifier
from verifier.stance.training.calibration import fit_temperature, macro_f1
from verifier.stance.training.pairs import read_pairs
from verifier.stance.training.train import train_stance

TINY = [
    (
        "The city council approved the budget on Monday.",
        "The council approved the budget.",
        "entailment",
    ),
    (
        "The city council rejected the budget on Monday.",
        "The council approved the budget.",
        "contradiction",
    ),
    ("The weather was sunny in the afternoon.", "The council approved the budget.", "neutral"),
    ("Troops crossed the river at dawn.", "Soldiers crossed the river.", "supports"),
    ("No troops crossed the river.", "Soldiers crossed the river.", "contradicts"),
    ("The museum opened a new wing.", "Soldiers crossed the river.", "unrelated"),
] * 5


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def tiny_data(tmp_path):
    rows = [{"premise": p, "hypothesis": h, "label": lab} for p, h, lab in TINY]
    return write_jsonl(tmp_path / "pairs.jsonl", rows)


def test_read_pairs_maps_label_spellings(tiny_data):
    pairs = read_pairs(tiny_data)
    assert len(pairs) == len(TINY)
    assert [y for *_, y in pairs[:6]] == [0, 1, 2, 0, 1, 2]


def test_read_pairs_accepts_csv(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text('premise,hypothesis,label\n"A, b.",B.,supports\nC.,D.,neutral\n')
    assert read_pairs(path) == [("A, b.", "B.", 0), ("C.", "D.", 2)]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ({"premise": "x", "label": "supports"}, "line 2: missing or empty field 'hypothesis'"),
        ({"premise": "x", "hypothesis": "y", "label": "maybe"}, "line 2: unknown label 'maybe'"),
        ("{not json", "line 2: not valid JSON"),
    ],
)
def test_bad_training_data_names_the_line(tmp_path, bad_line, message):
    good = json.dumps({"premise": "a", "hypothesis": "b", "label": "supports"})
    bad = bad_line if isinstance(bad_line, str) else json.dumps(bad_line)
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n{bad}\n")
    with pytest.raises(InputError, match=message):
        read_pairs(path)


def test_bad_data_leaves_an_existing_model_untouched(tmp_path):
    out = tmp_path / "stance-model"
    out.mkdir()
    (out / "stance_meta.json").write_text('{"temperature": 1.0}')
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"premise": "a", "hypothesis": "b", "label": "?"}])
    with pytest.raises(InputError, match="line 1"):
        train_stance(bad, out, epochs=1, max_pairs=None, seconds_budget=None, progress=None)
    assert (out / "stance_meta.json").read_text() == '{"temperature": 1.0}'


def test_missing_training_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_pairs(tmp_path / "nope.jsonl")


def test_fit_temperature_softens_overconfident_logits():
    import torch

    gen = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 3, (300,), generator=gen).tolist()
    # Logits that are right 60% of the time but claim ~99% confidence: T must be > 1.
    logits = torch.zeros(300, 3)
    for i, y in enumerate(labels):
        guess = y if i % 5 < 3 else (y + 1) % 3
        logits[i, guess] = 6.0
    t, before, after = fit_temperature(logits, labels)
    assert t > 1.5
    assert after < before


def test_macro_f1_scores_a_never_predicted_label_as_zero():
    assert macro_f1([0, 1, 2], [0, 1, 2]) == 1.0
    assert macro_f1([0, 0, 1, 2], [0, 0, 0, 2]) == pytest.approx((0.8 + 0 + 1) / 3)


@pytest.mark.real
def test_train_one_step_gives_a_loadable_calibrated_model(tiny_data, tmp_path):
    seen = []
    metrics = train_stance(
        tiny_data,
        tmp_path / "model",
        epochs=1,
        max_pairs=None,
        seconds_budget=60,
        progress=lambda step, total, msg: seen.append((step, total)),
        batch_size=32,
    )
    assert metrics["steps"] == 1
    assert metrics["pairs_train"] == len(TINY)
    clf = StanceClassifier.load(tmp_path / "model")
    assert clf.name.startswith("classifier:")
    pairs = [(p, h) for p, h, _ in TINY[:6]]
    probs = clf.predict(pairs)
    assert len(probs) == 6
    for row in probs:
        assert set(row) == {"supports", "contradicts", "unrelated"}
        assert math.isclose(sum(row.values()), 1.0, rel_tol=1e-5)
        assert all(0.0 <= v <= 1.0 for v in row.values())
    # Order is kept even though prediction batches are sorted by length internally.
    reversed_probs = clf.predict(pairs[::-1])
    for a, b in zip(probs, reversed_probs[::-1], strict=True):
        assert a == pytest.approx(b, abs=1e-5)
    assert clf.predict([]) == []


@pytest.mark.real
def test_cli_train_stance_end_to_end(tiny_data, tmp_path):
    from typer.testing import CliRunner

    from verifier.cli.main import app

    out = tmp_path / "cli-model"
    result = CliRunner().invoke(
        app,
        ["train-stance", "--data", str(tiny_data), "--out", str(out), "--batch-size", "32"],
    )
    assert result.exit_code == 0, result.output
    assert "saved the stance classifier" in result.output
    assert StanceClassifier.load(out).predict([("a", "b")])[0].keys() == {
        "supports",
        "contradicts",
        "unrelated",
    }


@pytest.mark.real
def test_features_kind_trains_and_predicts(tiny_data, tmp_path):
    metrics = train_stance(
        tiny_data,
        tmp_path / "fmodel",
        epochs=3,
        max_pairs=None,
        seconds_budget=60,
        progress=None,
        kind="features",
    )
    assert metrics["kind"] == "features"
    assert metrics["distinct_sentences"] == len({t for p, h, _ in TINY for t in (p, h)})
    clf = StanceClassifier.load(tmp_path / "fmodel")
    probs = clf.predict([(p, h) for p, h, _ in TINY[:6]])
    assert all(math.isclose(sum(r.values()), 1.0, rel_tol=1e-5) for r in probs)


def test_unknown_kind_is_an_input_error(tiny_data, tmp_path):
    with pytest.raises(InputError, match="unknown classifier kind"):
        train_stance(
            tiny_data,
            tmp_path / "m",
            epochs=1,
            max_pairs=None,
            seconds_budget=None,
            progress=None,
            kind="svm",
        )


def test_cpu_training_keeps_word_embeddings_and_returns_a_cpu_model(tiny_data):
    import random

    from verifier.stance.model import LABELS, base_model_path, load_torch
    from verifier.stance.training.crossencoder import train_cross_encoder

    torch, transformers = load_torch()
    if torch.cuda.is_available():
        pytest.skip("on a GPU the word embeddings train too")
    start = transformers.AutoModel.from_pretrained(base_model_path())
    before = start.get_input_embeddings().weight.detach().clone()
    layer_before = start.encoder.layer[0].output.dense.weight.detach().clone()
    model, _, metrics = train_cross_encoder(
        torch,
        transformers,
        read_pairs(tiny_data),
        base_model_path(),
        num_labels=3,
        labels=LABELS,
        epochs=1,
        seconds_budget=None,
        progress=None,
        batch_size=8,
        learning_rate=5e-4,
        max_length=64,
        rng=random.Random(0),
        seed=0,
        checkpoint=lambda *a: None,
        checkpoint_seconds=1e9,
    )
    assert metrics["steps"] == math.ceil(len(TINY) / 8)
    assert next(model.parameters()).device.type == "cpu"
    assert torch.equal(model.get_input_embeddings().weight, before)
    assert not torch.equal(model.bert.encoder.layer[0].output.dense.weight, layer_before)
