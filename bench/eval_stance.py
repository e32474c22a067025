"""Stance pairs benchmark: Climate-FEVER (reported split) and Factcheck-GPT subtask 3.

Judges: `classifier` (the trained stance model alone), `llm` (the product's LLM stance step
alone, `verifier.stance.llm_judge.ask_llm`), `cascade` (classifier gate: the classifier's "unrelated"
stands, else the LLM picks the polarity; --gate sets a P(unrelated) threshold instead). 3-way macro-F1, confusion matrix, ECE.

    CLAIMCHECK_LLM=embedded python -m bench.eval_stance --dataset climate-fever --limit 200
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from bench import evalcommon as ec

# Factcheck-GPT's 4 stances: partially-support counts as supports (a passage that backs part
# of the claim is corroborating evidence for it); --partial unrelated scores the other choice.
FACTCHECK_MAP = {
    "completely-support": "supports",
    "refute": "contradicts",
    "irrelevant": "unrelated",
}
CLIMATE_MAP = {"SUPPORTS": "supports", "REFUTES": "contradicts", "NOT_ENOUGH_INFO": "unrelated"}


def load_pairs(dataset: str, partial: str) -> list[dict]:
    """(claim, evidence, gold) pairs of the reported split."""
    rows = []
    if dataset == "climate-fever":
        with (ec.BENCHDATA / "climate-fever" / "climate-fever.jsonl").open() as fh:
            for line in fh:
                c = json.loads(line)
                if ec.climate_fever_is_test(c["claim_id"]):
                    for ev in c["evidences"]:
                        gold = CLIMATE_MAP[ev["evidence_label"]]
                        rows.append({"claim": c["claim"], "evidence": ev["evidence"], "gold": gold})
    elif dataset == "scifact-dev-pairs":
        # Claim vs rationale sentences (supports/contradicts) and 2 other sentences per cited
        # abstract (unrelated), built exactly as the training pairs but from claims_dev.
        from bench.make_stance_training import scifact_pairs

        for r in scifact_pairs(random.Random(0), split="dev"):
            rows.append({"claim": r["hypothesis"], "evidence": r["premise"], "gold": r["label"]})
    else:
        mapping = FACTCHECK_MAP | {"partially-support": partial}
        path = ec.BENCHDATA / "factcheck-gpt" / "subtask3_claim_evidence_stance.jsonl"
        with path.open() as fh:
            for line in fh:
                r = json.loads(line)
                rows.append(
                    {"claim": r["claim"], "evidence": r["evidence"], "gold": mapping[r["stance"]]}
                )
    return rows


def sentence_spans(text: str) -> list[str]:
    """Sentences and neighbouring sentence pairs, as the product's judge scores them."""
    from vectorstore.sentences import split_sentences

    spans = split_sentences(text) or [(0, len(text))]
    pairs = [(a[0], b[1]) for a, b in zip(spans, spans[1:], strict=False)]
    return [text[s:e] for s, e in spans + pairs]


def classify(clf, rows: list[dict], unit: str = "span") -> list[dict]:
    """Classifier probabilities per pair: best span (highest 1 - P(unrelated)) of the evidence,
    as the product's judge picks its quote, or the whole passage at once (unit="passage")."""
    split = sentence_spans if unit == "span" else (lambda text: [text])
    spans = [split(r["evidence"]) for r in rows]
    flat = [(s, r["claim"]) for r, ss in zip(rows, spans, strict=True) for s in ss]
    probs = iter(clf.predict(flat))
    out = []
    for ss in spans:
        scored = [next(probs) for _ in ss]
        out.append(max(scored, key=lambda p: 1.0 - p["unrelated"]))
    return out


def ask(llm, row: dict) -> str:
    """The LLM stance step on the evidence's sentences."""
    from vectorstore.sentences import split_sentences
    from verifier.errors import ModelOutputError
    from verifier.stance.llm_judge import ask_llm

    text = row["evidence"]
    sentences = [text[s:e] for s, e in split_sentences(text)] or [text]
    try:
        return ask_llm(llm, row["claim"], "", sentences).label
    except ModelOutputError:
        return "unrelated"


def gated(p: dict, gate: float | None) -> bool:
    """The cascade's relevance gate: the classifier calls the pair unrelated."""
    return p["unrelated"] >= gate if gate is not None else max(p, key=p.get) == "unrelated"


