"""The openai-compatible provider against a real llama.cpp server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from typing import Literal

import pytest
from pydantic import BaseModel

from verifier.llm import build_llm
from verifier.settings import Settings

pytestmark = [pytest.mark.real, pytest.mark.server]


class Verdict(BaseModel):
    label: Literal["supports", "contradicts", "unrelated"]


ASK = [
    {
        "role": "user",
        "content": "Claim: 400 soldiers died on Monday.\n"
        "Passage: Officials said 400 soldiers died on Monday.\nDoes the passage support the claim?",
    }
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """`python -m llama_cpp.server` with the packaged GGUF; yields its /v1 URL."""
    from verifier.llm.gguf_file import packaged_gguf

    gguf = packaged_gguf(tmp_path_factory.mktemp("models"))
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(gguf),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--chat_format",
                "gemma",
                "--n_ctx",
                "2048",
                "--n_threads",
                "1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def compatible(llama_server, tmp_path):
    from verifier.llm.guard import forbid_real_models

    forbid_real_models(False)
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        llm="openai-compatible",
        base_url=llama_server,
        model="gemma",
    )
    llm = build_llm(settings)
    yield llm
    llm.close()


def test_structured_call_through_tools_mode_then_cache_hit(compatible):
    assert compatible.name == "openai-compatible:gemma"
    result = compatible.structured(Verdict, ASK, operation="stance", max_tokens=40)
    assert isinstance(result, Verdict)
    first = compatible.usage()["stance"]
    assert first.calls >= 1 and first.prompt_tokens > 10 and first.completion_tokens > 0
    again = compatible.structured(Verdict, ASK, operation="stance", max_tokens=40)
    assert again == result
    assert compatible.usage()["stance"].calls == first.calls
    assert compatible.usage()["stance"].cache_hits == 1


def test_stream_text_from_the_server(compatible):
    text = "".join(compatible.stream_text(ASK, operation="chat", max_tokens=8))
    assert text.strip()
    assert compatible.usage()["chat"].calls == 1
