"""A hash of the code behind a stored result: the modules a root imports, found from the imports."""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def modules_of(*roots: str) -> list[str]:
    """The project modules these import, directly or not, themselves included (no hand-kept list).

    Verifier modules by dotted name below verifier ('stance.judge'), vectorstore ones with their
    package ('vectorstore.terms'): the word lists and sentence splitting the rules use live there.
    """
    found: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = _path(name)
        if name in found or path is None:
            continue
        found.add(name)
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                # 'from verifier.stance import figures' imports a module, not only a package.
                todo += _project_module(node.module)
                todo += [
                    m
                    for alias in node.names
                    for m in _project_module(f"{node.module}.{alias.name}")
                    if _path(m) is not None
                ]
            elif isinstance(node, ast.Import):
                todo += [m for alias in node.names for m in _project_module(alias.name)]
    return sorted(found)


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:`: an import for type hints runs no rule."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _names_type_checking(node.test):
            yield from (n for child in node.orelse for n in ast.walk(child))
            continue
        yield node
        yield from _runtime_nodes(node)


def _names_type_checking(test: ast.expr) -> bool:
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
    return name == "TYPE_CHECKING"


def _project_module(imported: str) -> list[str]:
    parts = imported.split(".")
    if parts[0] == "verifier" and len(parts) > 1:
        return [".".join(parts[1:])]
    if parts[0] == "vectorstore" and len(parts) > 1:
        return [imported]
    return []


def _path(name: str) -> Path | None:
    """The file of a module or package, or None when the name is no project module."""
    parts = name.split(".")
    base = _HERE.parent if parts[0] == "vectorstore" else _HERE
    for path in (base.joinpath(*parts).with_suffix(".py"), base.joinpath(*parts, "__init__.py")):
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=8)
def code_hash(*roots: str) -> str:
    """Changes whenever any module behind these roots changes: older results are made again."""
    digest = hashlib.sha256()
    for name in modules_of(*roots):
        digest.update(_path(name).read_bytes())  # type: ignore[union-attr]
    return digest.hexdigest()[:12]
