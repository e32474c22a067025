"""The cheap stance classifier: frozen MiniLM sentence embeddings + lexical cues -> small MLP.

Training costs one forward pass per distinct sentence (no back-propagation through the
encoder), so it trains on a busy 2-core machine in minutes where the cross-encoder needs hours;
the head is fitted in verifier/stance/training/head.py.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from pathlib import Path

WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
STOP = frozenset(
    "the a an of and or to in on at by for with from as is are was were be been being that this "
    "these those it its their his her they he she we you i which who whom what when where than "
    "then there has have had do does did can could may might will would shall should into about".split()
)
NEGATION = frozenset(
    "not no never none nobody nothing neither nor without cannot can't don't doesn't didn't isn't "
    "aren't wasn't weren't won't hasn't haven't hadn't fail fails failed lack lacks lacking absent "
    "absence unlikely".split()
)
UP = frozenset(
    "increase increases increased increasing higher more rise rises rising rose greater elevated "
    "promote promotes enhance enhances improve improves improved gain gains grow grows growing".split()
)
DOWN = frozenset(
    "decrease decreases decreased decreasing lower less fall falls falling fell decline declines "
    "declined declining reduce reduces reduced reducing inhibit inhibits suppress suppresses "
    "worse worsen loss lose loses shrink shrinks".split()
)
N_LEXICAL = 13
EMBED_DIM = 384


def lexical_features(premise: str, hypothesis: str) -> list[float]:
    """Overlap, number, negation and direction cues between passage and claim."""
    pw, hw = WORD.findall(premise.lower()), WORD.findall(hypothesis.lower())
    pc, hc = {w for w in pw if w not in STOP}, {w for w in hw if w not in STOP}
    pn, hn = set(NUMBER.findall(premise)), set(NUMBER.findall(hypothesis))
    p_neg, h_neg = sum(w in NEGATION for w in pw), sum(w in NEGATION for w in hw)
    p_dir = sum(w in UP for w in pw) - sum(w in DOWN for w in pw)
    h_dir = sum(w in UP for w in hw) - sum(w in DOWN for w in hw)
    covered = len(pc & hc) / max(1, len(hc))
    return [
        covered,
        len(pc & hc) / max(1, len(pc | hc)),
        float(covered == 1.0),
        len(pn & hn) / max(1, len(hn)),
        float(bool(hn) and not (pn & hn)),
        float(bool(hn)),
        min(p_neg, 3) / 3,
        min(h_neg, 3) / 3,
        float((p_neg % 2) != (h_neg % 2)),
        float(p_dir * h_dir < 0),
        float(p_dir * h_dir > 0),
        math.log1p(len(pw)) / 5,
        math.log1p(len(hw)) / 5,
    ]


class Encoder:
    """Frozen packaged MiniLM-L6 sentence embeddings, cached per distinct text."""

    def __init__(self, model_path: Path, max_seq_length: int = 128) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_path), device="cpu")
        self.model.max_seq_length = max_seq_length
        self.cache: dict[str, object] = {}

    def encode(
        self,
        texts: list[str],
        progress: Callable[[int, int], None] | None = None,
        deadline: float | None = None,
    ) -> None:
        """Embed the texts not yet cached, in the given order, until the monotonic deadline."""
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        for b in range(0, len(todo), 256):
            if deadline is not None and time.monotonic() > deadline:
                break
            # Sorted by length inside a block: less padding, same texts.
            block = sorted(todo[b : b + 256], key=len)
            vecs = self.model.encode(
                block, batch_size=64, normalize_embeddings=True, convert_to_tensor=True
            )
            self.cache.update(zip(block, vecs, strict=True))
            if progress:
                progress(min(b + 256, len(todo)), len(todo))


def pair_features(encoder: Encoder, pairs: list[tuple[str, str]]):
    """Feature rows [u, v, |u-v|, u*v, cos, lexical cues] for (premise, hypothesis) pairs."""
    import torch

    encoder.encode([t for pair in pairs for t in pair])
    u = torch.stack([encoder.cache[p] for p, _ in pairs]).float()
    v = torch.stack([encoder.cache[h] for _, h in pairs]).float()
    lex = torch.tensor([lexical_features(p, h) for p, h in pairs], dtype=torch.float32)
    cos = (u * v).sum(-1, keepdim=True)
    return torch.cat([u, v, (u - v).abs(), u * v, cos, lex], dim=-1)


def build_head(hidden: int = 256):
    """The MLP on top of the features."""
    import torch

    return torch.nn.Sequential(
        torch.nn.Linear(4 * EMBED_DIM + 1 + N_LEXICAL, hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.2),
        torch.nn.Linear(hidden, 3),
    )
