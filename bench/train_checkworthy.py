"""Train the shipped check-worthiness scorer on Factcheck-GPT and score it on held-out documents.

    nice .venv/bin/python -m bench.train_checkworthy

Rewrites verifier/weights/checkworthy/{checkworthy.json,metrics.json,MODEL_CARD.md}; the weights
file comes out byte-identical on a rerun (rounded weights, no timestamp).

Data: `../shared/benchdata/factcheck-gpt/factcheck-GPT-benchmark.jsonl` (94 ChatGPT answers).
Rows: every sentence (label: sentence_checkworthiness == "yes") and every gold atomic claim
(label: claim_checkworthiness == "factual") of a document.

Split, fixed and by document: documents are ordered by the SHA-256 of their prompt; those with at
least one negative sentence and those without are each dealt in turn, every fourth to the test
part (`is_test`). Nothing of a test document is trained on or used to choose anything.

Recipe: features = MiniLM-L6 unit embedding (the project's embedder) + the cues of
`verifier.extract.checkworthy.CUES`, standardised; logistic regression, class-balanced. On the training
part only, five document folds give out-of-fold probabilities: C is the grid value with the best
out-of-fold ROC AUC on sentences, and the threshold the one with the best out-of-fold macro-F1 on
sentences (ties: the lowest). The final model is fitted on the whole training part.
"""

from __future__ import annotations

import hashlib
import json
import subprocess

import numpy as np

from bench import evalcommon as ec

WEIGHTS_DIR = ec.ROOT / "verifier" / "weights" / "checkworthy"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5
TEST_FOLD = 3
DIGITS = 7
# Written by hand to touch every cue: the weights file records their cue vectors, and a test
# fails when the rules' patterns change under the trained weights (then retrain).
PROBES = (
    "Russian forces captured the city of Kherson on March 2, the Ukrainian army said.",
    "The council estimates that nearly 4,000 cars cross the bridge every day.",
    "“We will never surrender our land,” the mayor told reporters on Monday.",
    "What happens to the reservists who refuse to go?",
    "I think you should always check the weather before you leave.",
    "It is important to note that prices may rise next year.",
    "Engineers replaced the worn cables on the northern span.",
)


def load_rows() -> list[dict]:
    """One row per sentence and per gold claim: text, label (1 check-worthy), doc, unit, split."""
    path = ec.require_shared("benchdata", "factcheck-gpt") / "factcheck-GPT-benchmark.jsonl"
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    order = sorted(
        range(len(docs)), key=lambda i: hashlib.sha256(docs[i]["prompt"].encode()).hexdigest()
    )
    has_negative = {
        i: any(s["sentence_checkworthiness"] != "yes" for s in docs[i]["sentences"].values())
        for i in order
    }
    fold: dict[int, int] = {}
    for flag in (True, False):
        group = [i for i in order if has_negative[i] == flag]
        fold.update({i: k % 4 for k, i in enumerate(group)})
    rows = []
    for i, doc in enumerate(docs):
        for sentence in doc["sentences"].values():
            base = {"doc": i, "fold": fold[i], "test": fold[i] == TEST_FOLD}
            rows.append(
                base
                | {
                    "text": sentence["text"],
                    "label": int(sentence["sentence_checkworthiness"] == "yes"),
                    "unit": "sentence",
                }
            )
            for claim, kind in zip(
                sentence["claims"], sentence["claim_checkworthiness"], strict=False
            ):
                rows.append(
                    base | {"text": claim, "label": int(kind == "factual"), "unit": "claim"}
                )
    return rows


def fit(x: np.ndarray, y: np.ndarray, c: float):
    """Standardise, then class-balanced logistic regression; returns (weights, bias) on raw features."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    model.fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - (model.coef_[0] * mean / scale).sum())
    return weights, bias


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


def scores(y: np.ndarray, keep: np.ndarray) -> dict:
    """P/R/F1 of both classes (check-worthy kept, not check-worthy dropped) and macro-F1."""
    gold = ["yes" if v else "no" for v in y]
    pred = ["yes" if k else "no" for k in keep]
    out = ec.per_class(gold, pred, labels=("yes", "no"))
    out["macro_f1"] = (out["yes"]["f1"] + out["no"]["f1"]) / 2
    out["kept"] = int(np.sum(keep))
    out["n"] = len(y)
    return out


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The threshold of best macro-F1 (lowest among ties), a midpoint between observed scores."""
    values = np.unique(np.round(p, DIGITS))
    cuts = [0.0] + [float((a + b) / 2) for a, b in zip(values, values[1:], strict=False)]
    best, best_cut = -1.0, 0.0
    for cut in cuts:
        f = scores(y, p >= cut)["macro_f1"]
        if f > best + 1e-12:
            best, best_cut = f, cut
    return round(best_cut, 4)


