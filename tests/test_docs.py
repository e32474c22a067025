"""The README stays a front door and the pages in docs/ stay true to the code they describe."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
import typer

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
CODE_BLOCK = re.compile(r"```(?:bash)?\n(.*?)```", re.S)


def section(text: str, heading: str) -> str:
    """The text under a `## heading` of a Markdown page, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def commands_in(block: str) -> list[str]:
    """The command lines of a shell block, comments and blank lines left out."""
    lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return [line for line in lines if line]


def test_quick_start_is_the_two_commands_ci_runs():
    quick = section(README.read_text(), "Quick start")
    (block,) = CODE_BLOCK.findall(quick)
    assert commands_in(block) == ["bash scripts/start.sh", "bash scripts/test.sh"]
    assert (ROOT / "scripts" / "start.sh").is_file() and (ROOT / "scripts" / "test.sh").is_file()
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_is_short():
    assert len(README.read_text().splitlines()) <= 170


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_point_at_files_that_exist(page):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        if not (page.parent / target.split("#", 1)[0]).exists():
            broken.append(target)
    assert not broken, f"{page.name} links to missing files: {broken}"


def test_every_setting_is_on_the_configuration_page():
    from verifier.settings import Settings

    page = (ROOT / "docs" / "configuration.md").read_text()
    missing = [f"CLAIMCHECK_{name.upper()}" for name in Settings.model_fields]
    missing = [name for name in missing if f"`{name}`" not in page]
    assert not missing, f"add to docs/configuration.md: {missing}"


def cli_commands() -> set[str]:
    """The subcommands of the console script named in pyproject.toml."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module = import_module(scripts["claimcheck"].split(":")[0])
    (app,) = [v for v in vars(module).values() if isinstance(v, typer.Typer)]
    return set(typer.main.get_command(app).commands)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_commands_shown_exist(page):
    blocks = "\n".join(CODE_BLOCK.findall(page.read_text()))
    shown = set(re.findall(r"^claimcheck ([a-z-]+)", blocks, re.M))
    assert shown <= cli_commands(), (
        f"{page.name}: no such claimcheck command {shown - cli_commands()}"
    )
    bench = set(re.findall(r"python -m bench\.(\w+)", page.read_text()))
    missing = [name for name in sorted(bench) if not (ROOT / "bench" / f"{name}.py").is_file()]
    assert not missing, f"{page.name}: no bench/<name>.py for {missing}"


def module_lines() -> dict[str, str]:
    """Each module of the app and the packages, with its docstring's first line."""
    paths = [ROOT / "app.py"]
    for package in ("ui", "verifier", "vectorstore"):
        paths += sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)
    lines = {}
    for path in paths:
        doc = (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()
        lines[path.relative_to(ROOT).as_posix()] = doc.splitlines()[0] if doc else ""
    return lines


def test_the_architecture_page_lists_every_module():
    page = (ROOT / "docs" / "architecture.md").read_text()
    listed = set(re.findall(r"^- `([\w/]+\.py)`:", page, re.M))
    modules = module_lines()
    missing = [f"- `{path}`: {modules[path]}" for path in modules if path not in listed]
    gone = sorted(listed - set(modules))
    assert not missing and not gone, (
        "docs/architecture.md is out of date; add:\n"
        + "\n".join(missing)
        + "\nand remove: "
        + ", ".join(gone)
    )
