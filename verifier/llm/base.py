"""The LLM class: instructor-validated objects, cache, usage and clear errors, whatever the provider."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, Field, ValidationError

from verifier.errors import ClaimCheckError, LLMError, ModelOutputError
from verifier.llm.cache import ResponseCache, make_key
from verifier.llm.usage import UsageMeter
from verifier.schemas import Usage

T = TypeVar("T", bound=BaseModel)

# instructor logs every failed attempt at ERROR; we raise one clear error instead
logging.getLogger("instructor").addHandler(logging.NullHandler())


class Transport(Protocol):
    """What a provider supplies: an OpenAI-shaped `create`, a text stream and error wording."""

    provider: str
    model: str
    label: str
    is_tiny: bool
    mode: instructor.Mode

    def identity(self) -> dict[str, Any]:
        """What identifies the model for cache keys (provider, model, file or endpoint)."""

    def create(self, **kwargs: Any) -> Any:
        """One chat completion (openai ChatCompletion); called by instructor."""

    def stream(self, messages: list[dict], **params: Any) -> Iterator[str | dict]:
        """Text deltas, then optionally one dict of token counts."""

    def describe(self) -> dict[str, str]:
        """Human-readable facts for `claimcheck doctor` (model file, endpoint, ...)."""

    def translate(self, exc: BaseException) -> ClaimCheckError | None:
        """A ClaimCheckError for a provider failure this transport understands, else None."""


def _shield(messages: list[dict], context: dict) -> tuple[list[dict], dict]:
    """Messages whose text instructor's Jinja templating passes through unchanged."""
    # instructor renders every message as a Jinja template when a validation context is
    # given; article text with "{{" or "{%" must reach the model verbatim, so each content
    # becomes a placeholder whose value is carried in the context.
    shielded, ctx = [], dict(context)
    for i, message in enumerate(messages):
        if isinstance(message.get("content"), str):
            var = f"claimcheck_message_{i}"
            ctx[var] = message["content"]
            message = {**message, "content": "{{ " + var + " }}"}
        shielded.append(message)
    return shielded, ctx


class DoctorAnswer(BaseModel):
    """A two-field answer used by `claimcheck doctor` to prove a structured round-trip."""

    answer: Literal["yes", "no"] = Field(description="yes or no")
    word: str = Field(description="One word.")


