"""End to end from the seeds: ingest, extract, crosscheck (fake LLM, hash embedder), report, review."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import verifier
from verifier.archive import review_claim
from verifier.cli.main import app
from verifier.errors import InputError, NotFoundError
from verifier.prompts import prompt_hashes
from verifier.reports import (
    FORMATS,
    Report,
    build_report,
    import_review_csv,
    render,
    render_csv,
)
from verifier.reviews import ReviewStore
from verifier.services import build_services
from verifier.settings import Settings

runner = CliRunner()
SEEDS = Path(verifier.__file__).resolve().parent.parent / "seeds"
MASK = "2000-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seeds ingested, extracted and crosschecked once for this module."""
    from verifier.crosscheck import crosscheck
    from verifier.extract.claims import extract_claims

    data = tmp_path_factory.mktemp("report") / "data"
    settings = Settings(
        data_dir=data,
        llm="fake",
        embedder="hash",
        stance_model=data / "no-stance-model",
        _env_file=None,
    )
    services = build_services(settings)
    services.store.ingest([SEEDS])
    extract_claims(services)
    crosscheck(services)
    yield services
    services.store.close()


@pytest.fixture
def svc(seeded, tmp_path):
    """The seeded services with a review store of this test's own."""
    return build_services(
        seeded.settings,
        store=seeded.store,
        claims=seeded.claims,
        llm=seeded.llm,
        reviews=ReviewStore(tmp_path / "reviews.sqlite3"),
    )


def masked(report: Report) -> str:
    return report.model_copy(
        update={"provenance": report.provenance.model_copy(update={"generated_at": MASK})}
    ).model_dump_json()


def test_report_from_the_seeds_with_provenance(svc):
    report = build_report(svc)
    claims = svc.claims.claims()
    assert report.summary.articles == 5 and report.summary.claims == len(claims) > 0
    assert report.summary.checked == len(svc.claims.results())
    p = report.provenance
    assert p.claimcheck_version == verifier.__version__
    assert p.model == svc.llm.name and p.corpus_hash == svc.store.corpus_hash()
    assert p.prompt_hashes == prompt_hashes()
    assert p.settings == {**svc.settings.results_fingerprint(), "semantic_groups": False}
    assert p.generated_at.startswith("20")
    titles = [s.article.title for s in report.articles]
    assert sorted(titles) == sorted(a.title for a in svc.store.articles())


def test_the_report_says_who_judged_the_stances(svc, tmp_path):
    report = build_report(svc)
    assert report.provenance.stance_judge == "the LLM only (no trained classifier)"
    model = tmp_path / "clf"
    model.mkdir()
    (model / "stance_meta.json").write_text('{"kind": "cross-encoder", "evidence_threshold": 0.7}')
    (model / "config.json").write_text("{}")
    with_classifier = build_services(
        svc.settings.model_copy(update={"stance_model": model}),
        store=svc.store,
        claims=svc.claims,
        llm=svc.llm,
        reviews=svc.reviews,
    )
    report = build_report(with_classifier)
    judge = "trained classifier (clf, evidence at P(relevant) ≥ 0.70), checked by the figure rules"
    assert report.provenance.stance_judge == judge
    for fmt in ("md", "html"):
        text = render(report, fmt).replace("&gt;", ">")
        if fmt == "md":
            text = re.sub(r"\\(.)", r"\1", text)  # undo Markdown's backslash escapes
        assert f"stances by {judge}" in text
        assert "Stance judge" in text and "train_stance.sh" not in text


def test_semantic_grouping_uses_the_store_embedder(svc):
    plain, semantic = build_report(svc), build_report(svc, semantic=True)
    assert semantic.provenance.settings["semantic_groups"] is True
    # Embeddings only ever add links: every plain group's claims stay grouped together.
    group_of = {cid: g.id for g in semantic.groups for cid in g.claim_ids}
    for group in plain.groups:
        assert len({group_of.get(cid) for cid in group.claim_ids} - {None}) == 1


def test_every_format_comes_out_and_reads_back(svc):
    report = build_report(svc)
    out = {fmt: render(report, fmt) for fmt in FORMATS}
    assert Report.model_validate_json(out["json"]) == report
    for section in report.articles:
        assert section.article.title.split()[0] in out["md"]
    assert out["html"].startswith("<!DOCTYPE html>") and "<script" not in out["html"].lower()
    rows = list(csv.DictReader(io.StringIO(out["csv"])))
    assert len(rows) == sum(max(1, len(c.evidence)) for c in report.claim_entries())
    reviews = json.loads(out["claimreview"])
    assert len(reviews) == report.summary.checked
    assert {r["author"]["name"] for r in reviews} == {svc.settings.reviewer_org}
    with pytest.raises(InputError, match="unknown report format"):
        render(report, "pdf")