def score(gold: list[str], pred: list[str], conf: list[float] | None = None) -> dict:
    out = {
        "n": len(gold),
        "macro_f1": ec.macro_f1(gold, pred),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold)),
        "per_class": ec.per_class(gold, pred),
        "confusion": ec.confusion(gold, pred),
    }
    if conf is not None:
        out["calibration"] = ec.reliability(conf, [g == p for g, p in zip(gold, pred, strict=True)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dataset",
        choices=["climate-fever", "factcheck-gpt", "scifact-dev-pairs"],
        default="climate-fever",
    )
    parser.add_argument("--judges", default="classifier", help="comma list: classifier,llm,cascade")
    parser.add_argument("--limit", type=int, default=None, help="random (seeded) subset of pairs")
    parser.add_argument("--partial", choices=["supports", "unrelated"], default="supports")
    parser.add_argument(
        "--gate",
        type=float,
        default=None,
        help="cascade: unrelated when P(unrelated) >= gate (default: when it is the argmax)",
    )
    parser.add_argument(
        "--unit",
        choices=["span", "passage"],
        default="span",
        help="classifier input: best sentence span (as the product) or the whole passage",
    )
    parser.add_argument("--model", type=Path, default=None, help="stance model dir")
    parser.add_argument("--name", default=None, help="result file name")
    args = parser.parse_args()
    ec.require_shared(
        "benchdata", "scifact" if args.dataset == "scifact-dev-pairs" else args.dataset
    )

    from verifier.services import build_services
    from verifier.settings import Settings

    settings = Settings()
    rows = load_pairs(args.dataset, args.partial)
    if args.limit and args.limit < len(rows):
        rows = random.Random(0).sample(rows, args.limit)
    gold = [r["gold"] for r in rows]
    judges = args.judges.split(",")
    result = {"dataset": args.dataset, "pairs": len(rows), "unit": args.unit, "judges": {}}
    if args.dataset == "factcheck-gpt":
        result["partially_support_mapped_to"] = args.partial
    probs = None
    if {"classifier", "cascade"} & set(judges):
        from verifier.stance.model import StanceClassifier

        model_dir = args.model or settings.resolved_stance_model()
        clf = StanceClassifier.load(model_dir)
        result["classifier"] = {
            "name": clf.name,
            "path": str(model_dir),
            "training": clf.meta.get("training"),
        }
        t0 = time.monotonic()
        probs = classify(clf, rows, args.unit)
        secs = time.monotonic() - t0
        pred = [max(p, key=p.get) for p in probs]
        result["judges"]["classifier"] = score(gold, pred, [max(p.values()) for p in probs]) | {
            "seconds_per_pair": secs / max(1, len(rows))
        }
        t = clf.meta.get("evidence_threshold")
        if t is not None:
            # As the product's cascade reads it: evidence when P(supports)+P(contradicts) >= t.
            from verifier.stance.judge import gate_stance

            shipped = [gate_stance(p, t) for p in probs]
            result["judges"][f"classifier, evidence threshold {t}"] = score(
                gold, [s for s, _ in shipped], [c for _, c in shipped]
            ) | {"seconds_per_pair": secs / max(1, len(rows))}
    if {"llm", "cascade"} & set(judges):
        services = build_services(settings)
        llm = services.llm
        result["llm"] = llm.name
        t0 = time.monotonic()
        llm_pred = {}
        need = (
            range(len(rows))
            if "llm" in judges
            else [i for i, p in enumerate(probs) if not gated(p, args.gate)]
        )
        for n, i in enumerate(need, 1):
            llm_pred[i] = ask(llm, rows[i])
            if n % 25 == 0:
                print(f"llm {n}/{len(need)}", flush=True)
        usage = llm.total_usage()
        per = {
            "calls_per_pair": usage.calls / max(1, len(rows)),
            "tokens_per_pair": (usage.prompt_tokens + usage.completion_tokens) / max(1, len(rows)),
            "seconds_per_pair": (time.monotonic() - t0) / max(1, len(rows)),
        }
        if "llm" in judges:
            result["judges"]["llm"] = score(gold, [llm_pred[i] for i in range(len(rows))]) | per
        if "cascade" in judges:
            pred = [
                "unrelated" if gated(probs[i], args.gate) else llm_pred[i] for i in range(len(rows))
            ]
            result["judges"]["cascade"] = score(gold, pred) | per | {"gate": args.gate or "argmax"}
    result["provenance"] = ec.provenance(settings)
    name = args.name or f"stance_{args.dataset.replace('-', '_')}"
    ec.write_result(name, result, render(result))
    print(render(result))


def render(result: dict) -> str:
    lines = [
        f"# Stance pairs: {result['dataset']} ({result['pairs']} pairs, classifier input: {result.get('unit', 'span')})",
        "",
    ]
    if "partially_support_mapped_to" in result:
        lines.append(f"partially-support mapped to: {result['partially_support_mapped_to']}\n")
    rows = []
    for judge, s in result["judges"].items():
        pc = s["per_class"]
        ece = s.get("calibration", {}).get("ece")
        rows.append(
            [
                judge,
                s["n"],
                s["macro_f1"],
                s["accuracy"],
                pc["supports"]["f1"],
                pc["contradicts"]["f1"],
                pc["unrelated"]["f1"],
                "-" if ece is None else ece,
                s.get("seconds_per_pair", 0.0),
            ]
        )
    lines.append(
        ec.md_table(
            ["judge", "n", "macro-F1", "accuracy", "F1 sup", "F1 con", "F1 unr", "ECE", "s/pair"],
            rows,
        )
    )
    for judge, s in result["judges"].items():
        lines += ["", f"Confusion ({judge}):", "", ec.confusion_md(s["confusion"])]
    prov = result["provenance"]
    lines += [
        "",
        f"classifier: {result.get('classifier', {}).get('name', '-')}; llm: {result.get('llm', '-')}; date {prov['date']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
