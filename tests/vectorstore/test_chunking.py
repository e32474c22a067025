"""Sentence-aware chunking: exact offsets, sentence membership, overlap and size limits."""

from __future__ import annotations

import pytest

from vectorstore.chunking import LONG_SENTENCE_FACTOR, chunk_article
from vectorstore.cleaning import article_id, clean_text
from vectorstore.loading import load_file
from vectorstore.models import Chunk
from vectorstore.sentences import split_sentences


def check_invariants(text: str, chunks: list[Chunk], aid: str) -> None:
    """Offsets slice back, ids are sequential, sentences are in order and inside their chunk."""
    for index, chunk in enumerate(chunks):
        assert chunk.id == f"{aid}-{index:04d}"
        assert chunk.index == index and chunk.article_id == aid
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end
        for start, end in chunk.sentences:
            assert start < end and text[start:end] == text[start:end].strip()
        for (_, e1), (s2, _) in zip(chunk.sentences, chunk.sentences[1:], strict=False):
            assert e1 <= s2 and text[e1:s2].strip() == ""
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.start > before.start and after.end > before.end


def seed_texts(seeds_dir) -> list[str]:
    texts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        (raw,) = load_file(path, max_bytes=1_000_000)
        texts.append(clean_text(raw.text, title=raw.title).text)
    return texts


@pytest.mark.parametrize("chunk_chars", [200, 700, 2000])
@pytest.mark.parametrize("overlap", [0, 1, 2])
def test_seed_chunks_keep_invariants_and_cover_every_sentence(seeds_dir, chunk_chars, overlap):
    for text in seed_texts(seeds_dir):
        aid = article_id(text)
        chunks = chunk_article(aid, text, chunk_chars=chunk_chars, overlap=overlap)
        check_invariants(text, chunks, aid)
        covered = {span for chunk in chunks for span in chunk.sentences}
        assert covered == set(split_sentences(text))
        for chunk in chunks:
            # Only a chunk of a single sentence may exceed the size (overlap gives way first).
            assert len(chunk.text) <= chunk_chars or len(chunk.sentences) == 1


def test_overlap_repeats_the_last_sentences_of_the_previous_chunk():
    text = " ".join(f"Sentence number {i} is here." for i in range(30))
    chunks = chunk_article("a", text, chunk_chars=120, overlap=1)
    assert len(chunks) > 3
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.sentences[0] == before.sentences[-1]
    no_overlap = chunk_article("a", text, chunk_chars=120, overlap=0)
    for before, after in zip(no_overlap, no_overlap[1:], strict=False):
        assert after.start > before.end


def test_every_chunk_brings_a_new_sentence_even_with_large_overlap():
    text = " ".join(f"Short {i}." for i in range(12))
    chunks = chunk_article("a", text, chunk_chars=30, overlap=5)
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.sentences[-1][1] > before.sentences[-1][1]
    assert chunks[-1].end == len(text)


def test_one_long_sentence_is_its_own_chunk_and_not_split():
    long_sentence = "This sentence keeps going " + "and going " * 30 + "until it ends."
    assert 100 < len(long_sentence) <= LONG_SENTENCE_FACTOR * 100
    text = f"Short one. {long_sentence} Short two."
    chunks = chunk_article("a", text, chunk_chars=100, overlap=0)
    assert [c.text for c in chunks] == ["Short one.", long_sentence, "Short two."]


def test_huge_sentence_is_cut_at_whitespace():
    text = "word " * 1000
    chunks = chunk_article("a", text, chunk_chars=100, overlap=0)
    check_invariants(text, chunks, "a")
    assert len(text.strip()) > LONG_SENTENCE_FACTOR * 100
    assert all(len(c.text) <= 100 and c.text.startswith("word") for c in chunks)
    assert sum(c.text.count("word") for c in chunks) == 1000


def test_huge_word_is_cut_hard():
    text = "x" * 1050
    chunks = chunk_article("a", text, chunk_chars=100, overlap=0)
    check_invariants(text, chunks, "a")
    assert "".join(c.text for c in chunks) == text


def test_empty_text_has_no_chunks():
    assert chunk_article("a", "") == []
    assert chunk_article("a", " \n\n ") == []


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError):
        chunk_article("a", "Text.", chunk_chars=0)
    with pytest.raises(ValueError):
        chunk_article("a", "Text.", overlap=-1)
