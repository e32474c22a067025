"""One llama.cpp server per model and data dir, shared by every process: found, started, restarted.

The first caller starts `serve.py` detached (its own session, log in DATA_DIR/llm-server/) and
records its port and pid in a state file; later callers, in any process, reuse it. A lock file
(flock) makes sure two processes never start two copies of the same model. A server that is gone
is started again by the next request; one left alone exits after CLAIMCHECK_MODEL_IDLE_TIMEOUT.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from verifier.errors import ModelUnavailableError

SERVE = Path(__file__).resolve().with_name("serve.py")
STATE_DIR = "llm-server"
LOG_BYTES = 10_000_000
"""A server log larger than this is set aside (as .log.1) when the server next starts."""


CRASH_SIGNALS = ("SIGSEGV", "SIGILL", "SIGBUS", "SIGABRT")


def crash_hint(reason: str) -> str:
    """What to do when llama.cpp died of a native crash (empty for other endings)."""
    if not any(name in reason for name in CRASH_SIGNALS):
        return ""
    return (
        " A native crash of llama.cpp on every request usually means a build for another CPU "
        "(Intel AMX): reinstall with `bash scripts/install.sh`, which builds a portable one."
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a dead child not yet reaped is a zombie: dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def _is_server(pid: int) -> bool:
    """Whether `pid` is one of our model servers (and not a process that reused its id)."""
    try:
        return str(SERVE).encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class ModelServer:
    """The shared llama.cpp server for one GGUF file and its settings."""

    def __init__(
        self,
        gguf: Path,
        *,
        data_dir: Path,
        args: list[str],
        idle_timeout: float = 900.0,
        start_timeout: float = 120.0,
    ) -> None:
        self.gguf, self.args = Path(gguf), list(args)
        self.idle_timeout, self.start_timeout = idle_timeout, start_timeout
        stat = self.gguf.stat()
        key = json.dumps([str(self.gguf.resolve()), stat.st_size, stat.st_mtime_ns, self.args])
        name = hashlib.sha256(key.encode()).hexdigest()[:12]
        self.dir = Path(data_dir) / STATE_DIR
        self.state_file, self.lock_file = self.dir / f"{name}.json", self.dir / f"{name}.lock"
        self.log_file = self.dir / f"{name}.log"
        self._state: dict | None = None
        self._child: subprocess.Popen | None = None  # set when this process started it

    # --- finding or starting ----------------------------------------------------------
    def url(self) -> str:
        """The /v1 URL of a running server, starting one (once, machine-wide) if none answers."""
        if self._state is None or not self.alive(self._state):
            with self._locked():
                state = self._read_state()
                if state is None or not self.alive(state):
                    state = self._start()
                self._state = state
        return f"http://127.0.0.1:{self._state['port']}/v1"

    @property
    def pid(self) -> int | None:
        """The server's process id, once known."""
        return self._state["pid"] if self._state else None

    def running(self) -> bool:
        """Whether the server this object last used is still up."""
        return self._state is not None and self.alive(self._state)

    def alive(self, state: dict) -> bool:
        """Whether the recorded server still runs and accepts connections."""
        if self._child is not None and self._child.pid == state["pid"]:
            if self._child.poll() is not None:
                return False
        return _pid_alive(state["pid"]) and _port_open(state["port"])

    @contextmanager
    def _locked(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read_state(self) -> dict | None:
        try:
            state = json.loads(self.state_file.read_text())
            return state if isinstance(state.get("pid"), int) else None
        except (OSError, ValueError, AttributeError):
            return None

    def _start(self) -> dict:
        port = _free_port()
        command = [sys.executable, str(SERVE), "--model", str(self.gguf), "--host", "127.0.0.1"]
        command += ["--port", str(port), "--idle_timeout", str(self.idle_timeout), *self.args]
        started = time.monotonic()
        if self.log_file.is_file() and self.log_file.stat().st_size > LOG_BYTES:
            os.replace(self.log_file, self.log_file.with_suffix(".log.1"))  # keep one old log
        with self.log_file.open("ab") as log:
            log.write(f"\n--- starting on port {port} at {time.ctime()}\n".encode())
            log.flush()
            # its own session: Ctrl-C in a terminal or the end of this process leaves it serving
            # the other sessions, and its crash cannot take this process with it
            self._child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
            )
        state = {"pid": self._child.pid, "port": port, "model": str(self.gguf)}
        while not self._ready(port):
            if self._child.poll() is not None:
                reason = self.exit_reason() or "it exited"
                raise ModelUnavailableError(
                    f"the embedded model server could not load {self.gguf} ({reason}; log: "
                    f"{self.log_file}): {self.log_tail()} Set CLAIMCHECK_GGUF to a valid GGUF "
                    f"file.{crash_hint(reason)}"
                )
            if time.monotonic() - started > self.start_timeout:
                self._kill_child()
                raise ModelUnavailableError(
                    f"the embedded model server did not answer within {self.start_timeout:g} s "
                    f"(log: {self.log_file}): raise CLAIMCHECK_MODEL_START_TIMEOUT on a busy machine"
                )
            time.sleep(0.1)
        state["start_seconds"] = round(time.monotonic() - started, 2)
        partial = self.state_file.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(state))
        os.replace(partial, self.state_file)
        return state

    @staticmethod
    def _ready(port: int) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    # --- diagnosing and stopping -------------------------------------------------------
    def exit_reason(self) -> str | None:
        """How the server this process started ended ('killed by SIGKILL'), if it has."""
        code = self._child.poll() if self._child is not None else None
        if code is None:
            return None
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exited with status {code}"

    def wait_exit(self, timeout: float = 2.0) -> str | None:
        """exit_reason() once the server this process started has fully exited (None if it runs on)."""
        if self._child is not None:
            try:
                self._child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        return self.exit_reason()

    def log_tail(self, lines: int = 3) -> str:
        """The last lines of the server's log, for error messages."""
        try:
            text = self.log_file.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text[-lines:])[:600]

    def _kill_child(self) -> None:
        """Stop the server this process started (it did not come up in time)."""
        self._child.terminate()
        try:
            self._child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait(timeout=10)


def stop_servers(root: Path) -> int:
    """Stop every embedded model server recorded under `root` (a data dir or a tree of them)."""
    pids = []
    for state_file in Path(root).glob(f"**/{STATE_DIR}/*.json"):
        try:
            pid = int(json.loads(state_file.read_text())["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        state_file.unlink(missing_ok=True)
        if _pid_alive(pid) and _is_server(pid):
            os.kill(pid, signal.SIGTERM)
            pids.append(pid)
    deadline = time.monotonic() + 10
    while any(_pid_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in pids:
        if _pid_alive(pid) and _is_server(pid):
            os.kill(pid, signal.SIGKILL)
    return len(pids)
