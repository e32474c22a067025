"""Relevance by meaning: embedding cosine of a claim and candidate quotes, with figures masked or not."""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from verifier.overlap import extract_terms

# Figures and number words: masked, two sentences about one count read alike whatever the count.
_FIGURE = re.compile(
    r"\d[\d,.]*\d(?:\s?(?:k|m|bn|thousand|million|billion))?|\d"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|half|third|quarter|dozen)s?\b",
    re.I,
)


@dataclass(frozen=True)
class Bars:
    """Cosines for one embedder: a quote about the claim; a sentence counting the same thing."""

    relevant: float
    same_subject: float


# Measured on the seed archive (bench/newsdev, dev split, and the cases): MiniLM gives
# paraphrases such as 'mobilised' / 'call-up' 0.45-0.6 and on-topic strangers 0.2-0.4. The hash
# fake only sees shared words and trigrams, so its bars sit where shared words would.
BARS = {
    "claimcheck-minilm": Bars(relevant=0.55, same_subject=0.45),
    "claimcheck-hash": Bars(relevant=0.6, same_subject=0.25),
}
DEFAULT_BARS = Bars(relevant=0.6, same_subject=0.55)


def bars_for(embedder) -> Bars:
    """The cosine bars of this embedder (conservative defaults for one not measured)."""
    name = embedder.name() if embedder is not None else ""
    return BARS.get(name, DEFAULT_BARS)


def mask_figures(text: str) -> str:
    """The text with its figures replaced by one word ('Russia mobilised some reservists')."""
    return _FIGURE.sub("some", text)


# The archive's sentences come back in check after check: their unit vectors are kept (about
# 1.5 KB each), so a second check over the same passages embeds only what is new.
_UNITS: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()  # (embedder, text)
UNITS_KEPT = 20_000


def unit_vectors(embedder, texts: list[str]) -> dict[str, np.ndarray]:
    """Each distinct text's unit embedding, new ones from one batch (a judge needs several cosines of each)."""
    from vectorstore.embeddings import embed_texts

    if embedder is None or not texts:
        return {}
    # The instance too: two fakes of one name may embed differently.
    name = f"{embedder.name()}@{id(embedder)}"
    distinct = list(dict.fromkeys(texts))
    missing = [t for t in distinct if (name, t) not in _UNITS]
    if missing:
        matrix = embed_texts(embedder, missing)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        for text, unit in zip(missing, matrix / norms[:, None], strict=True):
            _UNITS[(name, text)] = unit
    out = {}
    for text in distinct:
        _UNITS.move_to_end((name, text))
        out[text] = _UNITS[(name, text)]
    while len(_UNITS) > UNITS_KEPT:
        _UNITS.popitem(last=False)
    return out


def document_frequencies(store) -> tuple[dict[str, int], int]:
    """How many articles of the archive use each term, and how many articles there are (cached)."""
    catalog = getattr(store, "catalog", None)
    if catalog is None:
        return {}, 0
    key = (id(store), catalog.version())
    if key not in _DF:
        df: dict[str, int] = {}
        texts = catalog.texts()
        for _, text in texts:
            for term in extract_terms(text).weights:
                df[term] = df.get(term, 0) + 1
        _DF.clear()  # one archive per process in practice; keep memory flat
        _DF[key] = (df, len(texts))
    return _DF[key]


_DF: dict[tuple, tuple[dict[str, int], int]] = {}


def specific_share(claim: str, covered_by, df: dict[str, int], n: int) -> float:
    """Share of the claim's specific content (terms weighted by rarity in the archive) in the quote.

    On a one-topic archive 'Russian', 'Ukraine', 'forces' are in every article and weigh nothing;
    a figure, a place or a rare verb carries the claim. `covered_by(term)` says if the quote has it.
    """
    terms = extract_terms(claim).weights
    if not terms:
        return 0.0
    total = covered = 0.0
    for term, weight in terms.items():
        rarity = math.log((n + 1) / (df.get(term, 0) + 0.5)) if n else 1.0
        w = weight * max(rarity, 0.0)
        total += w
        if covered_by(term):
            covered += w
    return covered / total if total else 1.0
