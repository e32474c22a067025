"""Benchmark of the embedded model, in-process vs its llama.cpp server, in one run.

The in-process path is what claimcheck did before the model moved into its own process (a Llama
object in this process, same fast grammar sampler, same instructor call); the server path is what
CLAIMCHECK_LLM=embedded does now. Stance calls alternate between the two (the machine is shared).

Run: nice .venv/bin/python -m bench.bench_llm  (writes bench/results/llm.json and llm.md)
"""

from __future__ import annotations

import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

import instructor
from pydantic import BaseModel, Field

from verifier.llm import LLM, build_llm
from verifier.llm.fast_grammar import install_fast_grammar
from verifier.llm.gguf_file import packaged_gguf
from verifier.llm.supervisor import stop_servers
from verifier.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "bench" / "results"
# 1 thread is llama-cpp-python's default on this 2-core machine (cpu_count // 2)
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))

CLAIM = "Russian forces are losing 400 soldiers a day."
PASSAGE = [
    "U0I continued by laying out the number of losses the shocked officers had lost.",
    "He claimed that 400 soldiers a day were killed and wounded.",
    "Putin is said to have given his officers an ambitious new goal.",
]


class StanceChoice(BaseModel):
    """Stance of the passage on the claim, and which sentence is the verbatim evidence."""

    label: Literal["supports", "contradicts", "unrelated"]
    sentence: Literal[1, 2, 3] = Field(
        description="Number of the passage sentence that decides it."
    )


def stance_messages() -> list[dict]:
    """A typical stance prompt: claim + one passage split into numbered sentences."""
    numbered = "\n".join(f"{i}. {s}" for i, s in enumerate(PASSAGE, 1))
    return [
        {
            "role": "system",
            "content": "Does the passage support, contradict or not address the claim? Answer in JSON.",
        },
        {"role": "user", "content": f"Claim: {CLAIM}\nPassage:\n{numbered}"},
    ]


class InProcess:
    """The former embedded transport: llama.cpp in this process, schema-constrained."""

    provider, model, label, is_tiny = "embedded", "in-process", "in-process", True
    mode = instructor.Mode.JSON_SCHEMA

    def __init__(self, gguf: Path) -> None:
        from llama_cpp import Llama

        self.llama = Llama(
            model_path=str(gguf), n_ctx=4096, n_threads=THREADS, chat_format="gemma", verbose=False
        )
        install_fast_grammar(self.llama)

    def identity(self) -> dict[str, Any]:
        return {"provider": "in-process"}

    def create(self, **kwargs: Any) -> Any:
        fmt = kwargs.pop("response_format")
        kwargs["response_format"] = {"type": "json_object", "schema": fmt["json_schema"]["schema"]}
        kwargs.pop("timeout", None)
        self.llama.reset()  # as the server does: every call pays its whole prompt
        return self.llama.create_chat_completion_openai_v1(**kwargs)

    def describe(self) -> dict[str, str]:
        return {}

    def translate(self, exc: BaseException) -> None:
        return None


def raw_speed(llama, n_generate: int = 48) -> dict:
    """Prompt-processing and free-text decoding speed measured on the raw llama.cpp model."""
    text = " ".join(PASSAGE * 12)
    tokens = llama.tokenize(text.encode("utf-8"))
    llama.reset()
    started = time.perf_counter()
    llama.eval(tokens)
    prompt_s = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(n_generate):
        llama.eval([llama.sample(temp=0.0)])
    decode_s = time.perf_counter() - started
    llama.reset()
    return {
        "prompt_tokens": len(tokens),
        "prompt_tokens_per_s": round(len(tokens) / prompt_s, 1),
        "generated_tokens": n_generate,
        "generated_tokens_per_s": round(n_generate / decode_s, 1),
    }


def stance_call(llm: LLM) -> dict:
    """One uncached stance call through the LLM layer (instructor + JSON-schema grammar)."""
    llm.reset_usage()
    started = time.perf_counter()
    answer = llm.structured(
        StanceChoice, stance_messages(), operation="stance", max_tokens=48, use_cache=False
    )
    seconds = time.perf_counter() - started
    usage = llm.usage()["stance"]
    return {
        "seconds": round(seconds, 2),
        "answer": answer.model_dump(),
        "model_calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "tokens_per_s": round(usage.completion_tokens / usage.seconds, 1),
    }


def streamed_text(llm: LLM) -> dict:
    """Free text streamed from the server: completion tokens per second (prompt included)."""
    llm.reset_usage()
    text = "".join(llm.stream_text(stance_messages()[1:], operation="chat", max_tokens=48))
    usage = llm.usage()["chat"]
    return {
        "completion_tokens": usage.completion_tokens,
        "tokens_per_s": round(usage.completion_tokens / usage.seconds, 1),
        "chars": len(text),
    }


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM (peak resident memory) of a process, in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def compare_stance(local: LLM, served: LLM) -> dict:
    """REPEATS stance calls on each path, alternating; the fastest of each and all timings."""
    runs: dict[str, list[dict]] = {"in_process": [], "server": []}
    for _ in range(REPEATS):
        runs["in_process"].append(stance_call(local))
        runs["server"].append(stance_call(served))
    answers = {json.dumps(r["answer"]) for rs in runs.values() for r in rs}
    assert len(answers) == 1, f"the two paths disagree: {answers}"
    return {
        path: {**min(rs, key=lambda r: r["seconds"]), "all_seconds": [r["seconds"] for r in rs]}
        for path, rs in runs.items()
    }


