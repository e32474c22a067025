"""The article archive: SQLite catalog (truth) + Chroma (chunk vectors) + BM25, searched hybrid."""

from __future__ import annotations

import fcntl
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import chromadb
import numpy as np
from chromadb.api.types import EmbeddingFunction

from vectorstore.catalog import Catalog
from vectorstore.embeddings import embed_texts, embedder_key
from vectorstore.errors import InputError, NotFoundError, StoreError
from vectorstore.fusion import fuse_ranks
from vectorstore.ingest import IngestSummary, RawInput, ingest_paths, ingest_raw
from vectorstore.lexical import LexicalIndex, shingle_overlap, shingles
from vectorstore.models import Article, Chunk, Passage

Mode = Literal["hybrid", "dense", "lexical"]
MODES = ("hybrid", "dense", "lexical")


class ArchiveStore:
    """Articles, their chunks and hybrid search over them; one per data directory."""

    embed_batch = 256  # chunks embedded and written to Chroma at a time (bigger = less padding)
    # RRF weights of (dense, lexical), chosen on SciFact train: bench/results/retrieval_fusion_tuning.md
    weights = (1.0, 0.8)
    rrf_k = 60

    def __init__(
        self,
        data_dir: Path,
        embedder: EmbeddingFunction,
        client,
        collection,
        *,
        chunk_chars: int,
        chunk_overlap: int,
        max_file_bytes: int,
    ) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.chunk_chars = chunk_chars
        self.chunk_overlap = chunk_overlap
        self.max_file_bytes = max_file_bytes
        self.catalog = Catalog(data_dir / "catalog.sqlite3")
        self._client = client
        self._collection = collection
        self._write_lock = threading.RLock()
        self._lex_lock = threading.Lock()
        self._lex: LexicalIndex | None = None
        self._lex_version = -1
        self._hash: tuple[int, str] | None = None
        self._dups: dict[tuple[str, float], list[str]] = {}
        self._dups_version = -1
        key = embedder_key(embedder)
        recorded = self.catalog.get_meta("embedder")
        if recorded is None:
            self.catalog.set_meta("embedder", key)
        elif recorded != key:
            raise StoreError(
                f"the store in {data_dir} was built with embedder {recorded!r}, not {key!r}",
                hint="set CLAIMCHECK_EMBEDDER back, or use another CLAIMCHECK_DATA_DIR",
            )

    # --- writing ------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer lock (threads and processes) and finish any interrupted work first."""
        with self._write_lock, open(self.data_dir / "write.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self._recover()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _recover(self) -> None:
        # Nobody else holds the writer lock, so pending/deleting rows were left by a dead process.
        if self._collection.count() == 0 and self.catalog.chunk_count() > 0:
            # Vectors lost or a new Chroma (e.g. a server just configured): re-embed everything.
            self.catalog.mark([a.id for a in self.catalog.articles()], "pending")
        for article_id in self.catalog.ids_with_status("deleting"):
            self.drop(article_id)
        pending = self.catalog.ids_with_status("pending")
        for article_id in pending:
            self._collection.delete(where={"article_id": article_id})
        chunks = [c for article_id in pending for c in self.catalog.chunks(article_id)]
        self.write_vectors(chunks)
        self.catalog.mark(pending, "complete")

    def write_vectors(self, chunks: list[Chunk]) -> None:
        """Embed chunks (headed by their article title) in batches and upsert them into Chroma."""
        titles = self.catalog.titles(sorted({c.article_id for c in chunks})) if chunks else {}
        for i in range(0, len(chunks), self.embed_batch):
            batch = chunks[i : i + self.embed_batch]
            vectors = embed_texts(
                self.embedder, [index_text(titles.get(c.article_id, ""), c.text) for c in batch]
            )
            self._collection.upsert(
                ids=[c.id for c in batch],
                embeddings=vectors,
                documents=[c.text for c in batch],
                metadatas=[
                    {"article_id": c.article_id, "index": c.index, "start": c.start, "end": c.end}
                    for c in batch
                ],
            )

    def drop(self, article_id: str) -> None:
        """Delete an article's vectors and catalog rows (the caller holds the writer lock)."""
        self.catalog.mark([article_id], "deleting")
        self._collection.delete(where={"article_id": article_id})
        self.catalog.delete(article_id)

    def ingest(
        self, paths: Iterable[Path | str], progress: Callable[[int, int, str], None] | None = None
    ) -> IngestSummary:
        """Ingest files and folders: added / updated / unchanged / skipped (with reasons)."""
        with self.writing():
            summary = ingest_paths(self, [Path(p) for p in paths], progress)
        self._refresh_lexical()
        return summary

    def add_text(
        self,
        title: str,
        text: str,
        *,
        source: str = "",
        url: str | None = None,
        published: str | None = None,
        outlet: str | None = None,
    ) -> Article:
        """Ingest one article given as text (uploads, tests, benchmarks)."""
        raw = RawInput(
            title=title, text=text, source=source, url=url, published=published, outlet=outlet
        )
        with self.writing():
            summary, article_id = ingest_raw(self, raw)
        if article_id is None:
            raise InputError(f"cannot add {title!r}: {summary.skipped[0].reason}")
        return self.article(article_id)

    def remove(self, article_id: str) -> None:
        """Delete an article, its chunks and their vectors."""
        with self.writing():
            if self.catalog.article(article_id) is None:
                raise NotFoundError(
                    f"no article with id {article_id!r}", hint="see `claimcheck articles`"
                )
            self.drop(article_id)

    # --- reading ------------------------------------------------------------------
    def articles(self) -> list[Article]:
        return self.catalog.articles()

    def article(self, article_id: str) -> Article:
        found = self.catalog.article(article_id)
        if found is None:
            raise NotFoundError(
                f"no article with id {article_id!r}", hint="see `claimcheck articles`"
            )
        return found

    def chunks(self, article_id: str) -> list[Chunk]:
        self.article(article_id)
        return self.catalog.chunks(article_id)

    def count(self) -> int:
        return self.catalog.count()

    def vector_count(self) -> int:
        """Vectors in Chroma (equals the catalog's chunk count when the store is consistent)."""
        return self._collection.count()

    def corpus_hash(self) -> str:
        """sha256 over the ids and texts of the searchable articles."""
        version = self.catalog.version()
        if self._hash is None or self._hash[0] != version:
            digest = hashlib.sha256()
            for article_id, text in self.catalog.texts():
                digest.update(f"{article_id}\0{text}\0".encode())
            self._hash = (version, digest.hexdigest())
        return self._hash[1]

    # --- search -------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 5,
        *,
        article_id: str | None = None,
        exclude: Iterable[str] = (),
        mode: Mode = "hybrid",
    ) -> list[Passage]:
        """The k best passages for a query: dense, lexical (BM25) or both fused by RRF."""
        if mode not in MODES:
            raise InputError(f"unknown search mode {mode!r}", hint=f"use one of {', '.join(MODES)}")
        if not query.strip() or k <= 0:
            return []
        exclude = [e for e in exclude if e]
        n = max(50, 4 * k)
        dense = self._dense(query, n, article_id, exclude) if mode != "lexical" else []
        lexical = (
            self._lexical().search(query, n, article_id=article_id, exclude=exclude)
            if mode != "dense"
            else []
        )
        if mode == "hybrid":
            ranked = fuse_ranks(
                [[i for i, _ in dense], [i for i, _ in lexical]], weights=self.weights, k=self.rrf_k
            )
        else:
            ranked = dense or lexical
        dense_at = {cid: (rank, score) for rank, (cid, score) in enumerate(dense, start=1)}
        lex_at = {cid: (rank, score) for rank, (cid, score) in enumerate(lexical, start=1)}
        passages: list[Passage] = []
        window = 2 * k
        for start in range(0, len(ranked), window):
            part = ranked[start : start + window]
            # Chunks of pending or half-deleted articles are not returned by the catalog.
            found = self.catalog.searchable_chunks([cid for cid, _ in part])
            for chunk_id, score in part:
                if chunk_id not in found or len(passages) == k:
                    continue
                chunk, title = found[chunk_id]
                d, lx = dense_at.get(chunk_id, (None, None)), lex_at.get(chunk_id, (None, None))
                passages.append(
                    Passage(
                        chunk=chunk,
                        title=title,
                        score=score,
                        dense_rank=d[0],
                        dense_score=d[1],
                        lexical_rank=lx[0],
                        lexical_score=lx[1],
                    )
                )
            if len(passages) == k:
                break
        return passages

    def _dense(self, query: str, n: int, article_id: str | None, exclude: list[str]):
        where: list[dict] = []
        if article_id is not None:
            where.append({"article_id": article_id})
        if exclude:
            where.append({"article_id": {"$nin": exclude}})
        vector = embed_texts(self.embedder, [query])
        return self._query(vector, n, where)

    def _query(self, vectors: np.ndarray, n: int, where: list[dict]) -> list[tuple[str, float]]:
        filt = None if not where else where[0] if len(where) == 1 else {"$and": where}
        result = self._collection.query(
            query_embeddings=vectors, n_results=n, where=filt, include=["distances"]
        )
        return [
            (cid, 1.0 - float(dist))
            for cid, dist in zip(result["ids"][0], result["distances"][0], strict=True)
        ]

    def _lexical(self) -> LexicalIndex:
        version = self.catalog.version()
        with self._lex_lock:
            if self._lex is None or self._lex_version != version:
                saved = LexicalIndex.load(self.data_dir / "bm25")
                if saved is not None and saved[1] == version:
                    self._lex, self._lex_version = saved
                else:
                    rows = self.catalog.chunk_rows()
                    self._lex = LexicalIndex.build((c, a, index_text(t, x)) for c, a, t, x in rows)
                    self._lex_version = version
                    self._lex.save(self.data_dir / "bm25", version)
            return self._lex

    def _refresh_lexical(self) -> None:
        # Build and persist after writes so the next search (or the next process) starts warm.
        self._lexical()

    def near_duplicates(self, article_id: str, threshold: float = 0.9) -> list[str]:
        """Ids of articles sharing at least `threshold` of the shorter one's 5-word shingles."""
        key, version = (article_id, threshold), self.catalog.version()
        if self._dups_version != version:
            self._dups, self._dups_version = {}, version
        if key not in self._dups:
            self._dups[key] = self._find_duplicates(article_id, threshold)
        return list(self._dups[key])

    def _find_duplicates(self, article_id: str, threshold: float) -> list[str]:
        # Candidates: articles owning a chunk nearly identical to one of ours; then shingle overlap.
        article = self.article(article_id)
        chunk_ids = [c.id for c in self.catalog.chunks(article_id)]
        if not chunk_ids or self._collection.count() <= len(chunk_ids):
            return []
        got = self._collection.get(ids=chunk_ids, include=["embeddings"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        result = self._collection.query(
            query_embeddings=vectors,
            n_results=5,
            where={"article_id": {"$ne": article_id}},
            include=["distances", "metadatas"],
        )
        candidates = {
            meta["article_id"]
            for metas, dists in zip(result["metadatas"], result["distances"], strict=True)
            for meta, dist in zip(metas, dists, strict=True)
            if 1.0 - dist >= 0.8
        }
        mine = shingles(article.text)
        copies = []
        for other_id in sorted(candidates):
            other = self.catalog.article(other_id)
            if other is None:
                continue
            if shingle_overlap(mine, shingles(other.text)) >= threshold:
                copies.append(other_id)
        return copies

    def close(self) -> None:
        self.catalog.close()


def index_text(title: str, text: str) -> str:
    """What gets embedded and BM25-indexed for a chunk: the article title heads every chunk."""
    # A chunk in the middle of an article rarely names its subject; the title does.
    return f"{title}\n\n{text}" if title else text


def _client(data_dir: Path, chroma_host: str | None, chroma_port: int):
    settings = chromadb.Settings(anonymized_telemetry=False)
    try:
        if chroma_host:
            return chromadb.HttpClient(host=chroma_host, port=chroma_port, settings=settings)
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
    except Exception as exc:
        where = f"{chroma_host}:{chroma_port}" if chroma_host else str(data_dir / "chroma")
        raise StoreError(
            f"cannot open Chroma at {where}: {exc}",
            hint="check CLAIMCHECK_CHROMA_HOST / CLAIMCHECK_CHROMA_PORT or CLAIMCHECK_DATA_DIR",
        ) from exc


def open_store(
    data_dir: Path | str,
    embedder: EmbeddingFunction,
    *,
    chroma_host: str | None = None,
    chroma_port: int = 8000,
    collection: str = "claimcheck",
    chunk_chars: int = 700,
    chunk_overlap: int = 1,
    max_file_bytes: int = 5_000_000,
) -> ArchiveStore:
    """Open (or create) the archive in data_dir, with vectors in local Chroma or a Chroma server."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Two processes creating a fresh local Chroma at once race on its schema: serialise opening.
    with _open_lock(data_dir if not chroma_host else None):
        client = _client(data_dir, chroma_host, chroma_port)
        coll = _collection(client, collection, embedder_key(embedder))
    return ArchiveStore(
        data_dir,
        embedder,
        client,
        coll,
        chunk_chars=chunk_chars,
        chunk_overlap=chunk_overlap,
        max_file_bytes=max_file_bytes,
    )


@contextmanager
def _open_lock(data_dir: Path | None) -> Iterator[None]:
    if data_dir is None:
        yield
        return
    # Its own file: held only while opening, never during a long write (ingest holds write.lock).
    with open(data_dir / "open.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _collection(client, collection: str, key: str):
    try:
        coll = client.get_or_create_collection(
            collection,
            embedding_function=None,
            metadata={"embedder": key},
            configuration={"hnsw": {"space": "cosine"}},
        )
    except Exception as exc:
        raise StoreError(
            f"cannot open the Chroma collection {collection!r}: {exc}",
            hint="check CLAIMCHECK_COLLECTION (3-512 characters) and CLAIMCHECK_CHROMA_HOST",
        ) from exc
    recorded = (coll.metadata or {}).get("embedder")
    if recorded != key:
        raise StoreError(
            f"collection {collection!r} holds vectors of embedder {recorded!r}, not {key!r}",
            hint="set CLAIMCHECK_EMBEDDER back, or choose another CLAIMCHECK_COLLECTION",
        )
    return coll
