"""Training of the features classifier: frozen MiniLM embeddings of every sentence, then the MLP head."""

from __future__ import annotations

import time

from verifier.errors import InputError
from verifier.stance.features import Encoder, build_head, pair_features
from verifier.stance.model import StanceClassifier, base_model_path, load_torch


def train_head(x, y, *, epochs: int = 60, seconds_budget: float | None = None, seed: int = 0):
    """Fit the MLP (class-balanced cross-entropy, Adam, minibatches); returns (head, steps, loss)."""
    import torch

    torch.manual_seed(seed)
    head = build_head()
    counts = torch.bincount(y, minlength=3).float().clamp(min=1)
    weight = (counts.sum() / (3 * counts)).sqrt()  # softened balancing: priors still matter
    optim = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=1e-4)
    t0, steps, loss = time.monotonic(), 0, torch.tensor(0.0)
    for _ in range(epochs):
        perm = torch.randperm(len(y))
        for b in range(0, len(y), 64):
            idx = perm[b : b + 64]
            loss = torch.nn.functional.cross_entropy(head(x[idx]), y[idx], weight=weight)
            optim.zero_grad()
            loss.backward()
            optim.step()
            steps += 1
        if seconds_budget and time.monotonic() - t0 > seconds_budget:
            break
    return head.eval(), steps, loss.item()


def train_features(train, meta, epochs, seconds_budget, progress, seed):
    """The features kind: embed every distinct sentence once, then fit the MLP head; (clf, metrics)."""
    torch, _ = load_torch()
    encoder = Encoder(base_model_path())
    texts = [t for p, h, _ in train for t in (p, h)]

    def show(done: int, total: int) -> None:
        if progress:
            progress(done, total, "embedding sentences")

    # Embedding is the slow part: with a time budget, 80% of it goes to embedding pairs (in
    # random order) and training uses the pairs whose two sentences were embedded in time.
    deadline = time.monotonic() + 0.8 * seconds_budget if seconds_budget else None
    encoder.encode(texts, show, deadline)
    train = [(p, h, y) for p, h, y in train if p in encoder.cache and h in encoder.cache]
    if not train:
        raise InputError("the time budget ran out before any training pair was embedded")
    x = pair_features(encoder, [(p, h) for p, h, _ in train])
    y = torch.tensor([label for *_, label in train])
    n_epochs = max(1, int(epochs if epochs > 1 else 40))
    head_budget = max(10.0, 0.2 * seconds_budget) if seconds_budget else None
    head, steps, loss = train_head(x, y, epochs=n_epochs, seconds_budget=head_budget, seed=seed)
    meta["hidden"] = 256
    clf = StanceClassifier(meta, encoder=encoder, head=head)
    return clf, {
        "steps": steps,
        "head_epochs": n_epochs,
        "final_loss": round(loss, 4),
        "distinct_sentences": len(encoder.cache),
        "pairs_used": len(train),
    }
