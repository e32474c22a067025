"""Load and scale: ingest memory and speed, search latency and crosscheck work on a synthetic archive.

    nice -n 19 .venv/bin/python -m bench.bench_scale [--n 10000] [--embedder hash|minilm]
        [--claims 1000,2000,4000] [--searches 200] [--server] [--skip-ingest]

1. Ingest: N synthetic articles (bench/make_synthetic_archive.py) in a child process per size
   (N/4 and N), each reporting its own peak RSS (resource.getrusage): bounded memory means the
   peak barely grows with N (files are streamed, chunks embedded in batches of 256).
2. Search: p50/p95 latency of warm hybrid, dense and lexical searches on the N-article store.
3. Crosscheck: store searches, stance (judge) calls and seconds for 1k / 2k / 4k claims with the
   fake LLM: roughly linear, no all-pairs step.
4. --server: the same store's articles in a `chroma run` server, 20 concurrent searches from
   threads through the app's API (ArchiveStore.search): errors and latency.
Results: bench/results/scale.{json,md} (scale-minilm.{json,md} with --embedder minilm).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.make_synthetic_archive import iter_articles, write_archive

ROOT = Path(__file__).resolve().parent.parent

WORK = Path(tempfile.gettempdir()) / "claimcheck-scale"
RESULTS = ROOT / "bench" / "results"


def _settings(data_dir: Path, embedder: str, **extra):
    from verifier.settings import Settings

    return Settings(
        data_dir=data_dir, llm="fake", embedder=embedder, cache=False, _env_file=None, **extra
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child_ingest(archive: Path, data_dir: Path, embedder: str) -> dict:
    """Runs in a child process: ingest the folder, report time and this process's peak RSS."""
    from vectorstore.ingest import ingest_paths
    from verifier.services import build_services

    services = build_services(_settings(data_dir, embedder))
    store = services.store
    before = peak_rss_mb()
    started = time.perf_counter()
    # ArchiveStore.ingest in two steps, to tell the streamed ingest from the BM25 build after it.
    with store.writing():
        summary = ingest_paths(store, [archive])
    streamed_peak = peak_rss_mb()
    store._refresh_lexical()
    seconds = time.perf_counter() - started
    out = {
        "articles": store.count(),
        "chunks": summary.chunks,
        "vectors": store.vector_count(),
        "skipped": len(summary.skipped),
        "seconds": round(seconds, 1),
        "articles_per_s": round(store.count() / seconds, 1),
        "rss_before_ingest_mb": round(before, 1),
        "peak_rss_ingest_mb": round(streamed_peak, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    store.close()
    return out


def run_ingest(n: int, embedder: str) -> tuple[list[dict], Path]:
    """Ingest N/4 and N articles in fresh child processes; returns their reports and the N store."""
    rows, data = [], None
    for size in sorted({max(1, n // 4), n}):
        archive = WORK / f"archive-{size}"
        if not archive.exists():
            write_archive(archive, size, seed=7)
        data = WORK / f"data-{embedder}-{size}"
        shutil.rmtree(data, ignore_errors=True)
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.bench_scale",
                "--child-ingest",
                str(archive),
                str(data),
                "--embedder",
                embedder,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1]) | {"n": size, "embedder": embedder}
        print("ingest", row, flush=True)
        rows.append(row)
    return rows, data


def percentiles(samples: list[float]) -> dict:
    ms = sorted(s * 1000 for s in samples)
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2),
        "max_ms": round(ms[-1], 2),
        "searches": len(ms),
    }


def queries(count: int) -> list[str]:
    """Search texts: the first sentences of articles of the archive (seed 7) and of unseen ones."""
    texts = [a["text"].split(". ")[0] for a in iter_articles(count // 2, seed=7)]
    texts += [a["text"].split(". ")[0] for a in iter_articles(count - len(texts), seed=99)]
    return texts


def run_search(data: Path, embedder: str, count: int) -> dict:
    from verifier.services import build_services

    store = build_services(_settings(data, embedder)).store
    out = {}
    for mode in ("hybrid", "dense", "lexical"):
        store.search("warm up the index", k=5, mode=mode)
        samples = []
        for text in queries(count):
            started = time.perf_counter()
            store.search(text, k=5, mode=mode)
            samples.append(time.perf_counter() - started)
        out[mode] = percentiles(samples)
        print("search", mode, out[mode], flush=True)
    store.close()
    return out


class CountingStore:
    """The archive store, counting the searches made through it."""

    def __init__(self, store) -> None:
        self._store, self.searches, self.near_duplicates_calls = store, 0, 0

    def search(self, *args, **kwargs):
        self.searches += 1
        return self._store.search(*args, **kwargs)

    def near_duplicates(self, *args, **kwargs):
        self.near_duplicates_calls += 1
        return self._store.near_duplicates(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._store, name)


def run_crosscheck_scaling(sizes: list[int], embedder: str) -> list[dict]:
    """Crosscheck work for growing numbers of claims on one archive (fake LLM, no cache)."""
    from verifier.claimstore import ClaimStore
    from verifier.crosscheck import run_crosscheck
    from verifier.extract.claims import extract_article_claims
    from verifier.llm import FakeLLM
    from verifier.services import build_services

    data = WORK / f"crosscheck-{embedder}"
    shutil.rmtree(data, ignore_errors=True)
    archive = WORK / "archive-crosscheck"
    if not archive.exists():
        write_archive(archive, 1000, seed=13, max_extra=12)
    base = build_services(_settings(data, embedder), llm=FakeLLM())
    base.store.ingest([archive])
    claims, llm = [], FakeLLM()
    for article in base.store.articles():  # the deterministic gate, no model call per window needed
        claims.extend(extract_article_claims(llm, article))
        if len(claims) >= max(sizes):
            break
    rows = []
    for size in sizes:
        subset = claims[:size]
        store = ClaimStore(data / f"claims-{size}.sqlite3")
        by_article: dict[str, list] = {}
        for claim in subset:
            by_article.setdefault(claim.article_id, []).append(claim)
        for article_id, group in by_article.items():
            store.save_claims(article_id, group, model=llm.name, prompt_hash="bench")
        judge = FakeLLM()
        counting = CountingStore(base.store)
        services = build_services(base.settings, llm=judge, claims=store, store=counting)
        started = time.perf_counter()
        results, stats = run_crosscheck(services)
        seconds = time.perf_counter() - started
        row = {
            "claims": len(subset),
            "articles": base.store.count(),
            "store_searches": counting.searches,
            "near_duplicate_lookups": counting.near_duplicates_calls,
            "judge_calls": sum(1 for c in judge.calls if c["operation"] == "stance"),
            "passages_judged": stats.passages_judged,
            "seconds": round(seconds, 1),
            "ms_per_claim": round(1000 * seconds / max(1, len(subset)), 1),
        }
        print("crosscheck", row, flush=True)
        rows.append(row)
    base.store.close()
    return rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_server(embedder: str, articles: int = 1000, threads: int = 20, rounds: int = 5) -> dict:
    """Ingest into a `chroma run` server, then `threads` concurrent searches, `rounds` times."""
    from verifier.services import build_services

    port, path = _free_port(), WORK / "chroma-server"
    shutil.rmtree(path, ignore_errors=True)
    exe = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        data = WORK / "server-data"
        shutil.rmtree(data, ignore_errors=True)
        archive = WORK / f"archive-server-{articles}"
        if not archive.exists():
            write_archive(archive, articles, seed=17)
        store = build_services(
            _settings(data, embedder, chroma_host="127.0.0.1", chroma_port=port)
        ).store
        started = time.perf_counter()
        store.ingest([archive])
        ingest_s = time.perf_counter() - started
        texts = queries(threads * rounds)
        errors, samples = [], []

        def one(text: str) -> None:
            t0 = time.perf_counter()
            try:
                if not store.search(text, k=5):
                    errors.append(f"no result for {text[:40]!r}")
            except Exception as exc:  # noqa: BLE001 - the figure is how many fail, and why
                errors.append(repr(exc))
            samples.append(time.perf_counter() - t0)

        wall = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(one, texts))
        wall = time.perf_counter() - wall
        out = {
            "articles": store.count(),
            "ingest_s": round(ingest_s, 1),
            "threads": threads,
            "searches": len(texts),
            "errors": len(errors),
            "error_samples": errors[:3],
            "searches_per_s": round(len(texts) / wall, 1),
        } | percentiles(samples)
        store.close()
        print("server", out, flush=True)
        return out
    finally:
        proc.kill()
        proc.wait()


def write_results(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{results['name']}.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Scale benchmark",
        "",
        f"Machine: {results['machine']}. Embedder: {results['embedder']}. "
        "Command: `nice -n 19 .venv/bin/python -m bench.bench_scale`.",
        "",
    ]
    if results.get("ingest"):
        lines += [
            "## Ingest (fresh child process per size)",
            "",
            "| articles | chunks | seconds | articles/s | RSS before (MB) | peak RSS, files streamed (MB) "
            "| peak RSS incl. BM25 build (MB) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['articles']} | {r['chunks']} | {r['seconds']} | {r['articles_per_s']} | "
            f"{r['rss_before_ingest_mb']} | {r.get('peak_rss_ingest_mb', '-')} | {r['peak_rss_mb']} |"
            for r in results["ingest"]
        ]
        lines.append("")
    if results.get("search"):
        lines += [
            f"## Search latency, warm, k=5, on {results['search_articles']} articles",
            "",
            "| mode | p50 ms | p95 ms | max ms | searches |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {m} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['searches']} |"
            for m, r in results["search"].items()
        ]
        lines.append("")
    if results.get("crosscheck"):
        lines += [
            "## Crosscheck work vs claims (fake LLM)",
            "",
            "| claims | store searches | near-dup lookups | judge calls | passages judged | seconds | ms/claim |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['claims']} | {r['store_searches']} | {r['near_duplicate_lookups']} | {r['judge_calls']} | "
            f"{r['passages_judged']} | {r['seconds']} | {r['ms_per_claim']} |"
            for r in results["crosscheck"]
        ]
        lines.append("")
    if results.get("server"):
        s = results["server"]
        lines += [
            "## Chroma server, concurrent searches through ArchiveStore.search",
            "",
            f"{s['searches']} searches from {s['threads']} threads on {s['articles']} articles: "
            f"{s['errors']} errors, p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, "
            f"{s['searches_per_s']} searches/s.",
            "",
        ]
    (RESULTS / f"{results['name']}.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--embedder", default="hash", choices=["hash", "minilm"])
    parser.add_argument("--claims", default="1000,2000,4000")
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--server", action="store_true")
    parser.add_argument(
        "--skip-ingest", action="store_true", help="reuse the stores of an earlier run"
    )
    parser.add_argument("--child-ingest", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_ingest:
        print(json.dumps(child_ingest(*args.child_ingest, args.embedder)))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    name = "scale" if args.embedder == "hash" else f"scale-{args.embedder}"
    previous = (
        json.loads((RESULTS / f"{name}.json").read_text())
        if (RESULTS / f"{name}.json").exists()
        else {}
    )
    results = previous | {
        "name": name,
        "machine": f"{platform.machine()}, {platform.python_version()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores (shared)",
        "embedder": args.embedder,
    }
    data = WORK / f"data-{args.embedder}-{args.n}"
    if not args.skip_ingest:
        results["ingest"], data = run_ingest(args.n, args.embedder)
        write_results(
            results
        )  # after every phase: a long run that is stopped keeps what it measured
    results["search_articles"] = args.n
    results["search"] = run_search(data, args.embedder, args.searches)
    write_results(results)
    if args.claims:
        results["crosscheck"] = run_crosscheck_scaling(
            [int(c) for c in args.claims.split(",")], args.embedder
        )
        write_results(results)
    if args.server:
        results["server"] = run_server(args.embedder)
        write_results(results)
    print(f"wrote {RESULTS / results['name']}.md")


if __name__ == "__main__":
    main()
