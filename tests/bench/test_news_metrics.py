"""News dev set metrics on hand-computed examples."""

from __future__ import annotations

import json

import pytest

from bench import eval_news as en

PAIRS = [
    ("supported", "corroborated"),
    ("supported", "unverified"),
    ("supported", "disputed"),
    ("contradicted", "contradicted"),
    ("contradicted", "disputed"),
    ("contradicted", "corroborated"),
    ("contradicted", "unverified"),
    ("absent", "unverified"),
    ("absent", "corroborated"),
]


def test_accuracy_counts_disputed_as_wrong():
    m = en.news_metrics(PAIRS)
    # right: s->corroborated, c->contradicted, a->unverified = 3 of 9.
    assert m["accuracy"] == pytest.approx(3 / 9)
    assert m["claims"] == 9


def test_contradiction_recall_strict_and_caught_with_disputed():
    m = en.news_metrics(PAIRS)
    assert m["contradiction_recall"] == pytest.approx(1 / 4)
    assert m["contradiction_caught"] == pytest.approx(2 / 4)
    assert m["contradicted_as_disputed"] == 1


def test_false_corroborations_are_contradicted_or_absent_claims_corroborated():
    m = en.news_metrics(PAIRS)
    assert m["false_corroborations"] == 2
    assert m["false_corroborations_by_gold"] == {"contradicted": 1, "absent": 1}


def test_per_class_by_hand():
    per = en.news_metrics(PAIRS)["per_class"]
    # corroborated: tp 1, fp 2 (c, a), fn 2 (unverified, disputed) -> P 1/3, R 1/3.
    assert per["corroborated"]["precision"] == pytest.approx(1 / 3)
    assert per["corroborated"]["recall"] == pytest.approx(1 / 3)
    # contradicted: tp 1, fp 0, fn 3 -> P 1, R 1/4; disputed is no false positive of any class.
    assert per["contradicted"]["precision"] == pytest.approx(1.0)
    assert per["contradicted"]["recall"] == pytest.approx(0.25)
    # unverified: tp 1, fp 2 (s, c), fn 1 -> P 1/3, R 1/2.
    assert per["unverified"]["precision"] == pytest.approx(1 / 3)
    assert per["unverified"]["f1"] == pytest.approx(2 * (1 / 3) * 0.5 / (1 / 3 + 0.5))
    assert per["unverified"]["support"] == 2


def test_confusion_rows_gold_columns_verdicts():
    conf = en.news_metrics(PAIRS)["confusion"]
    assert conf["contradicted"] == {
        "corroborated": 1,
        "contradicted": 1,
        "disputed": 1,
        "unverified": 1,
        "error": 0,
    }
    assert sum(conf["absent"].values()) == 2


def test_error_is_wrong_and_empty_input_is_zero():
    m = en.news_metrics([("absent", "error")])
    assert m["accuracy"] == 0.0 and m["false_corroborations"] == 0
    assert en.news_metrics([])["accuracy"] == 0.0


def test_per_kind_accuracy():
    rows = [
        {"kind": "figure", "gold": "contradicted", "correct": True},
        {"kind": "figure", "gold": "supported", "correct": False},
        {"kind": "negation", "gold": "contradicted", "correct": True},
    ]
    out = en.per_kind(rows)
    assert out["figure"]["accuracy"] == pytest.approx(0.5)
    assert out["figure"]["gold"] == {"contradicted": 1, "supported": 1}
    assert out["negation"]["n"] == 1


def test_split_halves_are_deterministic_and_disjoint():
    ids = [f"s{i:03d}" for i in range(1, 200)]
    dev = {i for i in ids if en.in_split(i, "dev")}
    test = {i for i in ids if en.in_split(i, "test")}
    assert dev.isdisjoint(test) and dev | test == set(ids)
    assert 60 < len(dev) < 140
    assert all(en.in_split(i, "all") for i in ids)


@pytest.mark.parametrize("name", ["seeds", "second"])
def test_committed_sets_are_well_formed(name):
    claims_file, paths = en.SETS[name]
    rows = [json.loads(line) for line in claims_file.open()]
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["label"] for r in rows} == set(en.GOLD)
    texts = [
        p.read_text(encoding="utf-8")
        for path in paths
        for p in (sorted(path.glob("*.txt")) if path.is_dir() else [path])
    ]
    if name == "second":
        texts = [json.loads(line)["text"] for line in paths[0].open()]
    for r in rows:
        assert (r["evidence"] == "") == (r["label"] == "absent"), r["id"]
        for sentence in filter(None, r["evidence"].split("\n")):
            assert any(sentence in t for t in texts), (r["id"], sentence)
