"""`claimcheck ask`: answer a question from the archive, every sentence cited and checked."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.command("ask")(ask)


def ask(
    question: str = typer.Argument(..., help="A question about the archive."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
    mode: str = typer.Option(
        "auto", help="auto (extractive for the tiny embedded model), extractive or generated."
    ),
    k: int = typer.Option(0, help="Passages to retrieve (default: CLAIMCHECK_TOP_K)."),
) -> None:
    """Answer QUESTION from the archive only; each sentence carries [n] citations and a check."""
    from verifier.chat.answer import answer_question
    from verifier.cli.common import open_services
    from verifier.errors import InputError

    if mode not in ("auto", "extractive", "generated"):
        raise InputError(f"unknown --mode {mode!r}: use auto, extractive or generated")
    with open_services() as services:
        answer = answer_question(
            services, question, mode=None if mode == "auto" else mode, k=k or None
        )
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    if answer.mode == "nothing_relevant":
        typer.echo(answer.text)
        return
    for sentence in answer.sentences:
        flag = "" if sentence.status != "unsupported" else f"  <- UNSUPPORTED: {sentence.note}"
        typer.echo(f"{sentence.text} {sentence.markers}{flag}")
    typer.echo("")
    cited = {c.number for s in answer.sentences for c in s.citations}
    for source in answer.sources:
        if source.number in cited:
            typer.echo(f"[{source.number}] {source.title} ({source.article_id}, {source.chunk_id})")
