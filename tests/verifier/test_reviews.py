"""ReviewStore and review_claim: confirmations and overrides that survive re-runs."""

from __future__ import annotations

import pytest

from verifier.archive import review_claim
from verifier.claimstore import ClaimStore
from verifier.errors import InputError, NotFoundError, StoreError
from verifier.reviews import ReviewStore, make_review
from verifier.schemas import CheckResult, Claim, Review

TEXT = "Officials said 400 soldiers die a day. The weather was mild."


def stored_claims(services) -> tuple[Claim, Claim]:
    claims = [
        Claim(
            article_id="a1",
            text="400 soldiers die a day",
            quote="400 soldiers die a day",
            start=15,
            end=37,
        ),
        Claim(
            article_id="a1",
            text="The weather was mild.",
            quote="The weather was mild.",
            start=39,
            end=60,
        ),
    ]
    services.claims.save_claims("a1", claims, model="fake", prompt_hash="p1")
    result = CheckResult(claim=claims[0].text, claim_id=claims[0].id, verdict="contradicted")
    services.claims.save_result(claims[0].id, result, corpus_key="k1")
    return claims[0], claims[1]


def test_save_replace_and_reopen(tmp_path):
    path = tmp_path / "reviews.sqlite3"
    store = ReviewStore(path)
    store.save_review(Review(claim_id="b", verdict="disputed", machine_verdict="corroborated"))
    store.save_review(Review(claim_id="a", verdict="unverified", note="n", reviewer="r", at="t"))
    store.save_review(Review(claim_id="b", verdict="corroborated", machine_verdict="corroborated"))
    store.close()
    again = ReviewStore(path)
    reviews = again.reviews()
    assert list(reviews) == ["a", "b"]
    assert reviews["b"].verdict == "corroborated" and reviews["b"].confirms
    assert reviews["b"].at  # stamped when saved without a time
    assert again.review("a") == Review(
        claim_id="a", verdict="unverified", note="n", reviewer="r", at="t"
    )
    assert again.review("zzz") is None


def test_make_review_confirm_and_bad_verdicts():
    confirmed = make_review("c", " Confirm ", "disputed", note=" ok ")
    assert (confirmed.verdict, confirmed.machine_verdict, confirmed.note) == (
        "disputed",
        "disputed",
        "ok",
    )
    assert confirmed.confirms
    assert make_review("c", "CONTRADICTED", "disputed").confirms is False
    with pytest.raises(InputError, match="unknown verdict 'true'"):
        make_review("c", "true", "disputed")
    with pytest.raises(InputError, match="no machine verdict to confirm"):
        make_review("c", "confirm", None)
    with pytest.raises(InputError, match="no verdict chosen"):
        make_review("c", None, None)  # a form left empty records nothing


def test_corrupt_file_is_a_store_error(tmp_path):
    path = tmp_path / "reviews.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="review store"):
        ReviewStore(path)
    assert path.read_bytes() == b"this is not sqlite" * 100  # left untouched for the user


def test_review_claim_checks_the_id_and_records_machine_verdict(services):
    checked, unchecked = stored_claims(services)
    with pytest.raises(NotFoundError):
        review_claim(services, "nope", "corroborated")
    assert services.reviews.reviews() == {}
    saved = review_claim(services, checked.id, "corroborated", note="MoD figures", reviewer="ana")
    assert (saved.verdict, saved.machine_verdict, saved.confirms) == (
        "corroborated",
        "contradicted",
        False,
    )
    confirmed = review_claim(services, checked.id, "confirm")
    assert confirmed.verdict == "contradicted" and confirmed.confirms
    with pytest.raises(InputError, match="no machine verdict"):
        review_claim(services, unchecked.id, "confirm")
    override = review_claim(services, unchecked.id, "unverified", note="not checkable")
    assert override.machine_verdict is None


def test_reviews_survive_re_extraction_and_re_check(services, settings):
    checked, _ = stored_claims(services)
    review_claim(services, checked.id, "disputed", note="two sources disagree")
    # Re-extraction replaces the claims; a re-check replaces the result; even a fresh claim store.
    services.claims.save_claims("a1", [checked], model="fake", prompt_hash="p2")
    services.claims.save_result(
        checked.id,
        CheckResult(claim=checked.text, claim_id=checked.id, verdict="corroborated"),
        corpus_key="k2",
    )
    (settings.data_dir / "claims.sqlite3").unlink()
    ClaimStore(settings.data_dir / "claims.sqlite3")
    reopened = ReviewStore(settings.data_dir / "reviews.sqlite3")
    assert reopened.review(checked.id).note == "two sources disagree"
