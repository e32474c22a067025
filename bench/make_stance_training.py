"""Build the stance classifier's training pairs (JSONL: premise, hypothesis, label, source).

Only training data: ../shared/traindata, SciFact claims_train, and the Climate-FEVER claims whose
claim_id % 5 != 0. Never SciFact dev, the Climate-FEVER claims with claim_id % 5 == 0 (the
reported split), or Factcheck-GPT (evaluation only).

    python bench/make_stance_training.py --out data/stance-train.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalcommon import BENCHDATA, TRAINDATA, climate_fever_is_test  # noqa: E402

# How many pairs each general NLI source contributes at most (claim-like, passage-like sets first).
CAPS = {
    "vitaminc": 9000,
    "fever-nli": 4000,
    "healthver": 3740,
    "anli": 3000,
    "mnli-taxinli": 5000,
    "nli-base-protocol": 3000,
    "snli": 3000,
    "sick": 3000,
    "cad-snli": 1500,
    "conjnli": 623,
}
NEUTRAL_PER_DOC = 2  # non-rationale SciFact sentences per (claim, doc) used as "unrelated"


def _stable(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16)


def scifact_pairs(rng: random.Random, split: str = "train") -> list[dict]:
    """SciFact claims: rationale sentences -> supports/contradicts, other sentences -> unrelated.

    Training uses split="train" only; bench/eval_stance.py scores split="dev" with it.
    """
    corpus = {}
    with (BENCHDATA / "scifact" / "corpus.jsonl").open() as fh:
        for line in fh:
            doc = json.loads(line)
            corpus[str(doc["doc_id"])] = doc["abstract"]
    out = []
    with (BENCHDATA / "scifact" / f"claims_{split}.jsonl").open() as fh:
        for line in fh:
            c = json.loads(line)
            docs = {str(d) for d in c["cited_doc_ids"]} | set(c["evidence"])
            for doc_id in sorted(docs):
                sents = corpus.get(doc_id, [])
                rationale = set()
                for ev in c["evidence"].get(doc_id, []):
                    label = "supports" if ev["label"] == "SUPPORT" else "contradicts"
                    for i in ev["sentences"]:
                        rationale.add(i)
                        out.append(_row(sents[i], c["claim"], label, f"scifact-{split}"))
                others = [i for i in range(len(sents)) if i not in rationale]
                for i in rng.sample(others, min(NEUTRAL_PER_DOC, len(others))):
                    out.append(_row(sents[i], c["claim"], "unrelated", f"scifact-{split}"))
    return out


def climate_fever_pairs() -> list[dict]:
    """Climate-FEVER pairs of the claims NOT in the reported split (claim_id % 5 != 0)."""
    labels = {"SUPPORTS": "supports", "REFUTES": "contradicts", "NOT_ENOUGH_INFO": "unrelated"}
    out = []
    with (BENCHDATA / "climate-fever" / "climate-fever.jsonl").open() as fh:
        for line in fh:
            c = json.loads(line)
            if climate_fever_is_test(c["claim_id"]):
                continue
            for ev in c["evidences"]:
                out.append(
                    _row(
                        ev["evidence"],
                        c["claim"],
                        labels[ev["evidence_label"]],
                        "climate-fever-train",
                    )
                )
    return out


def nli_pairs(name: str, cap: int, rng: random.Random) -> list[dict]:
    """Up to `cap` rows of one traindata set (whole contrastive groups kept together)."""
    rows = []
    with (TRAINDATA / name / f"{name}.jsonl").open() as fh:
        for line in fh:
            r = json.loads(line)
            if (
                r.get("binary")
                or r.get("silver")
                or r["label"]
                not in (
                    "entailment",
                    "neutral",
                    "contradiction",
                )
            ):
                continue
            rows.append(r)
    if len(rows) > cap:
        # Keep or drop whole groups (vitaminc, cad-snli) so near-duplicates do not dominate.
        key = [r.get("group") or r["id"] for r in rows]
        order = sorted(set(key), key=lambda g: _stable(f"{name}:{g}"))
        keep, n = set(), 0
        sizes = Counter(key)
        for g in order:
            if n >= cap:
                break
            keep.add(g)
            n += sizes[g]
        rows = [r for r, k in zip(rows, key, strict=True) if k in keep]
    return [_row(r["premise"], r["hypothesis"], r["label"], name) for r in rows]


def _row(premise: str, hypothesis: str, label: str, source: str) -> dict:
    norm = {"entailment": "supports", "contradiction": "contradicts", "neutral": "unrelated"}
    return {
        "premise": premise,
        "hypothesis": hypothesis,
        "label": norm.get(label, label),
        "source": source,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/stance-train.jsonl"))
    parser.add_argument("--scale", type=float, default=1.0, help="Multiply every NLI cap.")
    parser.add_argument(
        "--record",
        type=Path,
        nargs="+",
        metavar="MODEL_DIR",
        help="Instead of building: write bench/results/stance_training.json from trained models.",
    )
    args = parser.parse_args()
    if args.record:
        record(args.record)
        return
    rng = random.Random(0)
    rows = scifact_pairs(rng) + climate_fever_pairs()
    for name, cap in CAPS.items():
        rows += nli_pairs(name, int(cap * args.scale), rng)
    rng.shuffle(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    mix = {}
    for r in rows:
        mix.setdefault(r["source"], Counter())[r["label"]] += 1
    summary = {"pairs": len(rows), "labels": Counter(r["label"] for r in rows), "mix": mix}
    print(json.dumps(summary, indent=1))
    args.out.with_suffix(".mix.json").write_text(json.dumps(summary, indent=1))


def record(model_dirs: list[Path]) -> None:
    """How each trained model was made: its data mix, sizes, settings and time."""
    from evalcommon import write_result

    models = []
    for d in model_dirs:
        meta = json.loads((d / "stance_meta.json").read_text())
        mix_file = Path(meta["data"]).with_suffix(".mix.json")
        mix = json.loads(mix_file.read_text()) if mix_file.exists() else None
        models.append({"dir": str(d), "meta": meta, "data_mix": mix})
    rows = []
    for m in models:
        t = m["meta"]["training"]
        seen = t.get("pairs_used") or t["steps"] * m["meta"].get("batch_size", 16)
        rows.append(
            f"| {m['dir']} | {m['meta'].get('kind', 'cross-encoder')} | {t['pairs_train']} | {seen} | "
            f"{t['train_seconds']:.0f} | {t.get('calibration_macro_f1', '-')} | {m['meta']['temperature']:.3f} |"
        )
    md = "\n".join(
        [
            "# Stance classifier training runs",
            "",
            "| model | kind | pairs offered | pairs actually trained on | wall seconds | held-out macro-F1 (same mix) | temperature |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Data: bench/make_stance_training.py (train splits only); per-source mix in the JSON.",
        ]
    )
    write_result("stance_training", {"models": models}, md)
    print(md)


if __name__ == "__main__":
    main()
