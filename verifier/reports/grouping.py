"""Group the same claim made in several articles: figures plus word overlap, deterministic."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence

from vectorstore.terms import COMMON_WORDS, grouping_stem
from verifier.reports.model import Appearance, ArticleRef, ClaimEntry, ClaimGroup
from verifier.schemas import Quantity

# Token overlap needed to call two claims the same: lower when their figures agree.
SAME_WORDS = 0.5
SAME_WORDS_WITH_FIGURE = 0.25
SAME_WORDS_WITH_FIGURE_AND_UNIT = 0.1
# MiniLM puts paraphrases of one claim at 0.8-0.85 and unrelated war claims below 0.75.
SAME_EMBEDDING = 0.8
# Tokens shared by more claims than this say nothing about sameness (and would make pairs O(n^2)).
MAX_POSTING = 200

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|denied|denies|deny|false)\b|n't\b", re.IGNORECASE
)


def _content_words(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("\u2019", "'").replace("'s", ""))
    return [
        grouping_stem(w)
        for w in words
        if w not in COMMON_WORDS and not w[0].isdigit() and len(w) > 1
    ]


def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased, crudely stemmed content words of a claim (numbers left to quantities)."""
    return frozenset(_content_words(text))


def negated(text: str) -> bool:
    """Whether a claim is stated in the negative ('did not flee'): never the same as the positive."""
    return bool(_NEGATION.search(text.replace("\u2019", "'")))


# Figures this close (relative) can be one figure written two ways.
FIGURE_TOLERANCE = 0.05


def _close(a: float, b: float, tolerance: float = FIGURE_TOLERANCE) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def _precision(value: float) -> float:
    """The rounding a figure was written with: 12,700 -> 100, 12,730 -> 10, 7.62 -> 0.01."""
    if value != int(value):
        decimals = len(repr(value).split(".")[1].rstrip("0"))
        return 10.0**-decimals
    n, step = abs(int(value)), 1.0
    while n and n % 10 == 0:
        n, step = n // 10, step * 10
    return step


def figures_agree(x: Quantity, y: Quantity) -> bool:
    """One figure written two ways: '13,000' ~ '12,730', 'about 400' ~ '412'; never 82,604 ~ 82,885."""
    if x.per != y.per:
        dx, dy = x.per_day(), y.per_day()
        # '12,000 a month' ~ '400 a day': converted rates are approximate anyway.
        return dx is not None and dy is not None and _close(dx, dy)
    if not _close(x.value, y.value):
        return False
    if x.qualifier != "exact" or y.qualifier != "exact":
        return True
    coarser = max(_precision(x.value), _precision(y.value))
    return round(x.value / coarser) == round(y.value / coarser)


def _unit(q: Quantity) -> str:
    words = q.unit.lower().split()
    return grouping_stem(words[-1]) if words else ""


def quantities_relation(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> str:
    """'same-unit' or 'match' when a figure agrees, 'clash' when both state figures and none do, else 'none'."""
    if not qa or not qb:
        return "none"
    found = "clash"
    for x in qa:
        for y in qb:
            if figures_agree(x, y):
                if _unit(x) and _unit(x) == _unit(y):
                    return "same-unit"
                found = "match"
    return found


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def same_claim(a: ClaimEntry, b: ClaimEntry, ta: frozenset, tb: frozenset) -> bool:
    """Whether two claims say the same thing (different figures never do)."""
    overlap = _jaccard(ta, tb)
    if overlap < SAME_WORDS_WITH_FIGURE_AND_UNIT:  # cheap test first: most candidates stop here
        return False
    relation = quantities_relation(a.quantities, b.quantities)
    if relation == "clash" or negated(a.text) != negated(b.text):
        return False
    # The same figure of the same thing ('400 soldiers a day' ~ '400 personnel a day') needs
    # only a little common wording; a figure alone never makes two claims one.
    threshold = {
        "same-unit": SAME_WORDS_WITH_FIGURE_AND_UNIT,
        "match": SAME_WORDS_WITH_FIGURE,
    }.get(relation, SAME_WORDS)
    return overlap >= threshold


def _block_keys(entry: ClaimEntry, tokens: frozenset[str]) -> set[str]:
    """Keys two claims must share to be compared: a word, a word pair, or a word and a figure.

    Claims with agreeing figures still need a word in common, so 'word + figure bucket' finds
    them even when the word alone ('soldiers') is too common to be a key.
    """
    words = _content_words(entry.text)
    keys = set(tokens) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    for q in entry.quantities:
        # Log-scale buckets as wide as the tolerance: agreeing figures share a bucket or a
        # neighbour, so each figure is filed under its bucket and the next one.
        for name, value in (("v", q.value), ("d", q.per_day())):
            if value and value > 0:
                bucket = math.floor(math.log(value) / math.log1p(FIGURE_TOLERANCE))
                for b in (bucket, bucket + 1):
                    keys.update(f"#{name}{b}:{t}" for t in tokens)
    return keys


def _candidate_pairs(
    entries: Sequence[ClaimEntry], tokens: list[frozenset]
) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for key in _block_keys(entry, tokens[i]):
            postings.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) <= MAX_POSTING:
            pairs.update((i, j) for n, i in enumerate(ids) for j in ids[n + 1 :])
    return pairs


