"""Calibration after training: one temperature fitted on held-out pairs, with their accuracy and F1."""

from __future__ import annotations

import math

from verifier.stance.model import LABELS, StanceClassifier, load_torch


def fit_temperature(logits, labels) -> tuple[float, float, float]:
    """Temperature minimising held-out NLL (grid search); returns (T, nll at T=1, nll at T)."""
    torch, _ = load_torch()
    y = torch.tensor(labels)

    def nll(t: float) -> float:
        return float(torch.nn.functional.cross_entropy(logits / t, y))

    grid = [math.exp(x / 40) for x in range(-40, 101)]  # 0.37 .. 12.2
    best = min(grid, key=nll)
    return best, nll(1.0), nll(best)


def macro_f1(gold: list[int], pred: list[int]) -> float:
    """Mean F1 over the three labels; a label never predicted scores 0."""
    scores = []
    for c in range(len(LABELS)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def calibrate(clf: StanceClassifier, cal) -> dict:
    """Fit the temperature on the held-out slice; report its accuracy and macro-F1."""
    logits = clf.logits([(p, h) for p, h, _ in cal])
    gold = [y for *_, y in cal]
    t, nll1, nll_t = fit_temperature(logits, gold)
    clf.meta["temperature"] = clf.temperature = t
    pred = logits.argmax(-1).tolist()
    return {
        "temperature": round(t, 4),
        "calibration_nll_before": round(nll1, 4),
        "calibration_nll_after": round(nll_t, 4),
        "calibration_accuracy": round(
            sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4
        ),
        "calibration_macro_f1": round(macro_f1(gold, pred), 4),
    }
