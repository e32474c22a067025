"""Retrieval of candidate evidence for a claim: passages from other articles, and their sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vectorstore.models import Passage

if TYPE_CHECKING:
    from verifier.services import Services


def excluded_articles(services: Services, article_id: str | None) -> set[str]:
    """The claim's own article and its near-duplicate copies: they cannot corroborate it."""
    if not article_id:
        return set()
    return {article_id, *services.store.near_duplicates(article_id)}


def find_evidence(
    services: Services, claim_text: str, *, k: int | None = None, exclude_article: str | None = None
) -> list[Passage]:
    """Top-k passages (hybrid search) for a claim from articles other than its own and its copies."""
    k = k or services.settings.top_k
    exclude = excluded_articles(services, exclude_article)
    return services.store.search(claim_text, k=k, exclude=tuple(sorted(exclude)), mode="hybrid")


def passage_sentences(passage: Passage) -> list[tuple[int, int]]:
    """Sentence spans of a passage, as offsets into its article (whole passage if none are known)."""
    chunk = passage.chunk
    spans = [(s, e) for s, e in chunk.sentences if chunk.start <= s < e <= chunk.end]
    if not spans:
        from vectorstore.sentences import split_sentences

        spans = [(chunk.start + s, chunk.start + e) for s, e in split_sentences(chunk.text)]
    return spans or [(chunk.start, chunk.end)]


def candidate_spans(passage: Passage) -> list[tuple[int, int]]:
    """Possible quotes: each sentence, and each pair of neighbouring sentences (a claim may span two)."""
    sentences = passage_sentences(passage)
    pairs = [(a[0], b[1]) for a, b in zip(sentences, sentences[1:], strict=False)]
    return sentences + pairs
