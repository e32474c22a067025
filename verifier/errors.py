"""Errors of the verification layer, rooted at ClaimCheckError."""

from vectorstore.errors import ClaimCheckError, InputError, NotFoundError, StoreError

__all__ = [
    "ClaimCheckError",
    "InputError",
    "NotFoundError",
    "StoreError",
    "ConfigError",
    "LLMError",
    "ModelUnavailableError",
    "ModelOutputError",
    "RealModelForbiddenError",
]


class ConfigError(ClaimCheckError):
    """A setting is missing or contradictory; the message names the variable to set."""


class LLMError(ClaimCheckError):
    """The language model failed."""


class ModelUnavailableError(LLMError):
    """The model cannot be reached or loaded (endpoint down, bad key, missing or corrupt file)."""


class ModelOutputError(LLMError):
    """The model answered, but not with a valid object after all retries (or was cut off)."""


class RealModelForbiddenError(LLMError):
    """A test tried to call a real model while real calls are switched off."""
