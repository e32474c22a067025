"""The embedded model's process: llama-cpp-python's own OpenAI-compatible server, plus an idle exit.

Started by `supervisor.py` as a script (`python serve.py --idle_timeout S <llama_cpp.server args>`),
not with `-m`, so that it does not import the rest of claimcheck: the server starts faster and
holds only llama.cpp in memory.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _fast_grammar():
    """verifier/llm/fast_grammar.py, loaded by file name (this script is not run as a package)."""
    spec = importlib.util.spec_from_file_location(
        "claimcheck_fast_grammar", HERE / "fast_grammar.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reproducible(llama_cls) -> None:
    """Evaluate every prompt afresh, as the in-process model did."""
    # Reusing the previous prompt's KV prefix changes batch boundaries and so, at the margin,
    # greedy answers: a request must not depend on what another session asked before it.
    original = llama_cls.create_chat_completion

    def create_chat_completion(self, *args, **kwargs):
        self.reset()
        return original(self, *args, **kwargs)

    llama_cls.create_chat_completion = create_chat_completion


def main() -> None:
    """Serve the model until no request has arrived for --idle_timeout seconds."""
    if sys.path and Path(sys.path[0]).resolve() == HERE:
        sys.path.pop(0)  # our sibling modules (cache.py, base.py, ...) must not shadow packages
    import llama_cpp
    import uvicorn
    from llama_cpp.server import app as server_app
    from llama_cpp.server.cli import add_args_from_model, parse_model_from_args
    from llama_cpp.server.settings import ModelSettings, ServerSettings, Settings

    parser = argparse.ArgumentParser(description=__doc__)
    add_args_from_model(parser, Settings)
    parser.add_argument("--idle_timeout", type=float, default=0.0)
    args = parser.parse_args()
    server_settings = parse_model_from_args(ServerSettings, args)
    model_settings = parse_model_from_args(ModelSettings, args)

    _reproducible(llama_cpp.Llama)
    app = server_app.create_app(server_settings=server_settings, model_settings=[model_settings])
    _fast_grammar().install_fast_grammar(server_app._llama_proxy())

    last = {"at": time.monotonic(), "busy": 0}

    @app.middleware("http")
    async def note_activity(request, call_next):
        last["busy"] += 1
        try:
            return await call_next(request)
        finally:
            last["busy"] -= 1
            last["at"] = time.monotonic()

    config = uvicorn.Config(
        app, host=server_settings.host, port=server_settings.port, log_level="warning"
    )
    server = uvicorn.Server(config)

    def exit_when_idle() -> None:
        while not server.should_exit:
            time.sleep(min(5.0, args.idle_timeout / 4))
            if not last["busy"] and time.monotonic() - last["at"] > args.idle_timeout:
                print(f"idle for {args.idle_timeout:g} s: exiting", flush=True)
                server.should_exit = True

    if args.idle_timeout > 0:
        threading.Thread(target=exit_when_idle, daemon=True).start()
    server.run()


if __name__ == "__main__":
    main()
