"""Token, call and cache-hit accounting per operation, optionally logged to a JSONL file."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from verifier.schemas import Usage


class UsageMeter:
    """Thread-safe totals of model cost, one Usage per operation name."""

    def __init__(self, log_path: Path | None = None, model: str = "") -> None:
        self._lock = threading.Lock()
        self._by_operation: dict[str, Usage] = {}
        self.log_path = log_path
        self.model = model

    def add(self, operation: str, **amounts: float) -> None:
        """Add calls, cache_hits, prompt_tokens, completion_tokens or seconds to an operation."""
        with self._lock:
            current = self._by_operation.get(operation, Usage())
            self._by_operation[operation] = current + Usage(**amounts)
            if self.log_path is not None:
                self._log(operation, amounts)

    def _log(self, operation: str, amounts: dict) -> None:
        line = json.dumps(
            {"at": round(time.time(), 3), "model": self.model, "operation": operation, **amounts}
        )
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError:
            pass  # accounting must never break a model call

    def usage(self) -> dict[str, Usage]:
        """A copy of the per-operation totals."""
        with self._lock:
            return {op: u.model_copy() for op, u in self._by_operation.items()}

    def total(self) -> Usage:
        """All operations together."""
        total = Usage()
        for u in self.usage().values():
            total = total + u
        return total

    def reset(self) -> None:
        """Forget the in-memory totals (the log file is kept)."""
        with self._lock:
            self._by_operation.clear()


def read_usage_log(path: Path) -> dict[tuple[str, str], Usage]:
    """Totals per (model, operation) from a usage log; unreadable lines are skipped."""
    totals: dict[tuple[str, str], Usage] = {}
    if not path.is_file():
        return totals
    fields = set(Usage.model_fields)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
            key = (str(record.get("model", "")), str(record.get("operation", "")))
            amount = Usage(**{k: v for k, v in record.items() if k in fields})
        except (ValueError, TypeError):
            continue
        totals[key] = totals.get(key, Usage()) + amount
    return totals
