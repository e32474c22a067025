"""Prompt files (verifier/prompt_templates/*.j2), rendered by one function, identified by hashes."""

import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PROMPTS_DIR = Path(__file__).resolve().parent / "prompt_templates"


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
    """Render prompt_templates/{name}.j2 with the given variables; a missing variable is an error."""
    return _environment().get_template(f"{name}.j2").render(**variables).strip()


def prompt_hash(name: str) -> str:
    """The first 12 hex chars of the SHA-256 of prompt_templates/{name}.j2."""
    return hashlib.sha256((PROMPTS_DIR / f"{name}.j2").read_bytes()).hexdigest()[:12]


def prompt_hashes() -> dict[str, str]:
    """Hashes of every prompt file, for provenance stamps."""
    return {name: prompt_hash(name) for name in prompt_names()}
