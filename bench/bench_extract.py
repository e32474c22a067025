"""Benchmark of `extract`: seconds, model calls and claims per seed article; grounding share.

Usage: .venv/bin/python -m bench.bench_extract [--llm embedded] [--embedder hash]
Writes bench/results/extract.json and bench/results/extract.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from verifier.extract.claims import (  # noqa: E402
    OPERATION,
    ExtractionReport,
    automatic_bar,
    extract_claims,
    extraction_hash,
    find_candidates,
)
from verifier.prompts import prompt_hash  # noqa: E402
from verifier.services import build_services  # noqa: E402
from verifier.settings import Settings  # noqa: E402

PROMPTS = ("extract_system", "extract_select", "extract_rewrite")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--llm", default="embedded")
    parser.add_argument("--embedder", default="hash", help="retrieval is not timed here")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    # No response cache: every article pays for its model calls, as a first extraction would.
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp(prefix="bench-extract-")),
        llm=args.llm,
        embedder=args.embedder,
        cache=False,
        _env_file=None,
    )
    services = build_services(settings)
    services.store.ingest([ROOT / "seeds"])
    started = time.perf_counter()
    llm = services.llm  # loading the model is timed apart from extraction
    if args.llm == "embedded":
        llm.check()
    load_s = time.perf_counter() - started

    rows = []
    bar = automatic_bar(llm)
    for article in services.store.articles():
        llm.reset_usage()
        report = ExtractionReport()
        t0 = time.perf_counter()
        claims = extract_claims(services, [article.id], report=report)
        seconds = time.perf_counter() - t0
        usage = llm.usage().get(OPERATION)
        candidates = find_candidates(article)
        rows.append(
            {
                "article_id": article.id,
                "title": article.title,
                "sentences": len(candidates),
                "eligible": sum(c.eligible for c in candidates),
                "automatic": sum(c.is_automatic(bar) for c in candidates),
                "claims": len(claims),
                "figure_claims": sum(c.kind == "figure" for c in claims),
                "model_picked": len(claims) - sum(c.is_automatic(bar) for c in candidates),
                "seconds": round(seconds, 2),
                "model_calls": usage.calls if usage else 0,
                "prompt_tokens": usage.prompt_tokens if usage else 0,
                "completion_tokens": usage.completion_tokens if usage else 0,
                "fallbacks": len(report.fallbacks),
            }
        )
        print(
            f"{seconds:7.2f}s {rows[-1]['model_calls']} calls {len(claims):3} claims  {article.title[:60]}",
            flush=True,
        )

    stored = services.claims.claims()
    grounded = sum(
        services.store.article(c.article_id).text[c.start : c.end] == c.quote for c in stored
    )
    llm.reset_usage()
    t0 = time.perf_counter()
    extract_claims(services)
    rerun_s = time.perf_counter() - t0
    rerun = llm.usage().get(OPERATION)
    seconds = [r["seconds"] for r in rows]
    report = {
        "benchmark": "extract",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpus (shared)",
        "load_average": os.getloadavg()[0],
        "provider": settings.llm,
        "model": llm.name,
        "is_tiny": llm.is_tiny,
        "prompt_hashes": {n: prompt_hash(n) for n in PROMPTS},
        "extraction_hash": extraction_hash(llm),
        "model_load_seconds": round(load_s, 2),
        "articles": len(rows),
        "seconds_per_article_mean": round(statistics.mean(seconds), 2),
        "seconds_per_article_median": round(statistics.median(seconds), 2),
        "seconds_per_article_max": round(max(seconds), 2),
        "model_calls_per_article_mean": round(statistics.mean(r["model_calls"] for r in rows), 2),
        "claims_per_article_mean": round(statistics.mean(r["claims"] for r in rows), 2),
        "claims_total": len(stored),
        "claims_picked_by_model": sum(r["model_picked"] for r in rows),
        "fallback_windows": sum(r["fallbacks"] for r in rows),
        "grounded_share": grounded / len(stored) if stored else 1.0,
        "rerun_seconds": round(rerun_s, 3),
        "rerun_model_calls": rerun.calls if rerun else 0,
        "per_article": rows,
    }
    services.store.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "extract.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (args.out / "extract.md").write_text(render_markdown(report))
    print(json.dumps({k: v for k, v in report.items() if k != "per_article"}, indent=2))


def render_markdown(report: dict) -> str:
    lines = [
        f"# extract benchmark ({report['date']})",
        "",
        f"{report['provider']} `{report['model']}` (tiny: {report['is_tiny']}), {report['machine']}, "
        f"load average {report['load_average']:.1f}; model load {report['model_load_seconds']} s; "
        f"extraction hash `{report['extraction_hash']}`.",
        "",
        f"- seconds per article: mean {report['seconds_per_article_mean']}, median "
        f"{report['seconds_per_article_median']}, max {report['seconds_per_article_max']}",
        f"- model calls per article: mean {report['model_calls_per_article_mean']}",
        f"- claims per article: mean {report['claims_per_article_mean']} "
        f"({report['claims_total']} in all, {report['claims_picked_by_model']} added by the model's picks)",
        f"- windows that fell back to the deterministic gate: {report['fallback_windows']}",
        f"- stored quotes that slice back exactly: {report['grounded_share']:.0%}",
        f"- re-run on unchanged articles: {report['rerun_model_calls']} model calls, "
        f"{report['rerun_seconds']} s",
        "",
        "| article | sentences | eligible | automatic | claims | figures | s | calls | tokens in/out |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["per_article"]:
        lines.append(
            f"| {r['title'][:60]} | {r['sentences']} | {r['eligible']} | {r['automatic']} | "
            f"{r['claims']} | {r['figure_claims']} | {r['seconds']} | {r['model_calls']} | "
            f"{r['prompt_tokens']}/{r['completion_tokens']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
