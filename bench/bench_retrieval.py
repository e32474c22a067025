"""Retrieval quality (SciFact dev recall@5/@20) and warm search latency of the hybrid store.

    nice .venv/bin/python -m bench.bench_retrieval [--store DIR] [--embedder minilm]

Needs the SciFact store built by bench_ingest.py (default /tmp/claimcheck-bench/scifact-minilm).
Chunk hits are aggregated to abstracts (an abstract ranks where its best chunk ranks). Gold: the
`evidence` keys of the 188 dev claims that have evidence (primary; the reference figures 0.87/0.87/0.90
use it), and the `cited_doc_ids` of all 300 claims (harder: NEI claims cite topical abstracts). Also tries fusion weights / RRF k and lexical variants on the same rankings.
Results: bench/results/retrieval.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np

from bench.evalcommon import BENCHDATA
from vectorstore import lexical
from vectorstore.embeddings import build_embedder
from vectorstore.fusion import fuse_ranks
from vectorstore.lexical import LexicalIndex
from vectorstore.store import index_text, open_store

ROOT = Path(__file__).resolve().parent.parent

SCIFACT = BENCHDATA / "scifact"  # CLAIMCHECK_SHARED moves ../shared
BENCH_DIR = Path("/tmp/claimcheck-store-bench")
RESULTS = ROOT / "bench" / "results"
N = 400  # candidates per list: enough chunks for 20 distinct abstracts


def load_claims() -> list[dict]:
    with open(SCIFACT / "claims_dev.jsonl") as handle:
        return [json.loads(line) for line in handle]


def to_docs(chunk_ids: list[str], doc_of: dict[str, int], k: int) -> list[int]:
    """Distinct abstracts in the order of their best chunk, first k."""
    docs: list[int] = []
    for cid in chunk_ids:
        doc = doc_of[cid.rsplit("-", 1)[0]]
        if doc not in docs:
            docs.append(doc)
            if len(docs) == k:
                break
    return docs


def recall(rankings: list[list[int]], golds: list[set[int]], k: int) -> float:
    scores = [len(set(r[:k]) & g) / len(g) for r, g in zip(rankings, golds, strict=True) if g]
    return round(float(np.mean(scores)), 4)


def doc_fuse(lists: list[list[int]], weights, k: int) -> list[int]:
    return [d for d, _ in fuse_ranks([[str(d) for d in ls] for ls in lists], weights=weights, k=k)]


def measure_latency(store, claims: list[dict]) -> dict:
    """Warm latency of the shipped search() (k=5) over all claims, per mode."""
    latency = {}
    for mode in ("hybrid", "dense", "lexical"):
        store.search("warm up", k=5, mode=mode)
        times = []
        for c in claims:
            started = time.perf_counter()
            store.search(c["claim"], k=5, mode=mode)
            times.append(1000 * (time.perf_counter() - started))
        latency[mode] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(float(np.percentile(times, 95)), 1),
            "mean_ms": round(statistics.fmean(times), 1),
        }
    return latency


def latency_only(store, claims: list[dict], name: str) -> None:
    """Just the latency (seconds of CPU: fine to run without nice, so the scheduler is not measured)."""
    load = os.getloadavg()[0]
    latency = measure_latency(store, claims)
    result = {
        "latency_k5": latency,
        "load_average_1min_before": round(load, 2),
        "searches_per_mode": len(claims),
    }
    (RESULTS / f"{name}-latency.json").write_text(json.dumps(result, indent=2) + "\n")
    md = [
        f"# Warm search latency, SciFact store ({store.catalog.chunk_count()} chunks), k=5, not niced",
        "",
        f"1-minute load average before the run: {load:.2f} (2 shared cores).",
        "",
        "| mode | p50 ms | p95 ms | mean ms |",
        "|---|---|---|---|",
    ]
    md += [f"| {m} | {v['p50_ms']} | {v['p95_ms']} | {v['mean_ms']} |" for m, v in latency.items()]
    (RESULTS / f"{name}-latency.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=BENCH_DIR / "scifact-minilm")
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--name", default="retrieval", help="results file name in bench/results")
    parser.add_argument("--latency-only", action="store_true", help="only the warm latency")
    args = parser.parse_args()

    store = open_store(args.store, build_embedder(args.embedder), max_file_bytes=100_000_000)
    line_to_doc = {
        int(k): v for k, v in json.loads((BENCH_DIR / "scifact-lines.json").read_text()).items()
    }
    doc_of = {a.id: line_to_doc[int(a.source.rsplit("#line-", 1)[1])] for a in store.articles()}
    claims = load_claims()
    if args.latency_only:
        latency_only(store, claims, args.name)
        return
    cited = [set(c["cited_doc_ids"]) for c in claims]
    evidence = [{int(d) for d in c["evidence"]} for c in claims]
    print(
        f"{store.count()} abstracts, {store.catalog.chunk_count()} chunks, {len(claims)} claims",
        flush=True,
    )

    # Raw rankings once per claim; every variant below is computed from them.
    store._lexical()
    dense, lex = [], []
    for c in claims:
        dense.append([cid for cid, _ in store._dense(c["claim"], N, None, [])])
        lex.append([cid for cid, _ in store._lexical().search(c["claim"], N)])

    def evaluate(rank_lists: list[list[int]]) -> dict:
        return {
            "cited@5": recall(rank_lists, cited, 5),
            "cited@20": recall(rank_lists, cited, 20),
            "evidence@5": recall(rank_lists, evidence, 5),
            "evidence@20": recall(rank_lists, evidence, 20),
        }

    dense_docs = [to_docs(r, doc_of, 100) for r in dense]
    lex_docs = [to_docs(r, doc_of, 100) for r in lex]
    table: dict[str, dict] = {
        f"dense ({args.embedder} chunks)": evaluate(dense_docs),
        "lexical (BM25 chunks)": evaluate(lex_docs),
    }
    w, rk = store.weights, store.rrf_k
    table[f"hybrid as shipped (chunk RRF k={rk}, weights {w})"] = evaluate(
        [
            to_docs([i for i, _ in fuse_ranks([d, lx], weights=w)], doc_of, 100)
            for d, lx in zip(dense, lex, strict=True)
        ]
    )
    # Check that the shipped search() returns the same top chunks as the offline fusion above.
    same = sum(
        [p.chunk.id for p in store.search(c["claim"], k=5)]
        == [i for i, _ in fuse_ranks([d[:50], lx[:50]], weights=w, k=rk)][:5]
        for c, d, lx in zip(claims[:20], dense[:20], lex[:20], strict=True)
    )
    tried: dict[str, dict] = {}
    for rrf_k in (10, 30, 60):
        for wd, wl in ((1, 1), (1, 0.7), (0.7, 1), (1, 0.5)):
            tried[f"chunk RRF k={rrf_k} w=({wd},{wl})"] = evaluate(
                [
                    to_docs(
                        [i for i, _ in fuse_ranks([d, lx], weights=(wd, wl), k=rrf_k)], doc_of, 100
                    )
                    for d, lx in zip(dense, lex, strict=True)
                ]
            )
            tried[f"abstract RRF k={rrf_k} w=({wd},{wl})"] = evaluate(
                [
                    [int(x) for x in doc_fuse([dd, ld], (wd, wl), rrf_k)]
                    for dd, ld in zip(dense_docs, lex_docs, strict=True)
                ]
            )
    # Lexical variants (cheap to rebuild): no stemming, no title heading the chunk.
    rows = store.catalog.chunk_rows()
    stem = lexical.stem
    lexical.stem = lambda word: word
    unstemmed = LexicalIndex.build((c, a, index_text(t, x)) for c, a, t, x in rows)
    tried["lexical without stemming"] = evaluate(
        [to_docs([i for i, _ in unstemmed.search(c["claim"], N)], doc_of, 100) for c in claims]
    )
    lexical.stem = stem
    untitled = LexicalIndex.build((c, a, x) for c, a, _, x in rows)
    tried["lexical without title"] = evaluate(
        [to_docs([i for i, _ in untitled.search(c["claim"], N)], doc_of, 100) for c in claims]
    )

    latency = measure_latency(store, claims)
    store.close()

    result = {
        "corpus": {"abstracts": len(doc_of), "chunks": len(rows)},
        "claims": len(claims),
        "claims_with_evidence": sum(1 for g in evidence if g),
        "main": table,
        "tried": tried,
        "latency_k5": latency,
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "shipped_search_matches_offline_fusion": f"{same}/20",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
    md = [
        f"# Retrieval on SciFact dev ({args.embedder}; 300 claims, 5,183 abstracts, chunk hits aggregated to abstracts)",
        "",
        "| method | recall@5 (evidence) | recall@20 (evidence) | recall@5 (cited) | recall@20 (cited) |",
        "|---|---|---|---|---|",
    ]
    for name, r in list(table.items()) + [("--- tried ---", None)] + list(tried.items()):
        if r is None:
            md.append("| **tried** | | | | |")
            continue
        md.append(
            f"| {name} | {r['evidence@5']} | {r['evidence@20']} | {r['cited@5']} | {r['cited@20']} |"
        )
    md += ["", "| warm search, k=5 | p50 ms | p95 ms | mean ms |", "|---|---|---|---|"]
    md += [f"| {m} | {v['p50_ms']} | {v['p95_ms']} | {v['mean_ms']} |" for m, v in latency.items()]
    md += ["", f"Shipped `search()` top-5 equals the offline fusion for {same}/20 claims checked."]
    (RESULTS / f"{args.name}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
