"""`claimcheck train-stance`: train the stance classifier that sits in front of the LLM judge."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.command("train-stance")(train_stance_command)


def train_stance_command(
    data: Path = typer.Option(
        ..., "--data", help="Labelled pairs: JSONL or CSV with premise, hypothesis, label."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Model directory (default: CLAIMCHECK_STANCE_MODEL or DATA_DIR/stance-model).",
    ),
    epochs: float = typer.Option(1.0, "--epochs", help="Passes over the training pairs."),
    max_pairs: int | None = typer.Option(
        None, "--max-pairs", help="Use at most this many pairs (random, seeded)."
    ),
    minutes: float | None = typer.Option(
        None, "--minutes", help="Stop training after this many minutes."
    ),
    init: Path | None = typer.Option(
        None, "--init", help="Continue from this trained model instead of plain MiniLM."
    ),
    kind: str = typer.Option(
        "cross-encoder",
        "--kind",
        help="cross-encoder (fine-tuned MiniLM: the accurate one, ~20 min per 30k pairs on 2 cores) "
        "or features (frozen MiniLM + MLP: minutes).",
    ),
    batch_size: int = typer.Option(16, "--batch-size"),
    learning_rate: float = typer.Option(4e-5, "--lr"),
    seed: int = typer.Option(0, "--seed", help="Order of the pairs (another seed: another order)."),
) -> None:
    """Train a supports/contradicts/unrelated classifier on MiniLM-L6 and calibrate it."""
    from verifier.settings import load_settings
    from verifier.stance.training.train import train_stance

    settings = load_settings()
    target = out or settings.trained_stance_model()
    last = {"shown": -1}

    def show(step: int, total: int, message: str) -> None:
        pct = int(100 * step / total)
        if pct != last["shown"]:
            last["shown"] = pct
            typer.echo(f"\rstep {step}/{total} {message}", nl=False, err=True)

    metrics = train_stance(
        data,
        target,
        epochs=epochs,
        max_pairs=max_pairs,
        seconds_budget=minutes * 60 if minutes else None,
        progress=show,
        kind=kind,
        base_model=init,
        batch_size=batch_size,
        learning_rate=learning_rate,
        seed=seed,
    )
    typer.echo("", err=True)
    typer.echo(json.dumps(metrics, indent=2))
    typer.echo(f"saved the stance classifier to {target}")
