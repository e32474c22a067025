"""FakeLLM: a scripted model that answers through the same instructor path and records its calls."""

from __future__ import annotations

import contextvars
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import instructor
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from verifier.errors import ConfigError
from verifier.llm.base import LLM
from verifier.llm.cache import ResponseCache

DEFAULT_TEXT = "This is a scripted answer from the fake model."

# (operation, response_model) of the structured call in progress, for the transport
_current: contextvars.ContextVar[tuple[str, type[BaseModel] | None]] = contextvars.ContextVar(
    "fake_llm_request", default=("", None)
)


def fake_completion(
    content: str, *, finish_reason: str = "stop", prompt_tokens: int = 0
) -> ChatCompletion:
    """An OpenAI-shaped completion carrying `content` (script it to fake a cut-off answer)."""
    return ChatCompletion.model_validate(
        {
            "id": "fake",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": finish_reason,
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(content.split()),
                "total_tokens": prompt_tokens + len(content.split()),
            },
        }
    )


def build_minimal(schema: dict, defs: dict | None = None) -> Any:
    """A minimal instance of a JSON schema: required fields only, first enum member, minItems items."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return build_minimal(defs[schema["$ref"].split("/")[-1]], defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [o for o in schema[combinator] if o.get("type") != "null"] or schema[
                combinator
            ]
            return build_minimal(options[0], defs)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: build_minimal(props[name], defs) for name in schema.get("required", [])}
    if kind == "array":
        return [
            build_minimal(schema.get("items", {}), defs) for _ in range(schema.get("minItems", 0))
        ]
    if kind == "string":
        return "x" * schema.get("minLength", 0)
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = low + 1 if "exclusiveMinimum" in schema else low
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    return None


def _words(messages: Iterable[dict]) -> int:
    return sum(len(str(m.get("content") or "").split()) for m in messages)


class FakeTransport:
    """Serves scripted items as chat completions; no network, no model."""

    provider = "fake"
    model = "fake"
    label = ""
    is_tiny = False
    mode = instructor.Mode.JSON_SCHEMA

    def __init__(
        self, script: Iterable[Any] | None, responder: Callable | None, texts: Iterable[str] | None
    ):
        self.script: deque[Any] = deque(script or [])
        self.responder = responder
        self.texts: deque[str] = deque(texts or [])
        self.calls: list[dict] = []

    def identity(self) -> dict[str, Any]:
        return {"provider": "fake"}

    def describe(self) -> dict[str, str]:
        return {"script": f"{len(self.script)} scripted answers left"}

    def translate(self, exc: BaseException) -> None:
        return None

    def create(self, **kwargs: Any) -> ChatCompletion:
        """Answer with the next scripted item, the responder, or a minimal valid object."""
        operation, response_model = _current.get()
        messages = kwargs.get("messages", [])
        schema = kwargs.get("response_format", {}).get("json_schema", {}).get("schema", {})
        self.calls.append(
            {
                "operation": operation,
                "schema": response_model.__name__ if response_model else "",
                "messages": [dict(m) for m in messages],
            }
        )
        if self.script:
            item = self.script.popleft()
        elif self.responder is not None:
            item = self.responder(response_model, messages)
        else:
            item = build_minimal(schema)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, ChatCompletion):
            return item
        if isinstance(item, BaseModel):
            content = item.model_dump_json()
        elif isinstance(item, str):
            content = item  # raw text: lets tests script malformed output
        else:
            content = json.dumps(item)
        return fake_completion(content, prompt_tokens=_words(messages))

    def stream(self, messages: list[dict], **params: Any) -> Iterator[str | dict]:
        """The next scripted text (or a default one), word by word."""
        operation, _ = _current.get()
        self.calls.append(
            {"operation": operation, "schema": "", "messages": [dict(m) for m in messages]}
        )
        text = self.texts.popleft() if self.texts else DEFAULT_TEXT
        pieces = text.split(" ")
        for i, piece in enumerate(pieces):
            yield piece if i == len(pieces) - 1 else piece + " "
        yield {"prompt_tokens": _words(messages), "completion_tokens": len(pieces)}


class FakeLLM(LLM):
    """A scripted model for tests and demos: `script` items are returned in order, then `responder`."""

    def __init__(
        self,
        script: Iterable[Any] | None = None,
        responder: Callable[[type[BaseModel], list[dict]], Any] | None = None,
        *,
        texts: Iterable[str] | None = None,
        retries: int = 2,
        max_tokens: int = 512,
        cache: ResponseCache | None = None,
        usage_log: Path | None = None,
    ) -> None:
        self._fake = FakeTransport(script, responder, texts)
        super().__init__(
            self._fake, retries=retries, max_tokens=max_tokens, cache=cache, usage_log=usage_log
        )

    @property
    def calls(self) -> list[dict]:
        """Every model call: {"operation", "schema", "messages"} (cache hits are not calls)."""
        return self._fake.calls

    def add_script(self, *items: Any) -> None:
        """Queue more scripted answers."""
        self._fake.script.extend(items)

    def add_texts(self, *texts: str) -> None:
        """Queue more streamed answers."""
        self._fake.texts.extend(texts)

    def structured(self, response_model, messages, *, operation, **kwargs):
        token = _current.set((operation, response_model))
        try:
            return super().structured(response_model, messages, operation=operation, **kwargs)
        finally:
            _current.reset(token)

    def stream_text(self, messages, *, operation, max_tokens=None):
        token = _current.set((operation, None))
        try:
            yield from super().stream_text(messages, operation=operation, max_tokens=max_tokens)
        finally:
            _current.reset(token)


def load_script(path: Path) -> tuple[list[Any], list[str]]:
    """Read CLAIMCHECK_FAKE_SCRIPT: a JSON list of answers, or {"structured": [...], "texts": [...]}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read CLAIMCHECK_FAKE_SCRIPT={path}: {exc}") from exc
    if isinstance(data, list):
        return data, []
    if isinstance(data, dict):
        return list(data.get("structured", [])), [str(t) for t in data.get("texts", [])]
    raise ConfigError(
        f"CLAIMCHECK_FAKE_SCRIPT={path} must hold a JSON list or an object with 'structured'/'texts'"
    )
