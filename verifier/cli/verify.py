"""claimcheck extract / claims (and check / crosscheck): claims and verdicts from the command line."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from verifier.cli.common import open_services, progress_bar

console = Console()


def _claim_row(claim) -> dict:
    return claim.model_dump()


def extract(
    article_ids: Annotated[
        list[str] | None, typer.Argument(help="Article ids (default: every article).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Extract again even if unchanged.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Extract the check-worthy claims of the archive's articles and store them."""
    from verifier.extract.claims import OPERATION, ExtractionReport, extract_claims
    from verifier.schemas import Usage

    report = ExtractionReport()
    with open_services() as services:
        with progress_bar("extract", console, disable=as_json) as progress:
            claims = extract_claims(
                services, article_ids or None, progress=progress, force=force, report=report
            )
        llm = services.llm
        usage = llm.usage().get(OPERATION)
        usage_row = (usage or Usage()).model_dump()
        model = llm.name
    if as_json:
        out = {
            "model": model,
            "articles": report.articles,
            "fallbacks": report.fallbacks,
            "usage": usage_row,
            "claims": [_claim_row(c) for c in claims],
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"claims extracted with {model}")
    for column in ("article id", "title", "claims", "source"):
        table.add_column(column)
    for row in report.articles:
        table.add_row(
            row["id"], row["title"][:70], str(row["claims"]), "stored" if row["cached"] else "model"
        )
    console.print(table)
    calls, hits, seconds = usage_row["calls"], usage_row["cache_hits"], usage_row["seconds"]
    console.print(
        f"{len(claims)} claims in {len(report.articles)} articles; model calls {calls}, "
        f"cache hits {hits}, model time {seconds:.1f} s",
        highlight=False,
    )
    if report.dangling:
        one = report.dangling == 1
        console.print(
            f"{report.dangling} sentence{'' if one else 's'} left out: "
            f"{'it opens' if one else 'they open'} with 'It' or 'They' and "
            f"name{'s' if one else ''} nothing the article settles",
            highlight=False,
        )
    for fallback in report.fallbacks:
        console.print(
            f"[yellow]fallback to the deterministic selection:[/yellow] {fallback}", highlight=False
        )


def claims(
    article: Annotated[str | None, typer.Option("--article", help="Only this article id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the stored claims (run `claimcheck extract` first)."""
    from verifier.reports.text import quantities_text  # figures read the same as in the reports

    with open_services() as services:
        if article is not None:
            services.store.article(article)  # NotFoundError names an unknown id
        found = services.claims.claims(article)
    if as_json:
        typer.echo(json.dumps([_claim_row(c) for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        console.print("no stored claims: run `claimcheck extract`")
        return
    current = None
    for c in found:
        if c.article_id != current:
            current = c.article_id
            console.print(f"\n[bold]article {current}[/bold]", highlight=False)
        figures = quantities_text(c.quantities)
        facts = [
            c.kind,
            f"by {c.attributed_to}" if c.attributed_to else "",
            "hedged" if c.hedged else "",
            figures,
        ]
        console.print(
            f"[cyan]{c.id}[/cyan] [dim]{' | '.join(f for f in facts if f)}[/dim]", highlight=False
        )
        console.print(f"  {c.text}", highlight=False, markup=False)
    console.print(f"\n{len(found)} claims", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.command("extract")(extract)
    app.command("claims")(claims)
    from verifier.cli import check as cli_check  # check and crosscheck live in their own module

    cli_check.register(app)
