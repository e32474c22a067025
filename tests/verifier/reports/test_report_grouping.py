"""Grouping the same claim across articles: figures, word overlap, negation, embeddings."""

from __future__ import annotations

import pytest

from verifier.reports.grouping import (
    content_tokens,
    figures_agree,
    group_claims,
    negated,
    quantities_relation,
)
from verifier.reports.model import ArticleRef, ClaimEntry
from verifier.schemas import Quantity

REFS = {
    "x": ArticleRef(id="x", title="X", order=0),
    "y": ArticleRef(id="y", title="Y", order=1, published="2022-01-05"),
    "z": ArticleRef(id="z", title="Z", order=2, published="2022-01-03"),
}


def entry(cid: str, article: str, text: str, quantities=(), start: int = 0) -> ClaimEntry:
    return ClaimEntry(
        id=cid,
        article_id=article,
        article_title=REFS[article].title,
        text=text,
        quote=text,
        start=start,
        end=start + len(text),
        kind="event",
        quantities=list(quantities),
    )


def q(value: float, unit: str = "", per: str | None = None, qualifier: str = "exact") -> Quantity:
    return Quantity(text=str(value), value=value, unit=unit, per=per, qualifier=qualifier)


def test_figures_agree_when_one_is_a_rounding_of_the_other():
    assert figures_agree(q(13_000), q(12_730)) and figures_agree(q(12_700), q(12_730))
    assert figures_agree(q(400, qualifier="more than"), q(412))
    assert not figures_agree(q(82_604), q(82_885))  # two exact, different figures
    assert not figures_agree(q(400), q(360))  # rounds alike, but 10% apart
    assert figures_agree(q(7.6), q(7.62)) and not figures_agree(q(7.61), q(7.62))
    assert figures_agree(q(2_800, per="week"), q(400, per="day"))
    assert not figures_agree(q(400, per="day"), q(400))


def test_quantities_relation():
    assert (
        quantities_relation([q(400, "soldiers", "day")], [q(400, "personnel", "day")])
        == "same-unit"
    )
    assert (
        quantities_relation([q(12_000, "troops", "month")], [q(400, "soldiers", "day")])
        == "same-unit"
    )
    assert quantities_relation([q(12_730)], [q(12_700, "people")]) == "match"
    assert (
        quantities_relation([q(13_000, "soldiers", "month")], [q(400, "soldiers", "day")])
        == "clash"
    )
    assert quantities_relation([q(60_000)], [q(71_200)]) == "clash"
    assert quantities_relation([], [q(1)]) == "none"


def test_tokens_are_stemmed_and_canonical():
    assert content_tokens("Russian troops were killed") == content_tokens(
        "Russia's soldiers killed"
    )
    assert negated("Commanders did not flee") and negated("They didn\u2019t flee")
    assert not negated("Commanders fled")


def test_paraphrases_grouped_opposites_and_other_figures_not():
    entries = [
        entry("1", "x", "Russian commanders fled the Kherson region in panic"),
        entry("2", "y", "Commanders of the Russian army fled the Kherson region"),
        entry("3", "z", "Russian commanders did not flee the Kherson region"),
        entry(
            "4", "x", "Ukraine says 400 soldiers are killed a day", [q(400, "soldiers", "day")], 100
        ),
        entry("5", "z", "An average of 400 troops die daily", [q(400, "troops", "day")]),
        entry(
            "6", "y", "Ukraine says 900 soldiers are killed a day", [q(900, "soldiers", "day")], 100
        ),
        entry("7", "y", "The weather in Kherson was mild", start=200),
    ]
    groups = group_claims(entries, REFS)
    assert [sorted(g.claim_ids) for g in groups] == [["4", "5"], ["1", "2"]]
    # z (Jan 3) is published before x (undated), so its appearance comes first.
    assert groups[0].first_appearance.claim_id == "5" and groups[0].text == entries[4].text
    assert groups[1].first_appearance.article_id == "y"


def test_claims_in_one_article_only_are_not_a_group():
    entries = [
        entry("1", "x", "Russian commanders fled the Kherson region"),
        entry("2", "x", "Russian commanders fled the Kherson region", start=50),
    ]
    assert group_claims(entries, REFS) == []


def test_embeddings_can_join_paraphrases_without_shared_words():
    entries = [
        entry("1", "x", "Moscow's generals ran away"),
        entry("2", "y", "Kremlin commanders escaped in haste"),
        entry("3", "z", "Kremlin commanders stood firm"),
    ]
    vectors = {
        entries[0].text: [1.0, 0.0],
        entries[1].text: [0.95, 0.1],
        entries[2].text: [0.0, 1.0],
    }
    assert group_claims(entries, REFS) == []
    groups = group_claims(entries, REFS, embed=lambda texts: [vectors[t] for t in texts])
    assert [sorted(g.claim_ids) for g in groups] == [["1", "2"]]


@pytest.mark.real
def test_real_minilm_groups_a_paraphrase_but_not_its_negation():
    from vectorstore.embeddings import build_embedder, embed_texts

    embedder = build_embedder("minilm")
    entries = [
        entry("1", "x", "Russian commanders fled the Kherson region in panic"),
        entry("2", "y", "Commanders of the Russian army abandoned Kherson"),
        entry("3", "z", "Russian commanders did not flee the Kherson region"),
        entry("4", "z", "The weather was mild", start=60),
    ]
    assert group_claims(entries, REFS) == []  # too few shared words on their own
    groups = group_claims(entries, REFS, embed=lambda texts: embed_texts(embedder, texts))
    assert [sorted(g.claim_ids) for g in groups] == [["1", "2"]]


def test_a_passage_that_corroborates_a_member_is_not_listed_unverified():
    from verifier.reports.model import EvidenceItem
    from verifier.reports.text import appearance_verdict

    said = entry(
        "u", "x", "U0I claimed that 400 soldiers are killed a day", [q(400, "soldiers", "day")]
    )
    total = entry(
        "t",
        "y",
        "The total amounts to 12,730, averaging more than 400 personnel a day",
        [q(12_730, "personnel"), q(400, "personnel", "day", "more than")],
    )
    total.verdict = total.machine_verdict = "corroborated"
    total.evidence = [
        EvidenceItem(
            article_id="x",
            title="X",
            chunk_id="x-0",
            quote=said.quote,
            start=said.start,
            end=said.end,
            stance="supports",
        )
    ]
    said.verdict = said.machine_verdict = "unverified"
    [group] = group_claims([said, total], REFS)
    rows = {a.claim_id: a for a in group.appearances}
    # the U0I sentence is the very passage that corroborates the 12,730 claim: two articles say it
    assert rows["u"].verdict == "corroborated" and rows["u"].corroborates == ["t"]
    assert "its passage corroborates the claim in Y" in appearance_verdict(rows["u"], group)
    assert rows["t"].verdict == "corroborated" and rows["t"].corroborates == []
    assert appearance_verdict(rows["t"], group) == "corroborated"
