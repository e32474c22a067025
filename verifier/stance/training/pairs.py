"""Labelled training pairs read from JSONL or CSV (premise, hypothesis, label), any label spelling."""

from __future__ import annotations

import json
from pathlib import Path

from verifier.errors import InputError

# Accepted spellings of each label: NLI, fact-checking datasets and claimcheck's own stances.
LABEL_ALIASES = {
    **dict.fromkeys(["supports", "support", "supported", "entailment", "completely-support"], 0),
    **dict.fromkeys(
        ["contradicts", "contradict", "contradiction", "refutes", "refute", "refuted"], 1
    ),
    **dict.fromkeys(
        ["unrelated", "neutral", "not_enough_info", "not enough info", "nei", "irrelevant"], 2
    ),
}


def read_pairs(path: Path) -> list[tuple[str, str, int]]:
    """Read labelled pairs (JSONL or CSV with premise, hypothesis, label); InputError names the line."""
    if not path.is_file():
        raise InputError(f"training data {path} does not exist")
    if path.suffix.lower() == ".csv":
        import csv

        with path.open(newline="", encoding="utf-8") as fh:
            rows = [(n, row) for n, row in enumerate(csv.DictReader(fh), start=2)]
    else:
        rows = []
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rows.append((n, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path} line {n}: not valid JSON ({exc.msg})") from None
    pairs = []
    for n, row in rows:
        if not isinstance(row, dict):
            raise InputError(f"{path} line {n}: expected an object with premise, hypothesis, label")
        for key in ("premise", "hypothesis", "label"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise InputError(f"{path} line {n}: missing or empty field {key!r}")
        label = LABEL_ALIASES.get(row["label"].strip().lower())
        if label is None:
            raise InputError(
                f"{path} line {n}: unknown label {row['label']!r}",
                hint="use supports/contradicts/unrelated (or entailment/contradiction/neutral)",
            )
        pairs.append((row["premise"], row["hypothesis"], label))
    return pairs
