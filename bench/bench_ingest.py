"""Ingest throughput vs raw `encode` throughput of the same embedder on the same chunk texts.

    nice .venv/bin/python -m bench.bench_ingest [--embedder minilm] [--limit N] [--store DIR]

Runs on the seeds (three fresh stores, median) and on the SciFact corpus (5,183 abstracts,
converted in memory to title/text records in a temporary .jsonl outside the repo). The SciFact
store is kept in --store for bench_retrieval.py. Results: bench/results/ingest.{json,md}.
On a busy shared machine the load changes during a 45-minute full run, so compare ingest with
encode on a subset measured back to back instead:

    nice .venv/bin/python -m bench.bench_ingest --limit 400 --repeat 3 --name ingest-subset
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.evalcommon import BENCHDATA
from vectorstore.embeddings import build_embedder
from vectorstore.store import index_text, open_store

ROOT = Path(__file__).resolve().parent.parent

SCIFACT = BENCHDATA / "scifact"  # CLAIMCHECK_SHARED moves ../shared
BENCH_DIR = Path(tempfile.gettempdir()) / "claimcheck-store-bench"  # not shared with other benches
RESULTS = ROOT / "bench" / "results"


def write_scifact_jsonl(out: Path, limit: int | None = None) -> dict[int, int]:
    """Convert corpus.jsonl to title/text records; return {jsonl line number: doc_id}."""
    lines, line_to_doc = [], {}
    with open(SCIFACT / "corpus.jsonl") as handle:
        for row in map(json.loads, handle):
            if limit and len(lines) >= limit:
                break
            lines.append(json.dumps({"title": row["title"], "text": " ".join(row["abstract"])}))
            line_to_doc[len(lines)] = row["doc_id"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    return line_to_doc


class Timed:
    """Wraps an embedder's encode to measure the time spent embedding inside ingest."""

    def __init__(self, embedder) -> None:
        self.embedder, self.seconds, self.texts = embedder, 0.0, 0
        self._encode = embedder.encode
        embedder.encode = self.encode

    def encode(self, texts):
        started = time.perf_counter()
        out = self._encode(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return out


def measure(
    embedder, paths: list[Path], store_dir: Path, sample: int | None = None, **store_args
) -> dict:
    """Ingest into a fresh store, then encode the same chunk texts (or a random sample); timings."""
    shutil.rmtree(store_dir, ignore_errors=True)
    store = open_store(store_dir, embedder, **store_args)
    timer = Timed(embedder)
    started = time.perf_counter()
    summary = store.ingest(paths)
    ingest_s = time.perf_counter() - started
    embedder.encode = timer._encode
    texts = [index_text(t, x) for _, _, t, x in store.catalog.chunk_rows()]
    encoded = random.Random(0).sample(texts, sample) if sample and sample < len(texts) else texts
    started = time.perf_counter()
    embedder.encode(encoded)
    # With a sample, the raw encode time of all chunks is extrapolated from the sample's rate.
    encode_s = (time.perf_counter() - started) * len(texts) / len(encoded)
    store.close()
    return {
        "articles": len(summary.added),
        "skipped": len(summary.skipped),
        "chunks": summary.chunks,
        "ingest_s": round(ingest_s, 3),
        "encode_s": round(encode_s, 3),
        "embed_inside_ingest_s": round(timer.seconds, 3),
        "ingest_chunks_per_s": round(summary.chunks / ingest_s, 1),
        "encode_chunks_per_s": round(len(texts) / encode_s, 1),
        "encoded_for_baseline": len(encoded),
        "non_embedding_pct": round(100 * (ingest_s - timer.seconds) / timer.seconds, 1),
        "throughput_ratio": round(encode_s / ingest_s, 3),
        "overhead_pct": round(100 * (ingest_s / encode_s - 1), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--limit", type=int, default=None, help="SciFact abstracts (default: all)")
    parser.add_argument("--store", type=Path, default=BENCH_DIR / "scifact-minilm")
    parser.add_argument("--skip-scifact", action="store_true")
    parser.add_argument(
        "--sample", type=int, default=1500, help="SciFact chunks re-encoded for the baseline"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs on a --limit subset")
    parser.add_argument("--name", default="ingest", help="results file name in bench/results")
    args = parser.parse_args()

    embedder = build_embedder(args.embedder)
    embedder.encode(["warm up the model once"])
    seeds = [measure(embedder, [ROOT / "seeds"], BENCH_DIR / f"seeds-{i}") for i in range(3)]
    result = {
        "embedder": args.embedder,
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "seeds_runs": seeds,
        "seeds": min(
            seeds,
            key=lambda r: abs(
                r["overhead_pct"] - statistics.median(s["overhead_pct"] for s in seeds)
            ),
        ),
    }
    if not args.skip_scifact and args.limit is None:
        corpus = BENCH_DIR / "scifact.jsonl"
        line_to_doc = write_scifact_jsonl(corpus)
        (BENCH_DIR / "scifact-lines.json").write_text(json.dumps(line_to_doc))
        result["scifact"] = measure(
            embedder, [corpus], args.store, sample=args.sample, max_file_bytes=100_000_000
        )
        result["scifact"]["store"] = str(args.store)
    elif not args.skip_scifact:
        # A subset, ingested and fully re-encoded back to back (alternating) so both see the same load.
        corpus = BENCH_DIR / f"scifact-{args.limit}.jsonl"
        write_scifact_jsonl(corpus, args.limit)
        runs = [
            measure(
                embedder,
                [corpus],
                BENCH_DIR / f"scifact-{args.limit}-{i}",
                max_file_bytes=100_000_000,
            )
            for i in range(args.repeat)
        ]
        result["scifact_runs"] = runs
        mid = statistics.median(r["overhead_pct"] for r in runs)
        result["scifact"] = min(runs, key=lambda r: abs(r["overhead_pct"] - mid))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
    rows = [("seeds (median of 3)", result["seeds"])]
    if "scifact" in result:
        label = (
            f"SciFact first {args.limit} abstracts (median of {args.repeat})"
            if args.limit
            else "SciFact corpus"
        )
        rows.append((label, result["scifact"]))
    md = [
        f"# Ingest throughput ({args.embedder}, 2-core shared machine)",
        "",
        "| corpus | articles | chunks | ingest s | encode s | embed inside ingest s | ingest chunks/s | encode chunks/s | ratio | overhead | non-embedding |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        md.append(
            f"| {name} | {r['articles']} | {r['chunks']} | {r['ingest_s']} | {r['encode_s']} | "
            f"{r['embed_inside_ingest_s']} | {r['ingest_chunks_per_s']} | {r['encode_chunks_per_s']} | "
            f"{r['throughput_ratio']} | {r['overhead_pct']}% | {r['non_embedding_pct']}% |"
        )
    md += [
        "",
        "ratio = raw encode time / ingest time (target >= 0.8); overhead = ingest time over raw encode.",
        "Ingest time covers loading, cleaning, chunking, catalog writes, embedding, Chroma upserts and the BM25 build.",
    ]
    (RESULTS / f"{args.name}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
