"""The root of claimcheck's error hierarchy, shared by every layer."""


class ClaimCheckError(Exception):
    """A failure the user can act on; caught once by the CLI and once by the UI."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint or self.hint

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} ({self.hint})" if self.hint else base


class InputError(ClaimCheckError):
    """A file or value given by the user cannot be used."""


class StoreError(ClaimCheckError):
    """The article store (Chroma, the catalog) cannot be reached or is inconsistent."""


class NotFoundError(ClaimCheckError):
    """An article, chunk or claim id does not exist."""