def test_same_corpus_warm_cache_same_report_except_time(svc):
    from verifier.crosscheck import crosscheck
    from verifier.extract.claims import extract_claims

    first = build_report(svc, generated_at="2026-01-01T00:00:00+00:00")
    extract_claims(svc)
    crosscheck(svc)
    second = build_report(svc)
    assert first.provenance.generated_at != second.provenance.generated_at
    assert masked(first) == masked(second)


def test_review_shows_in_report_and_csv_import_is_all_or_nothing(svc, tmp_path):
    report = build_report(svc)
    first, second = report.claim_entries()[:2]
    review_claim(svc, first.id, "confirm", reviewer="ana")
    after = build_report(svc)
    assert (after.summary.reviewed, after.summary.confirmed, after.summary.overridden) == (1, 1, 0)
    assert "confirmed by ana" in render(after, "md")

    rows = list(csv.DictReader(io.StringIO(render_csv(after))))
    target = next(r for r in rows if r["claim_id"] == second.id)
    new = "disputed" if second.machine_verdict != "disputed" else "contradicted"
    target["reviewer_verdict"], target["reviewer_note"] = new, "=cmd see ministry figures"
    good = tmp_path / "good.csv"
    _write(good, rows)
    bad_rows = [dict(r) for r in rows]
    bad_rows[-1]["reviewer_verdict"] = "probably"
    bad = tmp_path / "bad.csv"
    _write(bad, bad_rows)

    before = svc.reviews.reviews()
    with pytest.raises(InputError, match=rf"row {len(rows) + 1}: unknown verdict 'probably'"):
        import_review_csv(svc, bad)
    assert svc.reviews.reviews() == before  # the good row of the bad file was not written

    summary = import_review_csv(svc, good)
    assert (summary.imported, summary.overridden, summary.rows) == (1, 1, len(rows))
    final = build_report(svc)
    entry = next(c for c in final.claim_entries() if c.id == second.id)
    assert entry.verdict == new and entry.machine_verdict == second.machine_verdict
    assert entry.review.note == "=cmd see ministry figures"
    assert final.summary.overridden == 1 and final.summary.confirmed == 1
    exported = list(csv.DictReader(io.StringIO(render_csv(final))))
    assert next(r for r in exported if r["claim_id"] == second.id)["review"].endswith(
        ": =cmd see ministry figures"
    )


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def cli_env(seeded, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_DATA_DIR", str(seeded.settings.data_dir))
    monkeypatch.setenv("CLAIMCHECK_EMBEDDER", "hash")
    monkeypatch.setenv("CLAIMCHECK_LLM", "fake")
    monkeypatch.setenv("CLAIMCHECK_REVIEWER_ORG", "Example Desk")
    return seeded


def test_cli_report_review_and_import(cli_env, tmp_path):
    claim = cli_env.claims.claims()[0]
    result = runner.invoke(app, ["review", claim.id, "--verdict", "confirm", "--reviewer", "ana"])
    assert result.exit_code == 0, result.output
    assert f"claim {claim.id}:" in result.output and "confirmed" in result.output

    out = tmp_path / "out" / "report.html"
    result = runner.invoke(app, ["report", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 reviewed (1 confirmed, 0 overridden)" in result.output
    assert "confirmed by ana" in out.read_text()

    result = runner.invoke(app, ["report", "--format", "claimreview"])
    assert result.exit_code == 0
    assert {r["author"]["name"] for r in json.loads(result.output)} == {"Example Desk"}

    csv_path = tmp_path / "report.csv"
    assert runner.invoke(app, ["report", "-f", "csv", "-o", str(csv_path)]).exit_code == 0
    result = runner.invoke(app, ["review", "import", str(csv_path)])
    assert result.exit_code == 0, result.output
    assert "imported 0 review(s)" in result.output

    schema = runner.invoke(app, ["report", "--schema"])
    assert json.loads(schema.output)["title"] == "Report"


def test_cli_errors(cli_env):
    result = runner.invoke(app, ["review", "0000000000000000", "--verdict", "corroborated"])
    assert isinstance(result.exception, NotFoundError)
    result = runner.invoke(app, ["review", cli_env.claims.claims()[0].id, "--verdict", "yes"])
    assert isinstance(result.exception, InputError) and "unknown verdict" in str(result.exception)
    result = runner.invoke(app, ["report", "--format", "pdf"])
    assert isinstance(result.exception, InputError)
    result = runner.invoke(app, ["review", "import"])
    assert isinstance(result.exception, InputError)
