"""Hybrid retrieval: tokeniser, rank fusion, filters, and finding names and figures."""

from __future__ import annotations

import pytest

from vectorstore.embeddings import HashEmbedder, build_embedder
from vectorstore.errors import InputError
from vectorstore.fusion import fuse_ranks
from vectorstore.lexical import LexicalIndex, tokenize
from vectorstore.store import open_store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from tests.conftest import SEEDS

    store = open_store(tmp_path_factory.mktemp("hybrid") / "data", HashEmbedder())
    store.ingest([SEEDS])
    yield store
    store.close()


def test_tokenize_keeps_figures_in_both_spellings():
    tokens = tokenize("The total amounts to 12,730 soldiers, in Kryvyi Rih.")
    assert "12,730" in tokens and "12730" in tokens
    assert "kryvyi" in tokens and "rih" in tokens and "the" not in tokens
    assert tokenize("soldiers") == tokenize("soldier")


def test_fuse_ranks_rewards_agreement_and_respects_weights():
    fused = dict(fuse_ranks([["a", "b", "c"], ["c", "d"]], k=60))
    assert fused["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert max(fused, key=fused.get) == "c"
    weighted = fuse_ranks([["a"], ["b"]], weights=[1.0, 2.0])
    assert [item for item, _ in weighted] == ["b", "a"]
    with pytest.raises(ValueError):
        fuse_ranks([["a"]], weights=[1.0, 1.0])


def test_lexical_index_filters_and_round_trips(tmp_path):
    rows = [
        ("a-0", "a", "harbour ships counted"),
        ("b-0", "b", "harbour cranes"),
        ("c-0", "c", "bread"),
    ]
    index = LexicalIndex.build(rows)
    assert [cid for cid, _ in index.search("harbour", 5)] in (["a-0", "b-0"], ["b-0", "a-0"])
    assert [cid for cid, _ in index.search("harbour", 5, exclude=["a"])] == ["b-0"]
    assert [cid for cid, _ in index.search("harbour", 5, article_id="a")] == ["a-0"]
    index.save(tmp_path / "bm25", version=7)
    loaded, version = LexicalIndex.load(tmp_path / "bm25")
    assert version == 7 and loaded.search("cranes", 5) == index.search("cranes", 5)
    assert LexicalIndex.load(tmp_path / "absent") is None


@pytest.mark.parametrize("query", ["12,730", "12730"])
def test_figures_are_found_lexically_and_in_hybrid(seeded, query):
    for mode in ("lexical", "hybrid"):
        top = seeded.search(query, k=3, mode=mode)[0]
        assert "12,730" in top.text


def test_place_names_are_found(seeded):
    top = seeded.search("Kryvyi Rih", k=1)[0]
    assert "Kryvyi Rih" in top.text and top.lexical_rank == 1
    assert top.chunk.text == seeded.article(top.article_id).text[top.chunk.start : top.chunk.end]


def test_hybrid_passages_carry_both_rankings(seeded):
    query = "Russian commanders flee and abandon their troops"
    hybrid = seeded.search(query, k=5)
    dense = [p.chunk.id for p in seeded.search(query, k=50, mode="dense")]
    lexical = [p.chunk.id for p in seeded.search(query, k=50, mode="lexical")]
    for p in hybrid:
        assert p.dense_rank is None or dense[p.dense_rank - 1] == p.chunk.id
        assert p.lexical_rank is None or lexical[p.lexical_rank - 1] == p.chunk.id
    assert [p.score for p in hybrid] == sorted((p.score for p in hybrid), reverse=True)
    assert any(p.dense_rank and p.lexical_rank for p in hybrid)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_filters_by_article_and_exclusion(seeded, mode):
    target = seeded.search("Kryvyi Rih", k=1)[0].article_id
    only = seeded.search("Russian soldiers", k=10, article_id=target, mode=mode)
    assert only and {p.article_id for p in only} == {target}
    others = seeded.search("Russian officers in Kryvyi Rih", k=20, exclude=[target], mode=mode)
    assert others and target not in {p.article_id for p in others}
    two = [a.id for a in seeded.articles()][:2]
    left = seeded.search("Putin", k=30, exclude=two, mode=mode)
    assert not {p.article_id for p in left} & set(two)


def test_bad_queries(seeded):
    assert seeded.search("   ", k=5) == []
    with pytest.raises(InputError, match="mode"):
        seeded.search("Putin", mode="fuzzy")


@pytest.mark.real
def test_real_minilm_hybrid_on_the_seeds(tmp_path, seeds_dir):
    store = open_store(tmp_path / "data", build_embedder("minilm"))
    store.ingest([seeds_dir])
    assert "Kryvyi Rih" in store.search("Kryvyi Rih", k=1)[0].text
    assert "12,730" in store.search("12,730", k=1)[0].text
    # A paraphrase with no shared figure: the dense side carries it.
    dense = store.search("How many Russian troops died in a single month?", k=3, mode="dense")
    assert any("13,000" in p.text or "12,730" in p.text for p in dense)
    store.close()
