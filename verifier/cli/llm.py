"""claimcheck doctor / usage / model stop: is the model answering, what has it cost, stop its server."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.command("doctor")(doctor)
    app.command("usage")(usage)
    model = typer.Typer(help="The embedded model's shared server.", no_args_is_help=True)
    model.command("stop")(model_stop)
    app.add_typer(model, name="model")


def model_stop() -> None:
    """Stop the embedded model's server for this data dir (the next model call starts it again)."""
    from verifier.llm.supervisor import stop_servers
    from verifier.settings import load_settings

    stopped = stop_servers(load_settings().data_dir)
    typer.echo(f"stopped {stopped} embedded model server(s)")


def doctor() -> None:
    """Show the configured model and check that it answers a structured request (exit 2 if not)."""
    from verifier.errors import ClaimCheckError
    from verifier.llm import build_llm
    from verifier.settings import load_settings

    settings = load_settings()
    typer.echo(f"provider: {settings.llm}")
    try:
        llm = build_llm(settings)
        for key, value in llm.describe().items():
            if key != "provider":
                typer.echo(f"{key}: {value}")
        if llm.is_tiny:
            typer.echo("note: a tiny offline model; answers are schema-valid but often weak")
        message = llm.check()
    except ClaimCheckError:
        typer.secho("FAILED", fg=typer.colors.RED, err=True)
        raise  # the CLI prints the message (which names the variable to change) and exits 2
    typer.secho(f"OK: {message}", fg=typer.colors.GREEN)


def usage(
    reset: bool = typer.Option(False, "--reset", help="Empty the usage log afterwards."),
) -> None:
    """Model calls, cache hits and tokens per model and operation, from DATA_DIR/llm-usage.jsonl."""
    from rich.console import Console
    from rich.table import Table

    from verifier.llm import USAGE_LOG
    from verifier.llm.usage import read_usage_log
    from verifier.settings import load_settings

    path = load_settings().data_dir / USAGE_LOG
    totals = read_usage_log(path)
    if not totals:
        typer.echo(f"no model usage recorded yet ({path})")
        return
    table = Table(title=f"LLM usage ({path})")
    for column in (
        "model",
        "operation",
        "calls",
        "cache hits",
        "prompt tok",
        "completion tok",
        "seconds",
    ):
        table.add_column(
            column, justify="right" if column not in ("model", "operation") else "left"
        )
    for (model, operation), u in sorted(totals.items()):
        table.add_row(
            model,
            operation,
            str(u.calls),
            str(u.cache_hits),
            str(u.prompt_tokens),
            str(u.completion_tokens),
            f"{u.seconds:.1f}",
        )
    Console().print(table)
    if reset:
        path.unlink(missing_ok=True)
        typer.echo("usage log emptied")
