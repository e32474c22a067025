"""Benchmark of `check`: seconds per pasted claim (k=5), model calls per claim, and the hand-checks.

Usage: .venv/bin/python -m bench.bench_check [--llm embedded] [--embedder minilm] [--k 5]
Writes bench/results/check.json and bench/results/check.md.
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

from verifier.checking import check_claim  # noqa: E402
from verifier.crosscheck import run_crosscheck  # noqa: E402
from verifier.prompts import prompt_hash  # noqa: E402
from verifier.schemas import Claim  # noqa: E402
from verifier.services import build_services  # noqa: E402
from verifier.settings import Settings  # noqa: E402

KHERSON = "Commanders of Russian elite units moved their families out of the Kherson region"
EIFFEL = "The Eiffel Tower was sold to a Brazilian bank in 2019"
# Pasted claims timed; the first two are the hand-checks of issue 4.
CLAIMS = [
    KHERSON,
    EIFFEL,
    "Ukraine killed 12,730 Russian soldiers last month",
    "The Kremlin called up 300,000 reservists",
    "Russian forces lost 400 soldiers a day killed and wounded",
    "UK intelligence said the militia in Donetsk lost 55 percent of its original force",
    "At least 10 Russian generals wrote an appeal to Putin",
    "Russian troops retreated from Kyiv in early April",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--llm", default="embedded")
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="bench-check-"))
    # No response cache: every check pays for its model calls, as a first check would.
    settings = Settings(
        data_dir=data_dir, llm=args.llm, embedder=args.embedder, cache=False, _env_file=None
    )
    services = build_services(settings)
    started = time.perf_counter()
    services.store.ingest([ROOT / "seeds"])
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    _ = services.llm.name  # loading the model is timed apart from the checks
    if args.llm == "embedded":
        services.llm.check()
    load_s = time.perf_counter() - started

    rows = []
    for claim in CLAIMS:
        t0 = time.perf_counter()
        result = check_claim(services, claim, k=args.k)
        rows.append(
            {
                "claim": claim,
                "verdict": result.verdict,
                "confidence": result.confidence,
                "seconds": round(time.perf_counter() - t0, 3),
                "model_calls": result.usage.calls,
                "judges": sorted({e.judge for e in result.evidence}),
                "supporting": result.supporting_articles,
                "quotes_verbatim": all(
                    services.store.article(e.article_id).text[e.start : e.end] == e.quote
                    for e in result.evidence
                ),
            }
        )
        print(
            f"{rows[-1]['seconds']:6.2f}s {rows[-1]['model_calls']} calls {result.verdict:13} {claim}",
            flush=True,
        )

    kherson_source = next(
        a.id for a in services.store.articles() if "83rd and 11th Guards" in a.text
    )
    mobilisation_hit = _mobilisation_check(services)
    hand = {
        "kherson_corroborated_with_quote": rows[0]["verdict"] == "corroborated"
        and kherson_source in rows[0]["supporting"],
        "eiffel_unverified": rows[1]["verdict"] == "unverified",
        "mobilisation_300000_finds_other_article": mobilisation_hit,
    }
    seconds = [r["seconds"] for r in rows]
    calls = [r["model_calls"] for r in rows]
    report = {
        "benchmark": "check",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpus (shared)",
        "load_average_1m_at_end": round(os.getloadavg()[0], 1),
        "provider": settings.llm,
        "model": services.llm.name,
        "embedder": settings.embedder,
        "stance_judge": settings.stance_judge,
        "k": args.k,
        "prompt_hashes": {n: prompt_hash(n) for n in ("stance", "stance_system")},
        "ingest_seconds": round(ingest_s, 2),
        "model_load_seconds": round(load_s, 2),
        "seconds_per_claim_mean": round(statistics.mean(seconds), 3),
        "seconds_per_claim_median": round(statistics.median(seconds), 3),
        "seconds_per_claim_max": round(max(seconds), 3),
        "model_calls_per_claim_mean": round(statistics.mean(calls), 2),
        "quotes_verbatim_share": sum(r["quotes_verbatim"] for r in rows) / len(rows),
        "hand_checks": hand,
        "claims": rows,
    }
    services.store.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "check.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (args.out / "check.md").write_text(render_markdown(report))
    print(json.dumps({k: v for k, v in report.items() if k != "claims"}, indent=2))


def _mobilisation_check(services) -> bool:
    """Crosscheck a stored 300,000 claim of one seed article: does it find the other article?"""
    source = next(a for a in services.store.articles() if "call-up initially 300,000" in a.text)
    start = source.text.index("The Kremlin has said")
    end = source.text.index(".", start) + 1
    claim = Claim.model_validate(
        {
            "article_id": source.id,
            "text": "The Kremlin said it is looking to call up initially 300,000 reservists",
            "quote": source.text[start:end],
            "start": start,
            "end": end,
        },
        context={"article_text": source.text},
    )
    services.claims.save_claims(source.id, [claim], model="bench", prompt_hash="bench")
    results, _ = run_crosscheck(services)
    other = next(a.id for a in services.store.articles() if "mobilising 300,000 people" in a.text)
    return other in results[claim.id].supporting_articles


def render_markdown(report: dict) -> str:
    lines = [
        f"# check benchmark ({report['date']})",
        "",
        f"{report['provider']} `{report['model']}`, embedder {report['embedder']}, judge {report['stance_judge']}, "
        f"k={report['k']}, {report['machine']}, load average {report['load_average_1m_at_end']}; model load {report['model_load_seconds']} s, ingest {report['ingest_seconds']} s.",
        "",
        f"- seconds per pasted-claim check: mean {report['seconds_per_claim_mean']}, median "
        f"{report['seconds_per_claim_median']}, max {report['seconds_per_claim_max']}",
        f"- model calls per claim: mean {report['model_calls_per_claim_mean']}",
        f"- quotes that slice back exactly: {report['quotes_verbatim_share']:.0%}",
        "- hand-checks: "
        + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in report["hand_checks"].items()),
        "",
        "| claim | verdict | conf. | s | calls | judges |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["claims"]:
        lines.append(
            f"| {r['claim']} | {r['verdict']} | {r['confidence']:.2f} | {r['seconds']} | {r['model_calls']} | {', '.join(r['judges'])} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
