"""Changes to the archive that the CLI and the app share: uploads saved and ingested, removal, reviews."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from vectorstore.models import Article
from verifier.errors import InputError
from verifier.reviews import make_review
from verifier.schemas import Review

if TYPE_CHECKING:
    from vectorstore.ingest import IngestSummary
    from verifier.services import Services

SAFE_NAME = re.compile(r"[^\w.\- ]+")


MAX_NAME_BYTES = 120
"""Stored names are cut to this many UTF-8 bytes (file systems allow 255), the extension kept."""


def _safe_name(name: str) -> str:
    """The last path component of an upload name, reduced to letters, digits, dot, dash and space."""
    base = re.split(r"[\\/]", name)[-1]  # Windows paths too: "C:\\x\\a.txt" -> "a.txt"
    safe = SAFE_NAME.sub("_", base).strip(" .")
    stem, dot, ext = safe.rpartition(".") if "." in safe else (safe, "", "")
    ext = ext[:16]
    room = MAX_NAME_BYTES - len(dot + ext)
    stem = stem.encode()[:room].decode(errors="ignore").strip(" .")
    return f"{stem}{dot}{ext}" if stem else ""


def save_uploads(
    data_dir: Path, files: list[tuple[str, bytes]], *, max_files: int | None = None
) -> list[Path]:
    """Write (name, bytes) uploads to DATA_DIR/uploads/ under safe names; returns their paths."""
    if max_files is not None and len(files) > max_files:
        raise InputError(
            f"{len(files)} files in one upload, more than the {max_files} allowed",
            hint="upload fewer at once, or raise CLAIMCHECK_MAX_UPLOAD_FILES",
        )
    folder = Path(data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, data in files:
        safe = _safe_name(name)
        if not safe:
            raise InputError(
                f"cannot store an upload named {name!r}", hint="rename the file and upload it again"
            )
        path = folder / safe
        n = 1
        while path in paths:  # the same name twice in one upload: keep both files
            n += 1
            stem, dot, ext = safe.rpartition(".") if "." in safe else (safe, "", "")
            path = folder / f"{stem}-{n}{dot}{ext}"
        _write_here(path, data)
        paths.append(path)
    return paths


def _write_here(path: Path, data: bytes) -> None:
    """Write a regular file at `path`; a link planted there is replaced, never written through."""
    if path.is_symlink():
        path.unlink()
    # O_NOFOLLOW: should a link appear after the check, the write fails instead of following it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def ingest_uploads(
    services: Services, files: list[tuple[str, bytes]], progress=None
) -> IngestSummary:
    """Save uploads and ingest them; returns the store's IngestSummary (skipped files say why)."""
    settings = services.settings
    paths = save_uploads(settings.data_dir, files, max_files=settings.max_upload_files)
    try:
        return services.store.ingest(paths, progress=progress)
    finally:
        for path in paths:  # unsupported or bad files are not kept around
            if not _stored(services, path):
                path.unlink(missing_ok=True)


def _stored(services: Services, path: Path) -> bool:
    return any(Path(a.source) == path or a.source == str(path) for a in services.store.articles())


def remove_article(services: Services, article_id: str) -> Article:
    """Delete an article with its chunks, vectors and extracted claims (reviews are kept); returns it."""
    article = services.store.article(article_id)  # NotFoundError for an unknown id
    services.store.remove(article_id)
    services.claims.delete_article(article_id)
    return article


def review_claim(
    services: Services, claim_id: str, verdict: str | None, *, note: str = "", reviewer: str = ""
) -> Review:
    """Record a reviewer's verdict on a stored claim; 'confirm' keeps the machine verdict."""
    services.claims.claim(claim_id)  # raises NotFoundError for an unknown id
    result = services.claims.result(claim_id)
    review = make_review(
        claim_id,
        verdict,
        result.verdict if result else None,
        note=note,
        reviewer=reviewer,
    )
    services.reviews.save_review(review)
    return review
