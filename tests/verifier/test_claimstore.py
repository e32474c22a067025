"""ClaimStore: claims, extraction runs and results in SQLite, safe to re-run and to share."""

from __future__ import annotations

import multiprocessing

import pytest

from verifier.claimstore import ClaimStore
from verifier.errors import InputError, NotFoundError, StoreError
from verifier.schemas import CheckResult, Claim, Quantity

TEXT = "Ukraine killed almost 13,000 Russian soldiers last month. The Kremlin denied it."


def _claim(article_id: str = "a1", start: int = 0, end: int = 57, **extra) -> Claim:
    return Claim.model_validate(
        {
            "article_id": article_id,
            "text": TEXT[start:end],
            "quote": TEXT[start:end],
            "start": start,
            "end": end,
            "kind": "figure",
            "quantities": [Quantity(text="13,000", value=13000, unit="soldiers", per="month")],
            **extra,
        },
        context={"article_text": TEXT},
    )


@pytest.fixture
def store(tmp_path):
    return ClaimStore(tmp_path / "claims.sqlite3")


def test_claims_round_trip_in_order(store):
    claims = [_claim(), _claim(start=58, end=80, kind="event")]
    store.save_claims("a1", claims, model="m", prompt_hash="p")
    assert [c.model_dump() for c in store.claims("a1")] == [c.model_dump() for c in claims]
    assert store.claim(claims[1].id) == claims[1]
    assert store.claims("other") == []
    assert store.claims()[0].quantities[0].per == "month"


def test_extraction_run_is_recorded_per_model_and_prompt(store):
    assert not store.has_extraction("a1", "m", "p")
    store.save_claims("a1", [_claim()], model="m", prompt_hash="p")
    assert store.has_extraction("a1", "m", "p")
    assert not store.has_extraction("a1", "m", "other prompt")
    assert not store.has_extraction("a1", "other model", "p")
    # An article with no claims still counts as extracted: re-running must not ask again.
    store.save_claims("a2", [], model="m", prompt_hash="p")
    assert store.has_extraction("a2", "m", "p")


def test_saving_again_replaces_claims_and_only_the_latest_run_counts(store):
    first, second = _claim(), _claim(start=58, end=80)
    store.save_claims("a1", [first], model="m1", prompt_hash="p")
    store.save_claims("a1", [second], model="m2", prompt_hash="p")
    assert [c.id for c in store.claims("a1")] == [second.id]
    assert store.has_extraction("a1", "m2", "p")
    assert not store.has_extraction("a1", "m1", "p")  # its claims are gone
    store.save_claims("a1", [second], model="m2", prompt_hash="p")  # idempotent
    assert len(store.claims()) == 1


def test_results_round_trip_and_filter_by_corpus_key(store):
    claim = _claim()
    store.save_claims("a1", [claim], model="m", prompt_hash="p")
    result = CheckResult(
        claim=claim.text, claim_id=claim.id, verdict="corroborated", confidence=0.8
    )
    assert store.result(claim.id) is None
    store.save_result(claim.id, result, corpus_key="k1")
    assert store.result(claim.id) == result
    assert store.result(claim.id, corpus_key="k1") == result
    assert store.result(claim.id, corpus_key="k2") is None
    assert store.results() == {claim.id: result}
    assert store.results(corpus_key="k2") == {}
    assert store.result_keys() == {claim.id: "k1"}


def test_reextraction_keeps_results_of_claims_that_survive(store):
    kept, dropped = _claim(), _claim(start=58, end=80)
    store.save_claims("a1", [kept, dropped], model="m", prompt_hash="p")
    for claim in (kept, dropped):
        store.save_result(
            claim.id, CheckResult(claim=claim.text, verdict="unverified"), corpus_key="k"
        )
    store.save_claims("a1", [kept], model="m", prompt_hash="p2")
    assert set(store.results()) == {kept.id}


def test_delete_article_removes_claims_runs_and_results(store):
    a1, a2 = _claim("a1"), _claim("a2")
    store.save_claims("a1", [a1], model="m", prompt_hash="p")
    store.save_claims("a2", [a2], model="m", prompt_hash="p")
    store.save_result(a1.id, CheckResult(claim=a1.text, verdict="unverified"), corpus_key="k")
    store.delete_article("a1")
    assert store.claims("a1") == [] and not store.has_extraction("a1", "m", "p")
    assert store.result(a1.id) is None
    assert [c.id for c in store.claims()] == [a2.id]
    assert store.extracted_articles() == ["a2"]


def test_unknown_claim_is_a_clear_error(store):
    with pytest.raises(NotFoundError, match="no stored claim"):
        store.claim("nope")


def test_bad_input_is_refused_and_nothing_stored_is_lost(store):
    good = _claim()
    store.save_claims("a1", [good], model="m", prompt_hash="p")
    with pytest.raises(InputError, match="belongs to article a2"):
        store.save_claims("a1", [_claim(), _claim("a2")], model="m2", prompt_hash="p")
    with pytest.raises(InputError, match="expects Claim objects"):
        store.save_claims("a1", [{"text": "not a claim"}], model="m2", prompt_hash="p")
    with pytest.raises(InputError, match="expects a CheckResult"):
        store.save_result(good.id, {"verdict": "corroborated"}, corpus_key="k")
    assert [c.id for c in store.claims("a1")] == [good.id]
    assert store.has_extraction("a1", "m", "p")


def test_a_failing_write_rolls_back(store, monkeypatch):
    good = _claim()
    store.save_claims("a1", [good], model="m", prompt_hash="p")

    def fail() -> str:
        raise OSError("disk full")

    # Fails after the old claims were deleted inside the transaction: they must come back.
    monkeypatch.setattr("verifier.claimstore._now", fail)
    with pytest.raises(OSError):
        store.save_claims("a1", [_claim(start=58, end=80)], model="m2", prompt_hash="p")
    monkeypatch.undo()
    assert [c.id for c in store.claims("a1")] == [good.id]
    assert store.has_extraction("a1", "m", "p")


def test_a_corrupt_file_is_a_clear_error(tmp_path):
    path = tmp_path / "claims.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        ClaimStore(path)


def _write_many(path: str, article_id: str, n: int) -> None:
    store = ClaimStore(path)
    for i in range(n):
        claim = _claim(article_id)
        store.save_claims(article_id, [claim], model="m", prompt_hash=f"p{i}")
        store.save_result(
            claim.id, CheckResult(claim=claim.text, verdict="unverified"), corpus_key=str(i)
        )


def test_two_processes_can_write_at_once(tmp_path):
    path = str(tmp_path / "claims.sqlite3")
    ClaimStore(path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(path, f"a{i}", 20)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    store = ClaimStore(path)
    assert sorted(c.article_id for c in store.claims()) == ["a0", "a1"]
    assert store.has_extraction("a0", "m", "p19") and store.has_extraction("a1", "m", "p19")
    assert len(store.results()) == 2


def test_checked_count_counts_stored_claims_with_a_result(store):
    first, second = _claim(), _claim(start=58, end=80)
    assert store.checked_count() == (0, 0)
    store.save_claims("a1", [first, second], model="m", prompt_hash="p")
    assert store.checked_count() == (0, 2)
    store.save_result(first.id, CheckResult(claim=first.text, verdict="unverified"), corpus_key="k")
    assert store.checked_count() == (1, 2)
