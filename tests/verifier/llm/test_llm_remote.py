"""Remote providers against local stand-ins: closed port, 401, 404, a tool-calling server, config errors."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

import pytest
from pydantic import BaseModel

from verifier.errors import ConfigError, LLMError, ModelUnavailableError, RealModelForbiddenError
from verifier.llm import build_llm
from verifier.llm.guard import forbid_real_models


class Verdict(BaseModel):
    label: Literal["supports", "contradicts", "unrelated"]
    quote: str


ASK = [{"role": "user", "content": "Does the passage support the claim?"}]


@pytest.fixture
def allow_real():
    """These tests talk to local stand-ins, not real models."""
    forbid_real_models(False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _completion(arguments: dict) -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "Verdict", "arguments": json.dumps(arguments)},
                        }
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


@pytest.fixture
def stub_server():
    """A tiny OpenAI-shaped HTTP server answering with queued (status, body) pairs."""
    replies: list[tuple[int, dict]] = []
    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            requests.append(
                {
                    "path": self.path,
                    "json": json.loads(body),
                    "auth": self.headers.get("Authorization"),
                }
            )
            status, payload = (
                replies.pop(0) if replies else (500, {"error": {"message": "no reply"}})
            )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.replies, server.requests = replies, requests
    server.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield server
    server.shutdown()
    server.server_close()


def _compatible(settings, url, **extra):
    return settings.model_copy(
        update={"llm": "openai-compatible", "base_url": url, "model": "stub-model", **extra}
    )


def test_unreachable_endpoint_names_the_url_and_variable(settings, allow_real):
    url = f"http://127.0.0.1:{_free_port()}/v1"
    llm = build_llm(_compatible(settings, url))
    with pytest.raises(ModelUnavailableError) as info:
        llm.structured(Verdict, ASK, operation="stance")
    assert url in str(info.value) and "CLAIMCHECK_BASE_URL" in str(info.value)


def test_bad_key_is_reported_with_the_key_variable(settings, stub_server, allow_real):
    stub_server.replies.append(
        (401, {"error": {"message": "Incorrect API key", "type": "invalid_request_error"}})
    )
    llm = build_llm(_compatible(settings, stub_server.url))
    with pytest.raises(ModelUnavailableError, match="CLAIMCHECK_API_KEY"):
        llm.check()


def test_unknown_model_is_reported_with_the_model_variable(settings, stub_server, allow_real):
    stub_server.replies.append((404, {"error": {"message": "model 'stub-model' not found"}}))
    llm = build_llm(_compatible(settings, stub_server.url))
    with pytest.raises(ModelUnavailableError, match="CLAIMCHECK_MODEL"):
        llm.structured(Verdict, ASK, operation="stance")


def test_rejected_request_suggests_the_mode_variable(settings, stub_server, allow_real):
    stub_server.replies.append((400, {"error": {"message": "tools not supported"}}))
    llm = build_llm(_compatible(settings, stub_server.url))
    with pytest.raises(LLMError, match="CLAIMCHECK_LLM_MODE"):
        llm.structured(Verdict, ASK, operation="stance")


def test_tool_call_answer_validates_counts_tokens_and_is_cached(settings, stub_server, allow_real):
    stub_server.replies += [
        (200, _completion({"label": "maybe", "quote": "q"})),  # invalid: re-asked
        (200, _completion({"label": "supports", "quote": "q"})),
    ]
    llm = build_llm(_compatible(settings, stub_server.url))
    assert llm.name == "openai-compatible:stub-model" and not llm.is_tiny
    result = llm.structured(Verdict, ASK, operation="stance")
    assert result.model_dump() == {"label": "supports", "quote": "q"}
    sent = stub_server.requests[0]["json"]
    assert sent["model"] == "stub-model" and sent["tools"][0]["function"]["name"] == "Verdict"
    assert sent["temperature"] == 0.0 and sent["seed"] == 0
    assert "maybe" in json.dumps(stub_server.requests[1]["json"]["messages"])
    usage = llm.usage()["stance"]
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (2, 22, 14)
    again = llm.structured(Verdict, ASK, operation="stance")
    assert again == result and len(stub_server.requests) == 2
    assert llm.usage()["stance"].cache_hits == 1


def test_json_mode_setting_sends_json_object_response_format(settings, stub_server, allow_real):
    body = _completion({})
    body["choices"][0]["message"] = {
        "role": "assistant",
        "content": '{"label": "unrelated", "quote": "z"}',
    }
    body["choices"][0]["finish_reason"] = "stop"
    stub_server.replies.append((200, body))
    llm = build_llm(_compatible(settings, stub_server.url, llm_mode="json"))
    assert llm.structured(Verdict, ASK, operation="stance").label == "unrelated"
    assert stub_server.requests[0]["json"]["response_format"] == {"type": "json_object"}


def test_openai_without_key_is_a_config_error(settings):
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_llm(settings.model_copy(update={"llm": "openai", "api_key": None}))


@pytest.mark.parametrize("missing", ["base_url", "model"])
def test_compatible_without_url_or_model_is_a_config_error(settings, missing):
    config = _compatible(settings, "http://127.0.0.1:1/v1", **{missing: None})
    with pytest.raises(ConfigError, match=f"CLAIMCHECK_{missing.upper()}"):
        build_llm(config)


def test_guard_forbids_real_providers_in_unit_tests(settings):
    with pytest.raises(RealModelForbiddenError):
        build_llm(_compatible(settings, "http://127.0.0.1:1/v1"))


def test_server_errors_are_retried_then_answered(settings, stub_server, allow_real):
    stub_server.replies += [
        (503, {"error": {"message": "loading model"}}),
        (200, _completion({"label": "supports", "quote": "q"})),
    ]
    llm = build_llm(_compatible(settings, stub_server.url))
    assert llm.structured(Verdict, ASK, operation="stance").label == "supports"
    assert len(stub_server.requests) == 2


@pytest.fixture
def hung_server():
    """Accepts connections and reads the request, but never answers; counts the connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []

    def accept():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1", accepted
    listener.close()
    for conn in accepted:
        conn.close()


def test_a_hung_server_is_given_up_after_one_timeout_not_retried(settings, hung_server, allow_real):
    url, accepted = hung_server
    llm = build_llm(_compatible(settings, url, llm_timeout=1.0))
    with pytest.raises(ModelUnavailableError) as info:
        llm.structured(Verdict, ASK, operation="stance")
    assert "within 1 s" in str(info.value) and "CLAIMCHECK_LLM_TIMEOUT" in str(info.value)
    assert len(accepted) == 1  # the client's default would have tried three times
