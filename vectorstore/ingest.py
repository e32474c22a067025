"""Ingest orchestration: load -> clean -> id -> chunk -> catalog (pending) -> vectors -> complete."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from vectorstore.catalog import Catalog
from vectorstore.chunking import chunk_article
from vectorstore.cleaning import article_id as make_article_id
from vectorstore.cleaning import clean_text
from vectorstore.errors import InputError
from vectorstore.loading import RawArticle, iter_jsonl, iter_paths, load_file
from vectorstore.models import Article, Chunk


class ArchiveWriter(Protocol):
    """What ingest needs of the store (ArchiveStore is one): its catalog, sizes and vector writes."""

    catalog: Catalog
    chunk_chars: int
    chunk_overlap: int
    embed_batch: int
    max_file_bytes: int

    def write_vectors(self, chunks: list[Chunk]) -> None: ...

    def drop(self, article_id: str) -> None: ...


class SkippedFile(BaseModel):
    """An input that was not ingested, and why (one line)."""

    source: str
    reason: str


class IngestSummary(BaseModel):
    """What one ingest did; article ids in each list."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(
        default_factory=list, description="New ids of articles whose text changed."
    )
    replaced: list[str] = Field(
        default_factory=list, description="Old ids removed by those updates."
    )
    unchanged: list[str] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)
    chunks: int = Field(default=0, description="Chunks embedded and written.")
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.replaced)


class RawInput(BaseModel):
    """One article before cleaning, whatever file it came from."""

    title: str
    text: str
    source: str = ""
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


class _Run:
    """One ingest: articles written as pending until their vectors are in Chroma, and outcomes."""

    def __init__(self, store: ArchiveWriter) -> None:
        self.store = store
        self.summary = IngestSummary()
        self.seen: set[str] = set()
        self.article_ids: list[str] = []
        self.chunks: list[Chunk] = []
        self.supersedes: dict[str, list[str]] = {}  # article id -> older ids from the same source

    def stage(self, raw: RawInput) -> str | None:
        """Clean, identify and chunk one article; return its id, or None when skipped."""
        store, summary = self.store, self.summary
        text = clean_text(raw.text, title=raw.title).text
        if not text.strip():
            summary.skipped.append(
                SkippedFile(source=raw.source or raw.title, reason="no article text after cleaning")
            )
            return None
        article_id = make_article_id(text)
        older = (
            [old for old in store.catalog.ids_by_source(raw.source) if old != article_id]
            if raw.source
            else []
        )
        if older:
            self.supersedes.setdefault(article_id, []).extend(older)
        if article_id in self.seen or store.catalog.status(article_id) == "complete":
            summary.unchanged.append(article_id)
            self.seen.add(article_id)
            return article_id
        self.seen.add(article_id)
        chunks = chunk_article(
            article_id, text, chunk_chars=store.chunk_chars, overlap=store.chunk_overlap
        )
        article = Article(
            id=article_id,
            title=raw.title.strip() or text[:80],
            text=text,
            source=raw.source,
            url=raw.url,
            published=raw.published,
            outlet=raw.outlet,
            chunk_count=len(chunks),
        )
        store.catalog.put_pending(article, chunks)
        self.article_ids.append(article_id)
        self.chunks.extend(chunks)
        (summary.updated if older else summary.added).append(article_id)
        if len(self.chunks) >= store.embed_batch:
            self.flush()
        return article_id

    def flush(self) -> None:
        """Write the pending vectors and mark their articles complete."""
        self.store.write_vectors(self.chunks)
        self.store.catalog.mark(self.article_ids, "complete")
        self.summary.chunks += len(self.chunks)
        self.article_ids, self.chunks = [], []

    def finish(self) -> IngestSummary:
        """Flush, then drop older versions that no input of this run still holds."""
        self.flush()
        # Decided only at the end: a record that moved (e.g. to another .jsonl line) is not an update.
        stale = {old for olds in self.supersedes.values() for old in olds} - self.seen
        for old_id in sorted(stale):
            self.store.drop(old_id)
            self.summary.replaced.append(old_id)
        moved = [
            a for a in self.summary.updated if not stale.intersection(self.supersedes.get(a, ()))
        ]
        for article_id in moved:
            self.summary.updated.remove(article_id)
            self.summary.added.append(article_id)
        return self.summary


def _raw_inputs(path: Path, max_bytes: int, summary: IngestSummary) -> Iterator[RawInput]:
    """The articles in one file (raises InputError with a one-line reason when none is usable).

    A .jsonl collection streams a record at a time, so its size is not bounded by memory."""
    if path.suffix.lower() == ".jsonl":
        records: Iterable[RawArticle | str] = iter_jsonl(path, max_bytes=max_bytes)
    else:
        loaded = load_file(path, max_bytes=max_bytes)
        records = [*loaded.problems, *loaded]
    for r in records:
        if isinstance(r, str):
            summary.skipped.append(SkippedFile(source=str(path), reason=_reason(r, path)))
            continue
        yield RawInput(
            title=r.title,
            text=r.text,
            source=r.source or str(path.absolute()),
            url=r.url,
            published=r.published,
            outlet=r.outlet,
        )


def _reason(message: str, path: Path) -> str:
    return message.removeprefix(f"{path}: ")


def ingest_paths(
    store: ArchiveWriter, paths: list[Path], progress: Callable[[int, int, str], None] | None = None
) -> IngestSummary:
    """Ingest every file under paths; bad files are skipped with a reason (the caller holds the lock)."""
    started = time.perf_counter()
    run = _Run(store)
    files = list(iter_paths(paths))
    for done, path in enumerate(files, start=1):
        try:
            for raw in _raw_inputs(path, store.max_file_bytes, run.summary):
                run.stage(raw)
        except InputError as exc:
            run.summary.skipped.append(
                SkippedFile(source=str(path), reason=_reason(str(exc), path))
            )
        if progress:
            progress(done, len(files), path.name)
    summary = run.finish()
    summary.seconds = time.perf_counter() - started
    return summary


def ingest_raw(store: ArchiveWriter, raw: RawInput) -> tuple[IngestSummary, str | None]:
    """Ingest one article given as text (the caller holds the lock)."""
    run = _Run(store)
    article_id = run.stage(raw)
    return run.finish(), article_id
