"""The LLM layer: one instructor path for every provider, chosen by Settings alone."""

from __future__ import annotations

from verifier.errors import ConfigError
from verifier.llm.base import LLM
from verifier.llm.cache import ResponseCache
from verifier.llm.fake import FakeLLM, fake_completion
from verifier.settings import Settings

__all__ = ["LLM", "FakeLLM", "build_llm", "fake_completion"]

USAGE_LOG = "llm-usage.jsonl"


def build_llm(settings: Settings) -> LLM:
    """The model these settings name: embedded (default), openai, openai-compatible or fake."""
    cache = ResponseCache(settings.data_dir / "llm-cache") if settings.cache else None
    common = {
        "retries": settings.llm_retries,
        "max_tokens": settings.max_tokens,
        "cache": cache,
        "usage_log": settings.data_dir / USAGE_LOG,
    }
    if settings.llm == "fake":
        from verifier.llm.fake import load_script

        script, texts = load_script(settings.fake_script) if settings.fake_script else ([], [])
        return FakeLLM(script, texts=texts, **common)
    if settings.llm == "embedded":
        from verifier.llm.embedded import EmbeddedTransport

        transport = EmbeddedTransport.from_settings(settings)
    elif settings.llm in ("openai", "openai-compatible"):
        from verifier.llm.remote import RemoteTransport

        transport = RemoteTransport.from_settings(settings)
    else:
        raise ConfigError(
            f"unknown CLAIMCHECK_LLM={settings.llm!r}: use embedded, openai, openai-compatible or fake"
        )
    return LLM(transport, temperature=settings.temperature, seed=settings.seed, **common)
