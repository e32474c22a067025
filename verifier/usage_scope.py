"""Model cost per scope (one UI session's script run), however many sessions share the model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from verifier.llm.usage import UsageMeter

_SCOPE: ContextVar[UsageMeter | None] = ContextVar("claimcheck_usage_scope", default=None)


@contextmanager
def counting(meter: UsageMeter) -> Iterator[UsageMeter]:
    """Within this block, every model call made on this thread is also added to `meter`."""
    token = _SCOPE.set(meter)
    try:
        yield meter
    finally:
        _SCOPE.reset(token)


class _ScopedMeter:
    """The model's own meter, also adding each call to the meter of the scope that made it."""

    def __init__(self, inner: UsageMeter) -> None:
        self._inner = inner

    def add(self, operation: str, **amounts: float) -> None:
        """Count on the model's meter and on the current scope's, if any."""
        self._inner.add(operation, **amounts)
        if (scope := _SCOPE.get()) is not None:
            scope.add(operation, **amounts)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def scoped(llm):
    """The model, its calls also counted in the scope they are made in (idempotent)."""
    # One model serves every session of the app; its own meter can only give server totals.
    meter = getattr(llm, "_meter", None)
    if isinstance(meter, UsageMeter):
        llm._meter = _ScopedMeter(meter)
    return llm
