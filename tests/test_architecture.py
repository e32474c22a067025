"""The layering rules of the codebase, checked: imports go app/ui -> verifier -> vectorstore."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("vectorstore", {"verifier", "ui", "app", "streamlit"}),
        ("verifier", {"ui", "app", "streamlit"}),
    ],
)
def test_lower_layers_never_import_upper_ones(package, forbidden):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_modules(path) & forbidden)
        for path in (ROOT / package).rglob("*.py")
        if _imported_modules(path) & forbidden
    }
    assert offenders == {}


def test_prompts_is_data_that_only_verifier_reads():
    # prompts/ is the *.j2 templates and an __init__.py, so that a plain `pip install .` ships
    # them as package data; verifier/prompts.py finds them with importlib.resources.files().
    assert sorted(p.name for p in (ROOT / "prompts").glob("*.py")) == ["__init__.py"]
    assert _imported_modules(ROOT / "prompts" / "__init__.py") == set()
    others = [ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "vectorstore").rglob("*.py")]
    importers = [str(p.relative_to(ROOT)) for p in others if "prompts" in _imported_modules(p)]
    assert importers == []


def test_library_code_never_reads_the_environment():
    # Settings() is built at the edge (CLI, app); the only library exception is setting the
    # offline switches for the embedder before it loads, which writes and does not read config.
    readers = []
    for package in ("vectorstore", "verifier"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "os.environ[" in text.replace("os.environ.setdefault", "") or "os.getenv" in text:
                readers.append(str(path.relative_to(ROOT)))
    assert readers == []


def test_ruff_check_passes():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_imports(path: Path, module: str, modules: set[str]) -> set[str]:
    """The project modules one file imports anywhere (top level, in functions, under TYPE_CHECKING)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:  # a name imported from a module is that module
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def _import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for dep in graph[module]:
            if dep not in index:
                visit(dep)
                low[module] = min(low[module], low[dep])
            elif dep in stack:
                low[module] = min(low[module], index[dep])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def _project_graph() -> dict[str, set[str]]:
    files = [ROOT / "app.py"]
    files += [
        p for package in ("ui", "verifier", "vectorstore") for p in (ROOT / package).rglob("*.py")
    ]
    modules = {_module_name(p): p for p in files}
    return {m: _project_imports(p, m, set(modules)) for m, p in modules.items()}


def test_no_import_cycles():
    # Counts every import, lazy ones and those under TYPE_CHECKING too: a loop deferred into a
    # function is still two modules that cannot be read, changed or tested one without the other.
    assert _import_cycles(_project_graph()) == []


def test_cycle_finder_sees_a_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _import_cycles(graph) == [["a", "b", "c"]]


def test_inference_never_imports_training():
    # Training code (torch optimisers, data readers) stays out of what checks a claim: only the
    # train-stance command and the training package itself import it; bench/ is outside the graph.
    graph = _project_graph()
    importers = sorted(
        module
        for module, deps in graph.items()
        if any(d.startswith("verifier.stance.training") for d in deps)
        and not module.startswith("verifier.stance.training")
    )
    assert importers == ["verifier.cli.train"]
