"""Persistent response cache: the same request to the same model never costs twice."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import diskcache

from verifier.errors import ConfigError


def make_key(**parts: object) -> str:
    """A stable hash of everything that decides a model's answer."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """Validated objects (as JSON) by request key, in a diskcache (SQLite) directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        try:
            self._cache = diskcache.Cache(str(self.directory))
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the LLM cache at {self.directory} ({exc}): "
                "set CLAIMCHECK_DATA_DIR to a writable folder or CLAIMCHECK_CACHE=false"
            ) from exc

    def get(self, key: str) -> str | None:
        """The stored JSON for this key, or None (an unreadable cache counts as a miss)."""
        try:
            value = self._cache.get(key)
        except (OSError, sqlite3.Error):
            return None
        return value if isinstance(value, str) else None

    def set(self, key: str, value: str) -> None:
        """Store the JSON of a validated object."""
        try:
            self._cache.set(key, value)
        except (OSError, sqlite3.Error):
            pass  # a cache that cannot be written only costs a repeat call later

    def delete(self, key: str) -> None:
        """Forget one entry (e.g. one that no longer validates)."""
        try:
            self._cache.delete(key)
        except (OSError, sqlite3.Error):
            pass

    def clear(self) -> int:
        """Forget everything; returns how many entries were removed."""
        return self._cache.clear()

    def __len__(self) -> int:
        return len(self._cache)

    def close(self) -> None:
        """Release the SQLite handle."""
        self._cache.close()
