"""Check every stored claim against the rest of the archive: resumable and incremental.

Each result is stored with a key of what it depended on: the judge configuration and the ids of
the passages retrieval returned. A run re-does retrieval for every claim (cheap) and re-judges a
claim only when that key changed; even then, passages judged before for the same claim are reused,
so adding one article costs model calls only for the passages of that article that now rank in
some claim's top k, plus the claims of the new article itself. There is no all-pairs step.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from verifier.checking import build_result, usage_since, usage_snapshot
from verifier.code_hash import code_hash, modules_of
from verifier.prompts import prompt_hash
from verifier.retrieval import find_evidence
from verifier.schemas import CheckResult, Claim, Usage
from verifier.stance.judge import judge_passages

if TYPE_CHECKING:
    from verifier.services import Services

Progress = Callable[[int, int, str], None]


@dataclass
class CrosscheckStats:
    """What a crosscheck run did."""

    claims: int = 0
    judged: int = 0
    reused: int = 0
    passages_judged: int = 0
    verdicts: Counter = field(default_factory=Counter)
    usage: Usage = field(default_factory=Usage)


def judge_fingerprint(services: Services) -> str:
    """A hash of everything besides the passages that changes a stance."""
    settings = services.settings
    classifier = services.classifier
    parts = {
        "settings": settings.results_fingerprint(),
        "judge": settings.stance_judge,
        "prompts": [prompt_hash("stance_system"), prompt_hash("stance")],
        "classifier": getattr(classifier, "name", None),
        "classifier_meta": getattr(classifier, "meta", None),
        "code": code_hash(*JUDGE_ROOTS),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


# Where judging starts; every verifier module they import, directly or not, is judging code.
JUDGE_ROOTS = ("stance.judge", "stance.verdicts")


def judge_modules() -> list[str]:
    """The verifier modules a stance depends on."""
    return modules_of(*JUDGE_ROOTS)


def dependency_key(judge_key: str, claim: Claim, chunk_ids: list[str]) -> str:
    """'<judge>:<claim+passages>': the state a result was computed on."""
    digest = hashlib.sha256(json.dumps([claim.text, sorted(chunk_ids)]).encode()).hexdigest()[:16]
    return f"{judge_key}:{digest}"


def run_crosscheck(
    services: Services, progress: Progress | None = None, force: bool = False
) -> tuple[dict[str, CheckResult], CrosscheckStats]:
    """Check every stored claim (own article and its copies excluded); returns results and stats."""
    store = services.claims
    claims = store.claims()
    keys = store.result_keys()
    judge_key = judge_fingerprint(services)
    stats = CrosscheckStats(claims=len(claims))
    start = usage_snapshot(services)
    results: dict[str, CheckResult] = {}
    for i, claim in enumerate(claims):
        passages = find_evidence(services, claim.text, exclude_article=claim.article_id)
        key = dependency_key(judge_key, claim, [p.chunk.id for p in passages])
        stored = None if force else store.result(claim.id)
        if stored is not None and keys.get(claim.id) == key:
            results[claim.id] = stored
            stats.reused += 1
        else:
            results[claim.id] = _judge(
                services, claim, passages, stored, keys.get(claim.id, ""), judge_key, stats
            )
            # Saved as soon as it is done: a killed run resumes after the last saved claim.
            store.save_result(claim.id, results[claim.id], corpus_key=key)
            stats.judged += 1
        stats.verdicts[results[claim.id].verdict] += 1
        if progress:
            progress(i + 1, len(claims), claim.text[:80])
    stats.usage = usage_since(services, start)
    return results, stats


def _judge(
    services: Services,
    claim: Claim,
    passages,
    stored: CheckResult | None,
    stored_key: str,
    judge_key: str,
    stats: CrosscheckStats,
) -> CheckResult:
    """Judge the passages not judged before for this claim under this judge; reuse the rest."""
    before = usage_snapshot(services)
    known = {}
    if stored is not None and stored.claim == claim.text and stored_key.startswith(judge_key + ":"):
        known = {e.chunk_id: e for e in stored.evidence}
    fresh = [p for p in passages if p.chunk.id not in known]
    judged = {e.chunk_id: e for e in judge_passages(services, claim.text, fresh)} if fresh else {}
    stats.passages_judged += len(fresh)
    evidence = [judged.get(p.chunk.id) or known[p.chunk.id] for p in passages]
    return build_result(
        services,
        claim.text,
        evidence,
        claim_id=claim.id,
        article_id=claim.article_id,
        usage=usage_since(services, before),
    )


def crosscheck_progress(services: Services) -> tuple[int, int]:
    """(stored claims with a cross-check result, stored claims): how far the archive is checked."""
    return services.claims.checked_count()


def crosscheck(
    services: Services, progress: Progress | None = None, force: bool = False
) -> dict[str, CheckResult]:
    """Every stored claim checked against the rest of the archive, by claim id (resumable)."""
    return run_crosscheck(services, progress=progress, force=force)[0]
