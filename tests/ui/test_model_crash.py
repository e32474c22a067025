"""The embedded model's server is SIGKILLed during a check in the app: a banner, then a working retry."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from tests.ui.helpers import SEEDS, open_app, texts
from verifier.llm.supervisor import stop_servers

pytestmark = [pytest.mark.real, pytest.mark.server]

CLAIM = "Putin took direct control of the military campaign in Ukraine."


@pytest.fixture
def real_model_services(data_dir, monkeypatch):
    """The app's services with the real embedded model judging every stance; its server stopped after."""
    monkeypatch.setenv("CLAIMCHECK_LLM", "embedded")
    monkeypatch.setenv("CLAIMCHECK_N_THREADS", "1")
    monkeypatch.setenv("CLAIMCHECK_CACHE", "false")
    monkeypatch.setenv("CLAIMCHECK_STANCE_JUDGE", "llm")
    from ui.state import load_services

    services = load_services()
    services.store.ingest([SEEDS])
    yield services
    stop_servers(data_dir)


def _check(at):
    at.text_area[0].input(CLAIM)
    at.button[0].click().run()
    assert not at.exception, at.exception  # never a stack trace or a blank page
    return at


def test_a_model_crash_mid_check_is_a_banner_and_the_retry_works(real_model_services):
    transport = real_model_services.llm._transport
    original = transport.create

    def create(**kwargs):
        transport.create = original  # only this call
        transport.client()
        threading.Timer(0.3, os.kill, (transport.server().pid, signal.SIGKILL)).start()
        return original(**kwargs)

    transport.create = create
    at = _check(open_app("ui/check.py"))
    errors = [e.value for e in at.error]
    assert errors and "stopped during the request" in errors[0], texts(at)
    assert "restarts the model" in errors[0]
    at = _check(at)
    assert not at.error and "Checked:" in str(at.main)
