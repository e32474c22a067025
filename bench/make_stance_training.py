"""Build the stance classifier's training pairs (JSONL: premise, hypothesis, label, source).

Only training data: ../shared/traindata, SciFact claims_train, and the Climate-FEVER claims whose
claim_id % 5 != 0. Never SciFact dev, the Climate-FEVER claims with claim_id % 5 == 0 (the
reported split), or Factcheck-GPT (evaluation only).

    python -m bench.make_stance_training --out data/stance-train.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import Counter
from pathlib import Path

from bench.evalcommon import (
    BENCHDATA,
    TRAINDATA,
    climate_fever_is_test,
    require_shared,
)
from bench.perturb import perturbed_pairs

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
# SciFact train claims held out of classifier training, so that the evidence threshold is chosen
# on claims the classifier never saw (bench/eval_scifact.py --split train-holdout --write-threshold).
HOLDOUT_MOD = 4


def scifact_train_is_holdout(claim_id: int | str) -> bool:
    """The SciFact train claims kept out of classifier training (id % 4 == 0, about 200)."""
    return int(claim_id) % HOLDOUT_MOD == 0


def _stable(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16)


def scifact_pairs(
    rng: random.Random, split: str = "train", *, holdout: bool = False, hard_negatives: int = 0
) -> list[dict]:
    """SciFact claims: rationale sentences -> supports/contradicts, other sentences -> unrelated.

    Training uses split="train" only; bench/eval_stance.py scores split="dev" with it.
    holdout=True leaves out the held-out train claims; hard_negatives=N adds, per claim, the
    closest sentence of each of the top-N BM25 abstracts that are not its evidence ("unrelated":
    on topic, says nothing about the claim, the commonest case in retrieval).
    """
    corpus = {}
    with (BENCHDATA / "scifact" / "corpus.jsonl").open() as fh:
        for line in fh:
            doc = json.loads(line)
            corpus[str(doc["doc_id"])] = doc["abstract"]
    claims = [json.loads(line) for line in (BENCHDATA / "scifact" / f"claims_{split}.jsonl").open()]
    if holdout:
        claims = [c for c in claims if not scifact_train_is_holdout(c["id"])]
    neighbours = _bm25_neighbours(corpus, claims, hard_negatives) if hard_negatives else {}
    out = []
    for c in claims:
        for doc_id, sent in neighbours.get(c["id"], []):
            if doc_id not in c["evidence"]:
                out.append(_row(sent, c["claim"], "unrelated", f"scifact-{split}-hard"))
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


def _bm25_neighbours(corpus: dict[str, list[str]], claims: list[dict], n: int) -> dict:
    """Per claim id: (doc_id, its sentence sharing most words with the claim) of the top-n abstracts."""
    import bm25s

    ids = list(corpus)
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([" ".join(corpus[d]) for d in ids], stopwords="en", show_progress=False),
        show_progress=False,
    )
    queries = bm25s.tokenize([c["claim"] for c in claims], stopwords="en", show_progress=False)
    docs, _ = retriever.retrieve(queries, k=n, show_progress=False)
    out = {}
    for c, row in zip(claims, docs, strict=True):
        words = set(c["claim"].lower().split())
        picks = []
        for i in row:
            sents = corpus[ids[int(i)]]
            best = max(sents, key=lambda s: len(words & set(s.lower().split())))
            picks.append((ids[int(i)], best))
        out[c["id"]] = picks
    return out


SWAPS = {
    "increase": "decrease",
    "increases": "decreases",
    "increased": "decreased",
    "increasing": "decreasing",
    "higher": "lower",
    "more": "less",
    "greater": "smaller",
    "improves": "worsens",
    "improved": "worsened",
    "promotes": "inhibits",
    "positive": "negative",
    "positively": "negatively",
    "rise": "fall",
    "rises": "falls",
    "enhances": "reduces",
    "reduces": "increases",
    "reduced": "increased",
    "lower": "higher",
    "less": "more",
}
SWAP = re.compile(r"\b(" + "|".join(SWAPS) + r")\b")
AUX = re.compile(r"\b(is|are|was|were|can|could|may|might|will|would|should|has|have|had)\b")
HAS_NEGATION = re.compile(r"\b(not|no|never|none|cannot|without)\b|n't\b", re.I)


def negate(claim: str) -> str | None:
    """A contradicting rewrite of a claim (direction word swapped, else "not" after the first
    auxiliary), or None when neither applies or the claim is already negative."""
    if HAS_NEGATION.search(claim):
        return None
    if m := SWAP.search(claim):
        return claim[: m.start()] + SWAPS[m.group(1)] + claim[m.end() :]
    if m := AUX.search(claim):
        return claim[: m.end()] + " not" + claim[m.end() :]
    return None


def negated_pairs(rows: list[dict]) -> list[dict]:
    """For each supporting pair of a training split, the same evidence against the negated claim.

    Contradictions are the rarest class and the one a small model misses most; a flipped claim
    teaches it that the same passage refutes the opposite statement."""
    out = []
    for r in rows:
        if r["label"] == "supports" and (flipped := negate(r["hypothesis"])):
            out.append(_row(r["premise"], flipped, "contradicts", r["source"] + "-negated"))
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


def covid_fact_pairs() -> list[dict]:
    """COVID-Fact train split: the evidence sentences against a claim or its counter-claim."""
    labels = {"SUPPORTED": "supports", "REFUTED": "contradicts"}
    splits = {}
    with (BENCHDATA / "covid-fact" / "splits.tsv").open() as fh:
        next(fh)
        for line in fh:
            n, split = line.split()
            splits[int(n)] = split
    out = []
    with (BENCHDATA / "covid-fact" / "COVIDFACT_dataset.jsonl").open() as fh:
        for n, line in enumerate(fh):
            if splits.get(n) != "train":
                continue
            c = json.loads(line)
            premise = " ".join(c["evidence"][:2])
            out.append(_row(premise, c["claim"], labels[c["label"]], "covid-fact-train"))
    return out


def topic_negatives(rows: list[dict], rng: random.Random, n: int) -> list[dict]:
    """Claims against another pair's premise that shares a name with them: on topic, unrelated.

    On a one-topic archive, topic words ("Russian", "Ukraine") must not read as support."""
    from bench.perturb import names_of

    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for name in set(names_of(r["premise"])):
            by_name.setdefault(name, []).append(i)
    out = []
    order = list(range(len(rows)))
    rng.shuffle(order)
    for i in order:
        if len(out) >= n:
            break
        r = rows[i]
        names = [x for x in set(names_of(r["hypothesis"])) if len(by_name.get(x, ())) > 1]
        if not names:
            continue
        j = rng.choice(by_name[rng.choice(sorted(names))])
        other = rows[j]
        if j == i or other["premise"] == r["premise"] or other["hypothesis"] == r["hypothesis"]:
            continue
        out.append(_row(other["premise"], r["hypothesis"], "unrelated", r["source"] + "-topic"))
    return out


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
        "--holdout",
        action="store_true",
        help="Leave the held-out SciFact train claims (id %% 4 == 0) out, for tuning the evidence threshold.",
    )
    parser.add_argument(
        "--hard-negatives",
        type=int,
        default=0,
        help="BM25 non-evidence abstracts per SciFact claim",
    )
    parser.add_argument(
        "--negations",
        action="store_true",
        help="Add negated-claim contradictions of the SciFact and Climate-FEVER supporting pairs.",
    )
    parser.add_argument(
        "--perturb",
        type=int,
        default=0,
        metavar="N",
        help="Add up to N contradicting rewrites each of a changed figure, year and name (bench/perturb.py).",
    )
    parser.add_argument(
        "--topic-negatives",
        type=int,
        default=0,
        metavar="N",
        help="Add up to N on-topic unrelated pairs (a claim against another premise naming the same entity).",
    )
    parser.add_argument(
        "--covid-fact", action="store_true", help="Add the COVID-Fact train split (never dev/test)."
    )
    parser.add_argument(
        "--cap",
        nargs=2,
        action="append",
        default=[],
        metavar=("SET", "N"),
        help="Override one traindata set's cap (before --scale); 0 leaves the set out.",
    )
    parser.add_argument(
        "--scifact-repeat", type=int, default=1, help="Repeat the SciFact pairs (in-domain weight)."
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="Sampling seed (another seed: other NLI pairs, for another pass).",
    )
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
    for folder in (("benchdata", "scifact"), ("benchdata", "climate-fever"), ("traindata",)):
        require_shared(*folder)
    rng = random.Random(args.seed)
    scifact = scifact_pairs(rng, holdout=args.holdout, hard_negatives=args.hard_negatives)
    climate = climate_fever_pairs()
    rows = scifact * args.scifact_repeat + climate
    if args.negations:
        rows += negated_pairs(scifact) * args.scifact_repeat + negated_pairs(climate)
    if args.covid_fact:
        rows += covid_fact_pairs()
    caps = CAPS | {name: int(n) for name, n in args.cap}
    for name, cap in caps.items():
        if cap:
            rows += nli_pairs(name, int(cap * args.scale), rng)
    if args.perturb:
        rows += perturbed_pairs(rows, rng, per_kind=args.perturb)
    if args.topic_negatives:
        rows += topic_negatives(rows, rng, args.topic_negatives)
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
    from bench.evalcommon import write_result

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
