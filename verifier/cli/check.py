"""claimcheck check / crosscheck: verdicts from the command line (registered by verify.py)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from verifier.cli.common import open_services, progress_bar
from verifier.verdict_labels import VERDICTS, verdict_style

console = Console()
STANCE_COLOURS = {"supports": "green", "contradicts": "red", "unrelated": "bright_black"}


def result_json(result) -> dict:
    """The --json shape of a check: claim, verdict, evidence (with quotes and offsets), usage."""
    data = result.model_dump(mode="json")
    data["evidence"] = [
        {
            k: e[k]
            for k in (
                "article_id",
                "title",
                "chunk_id",
                "quote",
                "start",
                "end",
                "stance",
                "rationale",
                "confidence",
                "judge",
                "score",
                "quantities",
            )
        }
        for e in data["evidence"]
    ]
    return data


def check(
    claim: Annotated[str, typer.Argument(help="The claim to verify, in quotes.")],
    k: Annotated[
        int | None,
        typer.Option("-k", "--k", min=1, help="Passages to judge (default CLAIMCHECK_TOP_K)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Verify a pasted claim against the whole archive."""
    from verifier.checking import check_claim
    from verifier.reports.text import quantities_text  # figures read the same as in the reports

    with open_services() as services:
        result = check_claim(services, claim, k=k)
    if as_json:
        typer.echo(json.dumps(result_json(result), ensure_ascii=False))
        return
    colour = verdict_style(result.verdict).terminal
    console.print(
        f"[bold {colour}]{result.verdict.upper()}[/] (confidence {result.confidence:.2f}) {result.rule}",
        highlight=False,
    )
    console.print(f"claim: {result.claim}", highlight=False)
    if result.quantities:
        console.print(f"claim figures: {quantities_text(result.quantities)}", highlight=False)
    table = Table(show_lines=True)
    for column in ("stance", "article", "quote", "figures", "why"):
        table.add_column(column)
    for e in result.evidence:
        table.add_row(
            f"[{STANCE_COLOURS[e.stance]}]{e.stance}[/]\n{e.confidence:.2f} {e.judge}",
            f"{e.title[:50]}\n{e.article_id} @{e.start}-{e.end}",
            e.quote,
            quantities_text(e.quantities),
            e.rationale,
        )
    console.print(table)
    u = result.usage
    console.print(
        f"model calls {u.calls}, cache hits {u.cache_hits}, model time {u.seconds:.1f} s",
        highlight=False,
    )


def crosscheck(
    force: Annotated[
        bool, typer.Option("--force", help="Judge every claim again, ignoring stored results.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Check every stored claim against the rest of the archive (resumable, incremental)."""
    from verifier.crosscheck import run_crosscheck

    with open_services() as services:
        with progress_bar("crosscheck", console, disable=as_json) as progress:
            results, stats = run_crosscheck(services, progress=progress, force=force)
    if as_json:
        out = {
            "results": {cid: result_json(r) for cid, r in results.items()},
            "summary": {
                "claims": stats.claims,
                "judged": stats.judged,
                "reused": stats.reused,
                "passages_judged": stats.passages_judged,
                "verdicts": dict(stats.verdicts),
                "usage": stats.usage.model_dump(),
            },
        }
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    if not stats.claims:
        console.print("no stored claims: run `claimcheck extract` first")
        return
    table = Table(title=f"crosscheck of {stats.claims} claims")
    for column in ("verdict", "claims"):
        table.add_column(column)
    for verdict in VERDICTS:
        colour = verdict_style(verdict).terminal
        table.add_row(f"[{colour}]{verdict}[/]", str(stats.verdicts.get(verdict, 0)))
    console.print(table)
    u = stats.usage
    console.print(
        f"judged {stats.judged} claims ({stats.passages_judged} passages), reused {stats.reused} stored results; "
        f"model calls {u.calls}, cache hits {u.cache_hits}, model time {u.seconds:.1f} s",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add check and crosscheck to the CLI."""
    app.command("check")(check)
    app.command("crosscheck")(crosscheck)
