"""AppTest fixtures: the app on a temporary data dir with the fake LLM and the hash embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHAT_TEXT = (
    "Ukraine killed almost 13,000 Russian soldiers last month [1]. The moon is made of cheese."
)


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Cached services would otherwise leak from one test's data dir into the next."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """CLAIMCHECK_* variables for the app: fake model (with a scripted chat answer), hash embedder."""
    path = tmp_path / "data"
    script = tmp_path / "fake-script.json"
    script.write_text(json.dumps({"structured": [], "texts": [CHAT_TEXT]}), encoding="utf-8")
    for name in list(__import__("os").environ):
        if name.startswith("CLAIMCHECK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CLAIMCHECK_LLM", "fake")
    monkeypatch.setenv("CLAIMCHECK_EMBEDDER", "hash")
    monkeypatch.setenv("CLAIMCHECK_DATA_DIR", str(path))
    monkeypatch.setenv("CLAIMCHECK_FAKE_SCRIPT", str(script))
    return path


@pytest.fixture
def app_services(data_dir):
    """The very services object the app will use (the app's st.cache_resource returns it)."""
    from ui.state import load_services

    return load_services()


@pytest.fixture
def seeded(app_services):
    """The app's services with the seeds ingested."""
    app_services.store.ingest([SEEDS])
    return app_services


@pytest.fixture
def checked(seeded):
    """Seeds ingested, claims extracted and cross-checked with the fake model."""
    from verifier.crosscheck import crosscheck
    from verifier.extraction import extract_claims

    extract_claims(seeded)
    crosscheck(seeded)
    return seeded


def open_app(page: str | None = None) -> AppTest:
    """Run the app (and switch to `page`, e.g. 'ui/check.py')."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Every markdown, caption, info, warning, error and success text on the page, joined."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "subheader",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def blocks(node, kind: str) -> list:
    """Every block of this type (e.g. 'popover', 'expander') under a node, in page order."""
    found = []
    for child in getattr(node, "children", {}).values():
        if getattr(child, "type", None) == kind:
            found.append(child)
        found.extend(blocks(child, kind))
    return found


def popover_label(block) -> str:
    return block.proto.popover.label


def block_text(block) -> str:
    """The markdown and captions inside a block, joined."""
    return "\n".join(
        str(e.value) for kind in ("markdown", "caption", "warning") for e in getattr(block, kind)
    )
