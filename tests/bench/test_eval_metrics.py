"""Benchmark metrics on hand-computed examples."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from bench import evalcommon as ec

GOLD = ["supports", "supports", "contradicts", "unrelated"]
PRED = ["supports", "contradicts", "contradicts", "unrelated"]


def test_macro_f1_by_hand():
    # supports P=1 R=1/2 F=2/3; contradicts P=1/2 R=1 F=2/3; unrelated F=1 -> mean 7/9.
    assert ec.macro_f1(GOLD, PRED) == pytest.approx(7 / 9)
    per = ec.per_class(GOLD, PRED)
    assert per["supports"]["recall"] == pytest.approx(0.5)
    assert per["contradicts"]["precision"] == pytest.approx(0.5)
    assert per["unrelated"]["support"] == 1


def test_macro_f1_counts_a_never_predicted_class_as_zero():
    gold = ["supports", "contradicts", "unrelated"]
    pred = ["supports", "supports", "unrelated"]
    # supports P=1/2 R=1 F=2/3; contradicts 0; unrelated 1 -> 5/9.
    assert ec.macro_f1(gold, pred) == pytest.approx(5 / 9)


def test_confusion_rows_are_gold_columns_predicted():
    assert ec.confusion(GOLD, PRED) == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]


def test_prf_from_counts():
    r = ec.prf(tp=3, fp=1, fn=2)
    assert r["precision"] == pytest.approx(0.75)
    assert r["recall"] == pytest.approx(0.6)
    assert r["f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert ec.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_ece_and_reliability_table_by_hand():
    # Bin 0.9-1.0: conf 0.95, acc 0.5 -> gap 0.45; bin 0.2-0.3: conf 0.25, acc 1.0 -> gap 0.75.
    out = ec.reliability([0.95, 0.95, 0.25, 0.25], [True, False, True, True])
    assert out["ece"] == pytest.approx(0.5 * 0.45 + 0.5 * 0.75)
    bins = {row["bin"]: row for row in out["table"]}
    assert set(bins) == {"0.2-0.3", "0.9-1.0"}
    assert bins["0.9-1.0"]["accuracy"] == pytest.approx(0.5)
    assert bins["0.2-0.3"]["n"] == 2


def test_perfectly_calibrated_confidence_has_zero_ece():
    conf = [1.0] * 4 + [0.5] * 4
    correct = [True] * 4 + [True, False, True, False]
    assert ec.reliability(conf, correct)["ece"] == pytest.approx(0.0)


def test_climate_fever_split_is_every_fifth_claim():
    assert ec.climate_fever_is_test("0") and ec.climate_fever_is_test(1535)
    assert not ec.climate_fever_is_test("7")


def test_write_result_writes_json_and_markdown(tmp_path, monkeypatch):
    monkeypatch.setattr(ec, "RESULTS", tmp_path)
    path = ec.write_result("demo", {"macro_f1": 0.5}, ec.md_table(["a", "b"], [[1, 0.25]]))
    assert path.read_text().strip().startswith("{")
    assert "| 1 | 0.250 |" in (tmp_path / "demo.md").read_text()


@pytest.mark.skipif(
    not (ec.BENCHDATA / "scifact").is_dir(), reason="needs ../shared/benchdata/scifact"
)
def test_heldout_scifact_train_claims_are_never_training_pairs():
    from bench.make_stance_training import scifact_pairs, scifact_train_is_holdout

    claims = {
        json.loads(line)["claim"]: json.loads(line)["id"]
        for line in (ec.BENCHDATA / "scifact" / "claims_train.jsonl").open()
    }
    rows = scifact_pairs(random.Random(0), holdout=True)
    used = {claims[r["hypothesis"]] for r in rows}
    assert used and not any(scifact_train_is_holdout(i) for i in used)
    assert sum(scifact_train_is_holdout(i) for i in claims.values()) > 150


@pytest.mark.parametrize(
    "claim, negated",
    [
        (
            "ALDH1 expression is associated with poor prognosis.",
            "ALDH1 expression is not associated with poor prognosis.",
        ),
        ("Aspirin increases the risk of bleeding.", "Aspirin decreases the risk of bleeding."),
        ("Sea ice is not shrinking.", None),  # already negative: left alone
        ("Biomaterials show inductive properties.", None),  # nothing safe to flip
    ],
)
def test_negated_claims_for_contradiction_training(claim, negated):
    from bench.make_stance_training import negate, negated_pairs

    assert negate(claim) == negated
    pairs = negated_pairs(
        [{"premise": "P", "hypothesis": claim, "label": "supports", "source": "s"}]
    )
    assert [p["label"] for p in pairs] == (["contradicts"] if negated else [])


def test_regate_recomputes_classifier_stances_and_keeps_rule_decisions():
    from bench.eval_scifact import claim_from_stances, regate

    probs = {"supports": 0.3, "contradicts": 0.1, "unrelated": 0.6}
    row = {
        "stances": [
            (1, "unrelated", 0.6, "classifier:x", probs),
            (2, "supports", 0.9, "rule:figures", None),
        ]
    }
    assert regate(row, 0.5) == [("unrelated", 0.6), ("supports", 0.9)]
    assert regate(row, 0.35) == [("supports", 0.3), ("supports", 0.9)]
    assert regate(row, 0.35, k=1) == [("supports", 0.3)]
    assert claim_from_stances([("supports", 0.3), ("contradicts", 0.8)]) == "CONTRADICT"
    assert claim_from_stances([("unrelated", 0.9)]) == "NEI"


@pytest.mark.parametrize(
    "command",
    [
        ["bash", "scripts/train_stance.sh"],
        [sys.executable, "-m", "bench.make_stance_training", "--out", "pairs.jsonl"],
        [sys.executable, "-m", "bench.eval_scifact", "--limit", "1"],
        [sys.executable, "-m", "bench.eval_stance", "--dataset", "climate-fever"],
    ],
    ids=["train_stance.sh", "make_stance_training", "eval_scifact", "eval_stance"],
)
def test_without_the_shared_data_the_recipe_says_where_it_looked(command, tmp_path):
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    missing = tmp_path / "no-shared"
    env = {**os.environ, "CLAIMCHECK_SHARED": str(missing), "CLAIMCHECK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"{missing}/benchdata" in done.stderr and "not found" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert "claimcheck train-stance --data pairs.jsonl" in done.stderr


def test_extraction_coverage_counts_a_gold_claim_inside_a_longer_sentence():
    from bench.eval_extraction import coverage

    sentence = (
        "The United States has had two black presidents: Barack Obama, who served two terms "
        "from 2009 to 2017, and Donald Trump, who served one term from 2017 to 2021."
    )
    assert coverage("Barack Obama served two terms from 2009 to 2017.", [sentence]) == 1.0
    # "first" is the fact, and the sentence does not say it
    assert coverage("Barack Obama was the first black president.", [sentence]) == 0.8
    assert coverage("Anything at all.", []) == 0.0


def test_the_threshold_sweep_applies_the_rules_after_the_classifier(services):
    from bench.eval_scifact import RecordingClassifier, claim_from_stances, regate, rejudged_sweep
    from tests.verifier.stance_fakes import KeyedClassifier
    from verifier.retrieval import find_evidence
    from verifier.services import build_services
    from verifier.stance.judge import judge_passages

    services.store.add_text(
        "Lisbon weather", "Lisbon had a sunny weekend with warm temperatures near Cascais."
    )
    services.store.add_text("Lisbon metro", "Lisbon opened a new metro line on Monday.")
    # P(relevant) 0.7 for every sentence naming Lisbon, below the tuned 0.8.
    lisbon = {"supports": 0.6, "contradicts": 0.1, "unrelated": 0.3}
    clf = KeyedClassifier(("Lisbon",), lisbon, meta={"evidence_threshold": 0.8})
    recorder = RecordingClassifier(clf)
    services = build_services(services.settings, store=services.store, classifier=recorder)
    claims = [  # (claim, gold): the second shares only "Lisbon" with the metro passage
        ("Lisbon had a sunny weekend with warm temperatures", "SUPPORT"),
        ("Lisbon will host the next football final", "NEI"),
    ]
    judged, rows = [], []
    for text, gold in claims:
        passages = find_evidence(services, text, k=1)
        (e,) = judge_passages(services, text, passages, judge="cascade")
        # Run at the tuned 0.8, both passages are below the threshold: the classifier says unrelated.
        assert (e.stance, e.judge) == ("unrelated", "classifier:fake")
        judged.append((text, passages, gold))
        rows.append(
            {
                "gold": gold,
                "stances": [(0, e.stance, e.confidence, e.judge, recorder.seen[(e.quote, text)])],
            }
        )
    scored = len(clf.pairs)
    sweep = rejudged_sweep(services, judged, "cascade", ks=(1,), thresholds=(0.5,))
    assert len(clf.pairs) == scored  # every pair was scored once, in the run
    # At 0.5 the weather passage supports; the one-word match stays out (rule:grounding).
    assert sweep == [{"threshold": 0.5, "macro_f1@k1": pytest.approx(2 / 3)}]
    # Re-gating the recorded probabilities alone would have counted it as support.
    assert [claim_from_stances(regate(r, 0.5)) for r in rows] == ["SUPPORT", "SUPPORT"]
