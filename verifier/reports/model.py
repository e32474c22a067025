"""The Report model (what the archive says about itself) and the pure steps that fill it."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from verifier.schemas import CheckResult, Claim, Evidence, Quantity, Review, Stance, VerdictLabel
from verifier.verdict_labels import CONFLICTS, VERDICTS, standing_verdict


class Provenance(BaseModel):
    """What produced the report: enough to reproduce it."""

    claimcheck_version: str
    provider: str = Field(description="LLM provider, e.g. embedded, openai, fake.")
    model: str = Field(description="LLM name, e.g. embedded:gemma-3-270m-q4_k_m.")
    stance_judge: str = Field(
        default="",
        description="Who decided the stances: the trained classifier (and its threshold) or the LLM.",
    )
    prompt_hashes: dict[str, str] = Field(default_factory=dict)
    corpus_hash: str = Field(description="Hash of the article ids and texts.")
    settings: dict = Field(default_factory=dict, description="Settings that change results.")
    reviewer_org: str = "claimcheck"
    generated_at: str = Field(description="UTC time the report was built; the only varying field.")


class ArticleRef(BaseModel):
    """An article as the report names it."""

    id: str
    title: str
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    source: str = ""
    ingested_at: str | None = Field(
        default=None, description="When the store first took it, if it says."
    )
    order: int = Field(
        description="Position in the archive listing (0-based); breaks ties for undated articles."
    )


class EvidenceItem(BaseModel):
    """One judged passage: the verbatim quote, where it is and what it says about the claim."""

    article_id: str
    title: str
    chunk_id: str
    quote: str
    start: int
    end: int
    stance: Stance
    rationale: str = ""
    confidence: float = 0.0
    judge: str = ""


class ClaimEntry(BaseModel):
    """A stored claim with its machine verdict, evidence and any reviewer decision."""

    id: str
    article_id: str
    article_title: str
    text: str
    quote: str
    start: int
    end: int
    kind: str
    attributed_to: str | None = None
    hedged: bool = False
    quantities: list[Quantity] = Field(default_factory=list)
    machine_verdict: VerdictLabel | None = Field(default=None, description="None: not checked yet.")
    confidence: float = 0.0
    rule: str = ""
    evidence: list[EvidenceItem] = Field(default_factory=list)
    review: Review | None = None
    verdict: VerdictLabel | None = Field(
        default=None,
        description="The verdict that stands: the reviewer's if reviewed, else the machine's.",
    )
    group_id: str | None = None


class Conflict(BaseModel):
    """A contradicted or disputed claim with the passages for and against it, side by side."""

    claim_id: str
    article_id: str
    article_title: str
    text: str
    quote: str
    start: int
    end: int
    verdict: VerdictLabel
    machine_verdict: VerdictLabel | None = None
    supporting: list[EvidenceItem] = Field(default_factory=list)
    contradicting: list[EvidenceItem] = Field(default_factory=list)


class ArticleSection(BaseModel):
    """One article and its claims in article order."""

    article: ArticleRef
    claims: list[ClaimEntry] = Field(default_factory=list)


class Appearance(BaseModel):
    """Where a claim appears: the article and the verbatim span."""

    claim_id: str
    article_id: str
    article_title: str
    url: str | None = None
    published: str | None = None
    quote: str
    start: int
    end: int
    verdict: VerdictLabel | None = None
    corroborates: list[str] = Field(
        default_factory=list,
        description="Claim ids of other appearances in the group that this one's passage supports.",
    )


class ClaimGroup(BaseModel):
    """The same claim made in several articles, listed once."""

    id: str
    text: str = Field(description="The wording of the first appearance.")
    claim_ids: list[str]
    appearances: list[Appearance]
    first_appearance: Appearance


class ArticleLink(BaseModel):
    """Edge of the consistency map: passages of one article supporting or contradicting the other's claims."""

    source: str
    target: str
    supports: int = 0
    contradicts: int = 0


class Summary(BaseModel):
    """Counts at the top of the report."""

    articles: int
    claims: int
    checked: int
    unchecked: int
    verdicts: dict[str, int] = Field(description="Standing verdicts (reviewer's where reviewed).")
    machine_verdicts: dict[str, int]
    conflicts: int
    groups: int
    reviewed: int
    confirmed: int = Field(description="Machine verdicts a reviewer confirmed.")
    overridden: int = Field(description="Machine verdicts a reviewer replaced.")


class Report(BaseModel):
    """A claim-consistency report of the whole archive."""

    provenance: Provenance
    summary: Summary
    conflicts: list[Conflict] = Field(default_factory=list)
    articles: list[ArticleSection] = Field(default_factory=list)
    groups: list[ClaimGroup] = Field(default_factory=list)
    links: list[ArticleLink] = Field(default_factory=list)

    def claim_entries(self) -> list[ClaimEntry]:
        """Every claim in report order (articles in ingest order, claims in article order)."""
        return [c for section in self.articles for c in section.claims]

    def article_refs(self) -> dict[str, ArticleRef]:
        """Articles by id."""
        return {s.article.id: s.article for s in self.articles}