def time_cache(data_dir: Path) -> dict:
    """The same stance request twice with the cache on: the second costs zero model calls."""
    llm = build_llm(Settings(_env_file=None, data_dir=data_dir, llm="embedded", n_threads=THREADS))
    llm.structured(StanceChoice, stance_messages(), operation="stance", max_tokens=48)
    calls_before = llm.usage()["stance"].calls
    started = time.perf_counter()
    llm.structured(StanceChoice, stance_messages(), operation="stance", max_tokens=48)
    seconds = time.perf_counter() - started
    after = llm.usage()["stance"]
    llm.close()
    return {
        "repeat_seconds": round(seconds, 4),
        "repeat_model_calls": after.calls - calls_before,
        "cache_hits": after.cache_hits,
    }


def main() -> None:
    started = time.perf_counter()
    gguf = packaged_gguf()
    assemble_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        try:
            results = {
                "model": "gemma-3-270m-q4_k_m (packaged)",
                "threads": THREADS,
                "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
                "load_average_at_start": round(os.getloadavg()[0], 2),
                "gguf_ready_seconds": round(assemble_s, 3),
                **measure(gguf, data),
                "load_average_at_end": round(os.getloadavg()[0], 2),
            }
        finally:
            stop_servers(data)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "llm.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "llm.md").write_text(render(results))
    print(render(results))


def measure(gguf: Path, data: Path) -> dict:
    """Both paths on one machine, in one run."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    local = LLM(InProcess(gguf), max_tokens=48)
    load_s = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    served = build_llm(
        Settings(_env_file=None, data_dir=data, llm="embedded", n_threads=THREADS, cache=False)
    )
    started = time.perf_counter()
    served._transport.client()  # starts the server: python, llama.cpp, model, HTTP
    cold_s = time.perf_counter() - started
    first = stance_call(served)
    return {
        "in_process_load_seconds": round(load_s, 2),
        "in_process_model_mib": round(rss_after - rss_before, 1),
        "server_cold_start_seconds": round(cold_s, 2),
        "server_first_stance_seconds": first["seconds"],
        "raw": raw_speed(local._transport.llama),
        "stance": compare_stance(local, served),
        "server_streamed_text": streamed_text(served),
        "cache": time_cache(data),
        "server_peak_mib": peak_rss_mib(served._transport.server().pid),
    }


def render(r: dict) -> str:
    local, served = r["stance"]["in_process"], r["stance"]["server"]
    raw, text, c = r["raw"], r["server_streamed_text"], r["cache"]
    return "\n".join(
        [
            "# Embedded LLM benchmark: in-process vs the shared llama.cpp server",
            "",
            f"Model {r['model']}, {r['threads']} thread(s), {r['machine']}; shared machine, load "
            f"average {r['load_average_at_start']} at start, {r['load_average_at_end']} at end. "
            "Both paths: same instructor call, same fast grammar sampler, prompt evaluated afresh.",
            "",
            "| figure | in-process (before) | server (now) |",
            "|---|---|---|",
            f"| ready to answer | model load {r['in_process_load_seconds']} s | cold start "
            f"{r['server_cold_start_seconds']} s (process, llama.cpp, model, HTTP) |",
            f"| stance call, JSON-schema constrained (best of {len(local['all_seconds'])}) | "
            f"{local['seconds']} s, {local['tokens_per_s']} tokens/s | "
            f"{served['seconds']} s, {served['tokens_per_s']} tokens/s |",
            f"| all stance timings, alternating | {local['all_seconds']} s | {served['all_seconds']} s |",
            f"| first stance call after start | | {r['server_first_stance_seconds']} s |",
            f"| memory | +{r['in_process_model_mib']} MiB in the calling process | "
            f"{r['server_peak_mib']} MiB peak, once per machine and data dir |",
            f"| prompt processing (raw) | {raw['prompt_tokens_per_s']} tokens/s "
            f"({raw['prompt_tokens']} tokens) | |",
            f"| free-text generation | {raw['generated_tokens_per_s']} tokens/s (raw decode) | "
            f"{text['tokens_per_s']} tokens/s streamed ({text['completion_tokens']} tokens, prompt "
            "included) |",
            f"| repeated identical request (cache) | | {c['repeat_seconds']} s, "
            f"{c['repeat_model_calls']} model calls, {c['cache_hits']} cache hit |",
            "",
            f"Stance answer (identical on both paths): `{json.dumps(served['answer'])}`; "
            f"{served['prompt_tokens']} prompt + {served['completion_tokens']} completion tokens, "
            f"{served['model_calls']} model call(s). GGUF ready in {r['gguf_ready_seconds']} s.",
            "",
        ]
    )


if __name__ == "__main__":
    main()
