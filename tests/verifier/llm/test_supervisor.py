"""The model-server supervisor's bookkeeping, without a model: stale state, pid reuse, the CLI stop."""

from __future__ import annotations

import json
import subprocess
import sys

from verifier.llm.supervisor import STATE_DIR, stop_servers


def _state(data, name, pid):
    folder = data / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps({"pid": pid, "port": 1}))
    return folder / f"{name}.json"


def test_stop_never_kills_a_process_that_only_reused_the_pid(tmp_path):
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        state = _state(tmp_path, "a", stranger.pid)
        assert stop_servers(tmp_path) == 0
        assert stranger.poll() is None and not state.exists()  # stale state gone, process untouched
    finally:
        stranger.kill()
        stranger.wait()


def test_stop_forgets_dead_and_unreadable_servers(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _state(tmp_path, "dead", dead.pid)
    (tmp_path / STATE_DIR / "junk.json").write_text("not json")
    assert stop_servers(tmp_path) == 0
    assert not (tmp_path / STATE_DIR / "dead.json").exists()


def test_model_stop_command_with_nothing_running(tmp_path, monkeypatch, capsys):
    from verifier.cli.main import main

    monkeypatch.setenv("CLAIMCHECK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["claimcheck", "model", "stop"])
    try:
        main()
    except SystemExit as exc:
        assert not exc.code
    assert "stopped 0 embedded model server(s)" in capsys.readouterr().out
