"""Reviewer confirmations and overrides, kept in their own SQLite file so they survive re-runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from verifier.errors import InputError, NotFoundError, StoreError
from verifier.schemas import Review
from verifier.verdict_labels import VERDICTS

CONFIRM = "confirm"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    claim_id TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    machine_verdict TEXT,
    at TEXT NOT NULL
)
"""


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def make_review(
    claim_id: str,
    verdict: str | None,
    machine_verdict: str | None,
    *,
    note: str = "",
    reviewer: str = "",
    at: str | None = None,
) -> Review:
    """A Review from a user-given verdict; 'confirm' means the machine verdict is right."""
    if not verdict or not verdict.strip():
        # Never default one: a review records what the reviewer chose, nothing else.
        raise InputError(
            f"no verdict chosen for claim {claim_id}",
            hint=f"choose one of: {', '.join((*VERDICTS, CONFIRM))}",
        )
    given = verdict.strip().lower()
    if given == CONFIRM:
        if machine_verdict is None:
            raise InputError(
                f"claim {claim_id} has no machine verdict to confirm",
                hint="run `claimcheck crosscheck` first, or give an explicit --verdict",
            )
        given = machine_verdict
    if given not in VERDICTS:
        raise InputError(
            f"unknown verdict {verdict!r} for claim {claim_id}",
            hint=f"use one of: {', '.join((*VERDICTS, CONFIRM))}",
        )
    return Review(
        claim_id=claim_id,
        verdict=given,
        note=note.strip(),
        reviewer=reviewer.strip(),
        machine_verdict=machine_verdict,
        at=at or now_iso(),
    )


class ReviewStore:
    """SQLite table of reviews keyed by claim id (WAL; one transaction per write)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the review store {self.path}: {exc}",
                hint="move the file aside; reviews are only in this file, so keep a copy",
            ) from exc

    def save_review(self, review: Review) -> None:
        """Store (or replace) one claim's review."""
        self.save_reviews([review])

    def save_reviews(self, reviews: Iterable[Review]) -> int:
        """Store several reviews in one transaction: all of them or none."""
        rows = [
            (r.claim_id, r.verdict, r.note, r.reviewer, r.machine_verdict, r.at or now_iso())
            for r in reviews
        ]
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO reviews "
                "(claim_id, verdict, note, reviewer, machine_verdict, at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def review(self, claim_id: str) -> Review | None:
        """The review of one claim, or None."""
        row = self._db.execute(
            "SELECT claim_id, verdict, note, reviewer, machine_verdict, at FROM reviews "
            "WHERE claim_id = ?",
            (claim_id,),
        ).fetchone()
        return _to_review(row) if row else None

    def reviews(self) -> dict[str, Review]:
        """Every review, keyed by claim id, in claim-id order."""
        rows = self._db.execute(
            "SELECT claim_id, verdict, note, reviewer, machine_verdict, at FROM reviews "
            "ORDER BY claim_id"
        ).fetchall()
        return {row[0]: _to_review(row) for row in rows}

    def delete_review(self, claim_id: str) -> None:
        """Forget one claim's review (raises NotFoundError when there is none)."""
        with self._db:
            cur = self._db.execute("DELETE FROM reviews WHERE claim_id = ?", (claim_id,))
        if cur.rowcount == 0:
            raise NotFoundError(f"no review for claim {claim_id}")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()


def _to_review(row: tuple) -> Review:
    claim_id, verdict, note, reviewer, machine_verdict, at = row
    return Review(
        claim_id=claim_id,
        verdict=verdict,
        note=note,
        reviewer=reviewer,
        machine_verdict=machine_verdict,
        at=at,
    )
