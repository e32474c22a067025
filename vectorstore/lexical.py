"""BM25 over chunk texts (bm25s), with a tokeniser that keeps names and figures like "12,730"."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

from vectorstore.terms import STOPWORDS_EN, index_stem

# Numbers keep their separators ("12,730", "3.5") and also match their bare digits ("12730").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+")


def tokenize(text: str) -> list[str]:
    """Lowercased, stemmed tokens without English stopwords; numbers in both spellings."""
    tokens: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        if raw in STOPWORDS_EN:
            continue
        if raw[0].isdigit() and "," in raw:
            tokens.append(raw)
            tokens.append(raw.replace(",", ""))
        else:
            tokens.append(index_stem(raw))
    return tokens


def shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    """The set of lowercased `size`-word windows of a text (for near-copy detection)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def shingle_overlap(a: set, b: set) -> float:
    """Shared shingles as a fraction of the smaller set (1.0: one text contains the other)."""
    return len(a & b) / max(1, min(len(a), len(b)))


class LexicalIndex:
    """An in-memory BM25 index over chunks; rows know their chunk id and article id."""

    def __init__(self, chunk_ids: list[str], article_ids: list[str], retriever: bm25s.BM25 | None):
        self.chunk_ids = chunk_ids
        self.article_ids = np.asarray(article_ids, dtype=object)
        self._retriever = retriever

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str]]) -> LexicalIndex:
        """Index (chunk_id, article_id, text) rows."""
        chunk_ids, article_ids, corpus = [], [], []
        for chunk_id, article_id, text in rows:
            chunk_ids.append(chunk_id)
            article_ids.append(article_id)
            corpus.append(tokenize(text) or [""])
        if not corpus:
            return cls([], [], None)
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return cls(chunk_ids, article_ids, retriever)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def search(
        self, query: str, n: int, *, article_id: str | None = None, exclude: Iterable[str] = ()
    ) -> list[tuple[str, float]]:
        """The n best (chunk_id, score) with a positive score, after the article filters."""
        tokens = tokenize(query)
        if self._retriever is None or not tokens:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)
        if article_id is not None:
            scores = np.where(self.article_ids == article_id, scores, 0.0)
        excluded = list(exclude)
        if excluded:
            scores = np.where(np.isin(self.article_ids, excluded), 0.0, scores)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path, version: int) -> None:
        """Persist the index with the catalog version it reflects (atomic by rename)."""
        tmp = directory.with_name(f"{directory.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp), show_progress=False)
        meta = {
            "version": version,
            "chunk_ids": self.chunk_ids,
            "article_ids": self.article_ids.tolist(),
        }
        (tmp / "claimcheck.json").write_text(json.dumps(meta))
        shutil.rmtree(directory, ignore_errors=True)
        os.replace(tmp, directory)

    @classmethod
    def load(cls, directory: Path) -> tuple[LexicalIndex, int] | None:
        """The saved index and its catalog version, or None when absent or unreadable."""
        try:
            meta = json.loads((directory / "claimcheck.json").read_text())
            retriever = (
                bm25s.BM25.load(str(directory), show_progress=False) if meta["chunk_ids"] else None
            )
            return cls(meta["chunk_ids"], meta["article_ids"], retriever), int(meta["version"])
        except Exception:  # missing, half-written by a dead process, or another bm25s version
            return None
