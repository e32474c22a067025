"""Retrieval of evidence: other articles only, never the claim's own article or copies of it."""

from __future__ import annotations

import pytest

from verifier.retrieval import candidate_spans, excluded_articles, find_evidence, passage_sentences

KHERSON = "Commanders of Russian elite units moved their families out of the Kherson region"


def article_id_containing(services, phrase: str) -> str:
    return next(a.id for a in services.store.articles() if phrase in a.text)


def test_without_exclusion_the_source_article_is_found(seeded_services):
    own = article_id_containing(seeded_services, "83rd and 11th Guards")
    passages = find_evidence(seeded_services, KHERSON, k=5)
    assert own in {p.article_id for p in passages}


def test_own_article_is_excluded(seeded_services):
    own = article_id_containing(seeded_services, "83rd and 11th Guards")
    passages = find_evidence(seeded_services, KHERSON, k=5, exclude_article=own)
    assert passages, "other articles still answer"
    assert own not in {p.article_id for p in passages}


def test_near_duplicate_copy_is_excluded_too(seeded_services):
    own = seeded_services.store.article(
        article_id_containing(seeded_services, "83rd and 11th Guards")
    )
    copy = seeded_services.store.add_text(
        "Syndicated: " + own.title, own.text + "\n\nRepublished with permission."
    )
    assert copy.id != own.id
    assert copy.id in excluded_articles(seeded_services, own.id)
    found = {
        p.article_id for p in find_evidence(seeded_services, KHERSON, k=8, exclude_article=own.id)
    }
    assert own.id not in found and copy.id not in found
    # Without exclusion both copies rank for the claim: the exclusion is what removed them.
    assert {own.id, copy.id} <= {p.article_id for p in find_evidence(seeded_services, KHERSON, k=8)}


def test_k_limits_the_passages(seeded_services):
    assert len(find_evidence(seeded_services, KHERSON, k=2)) == 2


def test_default_k_comes_from_settings(seeded_services):
    assert len(find_evidence(seeded_services, KHERSON)) == seeded_services.settings.top_k


@pytest.mark.parametrize("query", [KHERSON, "300,000 reservists", "400 soldiers a day"])
def test_sentence_spans_lie_inside_the_passage_and_slice_the_article(seeded_services, query):
    for passage in find_evidence(seeded_services, query, k=5):
        article = seeded_services.store.article(passage.article_id)
        chunk = passage.chunk
        assert article.text[chunk.start : chunk.end] == chunk.text
        spans = passage_sentences(passage)
        assert spans
        for start, end in candidate_spans(passage):
            assert chunk.start <= start < end <= chunk.end
            text = article.text[start:end]
            assert text == text.strip() and text in chunk.text
        assert len(candidate_spans(passage)) == 2 * len(spans) - 1
