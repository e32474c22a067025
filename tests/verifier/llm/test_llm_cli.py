"""`claimcheck doctor` and `claimcheck usage` through the real CLI entry point."""

from __future__ import annotations

import sys

import pytest

from verifier.cli.main import main


def run_cli(monkeypatch, capsys, tmp_path, *args, **env):
    """Run `claimcheck ARGS` with CLAIMCHECK_ variables; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no stray .env file
    for name in ("OPENAI_API_KEY", "CLAIMCHECK_API_KEY", "CLAIMCHECK_BASE_URL", "CLAIMCHECK_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLAIMCHECK_DATA_DIR", str(tmp_path / "data"))
    for key, value in env.items():
        monkeypatch.setenv(f"CLAIMCHECK_{key.upper()}", value)
    monkeypatch.setattr(sys, "argv", ["claimcheck", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_doctor_ok_with_the_fake_model(monkeypatch, capsys, tmp_path):
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path, "doctor", llm="fake")
    assert code == 0
    assert "provider: fake" in out and "cache:" in out and "OK: fake answered" in out


def test_doctor_names_the_missing_key_and_exits_2(monkeypatch, capsys, tmp_path):
    code, out, err = run_cli(monkeypatch, capsys, tmp_path, "doctor", llm="openai")
    assert code == 2
    assert "provider: openai" in out and "OPENAI_API_KEY" in err


def test_doctor_with_cache_off_says_so(monkeypatch, capsys, tmp_path):
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path, "doctor", llm="fake", cache="false")
    assert code == 0 and "cache: off" in out


def test_usage_lists_logged_calls_per_operation_and_resets(monkeypatch, capsys, tmp_path):
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path, "usage", llm="fake")
    assert code == 0 and "no model usage recorded" in out
    run_cli(monkeypatch, capsys, tmp_path, "doctor", llm="fake")
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path, "usage", "--reset", llm="fake")
    assert code == 0 and "doctor" in out and "fake" in out and "emptied" in out
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path, "usage", llm="fake")
    assert "no model usage recorded" in out


@pytest.mark.real
def test_doctor_reports_a_corrupt_gguf_with_the_variable(monkeypatch, capsys, tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all" * 100)
    code, out, err = run_cli(monkeypatch, capsys, tmp_path, "doctor", llm="embedded", gguf=str(bad))
    assert code == 2
    assert f"file: {bad}" in out and "CLAIMCHECK_GGUF" in err
