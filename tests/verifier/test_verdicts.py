"""The verdict rule: by independent article, with probabilities from the stances."""

from __future__ import annotations

import itertools

import pytest

from verifier.schemas import Evidence
from verifier.stance.verdicts import RULES, decide_verdict, group_articles


def ev(article: str, stance: str, confidence: float = 0.8, chunk: int = 0) -> Evidence:
    quote = f"{stance} sentence {chunk}"
    return Evidence(
        article_id=article,
        title=article,
        chunk_id=f"{article}-{chunk:04d}",
        passage=quote,
        passage_start=0,
        quote=quote,
        start=0,
        end=len(quote),
        stance=stance,
        confidence=confidence,
    )


def expected(stances: tuple[str, ...]) -> str:
    sup, con = "supports" in stances, "contradicts" in stances
    return {
        (True, True): "disputed",
        (True, False): "corroborated",
        (False, True): "contradicted",
    }.get((sup, con), "unverified")


@pytest.mark.parametrize(
    "stances", list(itertools.product(["supports", "contradicts", "unrelated"], repeat=3))
)
def test_every_combination_of_three_articles_follows_the_table(stances):
    evidence = [ev(f"a{i}", s) for i, s in enumerate(stances)]
    label, confidence, rule = decide_verdict(evidence)
    assert label == expected(stances)
    assert 0.0 <= confidence <= 1.0
    assert rule.startswith(label)


def test_no_evidence_is_unverified():
    label, confidence, rule = decide_verdict([])
    assert label == "unverified"
    assert "no other article" in rule
    assert confidence == 1.0


def test_passages_of_one_article_count_once():
    one = [ev("a", "supports", 0.6, chunk=i) for i in range(3)]
    two = [ev("a", "supports", 0.6), ev("b", "supports", 0.6)]
    label1, conf1, rule1 = decide_verdict(one)
    label2, conf2, rule2 = decide_verdict(two)
    assert label1 == label2 == "corroborated"
    assert "1 independent article supports" in rule1
    assert "2 independent articles support" in rule2
    assert conf1 == pytest.approx(0.6)
    assert conf2 == pytest.approx(1 - 0.4 * 0.4)


def test_near_duplicate_copies_count_once():
    evidence = [ev("orig", "supports", 0.7), ev("copy", "supports", 0.7)]
    label, conf, rule = decide_verdict(evidence, {"copy": "orig", "orig": "orig"})
    assert label == "corroborated"
    assert "1 independent article" in rule
    assert conf == pytest.approx(0.7)
    assert set(group_articles(evidence, {"copy": "orig"})) == {"orig"}


def test_one_article_with_both_stances_is_disputed():
    label, _, _ = decide_verdict([ev("a", "supports", chunk=0), ev("a", "contradicts", chunk=1)])
    assert label == "disputed"


def test_disputed_confidence_is_product_of_both_sides():
    label, conf, _ = decide_verdict([ev("a", "supports", 0.8), ev("b", "contradicts", 0.5)])
    assert label == "disputed"
    assert conf == pytest.approx(0.8 * 0.5)


def test_unverified_confidence_falls_with_uncertain_unrelated_passages():
    sure = decide_verdict([ev("a", "unrelated", 0.95), ev("b", "unrelated", 0.95)])[1]
    unsure = decide_verdict([ev("a", "unrelated", 0.6), ev("b", "unrelated", 0.95)])[1]
    assert sure == pytest.approx(0.95 * 0.95)
    assert unsure < sure


def test_confidence_uses_strongest_passage_of_an_article():
    _, conf, _ = decide_verdict([ev("a", "supports", 0.3, 0), ev("a", "supports", 0.9, 1)])
    assert conf == pytest.approx(0.9)


def test_rules_text_names_every_label():
    for label in ("corroborated", "contradicted", "disputed", "unverified", "independent article"):
        assert label in RULES
