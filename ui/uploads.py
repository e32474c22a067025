"""Saving uploaded files into the data dir so the store can ingest (and later update) them."""

from __future__ import annotations

import re
from pathlib import Path

from verifier.errors import InputError

SAFE_NAME = re.compile(r"[^\w.\- ]+")


def save_uploads(data_dir: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Write (name, bytes) uploads to DATA_DIR/uploads/ under safe names; returns their paths."""
    folder = Path(data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files:
        safe = SAFE_NAME.sub("_", Path(name).name).strip(" .")
        if not safe:
            raise InputError(
                f"cannot store an upload named {name!r}", hint="rename the file and upload it again"
            )
        path = folder / safe
        path.write_bytes(data)
        paths.append(path)
    return paths


def ingest_uploads(services, files: list[tuple[str, bytes]], progress=None):
    """Save uploads and ingest them; returns the store's IngestSummary (skipped files say why)."""
    paths = save_uploads(services.settings.data_dir, files)
    try:
        return services.store.ingest(paths, progress=progress)
    finally:
        for path in paths:  # unsupported or bad files are not kept around
            if not _stored(services, path):
                path.unlink(missing_ok=True)


def _stored(services, path: Path) -> bool:
    return any(Path(a.source) == path or a.source == str(path) for a in services.store.articles())
