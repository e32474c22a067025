"""llama.cpp's own log lines go to Python logging, not onto the user's terminal."""

from __future__ import annotations

import ctypes
import logging

logger = logging.getLogger("claimcheck.llama_cpp")
# Shown only when the application configures logging: a CLI user sees claimcheck's messages,
# not llama.cpp's cache notes ("using full-size SWA cache (ref: https://...)").
logger.addHandler(logging.NullHandler())

# ggml_log_level of the llama.cpp that llama-cpp-python 0.3 builds: NONE, DEBUG, INFO, WARN,
# ERROR, CONT. llama-cpp-python's own callback maps an older enum and prints warnings as errors.
LEVELS = {0: logging.INFO, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}
CONTINUED = 5

_state = {"level": logging.INFO, "callback": None}


def route_llama_logs() -> None:
    """Send llama.cpp's log lines to the 'claimcheck.llama_cpp' logger (once per process)."""
    if _state["callback"] is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def forward(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
        if level != CONTINUED:
            _state["level"] = LEVELS.get(level, logging.INFO)
        line = text.decode("utf-8", errors="replace").rstrip()
        if line:
            logger.log(_state["level"], line)

    _state["callback"] = forward  # ctypes calls it for the life of the process: keep it alive
    llama_cpp.llama_log_set(forward, ctypes.c_void_p(0))
