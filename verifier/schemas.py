"""Domain models: the contract between extraction, evidence, verdicts, reports and the UI."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from verifier.periods import DAYS, Period

Stance = Literal["supports", "contradicts", "unrelated"]
VerdictLabel = Literal["corroborated", "contradicted", "disputed", "unverified"]
ClaimKind = Literal["figure", "event", "quote", "attribution", "forecast"]
Qualifier = Literal["exact", "at least", "more than", "nearly", "about", "up to", "less than"]


class Quantity(BaseModel):
    """A figure stated in a claim or passage, normalised."""

    text: str = Field(description="The figure as written, verbatim, e.g. '12,730' or '55 percent'.")
    value: float = Field(description="The number, e.g. 12730.0.")
    unit: str = Field(default="", description="What is counted: soldiers, people, percent, ...")
    per: Period | None = Field(default=None, description="Rate period: 400 a day -> 'day'.")
    qualifier: Qualifier = "exact"

    def per_day(self) -> float | None:
        """The rate expressed per day, when the quantity is a rate."""
        return self.value / DAYS[self.per] if self.per else None


def _check_slice(source: str | None, start: int, end: int, quote: str, what: str) -> None:
    """Reject a quote that does not slice back out of its source."""
    if source is None:
        return
    if not (0 <= start < end <= len(source)):
        raise ValueError(
            f"{what} offsets {start}:{end} are outside the source ({len(source)} chars)"
        )
    if source[start:end] != quote:
        raise ValueError(
            f"{what} quote is not verbatim in the source at {start}:{end}: "
            f"expected {source[start:end]!r}, got {quote!r}"
        )


def claim_id(article_id: str, start: int, end: int, text: str) -> str:
    """A stable id for a claim: same article, span and wording give the same id."""
    return hashlib.sha256(f"{article_id}|{start}|{end}|{text}".encode()).hexdigest()[:16]


class Claim(BaseModel):
    """A check-worthy factual claim, grounded in a verbatim span of its article."""

    id: str = ""
    article_id: str
    text: str = Field(description="The claim, self-contained: who, what, where, when resolved.")
    quote: str = Field(description="The verbatim sentence or span of the article it comes from.")
    start: int = Field(description="Character offset of quote in the stored article text.")
    end: int
    kind: ClaimKind = "event"
    attributed_to: str | None = Field(default=None, description="Who asserts it in the article.")
    hedged: bool = Field(default=False, description="Reported, alleged, unverified, 'said to be'.")
    quantities: list[Quantity] = Field(default_factory=list)
    model: str = ""
    prompt_hash: str = ""

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Claim:
        ctx = info.context or {}
        _check_slice(ctx.get("article_text"), self.start, self.end, self.quote, "claim")
        if not self.id:
            self.id = claim_id(self.article_id, self.start, self.end, self.text)
        return self


class Evidence(BaseModel):
    """A passage from another article, its stance on a claim, and the verbatim quote that decides it."""

    article_id: str
    title: str
    chunk_id: str
    passage: str = Field(description="The retrieved passage (chunk) text.")
    passage_start: int = Field(description="Offset of the passage in its article.")
    quote: str
    start: int = Field(description="Offset of quote in the article's stored text.")
    end: int
    stance: Stance
    rationale: str = ""
    score: float = Field(default=0.0, description="Retrieval score (fused rank score).")
    confidence: float = Field(default=0.0, description="Probability of the stance, calibrated.")
    judge: str = Field(
        default="", description="What decided the stance: classifier, llm:<model>, rule."
    )
    quantities: list[Quantity] = Field(default_factory=list)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Evidence:
        ctx = info.context or {}
        _check_slice(ctx.get("article_text"), self.start, self.end, self.quote, "evidence")
        if self.passage and self.quote:
            rel = self.start - self.passage_start
            if self.passage[rel : rel + len(self.quote)] != self.quote:
                raise ValueError("evidence quote does not slice back out of its passage")
        return self


class Usage(BaseModel):
    """Model cost of an operation."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            cache_hits=self.cache_hits + other.cache_hits,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            seconds=self.seconds + other.seconds,
        )


class CheckResult(BaseModel):
    """The verdict on one claim (pasted or stored) with all its evidence."""

    claim: str
    claim_id: str | None = None
    article_id: str | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    verdict: VerdictLabel
    confidence: float = Field(
        default=0.0, description="Probability the verdict is right, calibrated."
    )
    evidence: list[Evidence] = Field(default_factory=list)
    supporting_articles: list[str] = Field(default_factory=list)
    contradicting_articles: list[str] = Field(default_factory=list)
    rule: str = Field(default="", description="Why the verdict rule chose this label, in words.")
    usage: Usage = Field(default_factory=Usage)


class Review(BaseModel):
    """A reviewer's confirmation or override of a machine verdict."""

    claim_id: str
    verdict: VerdictLabel
    note: str = ""
    reviewer: str = ""
    machine_verdict: VerdictLabel | None = None
    at: str = ""

    @property
    def confirms(self) -> bool:
        """True when the reviewer agreed with the machine."""
        return self.machine_verdict == self.verdict
