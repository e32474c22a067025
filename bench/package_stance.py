"""Write a trained stance classifier into the package, in fp16, and stamp its SHA-256 in the card.

    python -m bench.package_stance data/stance-model verifier/weights/stance

fp16 halves the file (about 45 MB for MiniLM-L6) so it fits in the repository; it is loaded back
as fp32, and the script checks that the fp16 copy gives the same labels on sample pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from verifier.stance.model import META_FILE, StanceClassifier, load_torch

ROOT = Path(__file__).resolve().parent.parent

KEEP = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)
PROBES = [
    (
        "The Kremlin said it would call up 300,000 reservists.",
        "Russia mobilised 300,000 reservists.",
    ),
    (
        "The Kremlin said it would call up 300,000 reservists.",
        "Russia mobilised 500,000 reservists.",
    ),
    (
        "Ukraine says it killed 12,730 Russian soldiers last month.",
        "Kyiv says the fighting in Kherson has stopped.",
    ),
    ("The bridge was destroyed on Saturday.", "The bridge was not damaged."),
]


def sha256(path: Path) -> str:
    """SHA-256 of a file, streamed."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def package(src: Path, dst: Path) -> dict:
    """Copy `src` to `dst` with fp16 weights; returns the files' hashes and the probe check."""
    torch, _ = load_torch()
    clf = StanceClassifier.load(src)
    staging = dst.with_name(f".{dst.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    clf.model.half().save_pretrained(staging, safe_serialization=True)
    clf.model.float()
    clf.tokenizer.save_pretrained(staging)
    for extra in staging.iterdir():
        if extra.name not in KEEP and extra.suffix != ".safetensors":
            extra.unlink()
    meta = dict(clf.meta) | {"name": "minilm-l6-stance", "dtype": "float16"}
    (staging / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    card = dst / "MODEL_CARD.md"
    if card.is_file():
        shutil.copy(card, staging / "MODEL_CARD.md")
    shutil.rmtree(dst, ignore_errors=True)
    staging.rename(dst)
    packed = StanceClassifier.load(dst)
    before = [max(p, key=p.get) for p in clf.predict(PROBES)]
    after = [max(p, key=p.get) for p in packed.predict(PROBES)]
    with torch.inference_mode():
        diff = float((clf.logits(PROBES) - packed.logits(PROBES)).abs().max())
    hashes = {f.name: sha256(f) for f in sorted(dst.iterdir()) if f.name != "MODEL_CARD.md"}
    return {"labels_fp32": before, "labels_fp16": after, "max_logit_diff": diff, "sha256": hashes}


def stamp_card(dst: Path, hashes: dict) -> None:
    """Write the weights' SHA-256 and the commit into MODEL_CARD.md between its markers."""
    card = dst / "MODEL_CARD.md"
    if not card.is_file():
        return
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    lines = [f"- commit of the recipe: `{commit}`"]
    lines += [f"- `{name}`: `{digest}`" for name, digest in hashes.items()]
    text = card.read_text()
    block = "<!-- hashes -->\n" + "\n".join(lines) + "\n<!-- /hashes -->"
    text = re.sub(r"<!-- hashes -->.*<!-- /hashes -->", block, text, flags=re.S)
    card.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    args = parser.parse_args()
    result = package(args.src, args.dst)
    stamp_card(args.dst, result["sha256"])
    print(json.dumps(result, indent=1))
    if result["labels_fp32"] != result["labels_fp16"]:
        sys.exit("fp16 copy changes a label on the probe pairs")


if __name__ == "__main__":
    main()
