"""Stored claims, extraction runs and check results in one SQLite file (WAL, one transaction per step)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from verifier.errors import InputError, NotFoundError, StoreError
from verifier.schemas import CheckResult, Claim

_SCHEMA = """
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    json TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id, position);
CREATE TABLE IF NOT EXISTS extractions (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    count INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (article_id, model, prompt_hash)
);
CREATE TABLE IF NOT EXISTS results (
    claim_id TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    corpus_key TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ClaimStore:
    """Claims per article, the extraction runs that produced them, and the latest check results."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    f"claim store {self.path} is not a usable SQLite database: {exc}",
                    hint="move the file away (claims are re-extracted) or set CLAIMCHECK_DATA_DIR",
                ) from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per step: safe across threads (Streamlit) and processes.
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=30000")
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- claims --------------------------------------------------------------------

    def save_claims(
        self, article_id: str, claims: list[Claim], *, model: str, prompt_hash: str
    ) -> None:
        """Replace the article's claims with these, and record the extraction run that made them."""
        for claim in claims:
            if not isinstance(claim, Claim):
                raise InputError(f"save_claims expects Claim objects, got {type(claim).__name__}")
            if claim.article_id != article_id:
                raise InputError(
                    f"claim {claim.id} belongs to article {claim.article_id}, not {article_id}"
                )
        rows = [
            (c.id, article_id, i, c.model_dump_json(), model, prompt_hash)
            for i, c in enumerate(claims)
        ]
        with self._transaction() as db:
            kept = {c.id for c in claims}
            old = [
                r[0] for r in db.execute("SELECT id FROM claims WHERE article_id=?", (article_id,))
            ]
            # Results of claims that disappear with this run are stale; those of kept claims stay.
            db.executemany(
                "DELETE FROM results WHERE claim_id=?", [(i,) for i in old if i not in kept]
            )
            db.execute("DELETE FROM claims WHERE article_id=?", (article_id,))
            db.executemany("INSERT OR REPLACE INTO claims VALUES (?,?,?,?,?,?)", rows)
            # Only the latest run describes the stored claims.
            db.execute("DELETE FROM extractions WHERE article_id=?", (article_id,))
            db.execute(
                "INSERT INTO extractions VALUES (?,?,?,?,?)",
                (article_id, model, prompt_hash, len(claims), _now()),
            )

    def has_extraction(self, article_id: str, model: str, prompt_hash: str) -> bool:
        """True when the stored claims of this article came from this model and prompt."""
        with self._connect() as db:
            row = db.execute(
                "SELECT 1 FROM extractions WHERE article_id=? AND model=? AND prompt_hash=?",
                (article_id, model, prompt_hash),
            ).fetchone()
        return row is not None

    def extracted_articles(self) -> list[str]:
        """Ids of the articles with a recorded extraction run."""
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT article_id FROM extractions")]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        """Stored claims, in article order; only one article's when `article_id` is given."""
        sql = "SELECT json FROM claims"
        args: tuple = ()
        if article_id is not None:
            sql += " WHERE article_id=?"
            args = (article_id,)
        with self._connect() as db:
            rows = db.execute(sql + " ORDER BY article_id, position", args).fetchall()
        return [self._load(Claim, r[0]) for r in rows]

    def claim(self, claim_id: str) -> Claim:
        """One stored claim; NotFoundError when there is none with this id."""
        with self._connect() as db:
            row = db.execute("SELECT json FROM claims WHERE id=?", (claim_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no stored claim with id {claim_id!r}", hint="run `claimcheck claims`"
            )
        return self._load(Claim, row[0])

    def delete_article(self, article_id: str) -> None:
        """Forget an article's claims, extraction runs and results."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM results WHERE claim_id IN (SELECT id FROM claims WHERE article_id=?)",
                (article_id,),
            )
            db.execute("DELETE FROM claims WHERE article_id=?", (article_id,))
            db.execute("DELETE FROM extractions WHERE article_id=?", (article_id,))

    # --- results -------------------------------------------------------------------

    def save_result(self, claim_id: str, result: CheckResult, *, corpus_key: str) -> None:
        """Store (or replace) the check result of a claim, with the corpus state it was made on."""
        if not isinstance(result, CheckResult):
            raise InputError(f"save_result expects a CheckResult, got {type(result).__name__}")
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO results VALUES (?,?,?,?)",
                (claim_id, result.model_dump_json(), corpus_key, _now()),
            )

    def result(self, claim_id: str, corpus_key: str | None = None) -> CheckResult | None:
        """The stored result of a claim (only if made on `corpus_key`, when given), else None."""
        with self._connect() as db:
            row = db.execute(
                "SELECT json, corpus_key FROM results WHERE claim_id=?", (claim_id,)
            ).fetchone()
        if row is None or (corpus_key is not None and row[1] != corpus_key):
            return None
        return self._load(CheckResult, row[0])

    def results(self, corpus_key: str | None = None) -> dict[str, CheckResult]:
        """All stored results by claim id (only those made on `corpus_key`, when given)."""
        with self._connect() as db:
            rows = db.execute("SELECT claim_id, json, corpus_key FROM results").fetchall()
        return {
            cid: self._load(CheckResult, js)
            for cid, js, key in rows
            if corpus_key is None or key == corpus_key
        }

    def checked_count(self) -> tuple[int, int]:
        """(stored claims with a stored result, stored claims), counted by the database."""
        with self._connect() as db:
            row = db.execute(
                "SELECT COUNT(r.claim_id), COUNT(*) FROM claims c "
                "LEFT JOIN results r ON r.claim_id = c.id"
            ).fetchone()
        return row[0], row[1]

    def result_keys(self) -> dict[str, str]:
        """The corpus key each stored result was made on, by claim id (for resumable runs)."""
        with self._connect() as db:
            return dict(db.execute("SELECT claim_id, corpus_key FROM results").fetchall())

    def _load(self, model: type, raw: str):
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            raise StoreError(
                f"a stored {model.__name__} in {self.path} no longer matches the schema: {exc}",
                hint="re-run `claimcheck extract --force`",
            ) from exc
