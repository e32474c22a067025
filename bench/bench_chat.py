"""Benchmark of the chat on the seed archive: answer latency per mode, and the retrieval gate.

Extractive answers (the default with the tiny embedded model) need no model call; generated
answers stream from the model and are then checked sentence by sentence with the stance judge.
Usage: .venv/bin/python -m bench.bench_chat [--embedder minilm] [--generated 2]
Writes bench/results/chat.json and bench/results/chat.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from verifier.chat.answer import answer_question, stream_answer  # noqa: E402
from verifier.services import build_services  # noqa: E402
from verifier.settings import Settings  # noqa: E402

ANSWERABLE = [
    "How many Russian soldiers did Ukraine kill last month?",
    "Did Russian commanders flee from Kherson?",
    "What did Putin order his officers to achieve before Victory Day?",
    "Why are Russian troops fleeing the war?",
    "What weapons helped Ukraine regain the initiative?",
]
UNANSWERABLE = [
    "What is the capital of France?",
    "Who won the 2018 football World Cup?",
    "How much does a Tesla Model 3 cost?",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument(
        "--generated", type=int, default=2, help="generated answers to time (0: skip)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            llm="embedded",
            embedder=args.embedder,
            max_tokens=160,
            _env_file=None,
        )
        services = build_services(settings)
        services.store.ingest([ROOT / "seeds"])
        services.store.search("warm up", k=1)
        extractive = []
        answered = 0
        for question in ANSWERABLE:
            started = time.perf_counter()
            answer = answer_question(services, question, mode="extractive")
            extractive.append(time.perf_counter() - started)
            answered += answer.mode == "extractive"
        refused = sum(answer_question(services, q).mode == "nothing_relevant" for q in UNANSWERABLE)
        generated = []
        for question in ANSWERABLE[: args.generated]:
            started = time.perf_counter()
            stream = stream_answer(services, question, mode="generated")
            first = None
            for _ in stream:
                first = first or time.perf_counter() - started
            text_done = time.perf_counter() - started
            answer = stream.result()
            generated.append(
                {
                    "question": question,
                    "first_token_s": round(first or text_done, 2),
                    "text_s": round(text_done, 2),
                    "checked_s": round(time.perf_counter() - started, 2),
                    "sentences": len(answer.sentences),
                    "unsupported": len(answer.flagged),
                }
            )
        model = services.llm.name if args.generated else "embedded (not loaded)"
        services.store.close()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpus",
        "embedder": args.embedder,
        "model": model,
        "extractive_median_s": round(statistics.median(extractive), 3),
        "extractive_max_s": round(max(extractive), 3),
        "answerable_answered": f"{answered}/{len(ANSWERABLE)}",
        "unanswerable_refused": f"{refused}/{len(UNANSWERABLE)}",
        "generated": generated,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "chat.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Chat benchmark (seed archive)",
        "",
        f"{result['date']} · {result['machine']} · embedder {args.embedder} · model {model}",
        "",
        f"- Extractive answer latency: median {result['extractive_median_s']} s, max {result['extractive_max_s']} s",
        f"- Answerable questions answered: {result['answerable_answered']}; "
        f"out-of-archive questions refused ('nothing relevant'): {result['unanswerable_refused']}",
        "",
        "| question | first token s | text s | checked s | sentences | unsupported |",
        "|---|---|---|---|---|---|",
        *[
            f"| {g['question']} | {g['first_token_s']} | {g['text_s']} | {g['checked_s']} | {g['sentences']} | {g['unsupported']} |"
            for g in generated
        ],
    ]
    (out / "chat.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
