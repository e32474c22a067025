"""News dev set: verdicts of `claimcheck check` on labelled claims over a freshly ingested archive.

For a set (`seeds`, `second`, or a claims .jsonl path) the articles are ingested with the default
settings into a new temporary data dir (CLAIMCHECK_DATA_DIR), as on a fresh clone, then every claim
goes through the product's own path (`verifier.checking.check_claim`, as `claimcheck check` does).
Gold labels map to verdicts: supported -> corroborated, contradicted -> contradicted, absent ->
unverified; `disputed` is right for no label (reported separately: for a contradicted claim it means
the contradiction was caught). Reports accuracy, per-class P/R/F1, contradiction recall, false
corroborations, per-kind accuracy, median latency and the share of quotes that slice back verbatim.

    python -m bench.eval_news --set seeds --limit 20
    python -m bench.eval_news --set second --split test        # the held-out half
    python -m bench.eval_news --set my_claims.jsonl --articles my_articles/
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import evalcommon as ec

NEWSDEV = ec.ROOT / "bench" / "newsdev"
SETS = {
    "seeds": (NEWSDEV / "seeds.jsonl", [ec.ROOT / "seeds"]),
    "second": (NEWSDEV / "second.jsonl", [NEWSDEV / "second" / "articles.jsonl"]),
    "outside": (NEWSDEV / "outside.jsonl", [ec.ROOT / "seeds"]),
    "outside2": (NEWSDEV / "outside2.jsonl", [ec.ROOT / "seeds"]),
    "outside3": (NEWSDEV / "outside3.jsonl", [ec.ROOT / "seeds"]),
    "outside4": (NEWSDEV / "outside4.jsonl", [ec.ROOT / "seeds"]),
    "outside5": (NEWSDEV / "outside5.jsonl", [ec.ROOT / "seeds"]),
    "third": (NEWSDEV / "third.jsonl", [NEWSDEV / "third" / "articles.jsonl"]),
    "fourth": (NEWSDEV / "fourth.jsonl", [NEWSDEV / "fourth" / "articles.jsonl"]),
    "fifth": (NEWSDEV / "fifth.jsonl", [NEWSDEV / "fifth" / "articles.jsonl"]),
    "sixth": (NEWSDEV / "sixth.jsonl", [NEWSDEV / "sixth" / "articles.jsonl"]),
    "outside6": (NEWSDEV / "outside6.jsonl", [ec.ROOT / "seeds"]),
}
GOLD = ("supported", "contradicted", "absent")
VERDICT_OF = {"supported": "corroborated", "contradicted": "contradicted", "absent": "unverified"}
CLASSES = tuple(VERDICT_OF.values())
VERDICTS = ("corroborated", "contradicted", "disputed", "unverified", "error")


def in_split(claim_id: str, split: str) -> bool:
    """Deterministic halves by hash of the id: `dev` for tuning, `test` held out; `all` both."""
    if split == "all":
        return True
    half = int(hashlib.sha256(claim_id.encode()).hexdigest(), 16) % 2
    return half == (0 if split == "dev" else 1)


def news_metrics(pairs: list[tuple[str, str]]) -> dict:
    """Metrics of (gold label, predicted verdict) pairs; pure, no product imports.

    `disputed` (and `error`) is right for no gold label; a contradicted claim called disputed
    counts in `contradiction_caught` but not in `contradiction_recall`.
    """
    gold = [VERDICT_OF[g] for g, _ in pairs]
    pred = [p for _, p in pairs]
    n = len(pairs)
    n_contra = sum(g == "contradicted" for g, _ in pairs)
    strict = sum(g == "contradicted" and p == "contradicted" for g, p in pairs)
    disputed = sum(g == "contradicted" and p == "disputed" for g, p in pairs)
    false_corr = Counter(g for g, p in pairs if g != "supported" and p == "corroborated")
    return {
        "claims": n,
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0,
        "per_class": ec.per_class(gold, pred, CLASSES),
        "macro_f1": ec.macro_f1(gold, pred, CLASSES),
        "contradiction_recall": strict / n_contra if n_contra else 0.0,
        "contradiction_caught": (strict + disputed) / n_contra if n_contra else 0.0,
        "contradicted_as_disputed": disputed,
        "false_corroborations": sum(false_corr.values()),
        "false_corroborations_by_gold": {g: false_corr[g] for g in ("contradicted", "absent")},
        "confusion": {
            g: {v: sum(gg == g and p == v for gg, p in pairs) for v in VERDICTS} for g in GOLD
        },
    }


def per_kind(rows: list[dict]) -> dict[str, dict]:
    """Accuracy of each kind of claim, with its gold labels."""
    out: dict[str, dict] = {}
    for kind in sorted({r["kind"] for r in rows}):
        mine = [r for r in rows if r["kind"] == kind]
        right = sum(r["correct"] for r in mine)
        out[kind] = {
            "n": len(mine),
            "correct": right,
            "accuracy": right / len(mine),
            "gold": dict(Counter(r["gold"] for r in mine)),
        }
    return out


def load_set(name: str, articles: list[Path] | None) -> tuple[str, Path, list[Path]]:
    """(results name, claims file, article paths) of a named set or a claims file.

    A claims file's articles default to the folder of the same name beside it (x.jsonl -> x/).
    """
    if name in SETS:
        claims_file, paths = SETS[name]
        return name, claims_file, articles or paths
    claims_file = Path(name)
    if not claims_file.is_file():
        raise SystemExit(f"{name}: not a set ({', '.join(SETS)}) nor a claims file")
    paths = articles or [claims_file.with_suffix("")]
    if not all(p.exists() for p in paths):
        raise SystemExit(f"articles not found: {', '.join(map(str, paths))} (pass --articles)")
    return claims_file.stem, claims_file, paths


def quote_slices(store, evidence, cache: dict) -> list[bool]:
    """For each evidence item: does article.text[start:end] give back its quote exactly?"""
    out = []
    for e in evidence:
        if e.article_id not in cache:
            cache[e.article_id] = store.article(e.article_id).text
        out.append(cache[e.article_id][e.start : e.end] == e.quote)
    return out


def run(claims: list[dict], paths: list[Path]) -> tuple[list[dict], dict]:
    """Ingest `paths` into a fresh data dir and check every claim; per-claim rows and run info."""
    with tempfile.TemporaryDirectory(prefix="claimcheck-news-") as data_dir:
        os.environ["CLAIMCHECK_DATA_DIR"] = data_dir
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        from verifier.checking import check_claim, usage_since, usage_snapshot
        from verifier.services import build_services
        from verifier.settings import Settings

        settings = Settings()
        services = build_services(settings)
        try:
            t0 = time.monotonic()
            summary = services.store.ingest(paths)
            info = {
                "ingest_seconds": round(time.monotonic() - t0, 1),
                "articles": services.store.count(),
                "skipped": [f"{s.source}: {s.reason}" for s in summary.skipped],
                "stance_model": str(settings.resolved_stance_model()),
                "provenance": ec.provenance(settings),
            }
            print(f"ingested {info['articles']} articles in {info['ingest_seconds']} s", flush=True)
            usage0 = usage_snapshot(services)
            texts: dict[str, str] = {}
            rows = []
            for n, c in enumerate(claims, 1):
                t = time.monotonic()
                try:
                    result = check_claim(services, c["claim"])
                except Exception as error:  # a crash is a wrong answer, not the end of the run
                    result, problem = None, f"{type(error).__name__}: {error}"
                seconds = time.monotonic() - t
                row = {
                    "id": c["id"],
                    "kind": c["kind"],
                    "gold": c["label"],
                    "claim": c["claim"],
                    "seconds": round(seconds, 2),
                }
                if result is None:
                    row |= {"pred": "error", "error": problem, "quotes_ok": []}
                else:
                    top = result.evidence[0] if result.evidence else None
                    row |= {
                        "pred": result.verdict,
                        "confidence": round(result.confidence, 3),
                        "rule": result.rule,
                        "top_judge": top.judge if top else "",
                        "top_stance": top.stance if top else "",
                        "top_quote": top.quote if top else "",
                        "stances": [
                            (e.stance, round(e.confidence, 3), e.judge) for e in result.evidence
                        ],
                        "quotes_ok": quote_slices(services.store, result.evidence, texts),
                    }
                row["correct"] = row["pred"] == VERDICT_OF[c["label"]]
                rows.append(row)
                print(
                    f"{n}/{len(claims)} {c['id']} gold {c['label']:<12} -> {row['pred']:<12} "
                    f"{seconds:5.1f} s",
                    flush=True,
                )
            usage = usage_since(services, usage0)
            info["llm_calls"] = usage.calls
            info["llm_seconds"] = usage.seconds
        finally:
            services.close()
            os.environ.pop("CLAIMCHECK_DATA_DIR", None)
    return rows, info


def summarise(rows: list[dict]) -> dict:
    """Every reported number of a run, from its per-claim rows."""
    quotes = [ok for r in rows for ok in r["quotes_ok"]]
    return news_metrics([(r["gold"], r["pred"]) for r in rows]) | {
        "per_kind": per_kind(rows),
        "median_seconds": statistics.median(r["seconds"] for r in rows) if rows else 0.0,
        "quotes": len(quotes),
        "quotes_slicing_back": sum(quotes) / len(quotes) if quotes else 1.0,
        "top_judges": dict(Counter(r.get("top_judge") or "-" for r in rows)),
    }


def _cell(text: str, width: int = 70) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def render(r: dict) -> str:
    m = r["metrics"]
    per = m["per_class"]
    fc = m["false_corroborations_by_gold"]
    lines = [
        f"# News dev set `{r['set']}`, split {r['split']} ({m['claims']} claims, default settings, fresh data dir)",
        "",
        ec.md_table(
            ["metric", "value"],
            [
                ["accuracy", m["accuracy"]],
                ["macro-F1 (3 classes)", m["macro_f1"]],
                ["contradiction recall", m["contradiction_recall"]],
                ["contradictions caught (contradicted or disputed)", m["contradiction_caught"]],
                ["contradicted claims called disputed", m["contradicted_as_disputed"]],
                [
                    "**false corroborations**",
                    f"**{m['false_corroborations']}** ({fc['contradicted']} contradicted, {fc['absent']} absent)",
                ],
                ["median seconds per claim", m["median_seconds"]],
                [
                    "evidence quotes slicing back verbatim",
                    f"{m['quotes_slicing_back']:.3f} of {m['quotes']}",
                ],
                [
                    "judge of the top evidence",
                    ", ".join(f"{k} {v}" for k, v in m["top_judges"].items()),
                ],
            ],
        ),
        "",
        "Per class (gold supported = corroborated, contradicted = contradicted, absent = unverified):",
        "",
        ec.md_table(
            ["verdict", "precision", "recall", "F1", "support"],
            [[c, s["precision"], s["recall"], s["f1"], s["support"]] for c, s in per.items()],
        ),
        "",
        "Confusion (rows gold, columns predicted):",
        "",
        ec.md_table(
            ["gold \\ predicted", *VERDICTS],
            [[g, *(m["confusion"][g][v] for v in VERDICTS)] for g in GOLD],
        ),
        "",
        "Per kind:",
        "",
        ec.md_table(
            ["kind", "gold", "n", "correct", "accuracy"],
            [
                [
                    k,
                    ", ".join(f"{g} {n}" for g, n in s["gold"].items()),
                    s["n"],
                    s["correct"],
                    s["accuracy"],
                ]
                for k, s in m["per_kind"].items()
            ],
        ),
        "",
        "Per claim:",
        "",
        ec.md_table(
            ["id", "kind", "gold", "predicted", "ok", "top judge", "top stance", "s", "claim"],
            [
                [
                    x["id"],
                    x["kind"],
                    x["gold"],
                    x["pred"],
                    "yes" if x["correct"] else "**no**",
                    x.get("top_judge") or "-",
                    x.get("top_stance") or "-",
                    f"{x['seconds']:.1f}",
                    _cell(x["claim"]),
                ]
                for x in r["per_claim"]
            ],
        ),
        "",
        f"articles {r['run']['articles']}, ingest {r['run']['ingest_seconds']} s, stance model "
        f"{r['run']['stance_model']}, LLM calls {r['run']['llm_calls']}; date {r['run']['provenance']['date']}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="seeds", help="seeds, second, or a claims .jsonl")
    parser.add_argument(
        "--articles", type=Path, nargs="+", help="article files or folders (for a claims path)"
    )
    parser.add_argument(
        "--split",
        choices=["all", "dev", "test"],
        default="all",
        help="dev: the tuning half, test: the held-out half (by hash of the id)",
    )
    parser.add_argument("--limit", type=int, help="a random (seeded) subset of N claims")
    parser.add_argument("--name", help="results name (default news_<set>[_<split>])")
    args = parser.parse_args()
    set_name, claims_file, paths = load_set(args.set, args.articles)
    claims = [json.loads(line) for line in claims_file.open() if line.strip()]
    claims = [c for c in claims if in_split(c["id"], args.split)]
    if args.limit and args.limit < len(claims):
        keep = set(random.Random(0).sample(range(len(claims)), args.limit))
        claims = [c for i, c in enumerate(claims) if i in keep]
    rows, info = run(claims, paths)
    result = {
        "set": set_name,
        "claims_file": str(claims_file),
        "split": args.split,
        "limit": args.limit,
        "metrics": summarise(rows),
        "run": info,
        "per_claim": rows,
    }
    name = args.name or f"news_{set_name}" + ("" if args.split == "all" else f"_{args.split}")
    if args.limit and not args.name:
        name += f"_limit{args.limit}"
    path = ec.write_result(name, result, render(result))
    print(render(result).split("\nPer claim:")[0])
    print(f"written {path}")


if __name__ == "__main__":
    main()
