"""Prompt files (the `prompts` package's *.j2), rendered by one function, identified by hashes."""

import hashlib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

# prompts/ at the top of the repository, installed as a package of data (pyproject's package-data)
# so that a plain `pip install .` ships it; a regular package on disk, so files() is a Path.
try:
    PROMPTS_DIR = Path(str(files("prompts")))
except ModuleNotFoundError as error:  # an editable install made before prompts/ was a package
    raise ModuleNotFoundError(
        "no module named 'prompts': reinstall claimcheck (scripts/install.sh or pip install -e .)"
    ) from error


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # prompts are plain text, not HTML
    )


def prompt_names() -> list[str]:
    """The names of all prompt files (without extension)."""
    return sorted(p.stem for p in PROMPTS_DIR.glob("*.j2"))


def render_prompt(name: str, **variables: object) -> str:
    """Render prompts/{name}.j2 with the given variables; a missing variable is an error."""
    return _environment().get_template(f"{name}.j2").render(**variables).strip()


def prompt_hash(name: str) -> str:
    """The first 12 hex chars of the SHA-256 of prompts/{name}.j2."""
    return hashlib.sha256((PROMPTS_DIR / f"{name}.j2").read_bytes()).hexdigest()[:12]


def prompt_hashes() -> dict[str, str]:
    """Hashes of every prompt file, for provenance stamps."""
    return {name: prompt_hash(name) for name in prompt_names()}
