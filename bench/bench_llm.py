"""Benchmark of the embedded model: load, prompt and generation speed, a stance call, the cache.

Run: nice .venv/bin/python bench/bench_llm.py  (writes bench/results/llm.json and llm.md)
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.llm import build_llm  # noqa: E402
from verifier.llm.embedded import load_model  # noqa: E402
from verifier.llm.gguf_file import packaged_gguf  # noqa: E402
from verifier.settings import Settings  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# 1 thread is llama-cpp-python's default on this 2-core machine (cpu_count // 2)
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "2"))

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


def time_load(gguf: Path) -> float:
    started = time.perf_counter()
    load_model(gguf, n_ctx=4096, n_threads=THREADS, seed=0, chat_format="gemma")
    return time.perf_counter() - started


def time_prompt_and_decode(gguf: Path, n_generate: int = 48) -> dict:
    """Prompt-processing and free-text decoding speed measured on the raw llama.cpp model."""
    llama, lock = load_model(gguf, n_ctx=4096, n_threads=THREADS, seed=0, chat_format="gemma")
    text = " ".join(PASSAGE * 12)
    with lock:
        tokens = llama.tokenize(text.encode("utf-8"))
        llama.reset()
        started = time.perf_counter()
        llama.eval(tokens)
        prompt_s = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(n_generate):
            token = llama.sample(temp=0.0)
            llama.eval([token])
        decode_s = time.perf_counter() - started
        llama.reset()
    return {
        "prompt_tokens": len(tokens),
        "prompt_tokens_per_s": round(len(tokens) / prompt_s, 1),
        "generated_tokens": n_generate,
        "generated_tokens_per_s": round(n_generate / decode_s, 1),
    }


def time_stance(data_dir: Path, *, fast_grammar: bool = True) -> dict:
    """One uncached stance call through the LLM layer (instructor + JSON-schema grammar)."""
    settings = Settings(
        _env_file=None, data_dir=data_dir, llm="embedded", n_threads=THREADS, cache=False
    )
    llm = build_llm(settings)
    llama, _ = llm._transport.llama()
    fast = llama._init_sampler
    if not fast_grammar:
        llama._init_sampler = fast.original
    try:
        with llm._transport.llama()[1]:
            llama.reset()  # no prompt reuse from the previous call: every call pays its prompt
        started = time.perf_counter()
        answer = llm.structured(StanceChoice, stance_messages(), operation="stance", max_tokens=48)
        seconds = time.perf_counter() - started
    finally:
        llama._init_sampler = fast
    usage = llm.usage()["stance"]
    return {
        "seconds": round(seconds, 2),
        "answer": answer.model_dump(),
        "model_calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "constrained_tokens_per_s": round(usage.completion_tokens / usage.seconds, 1),
    }


def best_stance_calls(data_dir: Path) -> dict:
    """Fastest of REPEATS stance calls with each sampler, alternating (the machine is shared)."""
    fast, stock = [], []
    for _ in range(REPEATS):
        fast.append(time_stance(data_dir))
        stock.append(time_stance(data_dir, fast_grammar=False))
    assert all(f["answer"] == stock[0]["answer"] for f in fast + stock), "samplers disagree"
    return {
        "stance_call": min(fast, key=lambda r: r["seconds"]),
        "stance_call_stock_grammar": min(stock, key=lambda r: r["seconds"]),
        "stance_call_all_seconds": [r["seconds"] for r in fast],
        "stance_call_stock_all_seconds": [r["seconds"] for r in stock],
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
        results = {
            "model": "gemma-3-270m-q4_k_m (packaged)",
            "threads": THREADS,
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
            "load_average_at_start": round(os.getloadavg()[0], 2),
            "gguf_ready_seconds": round(assemble_s, 3),
            "load_seconds": round(time_load(gguf), 2),
            "raw": time_prompt_and_decode(gguf),
            **best_stance_calls(data),
            "cache": time_cache(data / "cached"),
            "load_average_at_end": round(os.getloadavg()[0], 2),
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "llm.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "llm.md").write_text(render(results))
    print(render(results))


def render(r: dict) -> str:
    s, stock, raw, c = r["stance_call"], r["stance_call_stock_grammar"], r["raw"], r["cache"]
    return "\n".join(
        [
            "# Embedded LLM benchmark",
            "",
            f"Model {r['model']}, {r['threads']} threads, {r['machine']}; shared machine, load average "
            f"{r['load_average_at_start']} at start, {r['load_average_at_end']} at end.",
            "",
            "| figure | value |",
            "|---|---|",
            f"| GGUF ready (assembled once, then reused) | {r['gguf_ready_seconds']} s |",
            f"| model load | {r['load_seconds']} s |",
            f"| prompt processing | {raw['prompt_tokens_per_s']} tokens/s ({raw['prompt_tokens']} tokens) |",
            f"| free-text generation | {raw['generated_tokens_per_s']} tokens/s |",
            f"| stance call (claim + passage -> label + sentence), JSON-schema constrained | {s['seconds']} s, "
            f"{s['prompt_tokens']} prompt + {s['completion_tokens']} completion tokens, "
            f"{s['constrained_tokens_per_s']} tokens/s, {s['model_calls']} model call(s) |",
            f"| same call with llama-cpp-python's stock grammar sampler | {stock['seconds']} s, "
            f"{stock['constrained_tokens_per_s']} tokens/s (identical answer) |",
            f"| all stance timings, fast / stock sampler | {r['stance_call_all_seconds']} / "
            f"{r['stance_call_stock_all_seconds']} s |",
            f"| repeated identical request (cache) | {c['repeat_seconds']} s, "
            f"{c['repeat_model_calls']} model calls, {c['cache_hits']} cache hit |",
            "",
            f"Stance answer: `{json.dumps(s['answer'])}`",
            "",
        ]
    )


if __name__ == "__main__":
    main()
