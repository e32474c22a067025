"""The trained stance classifier at inference: loading a model directory, and what it holds."""

from __future__ import annotations

import pytest

from verifier.errors import NotFoundError
from verifier.stance.model import StanceClassifier, read_meta


def test_load_without_a_model_is_not_found(tmp_path):
    with pytest.raises(NotFoundError, match="train-stance"):
        StanceClassifier.load(tmp_path / "stance-model")


def test_metadata_without_weights_is_no_model(tmp_path):
    (tmp_path / "stance_meta.json").write_text('{"kind": "features"}')
    assert read_meta(tmp_path) is None
    (tmp_path / "head.pt").write_bytes(b"")
    assert read_meta(tmp_path) == {"kind": "features"}
