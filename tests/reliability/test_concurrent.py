"""Two processes at once on one data dir: no corrupted store, no lost write."""

from __future__ import annotations

import sqlite3

from tests.reliability.conftest import (
    TEMPLATE_ARTICLES,
    audit_claims,
    audit_store,
    cli_env,
    run_cli,
    start_cli,
)

MORE = 20


def _finish(*children) -> None:
    for child in children:
        child.wait(timeout=300)
        assert child.returncode == 0, child.log.read_text()[-2000:]


def test_two_ingests_at_once(tmp_path, synthetic):
    first = synthetic.write_archive(tmp_path / "a", n=60, seed=21, max_extra=12)
    second = synthetic.write_archive(tmp_path / "b", n=60, seed=22, max_extra=12)
    env = cli_env(tmp_path / "data")
    _finish(
        start_cli(env, "ingest", str(first), log=tmp_path / "a.log"),
        start_cli(env, "ingest", str(second), log=tmp_path / "b.log"),
    )
    audit = audit_store(tmp_path / "data")
    assert audit["statuses"] == {"complete": 120}
    assert audit["vectors"] == audit["chunks"]


def test_ingest_while_extracting_and_two_extractions(
    tmp_path, synthetic, extracted_template, copy_template
):
    data = copy_template(extracted_template)
    with sqlite3.connect(data / "claims.sqlite3") as con:
        for table in ("results", "claims", "extractions"):
            con.execute(f"DELETE FROM {table}")
    more = synthetic.write_archive(tmp_path / "more", n=MORE, seed=23, max_extra=6)
    env = cli_env(data)
    _finish(
        start_cli(env, "extract", log=tmp_path / "extract1.log"),
        start_cli(env, "ingest", str(more), log=tmp_path / "ingest.log"),
        start_cli(env, "extract", log=tmp_path / "extract2.log"),
    )
    assert audit_store(data)["statuses"] == {"complete": TEMPLATE_ARTICLES + MORE}
    assert audit_claims(data)["articles"] >= TEMPLATE_ARTICLES
    done = run_cli(env, "extract")
    assert done.returncode == 0, done.stderr[-2000:]
    assert audit_claims(data)["articles"] == TEMPLATE_ARTICLES + MORE
