"""ClaimReview JSON-LD: required fields, rating scale, overrides, escaping, and JSON-LD expansion."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pyld import jsonld

from verifier.reports import render_claimreview
from verifier.reports.claimreview import BEST, RATINGS, WORST

SCHEMA = "https://schema.org/"
# A small local copy of the schema.org context: the test never touches the network.
CONTEXT = json.loads((Path(__file__).parent / "schemaorg-context.jsonld").read_text())


def offline_loader(url, options=None):
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"unexpected remote context {url}")
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def by_identifier(report) -> dict[str, dict]:
    return {r["identifier"]: r for r in json.loads(render_claimreview(report))}


def test_one_claimreview_per_checked_claim_with_required_fields(report, records):
    reviews = json.loads(render_claimreview(report))
    assert len(reviews) == 6  # the unchecked, unreviewed claim has no rating to publish
    assert records["ids"]["c7"].id not in {r["identifier"] for r in reviews}
    for r in reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["claimReviewed"]
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (WORST, BEST)
        assert WORST <= rating["ratingValue"] <= BEST
        assert rating["ratingValue"] == RATINGS[rating["alternateName"]]
        item = r["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"]
        assert item["firstAppearance"] == item["appearance"][0]
        assert r["author"] == {"@type": "Organization", "name": "Desk <Checks>"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["datePublished"])


def test_repeated_claim_lists_every_appearance_first_one_first(report, records):
    r = by_identifier(report)[records["ids"]["c1"].id]
    item = r["itemReviewed"]
    assert [w["headline"] for w in item["appearance"]] == [
        "@SUM(1+1) Second report",
        "Officers in dismay <script>alert('pwned')</script>",
    ]
    assert item["firstAppearance"]["url"] == "https://news.example/second?a=1&b=2"
    assert item["datePublished"] == "2022-10-01"
    assert "url" not in item["appearance"][1]  # a javascript: URL is never published
    assert item["author"] == {"@type": "Organization", "name": "Ukraine's defence ministry"}


def test_reviewer_override_sets_the_published_verdict(report, records):
    r = by_identifier(report)[records["ids"]["c6"].id]
    assert r["reviewRating"]["alternateName"] == "unverified"
    assert r["reviewRating"]["ratingValue"] == 3
    assert "machine said contradicted" in r["reviewRating"]["ratingExplanation"]
    assert r["datePublished"] == "2026-11-21"


def test_author_is_configurable(report):
    reviews = json.loads(render_claimreview(report, author="Other Desk"))
    assert {r["author"]["name"] for r in reviews} == {"Other Desk"}


def test_text_is_escaped_for_embedding_in_html(report, records):
    text = render_claimreview(report)
    assert "<" not in text and ">" not in text and "&" not in text
    reviews = json.loads(text)
    hostile = by_identifier(report)[records["ids"]["c3"].id]
    assert "<script>alert('pwned')</script>" in hostile["claimReviewed"]
    assert len(reviews) == 6


def test_expands_as_json_ld(report):
    expanded = jsonld.expand(
        json.loads(render_claimreview(report)), {"documentLoader": offline_loader}
    )
    assert len(expanded) == 6
    for node in expanded:
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        rating = node[SCHEMA + "reviewRating"][0]
        assert rating["@type"] == [SCHEMA + "Rating"]
        assert rating[SCHEMA + "alternateName"][0]["@value"] in RATINGS
        claim = node[SCHEMA + "itemReviewed"][0]
        assert claim["@type"] == [SCHEMA + "Claim"]
        assert claim[SCHEMA + "appearance"] and claim[SCHEMA + "firstAppearance"]
        assert node[SCHEMA + "author"][0][SCHEMA + "name"][0]["@value"] == "Desk <Checks>"
    urls = [
        w[SCHEMA + "url"][0]["@id"]
        for n in expanded
        for w in n[SCHEMA + "itemReviewed"][0][SCHEMA + "appearance"]
        if SCHEMA + "url" in w
    ]
    assert urls and set(urls) == {"https://news.example/second?a=1&b=2"}
