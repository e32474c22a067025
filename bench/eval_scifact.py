"""SciFact dev benchmark through the product's own pipeline.

The 5,183-abstract corpus is ingested once with the product's ingest (title + abstract as one
article) into --index-dir and reused. For each dev claim: `verifier.evidence.find_evidence`
(hybrid search), `verifier.stance.judge_passages`, `verifier.verdicts.decide_verdict`.
Reports retrieval recall@k of gold abstracts (k distinct abstracts), abstract-level label-only
P/R/F1 (SciFact metric), claim-level 3-way macro-F1, ECE of the verdict confidence, and cost.

    python bench/eval_scifact.py --limit 50                # embedded default (cascade)
    CLAIMCHECK_LLM=fake python bench/eval_scifact.py --limit 5 --judge llm   # smoke run
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import evalcommon as ec

SCIFACT = ec.BENCHDATA / "scifact"
LABELS = ("SUPPORT", "CONTRADICT", "NEI")
VERDICT_TO_LABEL = {"corroborated": "SUPPORT", "contradicted": "CONTRADICT", "unverified": "NEI"}
STANCE_TO_LABEL = {"supports": "SUPPORT", "contradicts": "CONTRADICT"}
RECALL_AT = (1, 5, 10, 20)


def open_index(settings, index_dir: Path):
    """The benchmark store (built on first use with the product's ingest) and doc_id by article."""
    from verifier.services import build_services

    # One 8.6 MB corpus file: above the product's default per-file limit.
    services = build_services(
        settings.model_copy(update={"data_dir": index_dir, "max_file_bytes": 50_000_000})
    )
    store = services.store
    corpus_file = index_dir / "scifact-corpus.jsonl"
    if store.count() < 5183:
        with (SCIFACT / "corpus.jsonl").open() as src, corpus_file.open("w") as out:
            for line in src:
                d = json.loads(line)
                # The title leads the text so that both retrievers see it (titles are not indexed).
                text = " ".join([d["title"].strip(), *(s.strip() for s in d["abstract"])])
                out.write(
                    json.dumps({"title": d["title"], "text": text, "url": f"scifact:{d['doc_id']}"})
                    + "\n"
                )
        t0 = time.monotonic()
        summary = store.ingest([corpus_file], progress=_progress("ingest"))
        print(
            f"\ningested {len(summary.added)} abstracts, {summary.chunks} chunks in {time.monotonic() - t0:.0f}s"
        )
    # Our own index stores the doc id in the url; an index built by bench_ingest.py maps
    # the corpus file's line numbers to doc ids in scifact-lines.json beside it.
    lines_file = index_dir.parent / "scifact-lines.json"
    by_line = json.loads(lines_file.read_text()) if lines_file.exists() else {}
    doc_of = {}
    for a in store.articles():
        if a.url and a.url.startswith("scifact:"):
            doc_of[a.id] = int(a.url.removeprefix("scifact:"))
        elif "#line-" in a.source and a.source.rsplit("#line-", 1)[1] in by_line:
            doc_of[a.id] = int(by_line[a.source.rsplit("#line-", 1)[1]])
    return services, doc_of


def _progress(what: str):
    def show(done: int, total: int, name: str) -> None:
        if done % 100 == 0 or done == total:
            print(f"\r{what} {done}/{total}", end="", flush=True)

    return show


def gold_of(claim: dict) -> tuple[str, dict[int, str]]:
    """Claim-level label and {doc_id: label} of its evidence abstracts."""
    docs = {int(d): ev[0]["label"] for d, ev in claim["evidence"].items()}
    labels = set(docs.values())
    return (labels.pop() if labels else "NEI"), docs


def distinct_docs(passages, doc_of: dict[str, int]) -> list[int]:
    """Abstracts in rank order, each once."""
    seen: list[int] = []
    for p in passages:
        d = doc_of.get(p.chunk.article_id)
        if d is not None and d not in seen:
            seen.append(d)
    return seen


def claim_label(verdict: str, evidence) -> str:
    """SciFact label of a verdict; `disputed` (no SciFact equivalent) takes the stronger side."""
    if verdict in VERDICT_TO_LABEL:
        return VERDICT_TO_LABEL[verdict]
    best = max((e for e in evidence if e.stance in STANCE_TO_LABEL), key=lambda e: e.confidence)
    return STANCE_TO_LABEL[best.stance]


def doc_labels(evidence, doc_of: dict[str, int]) -> dict[int, str]:
    """Abstract-level predictions: each abstract's most confident supporting/contradicting passage."""
    best: dict[int, tuple[float, str]] = {}
    for e in evidence:
        if e.stance in STANCE_TO_LABEL:
            d = doc_of[e.article_id]
            if e.confidence > best.get(d, (-1.0, ""))[0]:
                best[d] = (e.confidence, STANCE_TO_LABEL[e.stance])
    return {d: lab for d, (_, lab) in best.items()}


def threshold_sweep(rows: list[dict], thresholds=(0.0, 0.4, 0.5, 0.6, 0.7, 0.8)) -> list[dict]:
    """Claim-level macro-F1 if a passage's stance counted only at confidence >= t (same rule).

    A sensitivity analysis on the reported claims, for the owners of the verdict rule: a
    threshold picked here must be confirmed on SciFact train before it becomes a default.
    """
    out = []
    for t in thresholds:
        pred = []
        for r in rows:
            labels = {
                STANCE_TO_LABEL[s] for _, s, c, _ in r["stances"] if s in STANCE_TO_LABEL and c >= t
            }
            if len(labels) == 1:
                pred.append(labels.pop())
            elif labels:  # disputed: the stronger side, as claim_label does
                best = max(
                    (x for x in r["stances"] if x[1] in STANCE_TO_LABEL and x[2] >= t),
                    key=lambda x: x[2],
                )
                pred.append(STANCE_TO_LABEL[best[1]])
            else:
                pred.append("NEI")
        out.append(
            {"threshold": t, "macro_f1": ec.macro_f1([r["gold"] for r in rows], pred, LABELS)}
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, default=None, help="random (seeded) subset of dev claims"
    )
    parser.add_argument(
        "--index-dir", type=Path, default=Path("/tmp/claimcheck-bench/scifact-minilm")
    )
    parser.add_argument("--judge", choices=["cascade", "llm", "classifier"], default="cascade")
    parser.add_argument(
        "--k", type=int, default=None, help="passages judged (default CLAIMCHECK_TOP_K)"
    )
    parser.add_argument("--retrieve", type=int, default=60, help="passages fetched for recall@k")
    parser.add_argument("--index-only", action="store_true")
    parser.add_argument(
        "--mode",
        choices=["hybrid", "dense", "lexical"],
        default="hybrid",
        help="search mode (lexical for an index built with CLAIMCHECK_EMBEDDER=hash)",
    )
    parser.add_argument("--name", default="scifact_dev")
    parser.add_argument("--sweep", type=Path, help="add the threshold sweep to an existing result")
    args = parser.parse_args()
    if args.sweep:
        result = json.loads(args.sweep.read_text())
        result["stance_threshold_sweep"] = threshold_sweep(result["per_claim"])
        ec.write_result(args.sweep.stem, result, render(result))
        print(render(result))
        return

    from verifier.settings import Settings

    base = Settings()
    # The trained classifier lives in the product's data dir, not in the benchmark index.
    settings = base.model_copy(update={"stance_model": base.resolved_stance_model()})
    services, doc_of = open_index(settings, args.index_dir)
    if args.index_only:
        return
    from verifier.checking import source_groups, usage_since, usage_snapshot
    from verifier.stance import judge_passages
    from verifier.verdicts import decide_verdict

    claims = [json.loads(line) for line in (SCIFACT / "claims_dev.jsonl").open()]
    if args.limit and args.limit < len(claims):
        claims = random.Random(0).sample(claims, args.limit)
    k = args.k or settings.top_k
    hits = {n: 0 for n in RECALL_AT}
    n_gold_docs = tp = fp = fn = 0
    gold_claims, pred_claims, confs, rows = [], [], [], []
    t_start = time.monotonic()
    usage0 = usage_snapshot(services)
    for n, claim in enumerate(claims, 1):
        gold, gold_docs = gold_of(claim)
        t0 = time.monotonic()
        passages = services.store.search(claim["claim"], k=args.retrieve, mode=args.mode)
        ranked = distinct_docs(passages, doc_of)
        for at in RECALL_AT:
            hits[at] += sum(d in ranked[:at] for d in gold_docs)
        n_gold_docs += len(gold_docs)
        # Judged passages: what the product's find_evidence returns (top k, hybrid).
        evidence = judge_passages(services, claim["claim"], passages[:k], judge=args.judge)
        copies = source_groups(services, [e.article_id for e in evidence])
        verdict, conf, _rule = decide_verdict(evidence, copies)
        pred = claim_label(verdict, evidence)
        predicted_docs = doc_labels(evidence, doc_of)
        tp += sum(gold_docs.get(d) == lab for d, lab in predicted_docs.items())
        fp += sum(gold_docs.get(d) != lab for d, lab in predicted_docs.items())
        fn += sum(predicted_docs.get(d) != lab for d, lab in gold_docs.items())
        gold_claims.append(gold)
        pred_claims.append(pred)
        confs.append(conf)
        rows.append(
            {
                "id": claim["id"],
                "gold": gold,
                "pred": pred,
                "verdict": verdict,
                "confidence": conf,
                "seconds": round(time.monotonic() - t0, 2),
                "gold_docs": sorted(gold_docs),
                "top5": ranked[:5],
                "stances": [
                    (doc_of[e.article_id], e.stance, e.confidence, e.judge) for e in evidence
                ],
            }
        )
        if n % 10 == 0:
            print(
                f"claim {n}/{len(claims)} macro-F1 so far {ec.macro_f1(gold_claims, pred_claims, LABELS):.3f}",
                flush=True,
            )
    seconds = time.monotonic() - t_start
    usage = usage_since(services, usage0)
    n = len(claims)
    result = {
        "claims": n,
        "judge": args.judge,
        "k_judged": k,
        "retrieval": {f"recall@{at}": hits[at] / max(1, n_gold_docs) for at in RECALL_AT}
        | {"gold_abstracts": n_gold_docs},
        "abstract_label_only": ec.prf(tp, fp, fn) | {"tp": tp, "fp": fp, "fn": fn},
        "claim_level": {
            "macro_f1": ec.macro_f1(gold_claims, pred_claims, LABELS),
            "accuracy": sum(g == p for g, p in zip(gold_claims, pred_claims, strict=True))
            / max(1, n),
            "per_class": ec.per_class(gold_claims, pred_claims, LABELS),
            "confusion": ec.confusion(gold_claims, pred_claims, LABELS),
            "calibration": ec.reliability(
                confs, [g == p for g, p in zip(gold_claims, pred_claims, strict=True)]
            ),
        },
        "cost_per_claim": {
            "llm_calls": usage.calls / max(1, n),
            "tokens": (usage.prompt_tokens + usage.completion_tokens) / max(1, n),
            "seconds": seconds / max(1, n),
        },
        "llm": services.llm.name
        if args.judge != "classifier" and "llm" in services.__dict__
        else None,
        "classifier": _classifier_name(services),
        "index": {
            "dir": str(args.index_dir),
            "mode": args.mode,
            "corpus_hash": services.store.corpus_hash()[:16],
            "embedder": settings.embedder,
            "chunk_chars": settings.chunk_chars,
        },
        "provenance": ec.provenance(settings),
        "stance_threshold_sweep": threshold_sweep(rows),
        "per_claim": rows,
    }
    ec.write_result(args.name, result, render(result))
    print(render(result))


def _classifier_name(services) -> str | None:
    from verifier.stance import load_classifier

    clf = load_classifier(services)
    return clf.name if clf else None


def render(r: dict) -> str:
    cl, ab, rt, cost = (
        r["claim_level"],
        r["abstract_label_only"],
        r["retrieval"],
        r["cost_per_claim"],
    )
    lines = [
        f"# SciFact dev ({r['claims']} claims, judge {r['judge']}, {r['k_judged']} passages judged, search {r['index']['mode']}, embedder {r['index']['embedder']})",
        "",
        ec.md_table(
            ["metric", "value"],
            [
                *[[k, v] for k, v in rt.items()],
                ["abstract label-only precision", ab["precision"]],
                ["abstract label-only recall", ab["recall"]],
                ["abstract label-only F1", ab["f1"]],
                ["claim-level macro-F1", cl["macro_f1"]],
                ["claim-level accuracy", cl["accuracy"]],
                ["verdict confidence ECE", cl["calibration"]["ece"]],
                ["LLM calls / claim", cost["llm_calls"]],
                ["tokens / claim", cost["tokens"]],
                ["seconds / claim", cost["seconds"]],
            ],
        ),
        "",
        "Claim-level confusion (rows gold, columns predicted):",
        "",
        ec.confusion_md(cl["confusion"], LABELS),
        "",
        "Reliability of verdict confidence:",
        "",
        ec.md_table(
            ["bin", "n", "confidence", "accuracy"],
            [
                [b["bin"], b["n"], b["confidence"], b["accuracy"]]
                for b in cl["calibration"]["table"]
            ],
        ),
        "",
        "Stance-confidence threshold sweep (sensitivity on these claims, not a tuned result):",
        "",
        ec.md_table(
            ["passage stance counts at confidence >=", "claim macro-F1"],
            [[x["threshold"], x["macro_f1"]] for x in r.get("stance_threshold_sweep", [])],
        ),
        "",
        f"classifier: {r['classifier']}; llm: {r['llm']}; date {r['provenance']['date']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
