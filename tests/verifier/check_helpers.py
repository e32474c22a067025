"""Helpers for the check and crosscheck tests: claims made by hand from seed sentences."""

from __future__ import annotations

from verifier.schemas import Claim

SEED_CLAIMS = [
    # (a phrase of the source sentence, the claim text)
    (
        "call-up initially 300,000",
        "The Kremlin said it is looking to call up initially 300,000 reservists",
    ),
    (
        "83rd and 11th Guards Air Assault Brigades, together",
        "Commanders of Russian elite units moved their families out of the Kherson region",
    ),
    (
        "55 percent",
        "The Russian-backed militia in Donetsk had lost 55 percent of its original force",
    ),
    (
        "400 soldiers a day killed and wounded",
        "Russian losses were 400 soldiers a day killed and wounded",
    ),
]


def claim_from(article, phrase: str, text: str) -> Claim:
    """A grounded claim whose quote is the article sentence containing `phrase`."""
    at = article.text.index(phrase)
    start = max(article.text.rfind(". ", 0, at) + 2, article.text.rfind("\n", 0, at) + 1)
    end = article.text.find(".", at) + 1 or len(article.text)
    quote = article.text[start:end]
    return Claim.model_validate(
        {"article_id": article.id, "text": text, "quote": quote, "start": start, "end": end},
        context={"article_text": article.text},
    )


def store_seed_claims(services) -> list[Claim]:
    """Save the SEED_CLAIMS under the seed article that states each of them."""
    by_article: dict[str, list[Claim]] = {}
    for phrase, text in SEED_CLAIMS:
        article = next(a for a in services.store.articles() if phrase in a.text)
        by_article.setdefault(article.id, []).append(claim_from(article, phrase, text))
    for article_id, claims in by_article.items():
        services.claims.save_claims(article_id, claims, model="hand", prompt_hash="test")
    return [c for claims in by_article.values() for c in claims]