def _embedding_pairs(texts: list[str], embed) -> set[tuple[int, int]]:
    import numpy as np

    vectors = np.asarray(embed(texts), dtype=float)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(texts), 512):  # row blocks keep memory bounded
        sims = vectors[start : start + 512] @ vectors.T
        for r, c in zip(*np.nonzero(sims >= SAME_EMBEDDING), strict=True):
            i = start + int(r)
            if i < int(c):
                pairs.add((i, int(c)))
    return pairs


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def group_claims(
    entries: Sequence[ClaimEntry],
    articles: dict[str, ArticleRef],
    *,
    embed: Callable[[list[str]], list[list[float]]] | None = None,
) -> list[ClaimGroup]:
    """Groups of claims (two articles or more) that say the same thing, first appearance first."""
    tokens = [content_tokens(e.text) for e in entries]
    parent = list(range(len(entries)))
    pairs = _candidate_pairs(entries, tokens)
    linked = {
        p for p in pairs if same_claim(entries[p[0]], entries[p[1]], tokens[p[0]], tokens[p[1]])
    }
    if embed is not None and entries:
        for i, j in _embedding_pairs([e.text for e in entries], embed):
            a, b = entries[i], entries[j]
            if quantities_relation(a.quantities, b.quantities) != "clash" and negated(
                a.text
            ) == negated(b.text):
                linked.add((i, j))
    for i, j in sorted(linked):
        if entries[i].article_id != entries[j].article_id:
            parent[_find(parent, i)] = _find(parent, j)
    members: dict[int, list[int]] = {}
    for i in range(len(entries)):
        members.setdefault(_find(parent, i), []).append(i)
    groups = []
    for ids in members.values():
        if len({entries[i].article_id for i in ids}) < 2:
            continue
        appearances = sorted(
            (_appearance(entries[i], articles[entries[i].article_id], entries, ids) for i in ids),
            key=lambda a: _first_key(a, articles),
        )
        claim_ids = [a.claim_id for a in appearances]
        digest = hashlib.sha256("|".join(sorted(claim_ids)).encode()).hexdigest()[:10]
        first = appearances[0]
        text = next(e.text for e in entries if e.id == first.claim_id)
        groups.append(
            ClaimGroup(
                id=f"g-{digest}",
                text=text,
                claim_ids=claim_ids,
                appearances=appearances,
                first_appearance=first,
            )
        )
    return sorted(groups, key=lambda g: _first_key(g.first_appearance, articles))


def _appearance(
    entry: ClaimEntry, article: ArticleRef, entries: Sequence[ClaimEntry], group: list[int]
) -> Appearance:
    corroborates = [
        other.id
        for other in (entries[i] for i in group)
        if other.article_id != entry.article_id and _supported_by(other, entry)
    ]
    verdict = entry.verdict
    if corroborates and entry.review is None and verdict in (None, "unverified"):
        # Its passage supports another article's statement of the same claim, so that article
        # states it too: two articles say it, which is what corroborated means. A verdict a
        # reviewer gave, or one with contrary evidence, stands.
        verdict = "corroborated"
    return Appearance(
        claim_id=entry.id,
        article_id=entry.article_id,
        article_title=article.title,
        url=article.url,
        published=article.published,
        quote=entry.quote,
        start=entry.start,
        end=entry.end,
        verdict=verdict,
        corroborates=corroborates,
    )


def _supported_by(claim: ClaimEntry, passage_of: ClaimEntry) -> bool:
    """Whether a passage judged to support `claim` overlaps the span of `passage_of`."""
    return any(
        e.stance == "supports"
        and e.article_id == passage_of.article_id
        and e.start < passage_of.end
        and passage_of.start < e.end
        for e in claim.evidence
    )


def _first_key(a: Appearance, articles: dict[str, ArticleRef]) -> tuple:
    # Earliest publication date first; undated articles after dated ones, in ingest order when
    # the store records it, else in its listing order.
    ref = articles[a.article_id]
    return (
        a.published is None,
        a.published or "",
        ref.ingested_at is None,
        ref.ingested_at or "",
        ref.order,
        a.start,
        a.claim_id,
    )
