"""The verdict rule: from per-passage stances to one label per claim, counted by independent article."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from verifier.schemas import Evidence, VerdictLabel

RULES = """\
Verdict rule (applied to the stances of the passages retrieved from other articles):
- Evidence is grouped by independent article: several passages of one article, or of
  near-duplicate copies of one article, count once. An article supports the claim if any of its
  passages supports it, and contradicts it if any of its passages contradicts it.
- corroborated: at least one article supports the claim and none contradicts it.
- contradicted: at least one article contradicts the claim and none supports it.
- disputed: some articles support the claim and others contradict it.
- unverified: no article elsewhere in the archive says anything relevant about it.
Confidence comes from the stance probabilities, never from a model's self-reported number:
corroborated 1 - prod(1 - p_support) over supporting articles (contradicted likewise),
disputed P(some support) x P(some contradiction), unverified prod(1 - p_relevant) over articles."""


def group_articles(
    evidence: Iterable[Evidence], copies: Mapping[str, str] | None = None
) -> dict[str, list[Evidence]]:
    """Evidence by independent source: `copies` maps a near-duplicate article id to its original."""
    copies = copies or {}
    groups: dict[str, list[Evidence]] = {}
    for item in evidence:
        groups.setdefault(copies.get(item.article_id, item.article_id), []).append(item)
    return groups


def _strongest(items: list[Evidence], stance: str) -> float:
    """An article's probability for a stance: its most confident passage with that stance."""
    return max((e.confidence for e in items if e.stance == stance), default=0.0)


def _any(probabilities: list[float]) -> float:
    """P(at least one is right) for independent probabilities."""
    miss = 1.0
    for p in probabilities:
        miss *= 1.0 - min(max(p, 0.0), 1.0)
    return 1.0 - miss


def decide_verdict(
    evidence: list[Evidence], copies: Mapping[str, str] | None = None
) -> tuple[VerdictLabel, float, str]:
    """The verdict label, its confidence and the rule that chose it, in words."""
    groups = group_articles(evidence, copies)
    supporting = {
        a: _strongest(items, "supports")
        for a, items in groups.items()
        if any(e.stance == "supports" for e in items)
    }
    contradicting = {
        a: _strongest(items, "contradicts")
        for a, items in groups.items()
        if any(e.stance == "contradicts" for e in items)
    }
    n_sup, n_con = len(supporting), len(contradicting)
    if n_sup and n_con:
        conf = _any(list(supporting.values())) * _any(list(contradicting.values()))
        return (
            "disputed",
            round(conf, 4),
            (
                f"disputed: {_articles(n_sup)} {_verb(n_sup, 'support')} the claim and {_articles(n_con)} {_verb(n_con, 'contradict')} it"
            ),
        )
    if n_sup:
        return (
            "corroborated",
            round(_any(list(supporting.values())), 4),
            (
                f"corroborated: {_articles(n_sup)} {_verb(n_sup, 'support')} the claim and none contradicts it"
            ),
        )
    if n_con:
        return (
            "contradicted",
            round(_any(list(contradicting.values())), 4),
            (
                f"contradicted: {_articles(n_con)} {_verb(n_con, 'contradict')} the claim and none supports it"
            ),
        )
    # Every passage is unrelated: P(nothing relevant) = prod over articles of P(unrelated).
    unrelated = [min((e.confidence for e in items), default=1.0) for items in groups.values()]
    conf = 1.0 - _any([1.0 - p for p in unrelated])
    checked = (
        f"{len(groups)} other article{'s' if len(groups) != 1 else ''}"
        if groups
        else "no other article"
    )
    return "unverified", round(conf, 4), f"unverified: nothing relevant found in {checked}"


def _articles(n: int) -> str:
    return f"{n} independent article{'s' if n != 1 else ''}"


def _verb(n: int, verb: str) -> str:
    return verb + ("s" if n == 1 else "")
