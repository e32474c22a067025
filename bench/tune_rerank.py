"""Would reranking search hits with the stance classifier help? Measured, not adopted, on SciFact train claims it never saw.

For each claim: the hybrid search's top chunks, each scored by the classifier's relevance
(P(supports)+P(contradicts) of the whole chunk against the claim); variants reorder the top
`depth` chunks by that score alone or fused with the search rank (RRF). Chosen on the SciFact
train claims held out of classifier training, reported on dev (per-claim recall of gold abstracts).

    CLAIMCHECK_STANCE_MODEL=data/stance-model python -m bench.tune_rerank

Result (bench/results/retrieval_rerank_tuning.md): every variant did worse than the search alone
on the held-out claims, so the product does not rerank.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench import evalcommon as ec
from bench.bench_retrieval import recall
from bench.eval_scifact import distinct_docs, gold_of, load_claims, open_index
from vectorstore.fusion import fuse_ranks

DEPTHS = (10, 20, 30)
MODES = ("classifier", "rrf")


def rerank_order(relevance: list[float], mode: str = "rrf") -> list[int]:
    """New order of the top hits: by classifier relevance alone, or fused with the search rank."""
    by_score = sorted(range(len(relevance)), key=lambda i: -relevance[i])
    if mode == "classifier":
        return by_score
    fused = fuse_ranks([[str(i) for i in range(len(relevance))], [str(i) for i in by_score]])
    return [int(i) for i, _ in fused]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--index-dir", type=Path, default=Path("/tmp/claimcheck-bench/scifact-minilm")
    )
    args = parser.parse_args()
    from verifier.settings import Settings

    base = Settings()
    settings = base.model_copy(update={"stance_model": base.resolved_stance_model()})
    services, doc_of = open_index(settings, args.index_dir)
    clf = services.classifier
    if clf is None:
        raise SystemExit("needs a trained stance classifier (CLAIMCHECK_STANCE_MODEL)")
    result: dict = {"classifier": clf.name, "splits": {}}
    for split in ("train-holdout", "dev"):
        claims = [c for c in load_claims(split) if c["evidence"]]
        rankings: dict[str, list[list[int]]] = {}
        golds: list[set[int]] = []
        t0 = time.monotonic()
        for c in claims:
            golds.append(set(gold_of(c)[1]))
            passages = services.store.search(c["claim"], k=60)
            variants = {"search only": passages}
            scores = clf.predict([(p.text, c["claim"]) for p in passages[: max(DEPTHS)]])
            relevance = [1.0 - s["unrelated"] for s in scores]
            for depth in DEPTHS:
                for mode in MODES:
                    order = rerank_order(relevance[:depth], mode)
                    variants[f"{mode}, depth {depth}"] = [passages[i] for i in order] + passages[
                        depth:
                    ]
            for name, ranked in variants.items():
                rankings.setdefault(name, []).append(distinct_docs(ranked, doc_of))
        result["splits"][split] = {
            "claims_with_evidence": len(claims),
            "seconds_per_claim": (time.monotonic() - t0) / max(1, len(claims)),
            "recall": {
                f"{name}|{k}": recall(docs, golds, k)
                for name, docs in rankings.items()
                for k in (5, 20)
            },
        }
        print(f"{split} done", flush=True)
    names = sorted({key.split("|")[0] for key in result["splits"]["dev"]["recall"]})
    tr, dv = result["splits"]["train-holdout"]["recall"], result["splits"]["dev"]["recall"]
    best = max(names, key=lambda n: tr[f"{n}|5"] + tr[f"{n}|20"])
    result["best_on_train_holdout"] = best
    md = "\n".join(
        [
            "# Reranking search hits with the stance classifier (chosen on held-out SciFact train claims)",
            "",
            ec.md_table(
                ["variant", "train-holdout R@5", "train-holdout R@20", "dev R@5", "dev R@20"],
                [[n, tr[f"{n}|5"], tr[f"{n}|20"], dv[f"{n}|5"], dv[f"{n}|20"]] for n in names],
            ),
            "",
            f"Best on the held-out train claims: {best}. Classifier {clf.name}.",
        ]
    )
    result["provenance"] = ec.provenance(settings)
    ec.write_result("retrieval_rerank_tuning", result, md)
    print(md)


if __name__ == "__main__":
    main()
