"""Remote providers: OpenAI itself, or any OpenAI-compatible server (Ollama, vLLM, llama.cpp)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import instructor
import openai

from verifier.errors import ClaimCheckError, ConfigError, LLMError, ModelUnavailableError
from verifier.llm.guard import ensure_real_allowed
from verifier.settings import Settings

OPENAI_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}


class RemoteTransport:
    """Chat completions over HTTP through the openai client, at most `concurrency` at a time."""

    is_tiny = False

    def __init__(
        self,
        *,
        provider: str,
        model: str,
        base_url: str,
        api_key: str,
        mode: instructor.Mode = instructor.Mode.TOOLS,
        timeout: float = 120.0,
        concurrency: int = 4,
        http_retries: int = 2,
    ) -> None:
        ensure_real_allowed(f"{provider} model {model}")
        self.provider, self.model, self.label, self.mode = provider, model, model, mode
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        # Retries are ours (_retrying): the client's own would also retry a timed-out request,
        # so a hung server would hold every call for (1 + retries) x CLAIMCHECK_LLM_TIMEOUT.
        self.http_retries = max(0, http_retries)
        self._client = openai.OpenAI(
            base_url=self.base_url, api_key=api_key, timeout=timeout, max_retries=0
        )
        self._slots = threading.Semaphore(max(1, concurrency))

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteTransport:
        """The transport for CLAIMCHECK_LLM=openai or openai-compatible; ConfigError names what is missing."""
        key = settings.api_key.get_secret_value() if settings.api_key else ""
        if settings.llm == "openai":
            if not key:
                raise ConfigError(
                    "CLAIMCHECK_LLM=openai needs an API key: set OPENAI_API_KEY or CLAIMCHECK_API_KEY"
                )
            model, base_url = (
                settings.model or DEFAULT_OPENAI_MODEL,
                settings.base_url or OPENAI_URL,
            )
        else:
            if not settings.base_url:
                raise ConfigError(
                    "CLAIMCHECK_LLM=openai-compatible needs the server's URL: set CLAIMCHECK_BASE_URL "
                    "(e.g. http://127.0.0.1:11434/v1 for Ollama)"
                )
            if not settings.model:
                raise ConfigError(
                    "CLAIMCHECK_LLM=openai-compatible needs a model name: set CLAIMCHECK_MODEL "
                    "(e.g. llama3.1:8b)"
                )
            model, base_url = settings.model, settings.base_url
            key = key or "not-needed"  # local servers ignore the key, the client insists on one
        mode = MODES.get(settings.llm_mode, instructor.Mode.TOOLS)
        return cls(
            provider=settings.llm,
            model=model,
            base_url=base_url,
            api_key=key,
            mode=mode,
            timeout=settings.llm_timeout,
            concurrency=settings.llm_concurrency,
        )

    def identity(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model, "base_url": self.base_url}

    def describe(self) -> dict[str, str]:
        return {
            "endpoint": self.base_url,
            "mode": self.mode.value,
            "timeout": f"{self.timeout:g} s",
        }

    def create(self, **kwargs: Any) -> Any:
        """One chat completion; waits for a free slot first."""
        ensure_real_allowed(f"{self.provider} model {self.model}")
        with self._slots:
            return self._retrying(lambda: self._client.chat.completions.create(**kwargs))

    def _retrying(self, call):
        """call() again after a refused connection, HTTP 429 or 5xx; a timeout is final."""
        for attempt in range(self.http_retries):
            try:
                return call()
            except openai.APITimeoutError:  # a subclass of APIConnectionError, but final
                raise
            except (
                openai.APIConnectionError,
                openai.RateLimitError,
                openai.InternalServerError,
            ) as exc:
                time.sleep(_retry_wait(exc, attempt))
        return call()  # the last attempt: its error is the caller's

    def stream(self, messages: list[dict], **params: Any) -> Iterator[str | dict]:
        """Text deltas from a streamed completion, then the token counts when the server sends them."""
        ensure_real_allowed(f"{self.provider} model {self.model}")
        extra = {"stream_options": {"include_usage": True}} if self.provider == "openai" else {}
        with self._slots:
            chunks = self._retrying(
                lambda: self._client.chat.completions.create(
                    model=self.model, messages=messages, stream=True, **params, **extra
                )
            )
            pieces, reported = 0, False
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
            if not reported:
                yield {"completion_tokens": pieces}  # servers without usage: one chunk ~ one token

    def translate(self, exc: BaseException) -> ClaimCheckError | None:
        """Turn openai client errors into messages that name the variable to change."""
        where = f"{self.provider} endpoint at {self.base_url}"
        if isinstance(exc, openai.APITimeoutError):
            return ModelUnavailableError(
                f"{where} did not answer within {self.timeout:g} s: check the server or raise "
                "CLAIMCHECK_LLM_TIMEOUT"
            )
        if isinstance(exc, openai.APIConnectionError):
            return ModelUnavailableError(
                f"{where} is unreachable: start the server or set CLAIMCHECK_BASE_URL"
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelUnavailableError(
                f"{where} refused the API key (HTTP {exc.status_code}): set CLAIMCHECK_API_KEY "
                "(or OPENAI_API_KEY)"
            )
        if isinstance(exc, openai.NotFoundError):
            return ModelUnavailableError(
                f"{where} has no model {self.model!r} (HTTP 404): set CLAIMCHECK_MODEL to a model "
                "it serves, and check that CLAIMCHECK_BASE_URL ends in /v1"
            )
        if isinstance(exc, openai.RateLimitError):
            return ModelUnavailableError(f"{where} is rate-limiting or out of quota: {_brief(exc)}")
        if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
            return LLMError(
                f"{where} rejected the request ({_brief(exc)}): if it does not support "
                f"{self.mode.value}, set CLAIMCHECK_LLM_MODE=json (or tools); if the input is "
                "too long, lower CLAIMCHECK_MAX_TOKENS or CLAIMCHECK_TOP_K"
            )
        if isinstance(exc, openai.APIStatusError):
            return ModelUnavailableError(f"{where} failed (HTTP {exc.status_code}): {_brief(exc)}")
        return None


RETRY_WAIT = 0.5
"""Seconds before the first retry, doubled for each next one (a server's Retry-After wins, up to 20 s)."""


def _retry_wait(exc: BaseException, attempt: int) -> float:
    response = getattr(exc, "response", None)
    after = response.headers.get("retry-after") if response is not None else None
    try:
        return min(20.0, max(0.0, float(after)))
    except (TypeError, ValueError):
        return RETRY_WAIT * 2**attempt


def _brief(exc: BaseException) -> str:
    """The first line of an error, short enough for a message."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
