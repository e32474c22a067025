"""Assemble a Report: from plain records (pure, deterministic order), or read through services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vectorstore.models import Article
from verifier.reports.grouping import group_claims
from verifier.reports.model import (
    ArticleRef,
    ArticleSection,
    Provenance,
    Report,
    find_conflicts,
    find_links,
    summarise,
    to_claim_entry,
)
from verifier.reviews import now_iso
from verifier.schemas import CheckResult, Claim, Review

if TYPE_CHECKING:
    from verifier.services import Services


def assemble_report(
    provenance: Provenance,
    articles: Sequence[Article],
    claims: Sequence[Claim],
    results: dict[str, CheckResult],
    reviews: dict[str, Review],
    *,
    embed: Callable[[list[str]], list[list[float]]] | None = None,
) -> Report:
    """Join articles, claims, check results and reviews into a Report.

    Articles keep the order given (the store's listing); claims follow their offsets.
    """
    refs = [
        ArticleRef(
            id=a.id,
            title=a.title,
            url=a.url,
            published=a.published,
            outlet=a.outlet,
            source=a.source,
            # Article has no ingest time yet; use it as soon as the store provides one.
            ingested_at=getattr(a, "ingested_at", None),
            order=i,
        )
        for i, a in enumerate(articles)
    ]
    by_article: dict[str, list[Claim]] = {r.id: [] for r in refs}
    for claim in claims:
        # Claims of removed articles are left out rather than shown without a title.
        if claim.article_id in by_article:
            by_article[claim.article_id].append(claim)
    sections = [
        ArticleSection(
            article=ref,
            claims=[
                to_claim_entry(c, ref.title, results.get(c.id), reviews.get(c.id))
                for c in sorted(by_article[ref.id], key=lambda c: (c.start, c.end, c.id))
            ],
        )
        for ref in refs
    ]
    entries = [c for s in sections for c in s.claims]
    groups = group_claims(entries, {r.id: r for r in refs}, embed=embed)
    group_of = {cid: g.id for g in groups for cid in g.claim_ids}
    for entry in entries:
        entry.group_id = group_of.get(entry.id)
    conflicts = find_conflicts(entries)
    return Report(
        provenance=provenance,
        summary=summarise(sections, len(conflicts), len(groups)),
        conflicts=conflicts,
        articles=sections,
        groups=groups,
        links=find_links(entries),
    )


def build_report(
    services: Services, *, generated_at: str | None = None, semantic: bool = False
) -> Report:
    """Read articles, claims, results and reviews through services and assemble the report.

    semantic=True also groups claims whose embeddings (the store's embedder) are close.
    """
    import verifier
    from verifier.prompts import prompt_hashes
    from verifier.stance.judge import describe_judge

    store = services.store
    llm = services.llm
    provenance = Provenance(
        claimcheck_version=verifier.__version__,
        provider=getattr(llm, "provider", services.settings.llm),
        model=getattr(llm, "name", services.settings.llm),
        stance_judge=describe_judge(services.settings, advice=False),
        prompt_hashes=prompt_hashes(),
        corpus_hash=store.corpus_hash(),
        settings={**services.settings.results_fingerprint(), "semantic_groups": semantic},
        reviewer_org=services.settings.reviewer_org,
        generated_at=generated_at or now_iso(),
    )
    embed = None
    if semantic:
        from vectorstore.embeddings import embed_texts

        def embed(texts: list[str]):
            return embed_texts(store.embedder, texts)

    return assemble_report(
        provenance,
        store.articles(),
        services.claims.claims(),
        services.claims.results(),
        services.reviews.reviews(),
        embed=embed,
    )
