"""A process-wide switch that forbids real model calls (set by the test suite)."""

from __future__ import annotations

from verifier.errors import RealModelForbiddenError

_forbidden = False


def forbid_real_models(flag: bool) -> None:
    """Make every real provider (embedded, openai, openai-compatible) refuse to run."""
    global _forbidden
    _forbidden = bool(flag)


def real_models_forbidden() -> bool:
    """True while real model calls are switched off."""
    return _forbidden


def ensure_real_allowed(what: str) -> None:
    """Raise RealModelForbiddenError when real calls are switched off."""
    if _forbidden:
        raise RealModelForbiddenError(
            f"{what}: real model calls are forbidden here (tests use CLAIMCHECK_LLM=fake; "
            "mark the test @pytest.mark.real to use a real model)"
        )
