"""Embedding functions: the hash fake, the OpenAI client path (local fake server), real MiniLM."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest
from chromadb.api.types import EmbeddingFunction

from vectorstore.embeddings import (
    EmbedderError,
    HashEmbedder,
    MiniLMEmbedder,
    OpenAIEmbedder,
    build_embedder,
    embedder_key,
)
from vectorstore.errors import InputError


def cosine(a, b) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_hash_embedder_is_a_chroma_embedding_function_with_unit_vectors():
    ef = build_embedder("hash")
    assert isinstance(ef, EmbeddingFunction)
    vectors = ef(["Russian troops fled Kryvyi Rih", ""])
    assert len(vectors) == 2 and vectors[0].shape == (384,)
    assert np.allclose([np.linalg.norm(v) for v in vectors], 1.0, atol=1e-5)
    rebuilt = HashEmbedder.build_from_config(ef.get_config())
    assert np.allclose(rebuilt(["abc def"])[0], ef(["abc def"])[0])
    assert ef.name() == "claimcheck-hash" and ef.default_space() == "cosine"


def test_hash_embedder_puts_lexically_similar_texts_close():
    ef = HashEmbedder()
    a, b, c = ef.encode(
        [
            "Ukraine says 12,730 Russian soldiers were killed last month",
            "Ukraine claims that 12,730 Russian soldiers died last month",
            "The central bank raised interest rates to fight inflation",
        ]
    )
    assert cosine(a, b) > 0.5
    assert cosine(a, b) > cosine(a, c) + 0.3


def test_hash_embedder_is_stable_across_processes():
    text = "Putin orders the capture of Kryvyi Rih by May 9"
    code = (
        "import json; from vectorstore.embeddings import HashEmbedder;"
        f"print(json.dumps(HashEmbedder().encode([{text!r}])[0].tolist()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert np.allclose(json.loads(out.stdout), HashEmbedder().encode([text])[0], atol=1e-6)


def test_unknown_embedder_names_the_variable():
    with pytest.raises(InputError, match="CLAIMCHECK_EMBEDDER"):
        build_embedder("word2vec")


def test_embedder_keys_tell_vector_spaces_apart():
    assert embedder_key(HashEmbedder()) != embedder_key(HashEmbedder(256))
    assert embedder_key(OpenAIEmbedder("m1", api_key="k")) != embedder_key(
        OpenAIEmbedder("m2", api_key="k")
    )


class _FakeEmbeddings(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        # Answer in reverse order with unnormalised vectors: the client must sort and normalise.
        data = [
            {"object": "embedding", "index": i, "embedding": [float(len(t)), 1.0, 0.0]}
            for i, t in enumerate(body["input"])
        ][::-1]
        payload = json.dumps(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_openai():
    _FakeEmbeddings.requests = []
    server = HTTPServer(("127.0.0.1", 0), _FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_embedder_batches_sorts_and_normalises(fake_openai):
    ef = build_embedder(
        "openai", openai_model="text-embedding-test", api_key="sk-test", base_url=fake_openai
    )
    ef.batch_size = 2
    vectors = ef(["a", "bbb", "cc"])
    assert len(_FakeEmbeddings.requests) == 2  # three texts in batches of two
    first = _FakeEmbeddings.requests[0]
    assert first["path"] == "/v1/embeddings" and first["body"]["model"] == "text-embedding-test"
    assert first["auth"] == "Bearer sk-test"
    expected = [np.array([n, 1.0, 0.0]) / np.linalg.norm([n, 1.0, 0.0]) for n in (1, 3, 2)]
    assert np.allclose(np.stack(vectors), np.stack(expected), atol=1e-6)


def test_openai_embedder_errors_name_the_settings():
    with pytest.raises(EmbedderError, match="CLAIMCHECK_API_KEY"):
        build_embedder("openai", openai_model="m", api_key=None, base_url=None)(["x"])
    down = build_embedder("openai", openai_model="m", api_key="k", base_url="http://127.0.0.1:9/v1")
    down.client.max_retries = 0
    with pytest.raises(EmbedderError, match="CLAIMCHECK_BASE_URL"):
        down(["x"])


@pytest.mark.real
def test_loading_minilm_draws_no_progress_bar():
    # In a fresh process: this one may have loaded the model already.
    code = "from vectorstore.embeddings import MiniLMEmbedder; MiniLMEmbedder().encode(['a claim'])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert "Loading weights" not in done.stderr, done.stderr


@pytest.mark.real
def test_minilm_embeds_offline_and_ranks_paraphrases_first():
    ef = build_embedder("minilm")
    assert ef.model is MiniLMEmbedder().model  # loaded once per process
    a, b, c = ef.encode(
        [
            "Ukraine says thousands of Russian soldiers were killed last month.",
            "Kyiv claims heavy Russian troop losses in the past month.",
            "The recipe needs two cups of flour and an egg.",
        ]
    )
    assert a.shape == (384,) and abs(np.linalg.norm(a) - 1) < 1e-4
    assert cosine(a, b) > cosine(a, c) + 0.2
