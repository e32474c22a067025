"""kill -9 in the middle of ingest, extraction and crosscheck: the next run resumes and nothing is lost."""

from __future__ import annotations

import json
import sqlite3

from tests.reliability.conftest import (
    TEMPLATE_ARTICLES,
    audit_claims,
    audit_store,
    cli_env,
    kill9,
    query,
    run_cli,
    scalar,
    start_cli,
    wait_until,
)

N_INGEST = 600  # short articles, written one batch (256 chunks) at a time: the kill lands early


def test_kill_during_ingest_then_resume(tmp_path, synthetic):
    archive = synthetic.write_archive(tmp_path / "archive", n=N_INGEST, seed=3, max_extra=4)
    data = tmp_path / "data"
    env = cli_env(data)
    catalog = data / "catalog.sqlite3"
    child = start_cli(env, "ingest", str(archive), log=tmp_path / "ingest.log")
    wait_until(
        lambda: scalar(catalog, "SELECT COUNT(*) FROM articles WHERE status='complete'") >= 1, child
    )
    kill9(child)

    interrupted = audit_store(data)  # whatever was complete at the kill is whole
    assert 1 <= interrupted["statuses"].get("complete", 0) < N_INGEST

    done = run_cli(env, "ingest", str(archive))
    assert done.returncode == 0, done.stderr[-2000:]
    after = audit_store(data)
    assert after["statuses"] == {"complete": N_INGEST}
    assert after["vectors"] == after["chunks"]
    sources = query(
        catalog, "SELECT source, COUNT(*) FROM articles GROUP BY source HAVING COUNT(*) > 1"
    )
    assert sources == [], "an article was stored twice"
    # A third run finds nothing to do.
    again = run_cli(env, "ingest", str(archive))
    assert f"added 0, updated 0, unchanged {N_INGEST}" in again.stdout


def test_kill_during_extraction_then_resume(tmp_path, extracted_template, copy_template):
    data = copy_template(extracted_template)
    db = data / "claims.sqlite3"
    expected = audit_claims(data)
    # Forget every extraction so the child has every article to do again.
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM results")
        con.execute("DELETE FROM claims")
        con.execute("DELETE FROM extractions")
    env = cli_env(data)
    child = start_cli(env, "extract", log=tmp_path / "extract.log")
    wait_until(lambda: scalar(db, "SELECT COUNT(*) FROM extractions") >= 2, child)
    kill9(child)

    interrupted = audit_claims(data)  # no article has half its claims
    assert 2 <= interrupted["articles"] < TEMPLATE_ARTICLES

    done = run_cli(env, "extract", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    cached = sum(1 for a in report["articles"] if a["cached"])
    assert cached >= interrupted["articles"]  # finished work was not redone
    after = audit_claims(data)
    assert after["articles"] == TEMPLATE_ARTICLES
    assert after["claims"] == expected["claims"]  # same claims as an uninterrupted run
    ids = query(db, "SELECT id FROM claims")
    assert len(ids) == len(set(ids))


def test_kill_during_crosscheck_then_resume(tmp_path, extracted_template, copy_template):
    data = copy_template(extracted_template)
    db = data / "claims.sqlite3"
    claims = scalar(db, "SELECT COUNT(*) FROM claims")
    env = cli_env(data)
    child = start_cli(env, "crosscheck", log=tmp_path / "crosscheck.log")
    wait_until(lambda: scalar(db, "SELECT COUNT(*) FROM results") >= 10, child)
    kill9(child)

    interrupted = audit_claims(data)
    assert 10 <= interrupted["results"] < claims

    done = run_cli(env, "crosscheck", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)["summary"]
    assert summary["claims"] == claims
    assert summary["judged"] + summary["reused"] == claims
    assert summary["reused"] >= interrupted["results"]  # saved results were kept, not redone
    assert audit_claims(data)["results"] == claims
    again = json.loads(run_cli(env, "crosscheck", "--json").stdout)["summary"]
    assert again["judged"] == 0 and again["reused"] == claims
