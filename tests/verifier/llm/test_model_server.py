"""The embedded model's shared llama.cpp server: constrained output, sharing, crash, restart, idle exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Literal

import pytest
from pydantic import BaseModel

from verifier.errors import LLMError, ModelUnavailableError
from verifier.llm import build_llm
from verifier.llm.supervisor import _pid_alive, stop_servers
from verifier.settings import Settings

pytestmark = [pytest.mark.real, pytest.mark.server]


class Odd(BaseModel):
    """An answer no model writes unless the grammar makes it."""

    word: Literal["zebra-42", "quokka-17"]


ASK = [{"role": "user", "content": "Say hello in French."}]


def _settings(data, **extra) -> Settings:
    return Settings(_env_file=None, data_dir=data, llm="embedded", n_threads=1, **extra)


@pytest.fixture
def data(tmp_path):
    """A data dir whose model servers are stopped at the end, whatever the test did."""
    yield tmp_path / "data"
    stop_servers(tmp_path)


def test_the_server_constrains_output_to_the_schema(data):
    llm = build_llm(_settings(data, cache=False))
    schema = Odd.model_json_schema()
    raw = llm._transport.create(
        model=llm._transport.model,
        messages=ASK,
        max_tokens=20,
        temperature=0.0,
        response_format={"type": "json_schema", "json_schema": {"name": "Odd", "schema": schema}},
    )
    assert json.loads(raw.choices[0].message.content)["word"] in ("zebra-42", "quokka-17")
    assert llm.structured(Odd, ASK, operation="odd", max_tokens=20).word in (
        "zebra-42",
        "quokka-17",
    )


def test_sessions_and_a_cli_command_share_one_server_until_model_stop(data):
    first, second = build_llm(_settings(data)), build_llm(_settings(data))
    assert "answered" in first.check() and "answered" in second.check()
    pid = first._transport.server().pid
    assert second._transport.server().pid == pid
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(CLAIMCHECK_DATA_DIR=str(data), CLAIMCHECK_N_THREADS="1")
    cli = [sys.executable, "-m", "verifier.cli.main"]
    doctor = subprocess.run([*cli, "doctor"], env=env, capture_output=True, text=True, timeout=300)
    assert doctor.returncode == 0, doctor.stderr
    state = json.loads(next((data / "llm-server").glob("*.json")).read_text())
    assert state["pid"] == pid  # the CLI reused the running server, no second model in memory
    stop = subprocess.run([*cli, "model", "stop"], env=env, capture_output=True, text=True)
    assert "stopped 1" in stop.stdout, stop.stderr
    deadline = time.monotonic() + 15
    while first._transport.server().exit_reason() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _pid_alive(pid)
    assert "answered" in first.check()  # and the next request starts it again
    assert first._transport.server().pid != pid


def test_sigkill_mid_request_is_a_clear_error_and_the_next_call_restarts(data):
    llm = build_llm(_settings(data, cache=False))
    llm.check()
    pid = llm._transport.server().pid
    threading.Timer(0.3, os.kill, (pid, signal.SIGKILL)).start()
    with pytest.raises(ModelUnavailableError) as caught:
        list(llm.stream_text(ASK, operation="chat", max_tokens=400))
    message = str(caught.value)
    assert f"pid {pid}" in message and "killed by SIGKILL" in message, message
    assert "restarts the model" in message
    assert "answered" in llm.check()
    assert llm._transport.server().pid != pid


def test_a_native_crash_during_the_doctor_probe_is_reported_with_the_fix(data):
    llm = build_llm(_settings(data, cache=False))
    llm.check()
    pid = llm._transport.server().pid
    threading.Timer(0.3, os.kill, (pid, signal.SIGSEGV)).start()  # what an AMX build did
    with pytest.raises(LLMError) as caught:
        llm.check()  # the probe `claimcheck doctor` runs
    message = str(caught.value)
    assert "killed by SIGSEGV" in message and "scripts/install.sh" in message, message


def test_an_idle_server_exits_by_itself(data):
    llm = build_llm(_settings(data, model_idle_timeout=2))
    llm.check()
    server = llm._transport.server()
    deadline = time.monotonic() + 60
    while server.exit_reason() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server.exit_reason() == "exited with status 0"
    assert "idle for 2 s" in server.log_file.read_text()
