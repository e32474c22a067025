"""Two claimcheck commands at once on one data dir: one shared model server, and everyone's peak memory.

Run: nice .venv/bin/python -m bench.bench_shared_model  (writes bench/results/shared_model.json and .md)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from verifier.llm.supervisor import stop_servers

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "bench" / "results"
CLAIMS = [
    "Russian officers are said to be in disarray after Vladimir Putin has taken direct control "
    "of the military campaign in Ukraine",
    "Putin is said to have given his officers an ambitious new goal",
]


def env_for(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(
        CLAIMCHECK_DATA_DIR=str(data),
        CLAIMCHECK_LLM="embedded",
        CLAIMCHECK_N_THREADS="1",
        CLAIMCHECK_STANCE_JUDGE="llm",  # every passage goes to the model
        CLAIMCHECK_CACHE="false",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
    )
    return env


def command(*args: str) -> list[str]:
    # GNU time reports the peak resident memory (KiB) of the command on its last stderr line
    return ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "verifier.cli.main", *args]


def server_pids(data: Path) -> list[int]:
    return [json.loads(p.read_text())["pid"] for p in (data / "llm-server").glob("*.json")]


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = env_for(data)
        try:
            subprocess.run(command("ingest", str(ROOT / "seeds")), env=env, check=True, cwd=ROOT)
            started = time.perf_counter()
            children = [
                subprocess.Popen(
                    command("check", claim),
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for claim in CLAIMS
            ]
            peaks = []
            for child in children:
                _, err = child.communicate(timeout=900)
                assert child.returncode == 0, err[-2000:]
                peaks.append(round(int(err.strip().splitlines()[-1]) / 1024, 1))
            seconds = time.perf_counter() - started
            pids = server_pids(data)
            log = next((data / "llm-server").glob("*.log")).read_text(errors="replace")
            usage = (data / "llm-usage.jsonl").read_text().splitlines()
            results = {
                "commands": [f"claimcheck check {c[:40]!r}..." for c in CLAIMS],
                "wall_seconds": round(seconds, 1),
                "model_servers_started": log.count("--- starting"),
                "model_calls": sum(json.loads(line).get("calls", 0) for line in usage),
                "server_peak_mib": peak_mib(pids[0]),
                "command_peak_mib": peaks,
                "total_peak_mib": round(peak_mib(pids[0]) + sum(peaks), 1),
                "load_average": round(os.getloadavg()[0], 2),
            }
        finally:
            stop_servers(data)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "shared_model.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "shared_model.md").write_text(render(results))
    print(render(results))


def render(r: dict) -> str:
    return "\n".join(
        [
            "# Two concurrent commands, one shared model server",
            "",
            f"Two `claimcheck check` commands started together on one data dir (seeds, MiniLM, "
            f"every stance judged by the embedded model, 1 thread, load average {r['load_average']}).",
            "",
            "| figure | value |",
            "|---|---|",
            f"| model servers started | {r['model_servers_started']} |",
            f"| model calls, both commands | {r['model_calls']} |",
            f"| peak memory: model server | {r['server_peak_mib']} MiB |",
            f"| peak memory: each command (MiniLM, Chroma, no model) | {r['command_peak_mib']} MiB |",
            f"| peak memory, all together | {r['total_peak_mib']} MiB |",
            f"| wall time, both commands | {r['wall_seconds']} s |",
            "",
        ]
    )


if __name__ == "__main__":
    main()
