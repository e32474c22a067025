"""Check one claim against the archive: retrieve, judge each passage, decide the verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vectorstore.models import Passage
from verifier.errors import InputError
from verifier.extract.quantities import parse_quantities
from verifier.retrieval import find_evidence
from verifier.schemas import CheckResult, Evidence, Usage
from verifier.stance.judge import judge_passages
from verifier.stance.verdicts import decide_verdict
from verifier.statement import state_claim

if TYPE_CHECKING:
    from verifier.services import Services

MAX_CLAIM_CHARS = 2000
EXAMPLE_CLAIM = "Ukraine killed almost 13,000 Russian soldiers last month."
"""A claim as the app and the CLI suggest writing one."""


def validate_claim_text(text: str) -> str:
    """The claim, stripped; an empty or huge claim is an InputError."""
    text = " ".join(str(text or "").split())
    if not text:
        raise InputError(
            "the claim is empty",
            hint=f"give one sentence that states a fact, e.g. “{EXAMPLE_CLAIM}”",
        )
    if len(text) > MAX_CLAIM_CHARS:
        raise InputError(
            f"the claim is {len(text)} characters long; check one claim (at most {MAX_CLAIM_CHARS}) at a time"
        )
    return text


def source_groups(services: Services, article_ids) -> dict[str, str]:
    """Map each article id to one representative of its near-duplicate group (copies count once)."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    for aid in sorted(set(article_ids)):
        for dup in services.store.near_duplicates(aid):
            ra, rb = find(aid), find(dup)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in parent}


def usage_snapshot(services: Services) -> Usage:
    """Total model usage so far (zero when no model was ever built)."""
    llm = services.loaded_llm()
    return llm.total_usage() if llm is not None else Usage()


def usage_since(services: Services, before: Usage) -> Usage:
    """Model usage spent since `before`."""
    after = usage_snapshot(services)
    return Usage(
        calls=after.calls - before.calls,
        cache_hits=after.cache_hits - before.cache_hits,
        prompt_tokens=after.prompt_tokens - before.prompt_tokens,
        completion_tokens=after.completion_tokens - before.completion_tokens,
        seconds=round(after.seconds - before.seconds, 3),
    )


def build_result(
    services: Services,
    text: str,
    evidence: list[Evidence],
    *,
    claim_id=None,
    article_id=None,
    usage=None,
) -> CheckResult:
    """Assemble a CheckResult from judged evidence (verdict by the documented rule)."""
    copies = source_groups(services, [e.article_id for e in evidence])
    verdict, confidence, rule = decide_verdict(evidence, copies)
    return CheckResult(
        claim=text,
        claim_id=claim_id,
        article_id=article_id,
        quantities=parse_quantities(text),
        verdict=verdict,
        confidence=confidence,
        evidence=evidence,
        supporting_articles=sorted({e.article_id for e in evidence if e.stance == "supports"}),
        contradicting_articles=sorted(
            {e.article_id for e in evidence if e.stance == "contradicts"}
        ),
        rule=rule,
        usage=usage or Usage(),
    )


def check_claim(
    services: Services,
    text: str,
    *,
    k: int | None = None,
    exclude_article: str | None = None,
    claim_id: str | None = None,
    passages: list[Passage] | None = None,
) -> CheckResult:
    """Verify a claim against the archive (minus its own article and copies of it)."""
    text = validate_claim_text(text)
    if k is not None and k < 1:
        raise InputError(f"k must be at least 1, got {k}")
    before = usage_snapshot(services)
    # What is checked is what the claim states, not the reader's 'I read that' in front of it.
    statement = state_claim(text)
    if passages is None:
        passages = find_evidence(services, statement, k=k, exclude_article=exclude_article)
    evidence = judge_passages(services, statement, passages)
    return build_result(
        services,
        text,
        evidence,
        claim_id=claim_id,
        article_id=exclude_article,
        usage=usage_since(services, before),
    )
