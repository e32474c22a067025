"""A small hand-built archive with hostile text, conflicts, a repeated claim and reviews."""

from __future__ import annotations

import pytest

from vectorstore.models import Article
from verifier.reports.assemble import assemble_report
from verifier.reports.model import Provenance
from verifier.schemas import CheckResult, Claim, Evidence, Quantity, Review

SCRIPT = "<script>alert('pwned')</script>"
MD_LINK = "[click me](javascript:alert(1))"

A1 = Article(
    id="a1",
    title=f"Officers in dismay {SCRIPT}",
    url="javascript:alert('url')",
    published="2022-10-02",
    outlet="The Daily <b>Bold</b>",
    text=(
        "Ukraine's defence ministry said 400 Russian soldiers are killed a day. "
        "Russian commanders fled the Kherson region. "
        f"The statement read {SCRIPT} and {MD_LINK} in full. "
        '=HYPERLINK("http://evil.example","totals") was posted.'
    ),
)
A2 = Article(
    id="a2",
    title="@SUM(1+1) Second report",
    url="https://news.example/second?a=1&b=2",
    published="2022-10-01",
    text=(
        "About 400 Russian troops die every day, officials said. "
        "Russian commanders did not flee the Kherson region. "
        "-2+3 is what the spreadsheet said."
    ),
)
A3 = Article(
    id="a3",
    title="Undated piece",
    text="Commanders fled the Kherson region in haste. The weather was mild.",
)
ARTICLES = [A1, A2, A3]


def make_claim(article: Article, quote: str, text: str | None = None, **kw) -> Claim:
    start = article.text.index(quote)
    return Claim(
        article_id=article.id,
        text=text or quote,
        quote=quote,
        start=start,
        end=start + len(quote),
        **kw,
    )


def make_evidence(article: Article, quote: str, stance: str, rationale: str = "") -> Evidence:
    start = article.text.index(quote)
    return Evidence(
        article_id=article.id,
        title=article.title,
        chunk_id=f"{article.id}-0000",
        passage=article.text,
        passage_start=0,
        quote=quote,
        start=start,
        end=start + len(quote),
        stance=stance,
        rationale=rationale,
        confidence=0.9,
        judge="rule",
    )


def per_day(n: float, unit: str = "soldiers") -> Quantity:
    return Quantity(text=str(int(n)), value=n, unit=unit, per="day")


@pytest.fixture
def records():
    """Articles, claims, results and reviews of the sample archive (claims in scrambled order)."""
    c1 = make_claim(
        A1,
        "400 Russian soldiers are killed a day",
        quantities=[per_day(400)],
        attributed_to="Ukraine's defence ministry",
    )
    c2 = make_claim(A1, "Russian commanders fled the Kherson region.", hedged=True)
    c3 = make_claim(A1, f"The statement read {SCRIPT} and {MD_LINK} in full.")
    c4 = make_claim(A1, '=HYPERLINK("http://evil.example","totals") was posted.', kind="quote")
    c5 = make_claim(
        A2,
        "About 400 Russian troops die every day",
        quantities=[per_day(400, "troops")],
        attributed_to="officials",
    )
    c6 = make_claim(A2, "Russian commanders did not flee the Kherson region.")
    c7 = make_claim(A3, "The weather was mild.")
    results = {
        c1.id: CheckResult(
            claim=c1.text,
            claim_id=c1.id,
            article_id="a1",
            verdict="corroborated",
            confidence=0.8,
            evidence=[make_evidence(A2, "About 400 Russian troops die every day", "supports")],
            rule="one supporting passage, none contradicting",
        ),
        c2.id: CheckResult(
            claim=c2.text,
            claim_id=c2.id,
            article_id="a1",
            verdict="disputed",
            confidence=0.6,
            evidence=[
                make_evidence(A3, "Commanders fled the Kherson region in haste.", "supports"),
                make_evidence(
                    A2,
                    "Russian commanders did not flee the Kherson region.",
                    "contradicts",
                    rationale=f"says the opposite {SCRIPT}",
                ),
            ],
            rule="passages both ways",
        ),
        c3.id: CheckResult(claim=c3.text, claim_id=c3.id, article_id="a1", verdict="unverified"),
        c4.id: CheckResult(
            claim=c4.text,
            claim_id=c4.id,
            article_id="a1",
            verdict="contradicted",
            evidence=[make_evidence(A2, "-2+3 is what the spreadsheet said.", "contradicts")],
        ),
        c5.id: CheckResult(
            claim=c5.text,
            claim_id=c5.id,
            article_id="a2",
            verdict="corroborated",
            evidence=[make_evidence(A1, "400 Russian soldiers are killed a day", "supports")],
        ),
        c6.id: CheckResult(
            claim=c6.text,
            claim_id=c6.id,
            article_id="a2",
            verdict="contradicted",
            evidence=[
                make_evidence(A1, "Russian commanders fled the Kherson region.", "contradicts"),
                make_evidence(A3, "Commanders fled the Kherson region in haste.", "contradicts"),
            ],
        ),
    }
    reviews = {
        c5.id: Review(
            claim_id=c5.id,
            verdict="corroborated",
            machine_verdict="corroborated",
            reviewer="ana",
            at="2026-11-20T10:00:00+00:00",
        ),
        c6.id: Review(
            claim_id=c6.id,
            verdict="unverified",
            machine_verdict="contradicted",
            note=f"sources are anonymous {MD_LINK}",
            reviewer="bo",
            at="2026-11-21T10:00:00+00:00",
        ),
    }
    claims = [c7, c6, c4, c2, c1, c5, c3]
    ids = {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6, "c7": c7}
    return {
        "articles": ARTICLES,
        "claims": claims,
        "results": results,
        "reviews": reviews,
        "ids": ids,
    }


def provenance(generated_at: str = "2026-11-22T20:00:00+00:00") -> Provenance:
    return Provenance(
        claimcheck_version="0.1.0",
        provider="fake",
        model="fake",
        prompt_hashes={"extract": "abc"},
        corpus_hash="c0ffee",
        settings={"llm": "fake", "top_k": 5},
        reviewer_org="Desk <Checks>",
        generated_at=generated_at,
    )


@pytest.fixture
def make_provenance():
    return provenance


@pytest.fixture
def report(records):
    return assemble_report(
        provenance(), records["articles"], records["claims"], records["results"], records["reviews"]
    )


@pytest.fixture
def report_with_unrelated(records):
    """The sample report with a passage judged unrelated added to claim c1; and that passage."""
    c1 = records["ids"]["c1"]
    result = records["results"][c1.id]
    unrelated = make_evidence(A3, "The weather was mild.", "unrelated")
    results = {
        **records["results"],
        c1.id: result.model_copy(update={"evidence": [unrelated, *result.evidence]}),
    }
    report = assemble_report(provenance(), records["articles"], records["claims"], results, {})
    return report, unrelated
