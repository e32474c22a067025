"""SciFact dev benchmark through the product's own pipeline.

The 5,183-abstract corpus is ingested once with the product's ingest (title + abstract as one
article) into --index-dir and reused. For each dev claim: `verifier.retrieval.find_evidence`
(hybrid search), `verifier.stance.judge.judge_passages`, `verifier.stance.verdicts.decide_verdict`.
Reports retrieval recall@k of gold abstracts (k distinct abstracts), abstract-level label-only
P/R/F1 (SciFact metric), claim-level 3-way macro-F1, ECE of the verdict confidence, and cost.

    python -m bench.eval_scifact --limit 50                # embedded default (cascade)
    CLAIMCHECK_LLM=fake python -m bench.eval_scifact --limit 5 --judge llm   # smoke run
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from bench import evalcommon as ec

SCIFACT = ec.BENCHDATA / "scifact"
LABELS = ("SUPPORT", "CONTRADICT", "NEI")
VERDICT_TO_LABEL = {"corroborated": "SUPPORT", "contradicted": "CONTRADICT", "unverified": "NEI"}
STANCE_TO_LABEL = {"supports": "SUPPORT", "contradicts": "CONTRADICT"}
RECALL_AT = (1, 5, 10, 20)


def load_claims(split: str) -> list[dict]:
    """dev: the reported claims; train-holdout: train claims kept out of classifier training."""
    from bench.make_stance_training import scifact_train_is_holdout

    if split == "dev":
        return [json.loads(line) for line in (SCIFACT / "claims_dev.jsonl").open()]
    claims = [json.loads(line) for line in (SCIFACT / "claims_train.jsonl").open()]
    return [c for c in claims if scifact_train_is_holdout(c["id"])]


def open_index(settings, index_dir: Path):
    """The benchmark store (built on first use with the product's ingest) and doc_id by article."""
    from verifier.services import build_services

    services = build_services(settings.model_copy(update={"data_dir": index_dir}))
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


SWEEP = tuple(round(0.2 + 0.05 * i, 2) for i in range(15))  # 0.20 .. 0.90


class RecordingClassifier:
    """The trained classifier, remembering its probabilities per (span, claim) for the sweep."""

    def __init__(self, clf) -> None:
        self.clf, self.name, self.meta = clf, clf.name, clf.meta
        self.seen: dict[tuple[str, str], dict[str, float]] = {}

    def predict(self, pairs):
        # The sweep judges every claim again per threshold: each pair is scored once.
        new = list(dict.fromkeys(p for p in pairs if p not in self.seen))
        if new:
            self.seen.update(zip(new, self.clf.predict(new), strict=True))
        return [self.seen[p] for p in pairs]


def claim_from_stances(stances: list[tuple[str, float]]) -> str:
    """Claim label from passage (stance, confidence): one side wins, both: the stronger, none: NEI."""
    sides = [(c, STANCE_TO_LABEL[s]) for s, c in stances if s in STANCE_TO_LABEL]
    return max(sides)[1] if sides else "NEI"


def regate(row: dict, threshold: float | None, k: int | None = None) -> list[tuple[str, float]]:
    """The row's passage stances as the product gives them with this evidence threshold."""
    from verifier.stance.judge import gate_stance

    out = []
    for _doc, stance, conf, judge, probs in row["stances"][:k]:
        if threshold is not None and probs and judge.startswith("classifier"):
            stance, conf = gate_stance(probs, threshold)
        out.append((stance, conf))
    return out


def threshold_sweep(rows: list[dict], thresholds=SWEEP, ks=(1, 2, 3, 5)) -> list[dict]:
    """Claim-level macro-F1 per evidence threshold (P(supports)+P(contradicts)) and passages judged,
    from a saved result's recorded stances (--sweep): approximate, since the classifier's decisions
    are re-gated but the rules after it are not re-run (a run itself uses `rejudged_sweep`).
    """
    gold = [r["gold"] for r in rows]
    out = []
    for t in thresholds:
        row = {"threshold": t}
        for k in ks:
            pred = [claim_from_stances(regate(r, t, k)) for r in rows]
            row[f"macro_f1@k{k}"] = ec.macro_f1(gold, pred, LABELS)
        out.append(row)
    return out


def rejudged_sweep(
    services, judged: list[tuple[str, list, str]], judge: str, ks, thresholds=SWEEP
) -> list[dict]:
    """Claim-level macro-F1 per evidence threshold, every rule applied: each claim judged again.

    `judged` holds (claim text, its k judged passages, gold label) from the run; the classifier's
    probabilities are remembered (services.classifier is a RecordingClassifier), so a threshold
    costs the rules only. On the held-out SciFact
    train claims this chooses the classifier's threshold (at the product's k); on dev it is only a
    sensitivity analysis.
    """
    from verifier.checking import source_groups
    from verifier.stance.judge import judge_passages
    from verifier.stance.verdicts import decide_verdict

    settings = services.settings
    gold = [g for _, _, g in judged]
    # Which passages are copies of one another does not depend on the threshold: found once.
    copies = {
        k: [
            source_groups(services, [p.article_id for p in passages[:k]])
            for _, passages, _ in judged
        ]
        for k in ks
    }
    out = []
    try:
        for t in thresholds:
            services.settings = settings.model_copy(update={"evidence_threshold": t})
            row = {"threshold": t}
            evidence = [
                judge_passages(services, text, passages, judge=judge)
                for text, passages, _ in judged
            ]
            for k in ks:
                pred = []
                for ev, groups in zip(evidence, copies[k], strict=True):
                    verdict, _conf, _rule = decide_verdict(ev[:k], groups)
                    pred.append(claim_label(verdict, ev[:k]))
                row[f"macro_f1@k{k}"] = ec.macro_f1(gold, pred, LABELS)
            out.append(row)
    finally:
        services.settings = settings
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
    parser.add_argument(
        "--split",
        choices=["dev", "train-holdout"],
        default="dev",
        help="dev (reported) or the SciFact train claims held out of classifier training (tuning)",
    )
    parser.add_argument(
        "--write-threshold",
        action="store_true",
        help="with --split train-holdout: store the best stance threshold in the classifier",
    )
    parser.add_argument("--name", default=None, help="results name (default scifact_<split>)")
    parser.add_argument(
        "--sweep",
        type=Path,
        help="add an approximate threshold sweep (rules not re-run) to an existing result",
    )
    args = parser.parse_args()
    ec.require_shared("benchdata", "scifact")
    if args.sweep:
        result = json.loads(args.sweep.read_text())
        result["evidence_threshold_sweep"] = threshold_sweep(result["per_claim"])
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
    from verifier.stance.judge import judge_passages
    from verifier.stance.verdicts import decide_verdict

    claims = load_claims(args.split)
    if args.limit and args.limit < len(claims):
        claims = random.Random(0).sample(claims, args.limit)
    k = args.k or settings.top_k
    from verifier.services import build_services
    from verifier.stance.judge import evidence_threshold

    trained = services.classifier
    recorder = RecordingClassifier(trained) if trained is not None else None
    # The same index judged through the recorder, which keeps each pair's probabilities.
    services = build_services(services.settings, store=services.store, classifier=recorder)
    hits = {n: 0 for n in RECALL_AT}
    per_claim_recall: dict[int, list[float]] = {n: [] for n in RECALL_AT}
    n_gold_docs = tp = fp = fn = 0
    gold_claims, pred_claims, confs, rows, judged = [], [], [], [], []
    t_start = time.monotonic()
    usage0 = usage_snapshot(services)
    for n, claim in enumerate(claims, 1):
        gold, gold_docs = gold_of(claim)
        t0 = time.monotonic()
        passages = services.store.search(claim["claim"], k=args.retrieve, mode=args.mode)
        ranked = distinct_docs(passages, doc_of)
        for at in RECALL_AT:
            found = sum(d in ranked[:at] for d in gold_docs)
            hits[at] += found
            if gold_docs:
                per_claim_recall[at].append(found / len(gold_docs))
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
        judged.append((claim["claim"], passages[:k], gold))
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
                    (
                        doc_of[e.article_id],
                        e.stance,
                        e.confidence,
                        e.judge,
                        recorder.seen.get((e.quote, claim["claim"])) if recorder else None,
                    )
                    for e in evidence
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
    ks = tuple(sorted({1, 2, 3, k}))
    n = len(claims)
    result = {
        "claims": n,
        "split": args.split,
        "judge": args.judge,
        "k_judged": k,
        # Two definitions, both of gold evidence abstracts: the mean over claims with evidence
        # of the share of their abstracts found (the usual one, and the one of the issue's
        # reference figures), and the share of all gold abstracts found (micro).
        "retrieval": {
            f"recall@{at}": sum(per_claim_recall[at]) / max(1, len(per_claim_recall[at]))
            for at in RECALL_AT
        }
        | {f"recall@{at} (micro)": hits[at] / max(1, n_gold_docs) for at in RECALL_AT}
        | {"claims_with_evidence": len(per_claim_recall[1]), "gold_abstracts": n_gold_docs},
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
        if args.judge != "classifier" and services.loaded_llm() is not None
        else None,
        "classifier": recorder.name if recorder else None,
        "evidence_threshold": evidence_threshold(settings, trained.meta) if trained else None,
        "index": {
            "dir": str(args.index_dir),
            "mode": args.mode,
            "corpus_hash": services.store.corpus_hash()[:16],
            "embedder": settings.embedder,
            "chunk_chars": settings.chunk_chars,
        },
        "provenance": ec.provenance(settings),
        "evidence_threshold_sweep": (
            rejudged_sweep(services, judged, args.judge, ks)
            if recorder is not None
            else threshold_sweep(rows, ks=ks)
        ),
        "per_claim": rows,
    }
    if args.write_threshold:
        result["evidence_threshold_written"] = write_threshold(settings, result, k)
    ec.write_result(args.name or f"scifact_{args.split.replace('-', '_')}", result, render(result))
    print(render(result))


def write_threshold(settings, result: dict, k: int) -> float:
    """Store the sweep's best threshold at k passages (ties: the lowest) in the classifier's metadata."""
    if result["split"] != "train-holdout" or not result["classifier"]:
        raise SystemExit("--write-threshold needs --split train-holdout and a trained classifier")
    key = f"macro_f1@k{k}"
    best = max(
        result["evidence_threshold_sweep"], key=lambda x: (round(x[key], 4), -x["threshold"])
    )
    from verifier.stance.model import META_FILE, read_meta

    model_dir = settings.resolved_stance_model()
    meta = read_meta(model_dir)
    if meta is None:
        raise SystemExit(f"--write-threshold: no usable classifier in {model_dir}")
    meta_file = model_dir / META_FILE
    meta["evidence_threshold"] = best["threshold"]
    meta["evidence_threshold_fit"] = {
        "data": f"SciFact train claims held out of training ({result['claims']})",
        "passages_judged": k,
        "macro_f1": round(best[key], 4),
        "date": result["provenance"]["date"],
    }
    tmp = meta_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(meta, indent=2))
    tmp.replace(meta_file)
    return best["threshold"]


