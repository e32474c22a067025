"""The model endpoint dies mid-run: finished work is kept, the run stops clearly, and resumes later."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.reliability.conftest import TEMPLATE_ARTICLES, audit_claims, cli_env, run_cli, scalar
from verifier.crosscheck import run_crosscheck
from verifier.errors import ModelUnavailableError
from verifier.extract.claims import extract_claims
from verifier.llm import FakeLLM
from verifier.llm.fake import build_minimal
from verifier.services import build_services


class Flaky:
    """A responder that answers `budget` calls with a minimal valid object, then the endpoint is gone."""

    def __init__(self, budget: int) -> None:
        self.budget, self.calls, self.outage = budget, 0, True

    def __call__(self, model, messages):
        self.calls += 1
        if self.outage and self.calls > self.budget:
            raise ModelUnavailableError(
                "fake endpoint is unreachable: start the server or set CLAIMCHECK_BASE_URL"
            )
        return build_minimal(model.model_json_schema())


@pytest.fixture
def archive_services(settings, synthetic, tmp_path):
    archive = synthetic.write_archive(tmp_path / "archive", n=8, seed=5, max_extra=8)
    flaky = Flaky(budget=8)
    services = build_services(settings, llm=FakeLLM(responder=flaky))
    services.store.ingest([archive])
    yield services, flaky, archive
    services.store.close()


def test_extraction_stops_keeps_work_and_resumes(archive_services, settings, tmp_path):
    services, flaky, archive = archive_services
    with pytest.raises(ModelUnavailableError, match="unreachable"):
        extract_claims(services)
    kept = audit_claims(settings.data_dir)
    assert 0 < kept["articles"] < 8
    flaky.outage = False  # the endpoint is back
    before = flaky.calls
    extract_claims(services)
    after = audit_claims(settings.data_dir)
    assert after["articles"] == 8
    # Articles finished before the outage cost no call now.
    reference_llm = FakeLLM()
    reference = build_services(
        settings.model_copy(update={"data_dir": tmp_path / "ref"}), llm=reference_llm
    )
    reference.store.ingest([archive])
    extract_claims(reference)
    assert flaky.calls - before < len(reference_llm.calls)
    assert after["claims"] == audit_claims(tmp_path / "ref")["claims"]
    reference.store.close()


def test_crosscheck_stops_keeps_results_and_resumes(archive_services, settings):
    services, flaky, _ = archive_services
    flaky.outage = False
    extract_claims(services)
    claims = audit_claims(settings.data_dir)["claims"]
    flaky.budget, flaky.calls, flaky.outage = 5, 0, True
    with pytest.raises(ModelUnavailableError):
        run_crosscheck(services)
    kept = audit_claims(settings.data_dir)["results"]
    assert 0 < kept < claims
    flaky.outage = False
    results, stats = run_crosscheck(services)
    assert len(results) == claims
    assert stats.reused >= kept and stats.judged + stats.reused == claims


class _Endpoint(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint (tools mode) answering a minimal valid object."""

    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.served += 1
        tool = body["tools"][0]["function"]
        arguments = json.dumps(build_minimal(tool["parameters"]))
        answer = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": "c1",
                                "type": "function",
                                "function": {"name": tool["name"], "arguments": arguments},
                            }
                        ],
                    },
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if self.server.served >= self.server.budget:
            threading.Thread(target=_die, args=(self.server,), daemon=True).start()

    def log_message(self, *args):
        pass


def _die(server: ThreadingHTTPServer) -> None:
    """Stop serving and close the socket: later connections are refused."""
    server.shutdown()
    server.server_close()


def _serve(port: int, budget: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Endpoint)
    server.served, server.budget = 0, budget
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_cli_extract_against_a_dying_server(tmp_path, extracted_template, copy_template):
    data = copy_template(extracted_template)
    server = _serve(0, budget=6)
    port = server.server_address[1]
    env = cli_env(
        data,
        llm="openai-compatible",
        model="tiny",
        base_url=f"http://127.0.0.1:{port}/v1",
        llm_timeout="10",
    )
    first = run_cli(env, "extract")
    assert first.returncode == 2, first.stdout[-1500:] + first.stderr[-1500:]
    assert "unreachable" in first.stderr and "CLAIMCHECK_BASE_URL" in first.stderr
    db = data / "claims.sqlite3"
    done_before = scalar(
        db, "SELECT COUNT(*) FROM extractions WHERE model LIKE 'openai-compatible%'"
    )
    assert done_before >= 1
    audit_claims(data)

    server = _serve(port, budget=10_000)  # the endpoint comes back
    try:
        second = run_cli(env, "extract", "--json")
    finally:
        server.shutdown()
        server.server_close()
    assert second.returncode == 0, second.stderr[-2000:]
    report = json.loads(second.stdout)
    assert sum(a["cached"] for a in report["articles"]) >= done_before
    assert audit_claims(data)["articles"] == TEMPLATE_ARTICLES
