"""A bad CLAIMCHECK_* value: the CLI names the variable in one line and exits non-zero."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from verifier.cli.main import app, main
from verifier.errors import ConfigError

runner = CliRunner()


@pytest.fixture
def bad_top_k(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAIMCHECK_EMBEDDER", "hash")
    monkeypatch.setenv("CLAIMCHECK_LLM", "fake")
    monkeypatch.setenv("CLAIMCHECK_TOP_K", "abc")


def test_a_bad_setting_is_a_config_error_naming_the_variable(bad_top_k):
    result = runner.invoke(app, ["articles"])
    assert isinstance(result.exception, ConfigError), result.exception
    assert "CLAIMCHECK_TOP_K" in str(result.exception)


@pytest.mark.parametrize("command", [["articles"], ["check", "Kyiv is in Ukraine"], ["usage"]])
def test_the_console_script_prints_one_line_and_exits_2(bad_top_k, monkeypatch, capsys, command):
    monkeypatch.setattr(sys, "argv", ["claimcheck", *command])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: invalid settings: CLAIMCHECK_TOP_K: ")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_load_settings_names_every_bad_variable(tmp_path):
    from verifier.settings import load_settings

    with pytest.raises(ConfigError) as info:
        load_settings(data_dir=tmp_path, top_k="x", evidence_threshold=2, _env_file=None)
    assert "CLAIMCHECK_TOP_K" in str(info.value)
    assert "CLAIMCHECK_EVIDENCE_THRESHOLD" in str(info.value)


def test_default_data_dir_is_the_checkouts_else_the_current_directorys(tmp_path, monkeypatch):
    from verifier.settings import PROJECT_ROOT, Settings, default_data_dir

    monkeypatch.delenv("CLAIMCHECK_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    # A checkout (pyproject.toml beside verifier/): the repository's data/, whatever the cwd.
    assert Settings(_env_file=None).data_dir == PROJECT_ROOT / "data"
    assert default_data_dir() == PROJECT_ROOT / "data"
    # A plain `pip install .`: the package sits in site-packages, so data/ of the cwd.
    site_packages = tmp_path / "site-packages"
    site_packages.mkdir()
    assert default_data_dir(site_packages) == tmp_path / "data"
