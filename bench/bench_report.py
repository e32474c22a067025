"""Benchmark of the report: CPU seconds to assemble (grouping included) and render each format.

A synthetic archive (no model calls): N articles of 10 claims, 5 evidence passages per claim,
every tenth claim repeated in another article. Shows the grouping is not an all-pairs step.
Usage: .venv/bin/python -m bench.bench_report [--articles 100 500 2000]
Writes bench/results/report.json and bench/results/report.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from vectorstore.models import Article
from verifier.reports import FORMATS
from verifier.reports.assemble import assemble_report
from verifier.reports.model import Provenance
from verifier.schemas import CheckResult, Claim, Evidence, Quantity

ROOT = Path(__file__).resolve().parent.parent

# A newsroom-sized vocabulary of made-up words, so that unrelated sentences rarely share words.
_RNG = random.Random(42)
WORDS = sorted(
    {
        "".join(_RNG.choice("abcdefghijklmnoprstuvwy") for _ in range(_RNG.randint(4, 9)))
        for _ in range(5000)
    }
)
VERDICTS = ["corroborated", "contradicted", "disputed", "unverified"]


def synthetic(n_articles: int, seed: int = 0):
    """Articles, claims and results of a made-up archive (deterministic)."""
    rng = random.Random(seed)
    articles, claims, results = [], [], {}
    sentences: list[tuple[str, int]] = []
    for a in range(n_articles):
        parts, spans = [], []
        for c in range(10):
            if sentences and c == 0:
                text, value = rng.choice(sentences)  # a claim repeated from an earlier article
            else:
                value = rng.randint(10, 90_000)
                text = (
                    " ".join(rng.choice(WORDS) for _ in range(9)).capitalize()
                    + f" {value} soldiers."
                )
                if c == 1:
                    sentences.append((text, value))
            start = sum(len(p) + 1 for p in parts)
            parts.append(text)
            spans.append((text, value, start))
        article = Article(id=f"a{a:05d}", title=f"Article {a}", text=" ".join(parts))
        articles.append(article)
        for text, value, start in spans:
            claims.append(
                Claim(
                    article_id=article.id,
                    text=text,
                    quote=text,
                    start=start,
                    end=start + len(text),
                    quantities=[Quantity(text=str(value), value=value, unit="soldiers")],
                )
            )
    for claim in claims:
        evidence = []
        for _ in range(5):
            other = articles[rng.randrange(n_articles)]
            quote = other.text[:40]
            evidence.append(
                Evidence(
                    article_id=other.id,
                    title=other.title,
                    chunk_id=f"{other.id}-0000",
                    passage=quote,
                    passage_start=0,
                    quote=quote,
                    start=0,
                    end=len(quote),
                    stance=rng.choice(["supports", "contradicts", "unrelated"]),
                )
            )
        results[claim.id] = CheckResult(
            claim=claim.text, claim_id=claim.id, verdict=rng.choice(VERDICTS), evidence=evidence
        )
    return articles, claims, results


def measure(n_articles: int) -> dict:
    articles, claims, results = synthetic(n_articles)
    provenance = Provenance(
        claimcheck_version="bench",
        provider="none",
        model="none",
        corpus_hash="-",
        generated_at="2026-01-01T00:00:00+00:00",
    )
    t0 = time.process_time()
    report = assemble_report(provenance, articles, claims, results, {})
    row = {
        "articles": n_articles,
        "claims": len(claims),
        "evidence": sum(len(r.evidence) for r in results.values()),
        "groups": len(report.groups),
        "assemble_s": round(time.process_time() - t0, 3),
    }
    for fmt, renderer in FORMATS.items():
        t0 = time.process_time()
        text = renderer(report)
        row[f"{fmt}_s"] = round(time.process_time() - t0, 3)
        row[f"{fmt}_mb"] = round(len(text.encode()) / 1e6, 2)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[100, 500, 2000])
    args = parser.parse_args()
    rows = [measure(n) for n in args.articles]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
    }
    (out / "report.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    cols = list(rows[0])
    lines = [
        "# Report build and render times (synthetic archive, no model calls)",
        "",
        f"{meta['when']} on {meta['machine']}, Python {meta['python']}. "
        "10 claims per article, 5 evidence passages per claim; CPU seconds (_s, process time: the "
        "machine is shared, wall time is not meaningful) and output size (_mb).",
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
    lines += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
