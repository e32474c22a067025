"""AppTest fixtures: the app on a temporary data dir with the fake LLM and the hash embedder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import streamlit as st

from tests.ui.helpers import SEEDS

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
    """CLAIMCHECK_* variables for the app: fake model (with a scripted chat answer), fake stance
    classifier, hash embedder."""
    path = tmp_path / "data"
    script = tmp_path / "fake-script.json"
    script.write_text(json.dumps({"structured": [], "texts": [CHAT_TEXT]}), encoding="utf-8")
    for name in list(os.environ):
        if name.startswith("CLAIMCHECK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CLAIMCHECK_LLM", "fake")
    monkeypatch.setenv("CLAIMCHECK_EMBEDDER", "hash")
    # The classifier path with the packaged fake: the trained classifier has its own real tests.
    monkeypatch.setenv("CLAIMCHECK_STANCE_CLASSIFIER", "fake")
    monkeypatch.setenv("CLAIMCHECK_STANCE_MODEL", str(path / "no-stance-model"))
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
    from verifier.extract.claims import extract_claims

    extract_claims(seeded)
    crosscheck(seeded)
    return seeded
