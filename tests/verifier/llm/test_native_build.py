"""The installed llama.cpp build runs a real model call on this CPU without crashing (AMX and all)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.real

# A model call as the server makes it, in a child process: a native crash kills the child, not pytest.
PROBE = """
import json, sys
from llama_cpp import Llama
from verifier.llm.fast_grammar import install_fast_grammar
llama = Llama(model_path=sys.argv[1], n_ctx=512, n_threads=1, chat_format="gemma", verbose=False)
schema = {"type": "object", "properties": {"quote": {"type": "string"}}, "required": ["quote"]}
request = dict(
    messages=[{"role": "user", "content": "Officials said 400 soldiers died on Monday."}],
    temperature=0.0, max_tokens=12, seed=0, response_format={"type": "json_object", "schema": schema},
)
stock = llama.create_chat_completion(**request)["choices"][0]["message"]["content"]
install_fast_grammar(llama)
llama.reset()
fast = llama.create_chat_completion(**request)["choices"][0]["message"]["content"]
print(json.dumps({"stock": stock, "fast": fast}))
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    from verifier.llm.gguf_file import packaged_gguf

    gguf = packaged_gguf(tmp_path_factory.mktemp("models"))
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(gguf)], capture_output=True, text=True, timeout=300
    )


def test_a_model_call_does_not_crash_natively(probe):
    if probe.returncode < 0:
        name = signal.Signals(-probe.returncode).name
        pytest.fail(
            f"a llama.cpp model call died with {name}: the installed llama-cpp-python was built "
            "for another CPU (on Intel CPUs with AMX, a GGML_NATIVE=ON build crashes in "
            "ggml_backend_amx_mul_mat). Rebuild the portable way: bash scripts/install.sh "
            f"(GGML_NATIVE=OFF). stderr: {probe.stderr[-800:]}"
        )
    assert probe.returncode == 0, probe.stderr[-2000:]


def test_fast_grammar_sampler_picks_the_same_tokens_as_the_stock_one(probe):
    answers = json.loads(probe.stdout.strip().splitlines()[-1])
    assert answers["fast"] == answers["stock"] and answers["fast"].startswith("{")
