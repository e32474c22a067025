"""Train the stance classifier on labelled pairs, calibrate it, save it where inference loads it."""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from verifier.errors import InputError
from verifier.stance.model import (
    LABELS,
    META_FILE,
    StanceClassifier,
    base_model_path,
    load_torch,
)
from verifier.stance.training.calibration import calibrate
from verifier.stance.training.crossencoder import train_cross_encoder
from verifier.stance.training.head import train_features
from verifier.stance.training.pairs import read_pairs

KINDS = ("cross-encoder", "features")


def train_stance(
    data: Path,
    out_dir: Path,
    *,
    epochs: float = 1.0,
    max_pairs: int | None = None,
    seconds_budget: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    kind: str = "cross-encoder",
    base_model: Path | None = None,
    batch_size: int = 16,
    learning_rate: float = 4e-5,
    max_length: int = 128,
    calibration_share: float = 0.05,
    checkpoint_seconds: float = 300.0,
    seed: int = 0,
) -> dict:
    """Train a 3-way stance classifier on labelled pairs, calibrate it, save it to out_dir.

    kind: "cross-encoder" fine-tunes MiniLM-L6 on the pair (best with time to spare);
    "features" trains a small MLP on frozen MiniLM embeddings and lexical cues (minutes on CPU).
    """
    if kind not in KINDS:
        raise InputError(f"unknown classifier kind {kind!r}: use one of {', '.join(KINDS)}")
    # Bad data raises InputError naming the line before anything on disk is touched.
    pairs = read_pairs(Path(data))
    rng = random.Random(seed)
    rng.shuffle(pairs)
    if max_pairs:
        pairs = pairs[:max_pairs]
    if len(pairs) < 2:
        raise InputError(f"{data}: need at least 2 labelled pairs to train, found {len(pairs)}")
    # The calibration slice costs inference on pairs never seen in training: 600 pairs fit a
    # single temperature well enough.
    n_cal = min(600, int(len(pairs) * calibration_share)) if len(pairs) >= 200 else 0
    cal, train = pairs[:n_cal], pairs[n_cal:]
    out_dir = Path(out_dir)
    meta = {
        "kind": kind,
        "name": f"minilm-l6-{'stance' if kind == 'cross-encoder' else 'stance-features'}",
        "labels": list(LABELS),
        "temperature": 1.0,
        "data": str(data),
        "seed": seed,
    }
    t0 = time.monotonic()
    if kind == "features":
        clf, metrics = train_features(train, meta, epochs, seconds_budget, progress, seed)
    else:
        torch, transformers = load_torch()
        start_from = Path(base_model) if base_model else base_model_path()
        meta |= {
            "base_model": str(start_from),
            "max_length": 256,
            "train_max_length": max_length,
            "batch_size": batch_size,
            "learning_rate": learning_rate,
        }

        def checkpoint(model, tokenizer, step: int) -> None:
            # A loadable (uncalibrated) checkpoint, so a killed run still leaves a model.
            ckpt = StanceClassifier(
                {**meta, "checkpoint_step": step}, model=model, tokenizer=tokenizer
            )
            save_model(ckpt, checkpoint_dir(out_dir))
            model.train()

        model, tokenizer, metrics = train_cross_encoder(
            torch,
            transformers,
            train,
            start_from,
            num_labels=len(LABELS),
            labels=LABELS,
            epochs=epochs,
            seconds_budget=seconds_budget,
            progress=progress,
            batch_size=batch_size,
            learning_rate=learning_rate,
            max_length=max_length,
            rng=rng,
            seed=seed,
            checkpoint=checkpoint,
            checkpoint_seconds=checkpoint_seconds,
        )
        clf = StanceClassifier(meta, model=model, tokenizer=tokenizer)
    metrics = {
        "kind": kind,
        "pairs_total": len(pairs),
        "pairs_train": len(train),
        "pairs_calibration": len(cal),
        "label_counts": {lab: sum(1 for *_, y in train if y == i) for i, lab in enumerate(LABELS)},
        **metrics,
        "train_seconds": round(time.monotonic() - t0, 1),
    }
    if cal:
        metrics |= calibrate(clf, cal)
    meta["training"] = metrics
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    save_model(clf, out_dir)
    shutil.rmtree(checkpoint_dir(out_dir), ignore_errors=True)
    return metrics


def save_model(clf: StanceClassifier, target: Path) -> None:
    """Write a loadable model directory atomically (staging dir, then rename over the old one)."""
    torch, _ = load_torch()
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if clf.kind == "features":
        torch.save(clf.head.state_dict(), staging / "head.pt")
    else:
        clf.model.save_pretrained(staging)
        clf.tokenizer.save_pretrained(staging)
    (staging / META_FILE).write_text(json.dumps(clf.meta, indent=2))
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def checkpoint_dir(out_dir: Path) -> Path:
    """Where a run in progress keeps its latest loadable checkpoint, beside out_dir."""
    return Path(out_dir).with_name(f"{Path(out_dir).name}.checkpoint")