def out_of_fold(x, y, docs, c) -> np.ndarray:
    """Each training row's probability from a model fitted on the other document folds."""
    distinct = sorted(set(docs), key=lambda d: hashlib.sha256(str(d).encode()).hexdigest())
    fold_of = {d: k % FOLDS for k, d in enumerate(distinct)}
    folds = np.array([fold_of[d] for d in docs])
    p = np.zeros(len(y))
    for k in range(FOLDS):
        held = folds == k
        w, b = fit(x[~held], y[~held], c)
        p[held] = predict(x[held], w, b)
    return p


def choose(x, y, docs, sentence) -> tuple[float, float, np.ndarray, dict]:
    """C (best out-of-fold sentence AUC) and threshold (best out-of-fold sentence macro-F1)."""
    tuning = {}
    for c in C_GRID:
        p = out_of_fold(x, y, docs, c)
        tuning[c] = (auc(y[sentence], p[sentence]), p)
    c_best = max(C_GRID, key=lambda c: (tuning[c][0], -c))
    oof = tuning[c_best][1]
    return (
        c_best,
        best_threshold(y[sentence], oof[sentence]),
        oof,
        {c: v[0] for c, v in tuning.items()},
    )


def auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def nested(x, y, rows, sentence, texts) -> dict:
    """All 94 documents in 4 document folds (the test part is one): each fold scored by a model
    whose C and threshold were chosen, and which was fitted, on the other three only."""
    folds = np.array([r["fold"] for r in rows])
    docs = [r["doc"] for r in rows]
    keep = np.zeros(len(y), dtype=bool)
    chosen = []
    for k in range(4):
        inner = folds != k
        inner_docs = [d for d, m in zip(docs, inner, strict=True) if m]
        c, cut, _, _ = choose(x[inner], y[inner], inner_docs, sentence[inner])
        w, b = fit(x[inner], y[inner], c)
        keep[~inner] = predict(x[~inner], w, b) >= cut
        chosen.append({"fold": k, "C": c, "threshold": cut})
    s_texts = [texts[i] for i in np.flatnonzero(sentence)]
    return {
        "chosen": chosen,
        "sentence": {
            "model": scores(y[sentence], keep[sentence]),
            "rules_then_scorer": scores(y[sentence], keep[sentence] & rules_keep(s_texts, 0)),
            "rules_eligible": scores(y[sentence], rules_keep(s_texts, 0)),
            "rules_tiny_auto": scores(y[sentence], rules_keep(s_texts, 1)),
        },
        "claim": {"model": scores(y[~sentence], keep[~sentence])},
    }


def rules_keep(texts: list[str], bar: int) -> np.ndarray:
    """The current rules alone: eligible (bar 0), or eligible and scoring the tiny model's bar."""
    from verifier.extract.checkworthy import assess_sentence

    found = [assess_sentence(0, 0, len(t), t) for t in texts]
    return np.array([c.eligible and c.score >= bar for c in found])


