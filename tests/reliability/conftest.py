"""Helpers for the reliability tests: the CLI as a subprocess on a tmp data dir, and store audits."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "injection_corpus"
TEMPLATE_ARTICLES = 10


def load_bench(name: str):
    """Import a module of the bench package by name."""
    return importlib.import_module(f"bench.{name}")


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment of a claimcheck child: fake LLM, hash embedder, this data dir, nothing inherited."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMCHECK_", "OPENAI_"))}
    env.update(
        CLAIMCHECK_DATA_DIR=str(data_dir),
        CLAIMCHECK_LLM="fake",
        CLAIMCHECK_EMBEDDER="hash",
        CLAIMCHECK_STANCE_MODEL=str(data_dir / "no-stance-model"),
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        COLUMNS="200",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"CLAIMCHECK_{k.upper()}": v for k, v in extra.items()})
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "verifier.cli.main", *args]


def run_cli(env: dict, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run one claimcheck command to completion."""
    return subprocess.run(
        cli(*args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def start_cli(env: dict, *args: str, log: Path) -> subprocess.Popen:
    """Start a claimcheck command in the background (output to `log`)."""
    handle = open(log, "wb")
    proc = subprocess.Popen(cli(*args), cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    proc.log = log  # type: ignore[attr-defined]
    handle.close()
    return proc


def query(db: Path, sql: str) -> list[tuple]:
    """Read-only query of a SQLite file (another process may be writing it)."""
    if not db.exists():
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError:  # table not created yet
        return []
    finally:
        con.close()


def scalar(db: Path, sql: str) -> int:
    rows = query(db, sql)
    return rows[0][0] if rows else 0


def wait_until(check: Callable[[], bool], proc: subprocess.Popen, timeout: float = 120) -> None:
    """Poll until check() holds; fail if the child exits or time runs out first."""
    deadline = time.time() + timeout
    while not check():
        if proc.poll() is not None:
            pytest.fail(
                f"child finished before it could be killed:\n{Path(proc.log).read_text()[-2000:]}"
            )
        if time.time() > deadline:
            proc.kill()
            pytest.fail("no progress visible in time")
        time.sleep(0.05)


def kill9(proc: subprocess.Popen) -> None:
    """SIGKILL the child: no cleanup, no atexit, no flush."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


_CHROMA_IDS = """
import chromadb, json, sys
client = chromadb.PersistentClient(path=sys.argv[1], settings=chromadb.Settings(anonymized_telemetry=False))
names = [c.name for c in client.list_collections()]
stored, indexed = [], []
if "claimcheck" in names:
    coll = client.get_collection("claimcheck")
    stored = coll.get(include=[])["ids"]
    if stored:
        probe = coll.get(ids=stored[:1], include=["embeddings"])["embeddings"]
        found = coll.query(query_embeddings=probe, n_results=len(stored), include=[])
        indexed = found["ids"][0]
print(json.dumps({"stored": stored, "indexed": indexed}))
"""


def chroma_ids(data_dir: Path) -> tuple[list[str], list[str]]:
    """(ids stored, ids a nearest-neighbour query reaches) in the data dir's Chroma, read by a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _CHROMA_IDS, str(data_dir / "chroma")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    return found["stored"], found["indexed"]


def audit_store(data_dir: Path) -> dict:
    """Check the archive is whole: SQLite intact, every chunk of a complete article has its vector."""
    catalog = data_dir / "catalog.sqlite3"
    assert integrity(catalog) == "ok"
    assert integrity(data_dir / "chroma" / "chroma.sqlite3") == "ok"
    statuses = dict(query(catalog, "SELECT status, COUNT(*) FROM articles GROUP BY status"))
    complete_chunks = {
        r[0]
        for r in query(
            catalog,
            "SELECT c.id FROM chunks c JOIN articles a ON a.id=c.article_id WHERE a.status='complete'",
        )
    }
    all_chunks = {r[0] for r in query(catalog, "SELECT id FROM chunks")}
    ids, indexed = chroma_ids(data_dir)
    assert len(ids) == len(set(ids)), "duplicate vector ids"
    assert set(indexed) == set(ids), (
        f"{len(set(ids) - set(indexed))} stored vectors are not searchable"
    )
    missing = complete_chunks - set(ids)
    assert not missing, f"{len(missing)} chunks of complete articles have no vector"
    orphans = set(ids) - all_chunks
    assert not orphans, f"{len(orphans)} vectors belong to no chunk of the catalog"
    no_chunks = scalar(
        catalog,
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM chunks c WHERE c.article_id=a.id)",
    )
    assert no_chunks == 0, "articles without chunks"
    return {"statuses": statuses, "chunks": len(complete_chunks), "vectors": len(ids)}


def audit_claims(data_dir: Path) -> dict:
    """Claims and results whole: each extraction run's count matches its stored claims."""
    db = data_dir / "claims.sqlite3"
    assert integrity(db) == "ok"
    runs = dict(query(db, "SELECT article_id, count FROM extractions"))
    stored = dict(query(db, "SELECT article_id, COUNT(*) FROM claims GROUP BY article_id"))
    for article_id, count in runs.items():
        assert stored.get(article_id, 0) == count, f"article {article_id}: half-written claims"
    assert set(stored) <= set(runs), "claims without an extraction run"
    orphan_results = scalar(
        db, "SELECT COUNT(*) FROM results WHERE claim_id NOT IN (SELECT id FROM claims)"
    )
    assert orphan_results == 0
    from verifier.schemas import CheckResult

    for (raw,) in query(db, "SELECT json FROM results"):
        CheckResult.model_validate_json(raw)
    return {
        "articles": len(runs),
        "claims": scalar(db, "SELECT COUNT(*) FROM claims"),
        "results": scalar(db, "SELECT COUNT(*) FROM results"),
    }


@pytest.fixture(scope="session")
def synthetic():
    """The bench's synthetic archive generator."""
    return load_bench("make_synthetic_archive")


@pytest.fixture(scope="session")
def extracted_template(tmp_path_factory, synthetic):
    """A data dir with TEMPLATE_ARTICLES short synthetic articles ingested and their claims extracted (by the CLI)."""
    base = tmp_path_factory.mktemp("template")
    archive = synthetic.write_archive(base / "archive", n=TEMPLATE_ARTICLES, seed=11, max_extra=6)
    data = base / "data"
    env = cli_env(data)
    for args in (("ingest", str(archive)), ("extract",)):
        done = run_cli(env, *args)
        assert done.returncode == 0, done.stderr[-2000:]
    return data


@pytest.fixture
def copy_template(tmp_path):
    """Copy a template data dir into this test's tmp dir."""

    def copy(template: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(template, target)
        return target

    return copy
