"""Tune the alignment judge's support bars (verifier/stance/align.py) on the news dev split only.

Ingests a news set into a temporary data dir (default settings, as on a fresh clone), then runs
`check_claim` on the **dev** half of its claims for each point of a small grid of
(SUPPORT_HIGH, SUPPORT_LOW, SUPPORT_SHARE), with the classifier's and the embedder's outputs
memoised so a grid point costs retrieval and rules only. Prints accuracy, contradiction recall
and false corroborations per point, fewest false corroborations first. Never run it on `test`.

    python -m bench.tune_alignment --set seeds --set second
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import tempfile

from bench.eval_news import SETS, in_split, news_metrics


def memoise(obj, name: str) -> None:
    """Cache a method's results by its (hashable) arguments."""
    original, cache = getattr(obj, name), {}

    def cached(texts, *args, **kwargs):
        key = (
            tuple(map(tuple, texts)) if texts and isinstance(texts[0], tuple) else tuple(texts),
            args,
        )
        if key not in cache:
            cache[key] = original(texts, *args, **kwargs)
        return cache[key]

    setattr(obj, name, cached)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], help="seeds and/or second")
    args = parser.parse_args()
    os.environ["CLAIMCHECK_DATA_DIR"] = tempfile.mkdtemp(prefix="claimcheck-tune-")
    from verifier.checking import check_claim
    from verifier.services import build_services
    from verifier.settings import Settings
    from verifier.stance import align as stance_align

    services = build_services(Settings())
    claims = []
    for name in args.set or ["seeds", "second"]:
        claims_file, paths = SETS[name]
        services.store.ingest(paths)
        claims += [json.loads(line) for line in open(claims_file) if line.strip()]
    claims = [c for c in claims if in_split(c["id"], "dev")]
    memoise(services.classifier, "predict")
    memoise(services.store.embedder, "encode")
    rows = []
    for high, low, share in itertools.product(
        (0.78, 0.82, 0.86), (0.6, 0.66, 0.72), (0.3, 0.4, 0.5)
    ):
        stance_align.SUPPORT_HIGH, stance_align.SUPPORT_LOW = high, low
        stance_align.SUPPORT_SHARE = share
        pairs = [(c["label"], check_claim(services, c["claim"]).verdict) for c in claims]
        m = news_metrics(pairs)
        rows.append((m["false_corroborations"], -m["accuracy"], high, low, share, m))
        print(
            f"high {high} low {low} share {share}: accuracy {m['accuracy']:.3f} "
            f"contradiction recall {m['contradiction_recall']:.3f} "
            f"false corroborations {m['false_corroborations']}",
            flush=True,
        )
    best = min(rows, key=lambda r: r[:2])
    print(
        f"best (fewest false corroborations, then accuracy): high {best[2]} low {best[3]} share {best[4]}"
    )


if __name__ == "__main__":
    main()