def git_commit() -> str:
    """The last commit of the code behind the weights (a rerun leaves the card as it is)."""
    code = ["bench/train_checkworthy.py", "verifier/extract/checkworthy.py"]
    out = subprocess.run(
        ["git", "-C", str(ec.ROOT), "log", "-1", "--format=%H", "--", *code],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "unknown"


def main() -> None:
    from vectorstore.embeddings import MiniLMEmbedder
    from verifier.extract.checkworthy import CUES, cue_vector, feature_matrix

    rows = load_rows()
    embedder = MiniLMEmbedder()
    texts = [r["text"] for r in rows]
    x = feature_matrix(texts, embedder.encode(texts))
    y = np.array([r["label"] for r in rows])
    train = np.array([not r["test"] for r in rows])
    sentence = np.array([r["unit"] == "sentence" for r in rows])
    docs = [r["doc"] for r in rows]

    train_docs = [d for d, t in zip(docs, train, strict=True) if t]
    c_best, threshold, oof, aucs = choose(x[train], y[train], train_docs, sentence[train])

    weights, bias = fit(x[train], y[train], c_best)
    weights = np.round(weights, DIGITS)
    bias = round(bias, DIGITS)
    p_all = predict(x, weights, bias)

    metrics = {"split": {}, "tuning": {}, "heldout": {}, "training_oof": {}}
    for unit in ("sentence", "claim"):
        for part, mask in (("train", train), ("test", ~train)):
            m = mask & (sentence if unit == "sentence" else ~sentence)
            metrics["split"][f"{part}_{unit}s"] = {
                "n": int(m.sum()),
                "negatives": int((y[m] == 0).sum()),
            }
    metrics["split"]["train_docs"] = len(set(train_docs))
    metrics["split"]["test_docs"] = len({d for d, t in zip(docs, train, strict=True) if not t})
    metrics["tuning"] = {
        "oof_sentence_auc": {str(c): round(aucs[c], 4) for c in C_GRID},
        "C": c_best,
        "threshold": threshold,
    }
    s_train = sentence[train]
    metrics["training_oof"] = scores(y[train][s_train], oof[s_train] >= threshold)
    for unit, m in (("sentence", ~train & sentence), ("claim", ~train & ~sentence)):
        metrics["heldout"][unit] = {
            "model": scores(y[m], p_all[m] >= threshold),
            "auc": round(auc(y[m], p_all[m]), 4),
            "rules_then_scorer": scores(
                y[m], rules_keep([texts[i] for i in np.flatnonzero(m)], 0) & (p_all[m] >= threshold)
            ),
            "rules_eligible": scores(y[m], rules_keep([texts[i] for i in np.flatnonzero(m)], 0)),
            "rules_tiny_auto": scores(y[m], rules_keep([texts[i] for i in np.flatnonzero(m)], 1)),
        }

    metrics["nested_cv"] = nested(x, y, rows, sentence, texts)

    WEIGHTS_DIR.mkdir(parents=True, exist_ok=True)
    payload = {
        "embedder": embedder.name(),
        "cues": list(CUES),
        "threshold": threshold,
        "bias": bias,
        "weights": [float(w) for w in weights],
        "probes": [{"text": t, "cues": [round(v, 6) for v in cue_vector(t)]} for t in PROBES],
    }
    path = WEIGHTS_DIR / "checkworthy.json"
    path.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    metrics["weights_sha256"] = sha
    metrics["trained_at_commit"] = git_commit()
    (WEIGHTS_DIR / "metrics.json").write_text(
        json.dumps(metrics, indent=2) + "\n", encoding="utf-8"
    )
    write_card(metrics, sha)
    print(json.dumps(metrics["heldout"], indent=1))
    print(f"threshold {threshold}  C {c_best}  sha256 {sha}")


def _row(name: str, s: dict) -> str:
    return (
        f"| {name} | {s['yes']['precision']:.3f} | {s['yes']['recall']:.3f} | {s['yes']['f1']:.3f} "
        f"| {s['no']['precision']:.3f} | {s['no']['recall']:.3f} | {s['no']['f1']:.3f} "
        f"| {s['macro_f1']:.3f} | {s['kept']}/{s['n']} |"
    )


def write_card(metrics: dict, sha: str) -> None:
    split, tuning, held = metrics["split"], metrics["tuning"], metrics["heldout"]
    header = (
        "| | P yes | R yes | F1 yes | P not | R not | F1 not | macro-F1 | kept |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    tables = []
    for unit in ("sentence", "claim"):
        h = held[unit]
        tables.append(
            f"Held-out {unit}s ({split[f'test_{unit}s']['n']}, of which "
            f"{split[f'test_{unit}s']['negatives']} not check-worthy); ROC AUC {h['auc']:.3f}:\n\n"
            + "\n".join(
                [
                    header,
                    _row("scorer alone (threshold " + str(tuning["threshold"]) + ")", h["model"]),
                    _row("rules, then the scorer (what extraction does)", h["rules_then_scorer"]),
                    _row("rules alone: eligible", h["rules_eligible"]),
                    _row(
                        "rules alone: eligible and score >= 1 (tiny model's automatic bar)",
                        h["rules_tiny_auto"],
                    ),
                ]
            )
        )
    cv = metrics["nested_cv"]
    tables.append(
        f"Every document, cross-validated (4 document folds, the held-out part one of them; C and "
        f"threshold re-chosen inside each fold's training documents: "
        f"{', '.join(str(c['threshold']) for c in cv['chosen'])}): "
        f"{cv['sentence']['model']['n']} sentences:\n\n"
        + "\n".join(
            [
                header,
                _row("scorer", cv["sentence"]["model"]),
                _row("rules, then the scorer", cv["sentence"]["rules_then_scorer"]),
                _row("rules alone: eligible", cv["sentence"]["rules_eligible"]),
                _row("rules alone: eligible and score >= 1", cv["sentence"]["rules_tiny_auto"]),
            ]
        )
    )
    oof = metrics["training_oof"]
    card = f"""# claimcheck check-worthiness scorer

Scores a candidate sentence: P(a fact-checker would check it). Extraction drops eligible sentences
scoring under the threshold, after the rules of `verifier/extract/checkworthy.py` and before the model
(`CheckworthyScorer.gate`). The threshold is `CLAIMCHECK_CHECKWORTHY_THRESHOLD` when set, else
the one in the weights file: **{tuning["threshold"]}** (0 turns the scorer off). The weights read
MiniLM vectors: with another embedder (the `hash` fake) the scorer is off.

## File
`checkworthy.json`: plain JSON (no pickle): `weights` (384 embedding dimensions, then the cues
{", ".join(f"`{c}`" for c in json.loads((WEIGHTS_DIR / "checkworthy.json").read_text())["cues"])}),
`bias`, `threshold`, `embedder`. P = sigmoid(features . weights + bias); the standardisation
is folded into the weights. SHA-256 `{sha}`.

## Data and split
Factcheck-GPT (`../shared/benchdata/factcheck-gpt/factcheck-GPT-benchmark.jsonl`, Apache-2.0;
94 ChatGPT answers to knowledge questions, not news). Rows: each sentence, labelled check-worthy
when `sentence_checkworthiness == "yes"` (other / opinion / not_a_claim are not), and each gold
atomic claim, check-worthy when `claim_checkworthiness == "factual"`. No other data.

Split by document, fixed: documents ordered by the SHA-256 of their prompt, those with a negative
sentence and those without dealt separately, every fourth to the test part.
Training: {split["train_docs"]} documents, {split["train_sentences"]["n"]} sentences
({split["train_sentences"]["negatives"]} negative), {split["train_claims"]["n"]} claims
({split["train_claims"]["negatives"]} negative). Held out: {split["test_docs"]} documents,
{split["test_sentences"]["n"]} sentences ({split["test_sentences"]["negatives"]} negative),
{split["test_claims"]["n"]} claims ({split["test_claims"]["negatives"]} negative).

## Recipe
One command, from the repository with `../shared` beside it:

```bash
nice .venv/bin/python -m bench.train_checkworthy
```

Features: the MiniLM-L6 unit embedding (`all-MiniLM-L6-v2`, the project's embedder) and
{len(json.loads((WEIGHTS_DIR / "checkworthy.json").read_text())["cues"])} cheap cues; standardised;
scikit-learn `LogisticRegression(class_weight="balanced")`. Chosen on the training part only,
with five document folds: C = {tuning["C"]} (best out-of-fold sentence ROC AUC among
{", ".join(tuning["oof_sentence_auc"])}: {", ".join(str(v) for v in tuning["oof_sentence_auc"].values())}), and
the threshold {tuning["threshold"]} (best out-of-fold macro-F1 on training sentences:
{oof["macro_f1"]:.3f}; check-worthy P {oof["yes"]["precision"]:.3f} R {oof["yes"]["recall"]:.3f},
not check-worthy P {oof["no"]["precision"]:.3f} R {oof["no"]["recall"]:.3f}). Then fitted on the
whole training part; weights rounded to {DIGITS} decimals, so a rerun writes the same bytes.
Trained from the code of commit `{metrics["trained_at_commit"]}` (the last to change it).

## Scores (held-out documents only)
"yes" = check-worthy (kept), "not" = not check-worthy (dropped). The baselines are the rules of
`assess_sentence` on the same sentences.

{tables[0]}

{tables[1]}

{tables[2]}

## Caveats
- Very few negatives: the held-out figures for "not check-worthy" rest on a handful of sentences;
  read them as a rough indication, not a measurement to two decimals.
- The domain is ChatGPT answers (advice, hedges, "as an AI language model"), not news: the seed
  articles measure the effect on news (`bench/results/checkworthy.md`).
"""
    (WEIGHTS_DIR / "MODEL_CARD.md").write_text(card, encoding="utf-8")


if __name__ == "__main__":
    main()
