"""Train the stance classifier on a GPU machine that holds torch and transformers but not claimcheck.

    python -m bench.train_stance_device PAIRS.jsonl[.xz] START_DIR OUT_DIR --epochs 3 --minutes 6

The same training code as `claimcheck train-stance` (verifier/stance/training), run without the
app's other dependencies; OUT_DIR/fp16 gets the half-precision copy that the package ships.
"""

from __future__ import annotations

import argparse
import lzma
import shutil
import time
from pathlib import Path

from bench.package_stance import package
from verifier.stance.training.train import train_stance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path)
    parser.add_argument("start", type=Path, help="model directory to start from")
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--minutes", type=float, default=6.0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data = args.pairs
    if data.suffix == ".xz":
        data = args.out.with_name("pairs.jsonl")
        data.parent.mkdir(parents=True, exist_ok=True)
        with lzma.open(args.pairs, "rb") as src, data.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    t0 = time.monotonic()

    def progress(step: int, total: int, note: str) -> None:
        if step % 500 == 0 or step == total:
            print(f"{time.monotonic() - t0:6.0f}s step {step}/{total} {note}", flush=True)

    metrics = train_stance(
        data,
        args.out,
        epochs=args.epochs,
        seconds_budget=args.minutes * 60,
        progress=progress,
        base_model=args.start,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        seed=args.seed,
        checkpoint_seconds=1e9,
    )
    print(metrics, flush=True)
    # The same fp16 copy (with its probe check) that bench/package_stance.py writes into the package.
    checked = package(args.out, args.out / "fp16")
    print("fp16 copy in", args.out / "fp16", checked, flush=True)


if __name__ == "__main__":
    main()
