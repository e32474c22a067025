"""claimcheck report / review: export the consistency report, record reviewer decisions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from verifier.cli.common import open_services
from verifier.errors import InputError
from verifier.verdict_labels import NOT_CHECKED, VERDICTS

VERDICT_HELP = f"{', '.join(VERDICTS)}, or confirm (keep the machine's)"


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file, so a crash never leaves half a report."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # newline="" keeps the CSV's own CRLF line ends as they are.
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md, html, json, csv or claimreview.")
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON schema of the report and exit.")
    ] = False,
    author: Annotated[
        str | None,
        typer.Option("--author", help="ClaimReview author (default: CLAIMCHECK_REVIEWER_ORG)."),
    ] = None,
    semantic: Annotated[
        bool,
        typer.Option("--semantic", help="Also group repeated claims by embedding similarity."),
    ] = False,
) -> None:
    """Export the claim-consistency report of the archive."""
    from verifier.reports import build_report, render_claimreview, report_format
    from verifier.reports.jsonout import render_schema

    if schema:
        text = render_schema()
        if output:
            write_atomically(output, text)
        else:
            typer.echo(text, nl=False)
        return
    chosen = report_format(fmt)
    with open_services() as services:
        built = build_report(services, semantic=semantic)
    text = render_claimreview(built, author) if fmt == "claimreview" else chosen.render(built)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_atomically(output, text)
    s = built.summary
    typer.echo(
        f"wrote {output} ({fmt}): {s.articles} articles, {s.claims} claims, {s.conflicts} conflicts, "
        f"{s.reviewed} reviewed ({s.confirmed} confirmed, {s.overridden} overridden)",
        err=True,
    )


def review(
    target: Annotated[
        str, typer.Argument(help="A claim id, or 'import' followed by a filled-in report CSV.")
    ],
    csv_file: Annotated[
        Path | None, typer.Argument(help="With 'import': the CSV with reviewer_verdict filled in.")
    ] = None,
    verdict: Annotated[str | None, typer.Option("--verdict", help=VERDICT_HELP)] = None,
    note: Annotated[str, typer.Option("--note", help="Why (shown next to the verdict).")] = "",
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who decided.")] = "",
) -> None:
    """Confirm or override a claim's verdict, or import reviewer columns from a CSV."""
    from verifier.archive import review_claim
    from verifier.reports import import_review_csv

    if target == "import":
        if csv_file is None:
            raise InputError(
                "`claimcheck review import` needs a CSV file",
                hint="claimcheck review import FILE.csv",
            )
        if verdict is not None:
            raise InputError(
                "--verdict does not go with `review import`: the CSV carries the verdicts"
            )
        with open_services() as services:
            summary = import_review_csv(services, csv_file, reviewer=reviewer)
        typer.echo(
            f"imported {summary.imported} review(s) from {summary.rows} row(s): "
            f"{summary.confirmed} confirmed, {summary.overridden} overridden, "
            f"{summary.ignored} row(s) without a reviewer verdict"
        )
        return
    if csv_file is not None:
        raise InputError(
            f"unexpected argument {str(csv_file)!r}", hint="claimcheck review CLAIM_ID --verdict X"
        )
    if verdict is None:
        raise InputError("give --verdict", hint=f"one of: {VERDICT_HELP}")
    with open_services() as services:
        saved = review_claim(services, target, verdict, note=note, reviewer=reviewer)
    action = (
        "confirmed"
        if saved.confirms
        else f"overridden (machine: {saved.machine_verdict or NOT_CHECKED})"
    )
    typer.echo(f"claim {saved.claim_id}: {saved.verdict}, {action}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.command("report")(report)
    app.command("review")(review)
