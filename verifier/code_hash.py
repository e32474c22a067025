"""A hash of the code behind a stored result: the modules a root imports, found from the imports."""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def modules_of(*roots: str) -> list[str]:
    """The verifier modules these import, directly or not, themselves included (no hand-kept list)."""
    found: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = _HERE / f"{name}.py"
        if name in found or not path.exists():
            continue
        found.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("verifier."):
                todo.append(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                todo += [a.name.split(".")[1] for a in node.names if a.name.startswith("verifier.")]
    return sorted(found)


@lru_cache(maxsize=8)
def code_hash(*roots: str) -> str:
    """Changes whenever any module behind these roots changes: older results are made again."""
    digest = hashlib.sha256()
    for name in modules_of(*roots):
        digest.update((_HERE / f"{name}.py").read_bytes())
    return digest.hexdigest()[:12]