def report_schema() -> dict:
    """The JSON schema of the Report model (published by `claimcheck report --schema`)."""
    return Report.model_json_schema()


def to_evidence_item(ev: Evidence) -> EvidenceItem:
    """The report's view of an Evidence (without the whole passage)."""
    return EvidenceItem(
        article_id=ev.article_id,
        title=ev.title,
        chunk_id=ev.chunk_id,
        quote=ev.quote,
        start=ev.start,
        end=ev.end,
        stance=ev.stance,
        rationale=ev.rationale,
        confidence=round(ev.confidence, 4),
        judge=ev.judge,
    )


def to_claim_entry(
    claim: Claim, title: str, result: CheckResult | None, review: Review | None
) -> ClaimEntry:
    """Join a claim, its check result and its review."""
    evidence = _distinct(
        sorted(
            (to_evidence_item(e) for e in (result.evidence if result else [])),
            key=lambda e: (
                {"contradicts": 0, "supports": 1}.get(e.stance, 2),
                e.article_id,
                e.start,
                e.end,
            ),
        )
    )
    machine = result.verdict if result else None
    return ClaimEntry(
        id=claim.id,
        article_id=claim.article_id,
        article_title=title,
        text=claim.text,
        quote=claim.quote,
        start=claim.start,
        end=claim.end,
        kind=claim.kind,
        attributed_to=claim.attributed_to,
        hedged=claim.hedged,
        quantities=claim.quantities,
        machine_verdict=machine,
        confidence=round(result.confidence, 4) if result else 0.0,
        rule=result.rule if result else "",
        evidence=evidence,
        review=review,
        verdict=standing_verdict(machine, review),
    )


def _distinct(items: list[EvidenceItem]) -> list[EvidenceItem]:
    """Each passage once: overlapping chunks can retrieve one sentence twice."""
    kept, spans = [], {}
    for item in items:  # contradicting and supporting first, so a judged span keeps its stance
        span = (item.article_id, item.start, item.end)
        stances = spans.setdefault(span, set())
        if item.stance in stances or (stances and item.stance == "unrelated"):
            continue
        stances.add(item.stance)
        kept.append(item)
    return kept


def summarise(sections: list[ArticleSection], conflicts: int, groups: int) -> Summary:
    """Count articles, claims, verdicts and reviewer decisions."""
    entries = [c for s in sections for c in s.claims]
    standing = Counter(c.verdict for c in entries if c.verdict)
    machine = Counter(c.machine_verdict for c in entries if c.machine_verdict)
    reviewed = [c for c in entries if c.review]
    confirmed = sum(
        1 for c in reviewed if c.machine_verdict and c.review.verdict == c.machine_verdict
    )
    return Summary(
        articles=len(sections),
        claims=len(entries),
        checked=sum(machine.values()),
        unchecked=sum(1 for c in entries if c.machine_verdict is None),
        verdicts={v: standing.get(v, 0) for v in VERDICTS},
        machine_verdicts={v: machine.get(v, 0) for v in VERDICTS},
        conflicts=conflicts,
        groups=groups,
        reviewed=len(reviewed),
        confirmed=confirmed,
        overridden=len(reviewed) - confirmed,
    )


def find_conflicts(entries: list[ClaimEntry]) -> list[Conflict]:
    """Claims that stand contradicted or disputed, contradicted first."""
    conflicts = [
        Conflict(
            claim_id=c.id,
            article_id=c.article_id,
            article_title=c.article_title,
            text=c.text,
            quote=c.quote,
            start=c.start,
            end=c.end,
            verdict=c.verdict,
            machine_verdict=c.machine_verdict,
            supporting=[e for e in c.evidence if e.stance == "supports"],
            contradicting=[e for e in c.evidence if e.stance == "contradicts"],
        )
        for c in entries
        if c.verdict in CONFLICTS
    ]
    # Stable sort keeps report order within each verdict.
    return sorted(conflicts, key=lambda c: CONFLICTS.index(c.verdict))


def find_links(entries: list[ClaimEntry]) -> list[ArticleLink]:
    """Undirected article-to-article edges counting supporting and contradicting passages."""
    counts: dict[tuple[str, str], Counter] = {}
    for c in entries:
        for e in c.evidence:
            if e.stance == "unrelated" or e.article_id == c.article_id:
                continue
            pair = tuple(sorted((c.article_id, e.article_id)))
            counts.setdefault(pair, Counter())[e.stance] += 1
    return [
        ArticleLink(source=a, target=b, supports=n["supports"], contradicts=n["contradicts"])
        for (a, b), n in sorted(counts.items())
    ]
