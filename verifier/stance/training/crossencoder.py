"""The cross-encoder training loop of the stance classifier (MiniLM-L6 fine-tuned on the pair)."""

from __future__ import annotations

import math
import random
import time

from verifier.stance.model import encode_pairs


def length_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (sorted inside windows of 50 batches)."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    window = batch_size * 50
    batches = []
    for w in range(0, len(idx), window):
        part = sorted(idx[w : w + window], key=lengths.__getitem__)
        batches += [part[b : b + batch_size] for b in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def train_cross_encoder(
    torch,
    transformers,
    train,
    start_from,
    *,
    num_labels,
    labels,
    epochs,
    seconds_budget,
    progress,
    batch_size,
    learning_rate,
    max_length,
    rng,
    seed,
    checkpoint,
    checkpoint_seconds,
):
    """Fine-tune; returns (model, tokenizer, metrics). The LR schedule fits the time budget."""
    torch.manual_seed(seed)
    tokenizer = transformers.AutoTokenizer.from_pretrained(start_from)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        start_from,
        num_labels=num_labels,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
        ignore_mismatched_sizes=True,
        dtype=torch.float32,  # an fp16 (packaged) start would train in half precision
    )
    # A GPU, where there is one, trains the same recipe in minutes instead of hours.
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    lengths = [len(p) + len(h) for p, h, _ in train]
    steps_per_epoch = math.ceil(len(train) / batch_size)
    total = max(1, math.ceil(steps_per_epoch * epochs))
    # The word-embedding table is half the weights: freezing it halves optimiser work on CPU
    # and keeps the pretrained vocabulary intact when the training data is small.
    if device == "cpu":
        model.get_input_embeddings().weight.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=0.01)
    # The schedule shrinks to what the time budget allows, so the learning rate still decays
    # to zero when the budget (not the epochs) ends training.
    plan = {"total": total, "warmup": max(1, total // 10)}

    def lr_factor(s: int) -> float:
        t, w = plan["total"], plan["warmup"]
        return min((s + 1) / w, max(0.0, (t - s) / max(1, t - w)))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, lr_factor)
    t0 = last_ckpt = time.monotonic()
    step, loss_sum, stopped = 0, 0.0, "epochs done"
    model.train()
    while step < plan["total"] and stopped == "epochs done":
        for batch in length_batches(lengths, batch_size, rng):
            if step >= plan["total"]:
                stopped = "epochs done" if step >= total else "time budget"
                break
            if seconds_budget and time.monotonic() - t0 > seconds_budget:
                stopped = "time budget"
                break
            enc = encode_pairs(tokenizer, [(train[i][0], train[i][1]) for i in batch], max_length)
            enc = {k: v.to(device) for k, v in enc.items()}
            y = torch.tensor([train[i][2] for i in batch], device=device)
            with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(**enc).logits
            loss = torch.nn.functional.cross_entropy(logits.float(), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            loss_sum += loss.item()
            if seconds_budget and step % 20 == 0:
                # Re-estimated often: on a shared machine the speed changes during a run.
                elapsed = time.monotonic() - t0
                projected = step + int(step / elapsed * max(0.0, seconds_budget - elapsed))
                plan["total"] = max(step + 1, min(total, projected))
                plan["warmup"] = min(max(1, total // 10), max(1, plan["total"] // 10))
            if progress and (step % 10 == 0 or step == plan["total"]):
                progress(step, plan["total"], f"loss {loss_sum / step:.3f}")
            if time.monotonic() - last_ckpt > checkpoint_seconds:
                checkpoint(model.eval(), tokenizer, step)
                last_ckpt = time.monotonic()
    # Inference (calibration, the app) runs on the CPU.
    model.to("cpu").eval()
    return (
        model,
        tokenizer,
        {
            "steps": step,
            "epochs_done": round(step / steps_per_epoch, 3),
            "stopped": stopped,
            "mean_loss": round(loss_sum / max(1, step), 4),
        },
    )
