"""bench/train_stance_device.py: the GPU-machine training entry point, run here on the CPU."""

from __future__ import annotations

import json
import lzma
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.stance.model import StanceClassifier

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    ("Troops crossed the river at dawn.", "Soldiers crossed the river.", "supports"),
    ("No troops crossed the river.", "Soldiers crossed the river.", "contradicts"),
    ("The museum opened a new wing.", "Soldiers crossed the river.", "unrelated"),
] * 4


def test_trains_from_compressed_pairs_and_writes_an_fp16_copy(tmp_path):
    data = tmp_path / "pairs.jsonl.xz"
    with lzma.open(data, "wt") as fh:
        for p, h, lab in ROWS:
            fh.write(json.dumps({"premise": p, "hypothesis": h, "label": lab}) + "\n")
    out = tmp_path / "run" / "model"
    start = ROOT / "verifier" / "weights" / "stance"
    cmd = [sys.executable, "-m", "bench.train_stance_device", str(data), str(start), str(out)]
    cmd += ["--epochs", "1", "--minutes", "2", "--batch-size", "4"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'steps': 3" in done.stdout
    half = StanceClassifier.load(out / "fp16")
    full = StanceClassifier.load(out)
    pairs = [(p, h) for p, h, _ in ROWS[:3]]
    for a, b in zip(half.predict(pairs), full.predict(pairs), strict=True):
        assert a == pytest.approx(b, abs=0.02)
    size = (out / "fp16" / "model.safetensors").stat().st_size
    assert size < 0.6 * (out / "model.safetensors").stat().st_size
