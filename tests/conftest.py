"""Shared fixtures: settings on a temporary data dir, fake LLM, hash embedder, real-call guard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _guard_real_models(request):
    """Forbid real model calls unless the test is marked `real`."""
    try:
        from verifier.llm.guard import forbid_real_models
    except ImportError:  # the LLM layer is not there yet
        yield
        return
    forbid_real_models(request.node.get_closest_marker("real") is None)
    yield
    forbid_real_models(False)


@pytest.fixture(scope="session", autouse=True)
def _stop_model_servers(tmp_path_factory):
    """Stop any embedded model server that a test (or a CLI it ran) left under the tmp dirs."""
    yield
    try:
        from verifier.llm.supervisor import stop_servers
    except ImportError:
        return
    stop_servers(tmp_path_factory.getbasetemp())


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def settings(tmp_path):
    from verifier.settings import Settings

    # No stance classifier unless a test brings one: the packaged one would decide every stance.
    return Settings(
        data_dir=tmp_path / "data",
        llm="fake",
        embedder="hash",
        stance_model=tmp_path / "no-stance-model",
        _env_file=None,
    )


@pytest.fixture
def services(settings):
    from verifier.services import build_services

    svc = build_services(settings)
    yield svc
    svc.close()


@pytest.fixture
def seeded_services(services, seeds_dir):
    services.store.ingest([seeds_dir])
    return services
