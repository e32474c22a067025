"""The embedded model's process is SIGKILLed mid-extract and mid-check: clear error, store intact, retry works."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from tests.reliability.conftest import audit_claims, audit_store
from verifier.checking import check_claim
from verifier.errors import ModelUnavailableError
from verifier.extract.claims import extract_claims
from verifier.llm.supervisor import stop_servers
from verifier.services import build_services

pytestmark = [pytest.mark.real, pytest.mark.server]

# a sentence of a seed article: the relevance gate lets its passages through to the model
CLAIM = (
    "Russian officers are said to be in disarray after Vladimir Putin has taken direct control "
    "of the military campaign in Ukraine"
)


@pytest.fixture
def services(settings, seeds_dir):
    """Seeds ingested (hash embedder), the real embedded model on its own server; stopped after."""
    svc = build_services(settings.model_copy(update={"llm": "embedded", "n_threads": 1}))
    svc.store.ingest([seeds_dir])
    yield svc
    svc.store.close()
    stop_servers(settings.data_dir)


def kill_model_during_next_call(services, delay: float = 0.3) -> dict:
    """SIGKILL the model server `delay` s into the next model request; returns what happened."""
    transport = services.llm._transport
    original = transport.create
    seen: dict = {}

    def create(**kwargs):
        transport.create = original  # only this one call
        transport.client()  # the server runs: its pid is known
        seen["pid"] = transport.server().pid
        threading.Timer(delay, os.kill, (seen["pid"], signal.SIGKILL)).start()
        return original(**kwargs)

    transport.create = create
    return seen


def test_sigkill_during_extract_then_retry(services, settings):
    services.llm.cache = None  # every article asks the model
    seen = kill_model_during_next_call(services)
    with pytest.raises(ModelUnavailableError) as caught:
        extract_claims(services)
    message = str(caught.value)
    assert f"pid {seen['pid']}" in message and "killed by SIGKILL" in message
    assert "run the command again" in message and "restarts the model" in message
    partial = audit_claims(settings.data_dir)  # no article has half its claims
    audit_store(settings.data_dir)

    extract_claims(services)  # the next request starts a new server
    assert services.llm._transport.server().pid != seen["pid"]
    after = audit_claims(settings.data_dir)
    assert after["articles"] == len(services.store.articles()) > partial["articles"]


def test_sigkill_during_a_check_then_retry(services, settings):
    services.llm.cache = None
    seen = kill_model_during_next_call(services)
    with pytest.raises(ModelUnavailableError, match="stopped during the request"):
        check_claim(services, CLAIM)
    audit_store(settings.data_dir)
    result = check_claim(services, CLAIM)
    assert result.verdict and services.llm._transport.server().pid != seen["pid"]