class LLM:
    """One language model: structured (validated, cached, accounted) calls and streamed text."""

    def __init__(
        self,
        transport: Transport,
        *,
        retries: int = 2,
        max_tokens: int = 512,
        temperature: float = 0.0,
        seed: int = 0,
        cache: ResponseCache | None = None,
        usage_log: Path | None = None,
    ) -> None:
        self._transport = transport
        self.provider: str = transport.provider
        self.name: str = (
            f"{transport.provider}:{transport.label}" if transport.label else transport.provider
        )
        self.is_tiny: bool = transport.is_tiny
        self.retries = max(0, retries)
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.seed = seed
        self.cache = cache
        self._meter = UsageMeter(usage_log, model=self.name)

    # --- structured output ----------------------------------------------------------
    def structured(
        self,
        response_model: type[T],
        messages: list[dict],
        *,
        operation: str,
        validation_context: dict | None = None,
        max_tokens: int | None = None,
        use_cache: bool = True,
    ) -> T:
        """A validated `response_model` for these messages, re-asked on validation errors."""
        messages = [dict(m) for m in messages]
        params = self._params(max_tokens)
        key = self._cache_key(response_model, messages, params) if use_cache else None
        if key is not None:
            hit = self._from_cache(key, response_model, validation_context)
            if hit is not None:
                self._meter.add(operation, cache_hits=1)
                return hit
        result = self._ask(response_model, messages, operation, validation_context, params)
        if key is not None:
            self.cache.set(key, result.model_dump_json())
        return result

    def _params(self, max_tokens: int | None) -> dict[str, Any]:
        return {
            "max_tokens": max_tokens or self.max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
        }

    def _cache_key(
        self, response_model: type[BaseModel], messages: list[dict], params: dict
    ) -> str | None:
        if self.cache is None:
            return None
        return make_key(
            model=self._transport.identity(),
            mode=str(self._transport.mode.value),
            schema_name=f"{response_model.__module__}.{response_model.__qualname__}",
            schema=response_model.model_json_schema(),
            messages=messages,
            params=params,
        )

    def _from_cache(self, key: str, response_model: type[T], context: dict | None) -> T | None:
        cached = self.cache.get(key)
        if cached is None:
            return None
        try:
            return response_model.model_validate_json(cached, context=context)
        except ValidationError:
            self.cache.delete(key)  # the schema's validators changed since: ask again
            return None

    def _ask(self, response_model, messages, operation, validation_context, params):
        meter, transport = self._meter, self._transport

        def create(**kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                completion = transport.create(**kwargs)
            except BaseException:
                meter.add(operation, calls=1, seconds=time.perf_counter() - started)
                raise
            usage = getattr(completion, "usage", None)
            meter.add(
                operation,
                calls=1,
                seconds=time.perf_counter() - started,
                prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
            )
            return completion

        patched = instructor.patch(create=create, mode=transport.mode)
        context = None
        if validation_context is not None:
            messages, context = _shield(messages, validation_context)
        try:
            result = patched(
                response_model=response_model,
                messages=messages,
                context=context,
                max_retries=self.retries,
                strict=False,
                model=transport.model,
                **params,
            )
        except Exception as exc:
            raise self._translate(exc, response_model, params) from exc
        # instructor hands back a subclass; callers (and cache hits) get the plain model
        return response_model.model_validate_json(
            result.model_dump_json(), context=validation_context
        )

    def _translate(
        self, exc: Exception, response_model: type[BaseModel], params: dict
    ) -> Exception:
        """The ClaimCheckError that explains a failed structured call (or the bug itself)."""
        schema = response_model.__name__
        root: BaseException = exc
        while isinstance(root, InstructorRetryException) and root.__cause__ is not None:
            root = root.__cause__
        if isinstance(root, ClaimCheckError):
            return root
        if isinstance(root, IncompleteOutputException):
            return ModelOutputError(
                f"{self.name} was cut off at max_tokens={params['max_tokens']} while writing a "
                f"{schema}; raise CLAIMCHECK_MAX_TOKENS or shorten the input"
            )
        translated = self._transport.translate(root)
        if translated is not None:
            return translated
        if isinstance(root, ValidationError | json.JSONDecodeError) or isinstance(
            exc, InstructorRetryException
        ):
            attempts = getattr(exc, "n_attempts", self.retries + 1)
            detail = str(root).splitlines()
            summary = " ".join(line.strip() for line in detail[:3])[:300]
            return ModelOutputError(
                f"{self.name} did not return a valid {schema} after {attempts} attempt(s): "
                f"{summary}. Try a stronger model (CLAIMCHECK_LLM / CLAIMCHECK_MODEL) or "
                "more retries (CLAIMCHECK_LLM_RETRIES)"
            )
        return exc

    # --- streamed text ----------------------------------------------------------------
    def stream_text(
        self, messages: list[dict], *, operation: str, max_tokens: int | None = None
    ) -> Iterator[str]:
        """Text deltas of a free-text answer (for chat); counted under `operation`."""
        params = self._params(max_tokens)
        started = time.perf_counter()
        counts = {"prompt_tokens": 0, "completion_tokens": 0}
        try:
            for piece in self._transport.stream([dict(m) for m in messages], **params):
                if isinstance(piece, dict):
                    counts.update({k: int(v or 0) for k, v in piece.items() if k in counts})
                elif piece:
                    yield piece
        except ClaimCheckError:
            raise
        except Exception as exc:
            translated = self._transport.translate(exc)
            if translated is None:
                raise
            raise translated from exc
        finally:
            self._meter.add(operation, calls=1, seconds=time.perf_counter() - started, **counts)

    # --- accounting -----------------------------------------------------------------
    def usage(self) -> dict[str, Usage]:
        """Model cost per operation since the last reset."""
        return self._meter.usage()

    def total_usage(self) -> Usage:
        """Model cost of all operations since the last reset."""
        return self._meter.total()

    def reset_usage(self) -> None:
        """Start counting from zero."""
        self._meter.reset()

    # --- diagnostics ----------------------------------------------------------------
    def describe(self) -> dict[str, str]:
        """Provider, model and where it lives, for `claimcheck doctor` and the UI."""
        facts = {"provider": self.provider, "model": self.name}
        facts.update(self._transport.describe())
        facts["cache"] = str(self.cache.directory) if self.cache is not None else "off"
        return facts

    def check(self) -> str:
        """One uncached structured round-trip; raises an LLMError naming the variable to change."""
        started = time.perf_counter()
        messages = [
            {"role": "system", "content": "Answer in JSON."},
            {"role": "user", "content": "Is Paris in France? Answer yes or no, and one word."},
        ]
        try:
            answer = self.structured(
                DoctorAnswer, messages, operation="doctor", max_tokens=64, use_cache=False
            )
        except LLMError:
            raise
        except ClaimCheckError as exc:
            raise LLMError(str(exc)) from exc
        seconds = time.perf_counter() - started
        return f"{self.name} answered a structured request in {seconds:.2f} s ({answer.answer!r})"

    def close(self) -> None:
        """Release the cache handle."""
        if self.cache is not None:
            self.cache.close()

    def __repr__(self) -> str:
        return f"<LLM {self.name}>"
