"""crosscheck: every stored claim against the rest of the archive; resumable and incremental."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.verifier.check_helpers import claim_from, store_seed_claims
from tests.verifier.stance_fakes import labelling, services_with, stance_calls
from verifier import crosscheck as crosscheck_module
from verifier.crosscheck import crosscheck, run_crosscheck


@pytest.fixture
def archive(settings, seeds_dir):
    services, llm = services_with(settings, labelling("supports"))
    services.store.ingest([seeds_dir])
    claims = store_seed_claims(services)
    yield services, llm, claims
    services.store.close()


def test_every_claim_is_checked_against_other_articles_only(archive):
    services, _, claims = archive
    results = crosscheck(services)
    assert set(results) == {c.id for c in claims}
    for claim in claims:
        result = results[claim.id]
        assert result.claim_id == claim.id and result.article_id == claim.article_id
        assert claim.article_id not in {e.article_id for e in result.evidence}
        assert services.claims.result(claim.id) == result


def test_mobilisation_figure_finds_the_other_article(archive):
    services, _, claims = archive
    claim = next(c for c in claims if "300,000" in c.text)
    result = crosscheck(services)[claim.id]
    repeating = next(a for a in services.store.articles() if "mobilising 300,000 people" in a.text)
    assert result.verdict == "corroborated"
    assert repeating.id in result.supporting_articles
    assert any("300,000" in e.quote and e.judge == "rule:figures" for e in result.evidence)


def test_second_run_does_no_work(archive):
    services, llm, claims = archive
    crosscheck(services)
    calls = len(stance_calls(llm))
    results, stats = run_crosscheck(services)
    assert len(stance_calls(llm)) == calls
    assert (stats.judged, stats.reused) == (0, len(claims))
    assert stats.usage.calls == 0


def test_force_judges_everything_again(archive):
    services, llm, claims = archive
    crosscheck(services)
    calls = len(stance_calls(llm))
    _, stats = run_crosscheck(services, force=True)
    assert stats.judged == len(claims)
    assert len(stance_calls(llm)) == 2 * calls


def test_interrupted_run_resumes_without_repeating_work(archive, monkeypatch):
    services, _, claims = archive
    real = crosscheck_module.judge_passages
    judged: list[str] = []

    def failing(services_, claim_text, passages, **kwargs):
        if len(judged) == 2:
            raise KeyboardInterrupt("killed mid-run")
        judged.append(claim_text)
        return real(services_, claim_text, passages, **kwargs)

    monkeypatch.setattr(crosscheck_module, "judge_passages", failing)
    with pytest.raises(KeyboardInterrupt):
        crosscheck(services)
    assert len(services.claims.results()) == 2  # what completed was kept

    resumed: list[str] = []

    def counting(services_, claim_text, passages, **kwargs):
        resumed.append(claim_text)
        return real(services_, claim_text, passages, **kwargs)

    monkeypatch.setattr(crosscheck_module, "judge_passages", counting)
    results, stats = run_crosscheck(services)
    assert len(results) == len(claims)
    assert stats.reused == 2 and stats.judged == len(claims) - 2
    assert not set(resumed) & set(judged), "no claim is judged twice"


def test_adding_one_article_rejudges_only_what_it_touches(archive):
    services, llm, claims = archive
    crosscheck(services)
    before = len(stance_calls(llm))
    article = services.store.add_text(
        "Shoigu completes call-up",
        "Defence Minister Sergei Shoigu told the Kremlin that the call-up of 300,000 reservists was complete. "
        "Officials said the reservists were now training.",
    )
    new_claim = claim_from(
        article, "call-up of 300,000", "Shoigu said the call-up of 300,000 reservists was complete"
    )
    services.claims.save_claims(article.id, [new_claim], model="hand", prompt_hash="test")
    results, stats = run_crosscheck(services)
    new_passages = [
        e
        for cid, r in results.items()
        if cid != new_claim.id
        for e in r.evidence
        if e.article_id == article.id
    ]
    # Re-judged: the new article's claim, and the claims whose top k now holds a passage of it.
    touched = {
        cid for cid, r in results.items() if any(e.article_id == article.id for e in r.evidence)
    }
    assert stats.judged == len(touched | {new_claim.id})
    assert stats.reused >= 2, "claims the new article does not touch are not judged again"
    assert stats.reused == len(claims) + 1 - stats.judged
    # Model calls only for passages never judged before for that claim (the new article's ones and
    # any that retrieval newly ranks), never for the whole archive again.
    calls = len(stance_calls(llm)) - before
    assert calls <= stats.passages_judged
    assert stats.passages_judged <= len(new_passages) + len(results[new_claim.id].evidence) + len(
        touched
    )
    assert any(
        e.article_id == article.id
        for e in results[next(c.id for c in claims if "300,000" in c.text)].evidence
    )


def test_cli_crosscheck_prints_a_summary(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key, value in {
        "CLAIMCHECK_DATA_DIR": str(tmp_path / "data"),
        "CLAIMCHECK_LLM": "fake",
        "CLAIMCHECK_EMBEDDER": "hash",
    }.items():
        monkeypatch.setenv(key, value)
    from verifier.cli.main import app
    from verifier.services import build_services
    from verifier.settings import Settings

    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
    services = build_services(Settings())
    store_seed_claims(services)
    services.store.close()
    result = runner.invoke(app, ["crosscheck"])
    assert result.exit_code == 0, result.output
    assert "corroborated" in result.output and "model calls" in result.output
    again = runner.invoke(app, ["crosscheck", "--json"])
    import json

    summary = json.loads(again.stdout)["summary"]
    assert summary["judged"] == 0 and summary["reused"] == summary["claims"] == 4


def test_model_dying_mid_run_keeps_finished_claims_and_says_so(settings, seeds_dir):
    from verifier.errors import ModelUnavailableError

    alive = {"calls": 0}

    def flaky(model, messages):
        alive["calls"] += 1
        if alive["calls"] > 1:
            raise ModelUnavailableError("the model endpoint went away: check CLAIMCHECK_BASE_URL")
        return {"sentence": 1, "label": "supports", "rationale": "ok"}

    services, _ = services_with(settings, flaky)
    try:
        services.store.ingest([seeds_dir])
        claims = store_seed_claims(services)
        with pytest.raises(ModelUnavailableError, match="CLAIMCHECK_BASE_URL"):
            crosscheck(services)
        kept = services.claims.results()
        assert 0 < len(kept) < len(claims)
    finally:
        services.store.close()
    # The endpoint is back: a new process (new services) finishes the run.
    services, _ = services_with(settings, labelling("supports"))
    try:
        results, stats = run_crosscheck(services)
    finally:
        services.store.close()
    assert len(results) == len(claims) and stats.reused == len(kept)


def test_the_judging_code_hash_covers_every_rule_module():
    from pathlib import Path

    from verifier.crosscheck import judge_modules

    here = Path(__file__).resolve().parents[2] / "verifier"
    modules = set(judge_modules())
    # A result judged by older rules must be judged again after an upgrade: every stance module,
    # and what they import (a rule added in a new module is found without a list to keep).
    rules = {"align", "features", "llm_judge", "model", "rules", "same_subject"}
    assert {f"stance.{p.stem}" for p in (here / "stance").glob("*.py") if p.stem in rules} == {
        f"stance.{name}" for name in rules
    }
    assert {f"stance.{name}" for name in rules} <= modules
    assert {
        "stance.subject",
        "stance.figures",
        "extract.quantities",
        "stance.similarity",
        "stance.counts",
        "stance.verdicts",
    } <= modules
    # The word lists, stemmers and sentence splitting the rules use live in vectorstore.
    assert {"vectorstore.terms", "vectorstore.sentences"} <= modules
    assert "crosscheck" not in modules and not any(m.startswith("cli") for m in modules)
    # Training code decides no stance: the model it wrote is in the key through its metadata.
    assert not any(m.startswith("stance.training") for m in modules)


def test_the_extraction_rules_hash_covers_what_extraction_imports():
    from verifier.code_hash import modules_of

    # The hand-kept list it replaces had left out injection, which the gate uses.
    assert {
        "extract.checkworthy",
        "extract.attribution",
        "extract.quantities",
        "extract.decontext",
        "stance.subject",
        "stance.figures",
        "injection",
    } <= set(modules_of("extract.claims"))
