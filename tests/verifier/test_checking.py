"""check_claim and `claimcheck check`: a pasted claim against the whole archive."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.verifier.stance_fakes import labelling, services_with
from verifier.checking import check_claim
from verifier.errors import InputError

KHERSON = "Commanders of Russian elite units moved their families out of the Kherson region"
EIFFEL = "The Eiffel Tower was sold to a Brazilian bank in 2019"


@pytest.fixture
def supporting(settings, seeds_dir):
    services, llm = services_with(settings, labelling("supports"))
    services.store.ingest([seeds_dir])
    yield services, llm
    services.store.close()


def test_check_returns_a_complete_result(supporting):
    services, _ = supporting
    result = check_claim(services, KHERSON, k=5)
    assert result.verdict == "corroborated"
    assert result.claim == KHERSON
    assert len(result.evidence) == 5
    assert result.supporting_articles == sorted(
        {e.article_id for e in result.evidence if e.stance == "supports"}
    )
    assert 0 < result.confidence <= 1
    assert result.rule.startswith("corroborated")
    kherson = next(a for a in services.store.articles() if "83rd and 11th Guards" in a.text)
    assert kherson.id in result.supporting_articles
    assert result.usage.calls >= 1


def test_unmentioned_claim_is_unverified_without_model_calls(supporting):
    services, llm = supporting
    result = check_claim(services, EIFFEL, k=5)
    assert result.verdict == "unverified"
    assert result.usage.calls == 0 and llm.calls == []


def test_claim_figures_are_reported(supporting):
    services, _ = supporting
    result = check_claim(services, "Ukraine killed 12,730 Russian soldiers last month", k=3)
    assert [(q.value, q.per) for q in result.quantities] == [(12730.0, "month")]
    assert any(e.quantities for e in result.evidence)


def test_excluding_the_only_source_leaves_the_claim_unverified(supporting):
    services, _ = supporting
    source = next(a for a in services.store.articles() if "55 percent" in a.text)
    claim = "The Russian-backed militia in Donetsk had lost 55 percent of its original force"
    assert source.id in check_claim(services, claim).supporting_articles
    assert source.id not in {
        e.article_id for e in check_claim(services, claim, exclude_article=source.id).evidence
    }


@pytest.mark.parametrize("bad", ["", "   ", "x" * 5000])
def test_bad_claims_are_input_errors(supporting, bad):
    services, _ = supporting
    with pytest.raises(InputError):
        check_claim(services, bad)


def test_same_check_twice_costs_nothing_the_second_time(settings, seeds_dir):
    from verifier.services import build_services

    services = build_services(settings)  # the configured fake, with the persistent cache
    services.store.ingest([seeds_dir])
    first = check_claim(services, KHERSON)
    second = check_claim(services, KHERSON)
    services.store.close()
    assert first.usage.calls > 0
    assert second.usage.calls == 0 and second.usage.cache_hits == first.usage.calls
    assert second.verdict == first.verdict


@pytest.fixture
def cli_env(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key, value in {
        "CLAIMCHECK_DATA_DIR": str(tmp_path / "data"),
        "CLAIMCHECK_LLM": "fake",
        "CLAIMCHECK_EMBEDDER": "hash",
    }.items():
        monkeypatch.setenv(key, value)
    from verifier.cli.main import app

    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
    return runner, app


def test_cli_check_json_prints_one_object(cli_env):
    runner, app = cli_env
    result = runner.invoke(app, ["check", KHERSON, "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["claim"] == KHERSON
    assert data["verdict"] in {"corroborated", "contradicted", "disputed", "unverified"}
    assert len(data["evidence"]) == 3
    for e in data["evidence"]:
        assert {
            "article_id",
            "title",
            "chunk_id",
            "quote",
            "start",
            "end",
            "stance",
            "rationale",
        } <= set(e)
    assert "calls" in data["usage"]


def test_cli_check_human_output_shows_verdict_and_quotes(cli_env):
    runner, app = cli_env
    result = runner.invoke(
        app, ["check", "Ukraine killed 12,730 Russian soldiers last month", "-k", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "claim figures: 12,730" in result.output
    assert any(
        v in result.output for v in ("CORROBORATED", "UNVERIFIED", "DISPUTED", "CONTRADICTED")
    )


def test_cli_check_rejects_an_empty_claim(cli_env):
    proc = subprocess.run(
        [sys.executable, "-m", "verifier.cli.main", "check", "  "], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "claim is empty" in proc.stderr


# --- the hand-checks of issue 4, through the real embedded model and real MiniLM ----------------


@pytest.fixture(scope="module")
def real_services(tmp_path_factory):
    from tests.conftest import SEEDS
    from verifier.services import build_services
    from verifier.settings import Settings

    root = tmp_path_factory.mktemp("real")
    # The real tiny-LLM stance path; the packaged classifier's path is tests/verifier/test_packaged_stance.py.
    settings = Settings(
        data_dir=root / "data",
        llm="embedded",
        embedder="minilm",
        stance_model=root / "no-stance-model",
        _env_file=None,
    )
    services = build_services(settings)
    services.store.ingest([SEEDS])
    yield services
    services.store.close()


@pytest.mark.real
def test_real_kherson_commanders_claim_is_corroborated_with_a_verbatim_quote(real_services):
    result = check_claim(real_services, KHERSON, k=5)
    source = next(a for a in real_services.store.articles() if "83rd and 11th Guards" in a.text)
    assert result.verdict == "corroborated", result.model_dump_json(indent=1)
    assert source.id in result.supporting_articles
    quote = next(e for e in result.evidence if e.article_id == source.id and e.stance == "supports")
    assert source.text[quote.start : quote.end] == quote.quote


@pytest.mark.real
def test_real_claim_the_archive_never_mentions_is_unverified(real_services):
    result = check_claim(real_services, EIFFEL, k=5)
    assert result.verdict == "unverified", result.model_dump_json(indent=1)


@pytest.mark.real
def test_real_mobilisation_figure_finds_the_other_article(real_services):
    from tests.verifier.check_helpers import store_seed_claims
    from verifier.crosscheck import crosscheck

    claims = store_seed_claims(real_services)
    claim = next(c for c in claims if "300,000" in c.text)
    result = crosscheck(real_services)[claim.id]
    repeating = next(
        a for a in real_services.store.articles() if "mobilising 300,000 people" in a.text
    )
    assert repeating.id in result.supporting_articles, result.model_dump_json(indent=1)
    assert result.verdict == "corroborated"
