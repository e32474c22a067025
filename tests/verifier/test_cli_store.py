"""claimcheck ingest / search / articles / remove, through the Typer app and the console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli.main import app
from verifier.errors import InputError, NotFoundError

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAIMCHECK_EMBEDDER", "hash")
    monkeypatch.setenv("CLAIMCHECK_LLM", "fake")
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=True)


def test_ingest_prints_a_summary_and_is_idempotent(cli_env, seeds_dir):
    (cli_env / "empty.txt").write_text("")
    first = invoke("ingest", str(seeds_dir), str(cli_env / "empty.txt"))
    assert first.exit_code == 0, first.output
    assert "added 5, updated 0, unchanged 0, skipped 1" in first.output
    assert "empty file" in first.output
    second = invoke("ingest", str(seeds_dir))
    assert "added 0, updated 0, unchanged 5, skipped 0" in second.output


def test_ingest_of_nothing_usable_is_an_error(cli_env):
    (cli_env / "empty.txt").write_text("")
    result = invoke("ingest", str(cli_env / "empty.txt"))
    assert isinstance(result.exception, InputError)


def test_search_json_has_offsets_that_slice_the_article(cli_env, seeds_dir):
    invoke("ingest", str(seeds_dir))
    result = invoke("search", "Kryvyi Rih", "-k", "3", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 3 and "Kryvyi Rih" in rows[0]["text"]
    articles = {a["id"]: a for a in json.loads(invoke("articles", "--json").output)}
    top = rows[0]
    assert (
        top["chunk_id"].startswith(top["article_id"])
        and top["title"] == articles[top["article_id"]]["title"]
    )
    assert 0 <= top["start"] < top["end"] <= articles[top["article_id"]]["chars"]
    excluded = json.loads(
        invoke("search", "Kryvyi Rih", "--json", "--exclude", top["article_id"]).output
    )
    assert top["article_id"] not in {r["article_id"] for r in excluded}
    lexical = json.loads(
        invoke("search", "12,730", "-k", "1", "--json", "--mode", "lexical").output
    )
    assert "12,730" in lexical[0]["text"] and lexical[0]["dense_rank"] is None


def test_search_text_output_names_title_ids_and_offsets(cli_env, seeds_dir):
    invoke("ingest", str(seeds_dir))
    out = invoke("search", "12,730", "-k", "1").output
    assert "chunk " in out and "chars " in out and "score " in out and "12,730" in out


def test_articles_and_remove(cli_env, seeds_dir):
    invoke("ingest", str(seeds_dir))
    listed = json.loads(invoke("articles", "--json").output)
    assert len(listed) == 5 and all("text" not in a for a in listed)
    victim = listed[0]["id"]
    assert invoke("remove", victim).exit_code == 0
    assert victim not in {a["id"] for a in json.loads(invoke("articles", "--json").output)}
    assert "4 articles" in invoke("articles").output
    assert isinstance(invoke("remove", victim).exception, NotFoundError)


def test_console_script_exit_codes(cli_env):
    env = {
        **os.environ,
        "CLAIMCHECK_DATA_DIR": str(cli_env / "data"),
        "CLAIMCHECK_EMBEDDER": "hash",
    }
    cmd = [sys.executable, "-m", "verifier.cli.main"]
    root = Path(__file__).resolve().parents[2]
    missing = subprocess.run(
        cmd + ["remove", "0000000000000000"], env=env, cwd=root, capture_output=True, text=True
    )
    assert missing.returncode == 2 and "no article" in missing.stderr
    # A usage error is a message and exit code 2, never a traceback (typer vendors its own click).
    usage = subprocess.run(
        cmd + ["report", "--no-such-option"], env=env, cwd=root, capture_output=True, text=True
    )
    assert usage.returncode == 2 and "No such option" in usage.stderr
    assert "Traceback" not in usage.stderr
