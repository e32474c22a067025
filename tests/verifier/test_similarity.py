"""Unit embeddings for the judge: each distinct text embedded once, kept for the next check."""

from __future__ import annotations

import numpy as np


def test_unit_vectors_embed_each_new_text_once():
    from verifier.stance.similarity import unit_vectors

    class Counting:
        calls: list[list[str]] = []

        def name(self):
            return "counting"

        def encode(self, texts):
            self.calls.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts])

    e = Counting()
    first = unit_vectors(e, ["a claim", "a sentence", "a claim"])
    assert e.calls == [["a claim", "a sentence"]]
    assert abs(float(np.linalg.norm(first["a claim"])) - 1.0) < 1e-6
    unit_vectors(e, ["a sentence", "another"])
    assert e.calls[-1] == ["another"]