def _sweep_table(sweep: list[dict]) -> str:
    if not sweep:
        return ""
    ks = [key for key in sweep[0] if key.startswith("macro_f1@")]
    return ec.md_table(
        ["t", *[f"claim macro-F1, {key.split('@k')[1]} passages" for key in ks]],
        [[x["threshold"], *[x[key] for key in ks]] for x in sweep],
    )


def render(r: dict) -> str:
    cl, ab, rt, cost = (
        r["claim_level"],
        r["abstract_label_only"],
        r["retrieval"],
        r["cost_per_claim"],
    )
    lines = [
        f"# SciFact {r.get('split', 'dev')} ({r['claims']} claims, judge {r['judge']}, {r['k_judged']} passages judged, search {r['index']['mode']}, embedder {r['index']['embedder']})",
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
        "Evidence-threshold sweep (a passage is evidence when P(supports)+P(contradicts) >= t)"
        + (
            ", on claims held out of training: it chooses the classifier's threshold:"
            if r.get("split") == "train-holdout"
            else ": a sensitivity analysis on these claims, not a tuned result:"
        ),
        "",
        _sweep_table(r.get("evidence_threshold_sweep", [])),
        "",
        f"evidence threshold in use: {r.get('evidence_threshold')}",
        "",
        f"classifier: {r['classifier']}; llm: {r['llm']}; date {r['provenance']['date']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
