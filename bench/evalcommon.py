"""Shared helpers of the benchmark scripts: data paths, splits, metrics and result files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from verifier.prompts import PROMPTS_DIR

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMCHECK_SHARED", ROOT.parent / "shared"))
BENCHDATA = SHARED / "benchdata"
TRAINDATA = SHARED / "traindata"
RESULTS = ROOT / "bench" / "results"
STANCES = ("supports", "contradicts", "unrelated")


def require_shared(*parts: str) -> Path:
    """The data folder SHARED/parts, or exit with a message that says where it was looked for."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        raise SystemExit(
            f"{path} not found: the labelled benchmark and training sets live in ../shared beside "
            "the repository; set CLAIMCHECK_SHARED to their folder. To train the stance "
            "classifier on your own labelled pairs instead: claimcheck train-stance --data pairs.jsonl"
        )
    return path


def climate_fever_is_test(claim_id: str | int) -> bool:
    """The fixed reported split of Climate-FEVER: the 304 claims whose claim_id % 5 == 0."""
    return int(claim_id) % 5 == 0


def confusion(gold: list[str], pred: list[str], labels=STANCES) -> list[list[int]]:
    """Confusion matrix: rows gold, columns predicted, in `labels` order."""
    index = {lab: i for i, lab in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def per_class(gold: list[str], pred: list[str], labels=STANCES) -> dict[str, dict]:
    """Precision, recall, F1 and support of each label."""
    out = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    return out


def macro_f1(gold: list[str], pred: list[str], labels=STANCES) -> float:
    """Unweighted mean of the per-label F1 scores."""
    scores = per_class(gold, pred, labels)
    return sum(s["f1"] for s in scores.values()) / len(labels)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def reliability(confidences: list[float], correct: list[bool], bins: int = 10) -> dict:
    """Expected calibration error and the reliability table (equal-width confidence bins)."""
    table = []
    n = len(confidences)
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(correct[i] for i in idx) / len(idx)
        ece += len(idx) / n * abs(acc - conf)
        table.append(
            {"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx), "confidence": conf, "accuracy": acc}
        )
    return {"ece": ece if n else 0.0, "table": table}


def prompt_hashes() -> dict[str, str]:
    """Short sha256 of every prompt template, so results name the prompts they used."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12]
        for p in sorted(PROMPTS_DIR.glob("*.j2"))
    }


def provenance(settings=None, **extra) -> dict:
    """Who produced a result: provider, model, prompts, date, plus anything benchmark-specific."""
    info = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "prompt_hashes": prompt_hashes(),
    }
    if settings is not None:
        info["settings"] = settings.results_fingerprint()
    return info | extra


def fmt(x) -> str:
    """A table cell: floats to 3 decimals."""
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def md_table(header: list[str], rows: list[list]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def confusion_md(matrix: list[list[int]], labels=STANCES) -> str:
    """A confusion matrix as a Markdown table (rows gold, columns predicted)."""
    return md_table(
        ["gold \\ predicted", *labels],
        [[lab, *row] for lab, row in zip(labels, matrix, strict=True)],
    )


def write_result(name: str, data: dict, markdown: str) -> Path:
    """Write bench/results/<name>.json and .md; returns the JSON path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n")
    return path
