"""A plain (non-editable) `pip install .` holds every module and every file the code reads."""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("verifier", "vectorstore", "ui", "prompts")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def source_files() -> list[str]:
    """Every file of the package directories, as a path relative to the repository."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for name in PACKAGES
        for p in (ROOT / name).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def test_package_data_covers_every_file_beside_the_code():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]
    uncovered = [
        path
        for path in source_files()
        if not path.endswith(".py")
        and not any(
            fnmatch.fnmatch(path, f"{package}/{pattern}")
            for package, patterns in package_data.items()
            for pattern in patterns
        )
    ]
    assert not uncovered, f"add to [tool.setuptools.package-data] in pyproject.toml: {uncovered}"


def test_run_time_files_live_inside_the_packages():
    from verifier import prompts, settings

    assert prompts.PROMPTS_DIR.resolve() == ROOT / "prompts"
    assert settings.PACKAGED_STANCE_MODEL.resolve().is_relative_to(ROOT / "verifier")
    assert prompts.prompt_names()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip install .` would install, built from a copy of the working tree."""
    setuptools = pytest.importorskip("setuptools")
    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip(f"setuptools {setuptools.__version__} < 77 (pyproject's build requirement)")
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in PACKAGES:
        shutil.copytree(ROOT / name, src / name, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [*command, "-w", str(out), str(src)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("claimcheck-*.whl")
    return path


def test_the_wheel_holds_every_module_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [path for path in source_files() if path not in names]
    assert not missing, missing
    prompts = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "prompts").glob("*.j2"))
    assert prompts and set(prompts) <= names, prompts
    assert "prompts/__init__.py" in names
    assert "verifier/weights/stance/model.safetensors" in names


def test_the_installed_layout_finds_every_prompt_and_the_classifier(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    count = len(list((ROOT / "prompts").glob("*.j2")))
    script = (
        "import verifier.prompts as p, verifier.settings as s\n"
        "import prompts\n"
        "for module in (p, prompts):\n"
        f"    assert module.__file__.startswith({str(site)!r}), module.__file__\n"
        "names = p.prompt_names()\n"
        f"assert len(names) == {count}, names\n"
        "assert p.render_prompt('extract_system').startswith('You help fact-checkers')\n"
        "print(sorted(p.prompt_hashes().items()))\n"
        "assert (s.PACKAGED_STANCE_MODEL / 'model.safetensors').is_file()\n"
        # Not beside the installed package (site-packages/data): the current directory's data/.
        "from pathlib import Path\n"
        "data_dir = s.Settings(_env_file=None).data_dir\n"
        "assert data_dir == Path.cwd() / 'data', data_dir\n"
    )
    # PYTHONPATH comes before the editable install's finder, so the unpacked wheel is imported.
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    from verifier.prompts import prompt_hashes

    assert done.stdout.strip() == str(sorted(prompt_hashes().items()))
