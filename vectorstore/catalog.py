"""The SQLite catalog: the source of truth for articles and chunks (Chroma only holds vectors)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from vectorstore.models import Article, Chunk

# status: 'pending' (written, vectors not yet confirmed), 'complete' (searchable),
# 'deleting' (being removed). Only complete articles are ever shown or searched.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
    url TEXT, published TEXT, outlet TEXT, status TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_status ON articles(status);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    sentences TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id, idx);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', '0');
"""

_ARTICLE_COLS = "a.id, a.title, a.text, a.source, a.url, a.published, a.outlet"
_CHUNK_COLS = 'c.id, c.article_id, c.idx, c.text, c.start, c."end", c.sentences'


def _article(row: tuple, chunk_count: int = 0) -> Article:
    keys = ("id", "title", "text", "source", "url", "published", "outlet")
    return Article(**dict(zip(keys, row, strict=True)), chunk_count=chunk_count)


def _chunk(row: tuple) -> Chunk:
    cid, aid, idx, text, start, end, sentences = row
    return Chunk(
        id=cid,
        article_id=aid,
        index=idx,
        text=text,
        start=start,
        end=end,
        sentences=[tuple(s) for s in json.loads(sentences)],
    )


class Catalog:
    """Articles and chunks in SQLite (WAL); safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rows(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- meta ---------------------------------------------------------------------
    def version(self) -> int:
        """A counter bumped whenever the searchable set changes (noticed by other processes)."""
        return int(self._rows("SELECT value FROM meta WHERE key='version'")[0][0])

    def get_meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @staticmethod
    def _bump(db: sqlite3.Connection) -> None:
        db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'")

    # --- writes -------------------------------------------------------------------
    def put_pending(self, article: Article, chunks: list[Chunk]) -> None:
        """Write an article and its chunks as pending (one transaction)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._tx() as db:
            db.execute("DELETE FROM articles WHERE id=?", (article.id,))
            db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                (
                    article.id,
                    article.title,
                    article.text,
                    article.source,
                    article.url,
                    article.published,
                    article.outlet,
                    now,
                ),
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (c.id, c.article_id, c.index, c.text, c.start, c.end, json.dumps(c.sentences))
                    for c in chunks
                ],
            )

    def mark(self, article_ids: list[str], status: str) -> None:
        """Set the status of these articles (one transaction) and bump the version."""
        if not article_ids:
            return
        with self._tx() as db:
            db.executemany(
                "UPDATE articles SET status=? WHERE id=?", [(status, a) for a in article_ids]
            )
            self._bump(db)

    def delete(self, article_id: str) -> None:
        """Drop an article and its chunks."""
        with self._tx() as db:
            db.execute("DELETE FROM articles WHERE id=?", (article_id,))
            self._bump(db)

    # --- reads --------------------------------------------------------------------
    def status(self, article_id: str) -> str | None:
        rows = self._rows("SELECT status FROM articles WHERE id=?", (article_id,))
        return rows[0][0] if rows else None

    def ids_by_source(self, source: str) -> list[str]:
        """Complete or pending articles ingested from this source."""
        return [
            r[0]
            for r in self._rows(
                "SELECT id FROM articles WHERE source=? AND status != 'deleting'", (source,)
            )
        ]

    def ids_with_status(self, status: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles WHERE status=?", (status,))]

    def article(self, article_id: str) -> Article | None:
        rows = self._rows(
            f"SELECT {_ARTICLE_COLS}, (SELECT COUNT(*) FROM chunks c WHERE c.article_id=a.id) "
            "FROM articles a WHERE a.id=? AND a.status='complete'",
            (article_id,),
        )
        return _article(rows[0][:-1], rows[0][-1]) if rows else None

    def articles(self) -> list[Article]:
        rows = self._rows(
            f"SELECT {_ARTICLE_COLS}, (SELECT COUNT(*) FROM chunks c WHERE c.article_id=a.id) "
            "FROM articles a WHERE a.status='complete' ORDER BY a.title, a.id"
        )
        return [_article(r[:-1], r[-1]) for r in rows]

    def count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM articles WHERE status='complete'")[0][0]

    def chunks(self, article_id: str) -> list[Chunk]:
        """All chunks of an article in order, whatever its status."""
        return [
            _chunk(r)
            for r in self._rows(
                f"SELECT {_CHUNK_COLS} FROM chunks c WHERE c.article_id=? ORDER BY c.idx",
                (article_id,),
            )
        ]

    def searchable_chunks(self, chunk_ids: list[str]) -> dict[str, tuple[Chunk, str]]:
        """chunk id -> (chunk, article title), for chunks of complete articles only."""
        out: dict[str, tuple[Chunk, str]] = {}
        for i in range(0, len(chunk_ids), 500):
            part = chunk_ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for row in self._rows(
                # CROSS JOIN keeps SQLite on the chunk primary key instead of scanning articles.
                f"SELECT {_CHUNK_COLS}, a.title FROM chunks c CROSS JOIN articles a ON a.id=c.article_id "
                f"WHERE c.id IN ({marks}) AND a.status='complete'",
                part,
            ):
                out[row[0]] = (_chunk(row[:-1]), row[-1])
        return out

    def chunk_rows(self) -> list[tuple[str, str, str, str]]:
        """(chunk id, article id, title, text) of every complete article, for the lexical index."""
        return self._rows(
            "SELECT c.id, c.article_id, a.title, c.text FROM chunks c JOIN articles a ON a.id=c.article_id "
            "WHERE a.status='complete' ORDER BY c.article_id, c.idx"
        )

    def titles(self, article_ids: list[str]) -> dict[str, str]:
        """Titles of these articles, whatever their status."""
        out: dict[str, str] = {}
        for i in range(0, len(article_ids), 500):
            part = article_ids[i : i + 500]
            marks = ",".join("?" * len(part))
            out.update(self._rows(f"SELECT id, title FROM articles WHERE id IN ({marks})", part))
        return out

    def texts(self) -> list[tuple[str, str]]:
        """(id, text) of complete articles ordered by id (for the corpus hash)."""
        return self._rows("SELECT id, text FROM articles WHERE status='complete' ORDER BY id")

    def chunk_count(self) -> int:
        return self._rows(
            "SELECT COUNT(*) FROM chunks c JOIN articles a ON a.id=c.article_id "
            "WHERE a.status='complete'"
        )[0][0]
