"""Choose the hybrid search's fusion (RRF weights and k) on SciFact *train* claims, then report dev.

Rankings (dense MiniLM chunks, BM25 chunks) are computed once per claim on the benchmark index of
bench/eval_scifact.py; every fusion variant is scored from them. Recall is the mean over claims
with evidence of the share of their gold abstracts in the top k distinct abstracts.

    python -m bench.tune_retrieval [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench import evalcommon as ec
from bench.bench_retrieval import N, recall, to_docs
from bench.eval_scifact import SCIFACT, open_index
from vectorstore.fusion import fuse_ranks

GRID = [(k, (1.0, wl)) for k in (30, 60, 100) for wl in (1.0, 0.8, 0.7, 0.6, 0.5)]


def rankings(store, claims: list[dict]) -> tuple[list[list[str]], list[list[str]]]:
    """Dense and lexical chunk rankings per claim."""
    store._lexical()
    dense = [[cid for cid, _ in store._dense(c["claim"], N, None, [])] for c in claims]
    lex = [[cid for cid, _ in store._lexical().search(c["claim"], N)] for c in claims]
    return dense, lex


def score(dense, lex, golds, doc_of, rrf_k: int, weights) -> dict[str, float]:
    docs = [
        to_docs([i for i, _ in fuse_ranks([d, lx], weights=weights, k=rrf_k)], doc_of, 20)
        for d, lx in zip(dense, lex, strict=True)
    ]
    return {"recall@5": recall(docs, golds, 5), "recall@20": recall(docs, golds, 20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--index-dir", type=Path, default=Path("/tmp/claimcheck-bench/scifact-minilm")
    )
    args = parser.parse_args()
    from verifier.settings import Settings

    services, doc_of = open_index(Settings(), args.index_dir)
    store = services.store
    split = {}
    for name in ("train", "dev"):
        claims = [json.loads(line) for line in (SCIFACT / f"claims_{name}.jsonl").open()]
        golds = [{int(d) for d in c["evidence"]} for c in claims]
        dense, lex = rankings(store, claims)
        split[name] = (dense, lex, golds)
        print(f"{name}: {len(claims)} claims ranked", flush=True)
    table = []
    for rrf_k, weights in GRID:
        row = {"rrf_k": rrf_k, "weights": list(weights)}
        for name, (dense, lex, golds) in split.items():
            for key, value in score(dense, lex, golds, doc_of, rrf_k, weights).items():
                row[f"{name} {key}"] = value
        table.append(row)
    best = max(table, key=lambda r: (r["train recall@5"] + r["train recall@20"], -r["rrf_k"]))
    shipped = next(
        r for r in table if r["rrf_k"] == store.rrf_k and tuple(r["weights"]) == store.weights
    )
    result = {
        "chosen_on": "SciFact train (all 809 claims; retrieval has nothing trained on them)",
        "best_on_train": best,
        "shipped": shipped,
        "table": table,
        "provenance": ec.provenance(services.settings),
    }
    cols = ["train recall@5", "train recall@20", "dev recall@5", "dev recall@20"]
    md = "\n".join(
        [
            "# Hybrid fusion chosen on SciFact train, reported on dev",
            "",
            ec.md_table(
                ["RRF k", "weights (dense, BM25)", *cols],
                [[r["rrf_k"], tuple(r["weights"]), *[r[c] for c in cols]] for r in table],
            ),
            "",
            f"Best on train: k={best['rrf_k']} weights {tuple(best['weights'])}; "
            f"shipped: k={shipped['rrf_k']} weights {tuple(shipped['weights'])}.",
        ]
    )
    ec.write_result("retrieval_fusion_tuning", result, md)
    print(md)


if __name__ == "__main__":
    main()
