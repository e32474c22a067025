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
