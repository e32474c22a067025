"""claimcheck ingest / search / articles / remove: the archive from the command line."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from verifier.archive import remove_article
from verifier.cli.common import open_services, progress_bar
from verifier.errors import InputError

console = Console()


@contextmanager
def _store():
    with open_services() as services:
        yield services.store


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (.txt .md .html .json .jsonl).")
    ],
) -> None:
    """Add articles to the archive; unchanged files are left alone, edited ones replaced.

    Exits 0 when at least one article was read (even if other files were skipped), 2 when none was.
    """
    with _store() as store:
        with progress_bar("ingest", console) as report:
            summary = store.ingest(paths, progress=report)
        titles = {a.id: a.title for a in store.articles()}
    table = Table(
        title=f"ingest summary ({summary.chunks} chunks embedded in {summary.seconds:.1f} s)"
    )
    table.add_column("outcome")
    table.add_column("article id / file")
    table.add_column("title / reason")
    for label, ids in (
        ("added", summary.added),
        ("updated", summary.updated),
        ("unchanged", summary.unchanged),
    ):
        for article_id in ids:
            table.add_row(label, article_id, titles.get(article_id, ""))
    for article_id in summary.replaced:
        table.add_row("replaced", article_id, "older version removed")
    for skipped in summary.skipped:
        table.add_row("[red]skipped", skipped.source, skipped.reason)
    console.print(table)
    console.print(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"unchanged {len(summary.unchanged)}, skipped {len(summary.skipped)}"
    )
    if not (summary.added or summary.updated or summary.unchanged):
        raise InputError(
            "no article could be read from the given paths", hint="see the reasons above"
        )


def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", "--k", min=1, help="How many passages.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    mode: Annotated[str, typer.Option(help="hybrid, dense or lexical.")] = "hybrid",
    article: Annotated[str | None, typer.Option("--article", help="Only this article id.")] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Leave out this article id.")
    ] = None,
) -> None:
    """The best passages for a text, with article, chunk, offsets and score."""
    with _store() as store:
        passages = store.search(query, k, article_id=article, exclude=exclude or (), mode=mode)
    if as_json:
        rows = [
            {
                "rank": rank,
                "score": p.score,
                "title": p.title,
                "article_id": p.article_id,
                "chunk_id": p.chunk.id,
                "start": p.chunk.start,
                "end": p.chunk.end,
                "dense_rank": p.dense_rank,
                "dense_score": p.dense_score,
                "lexical_rank": p.lexical_rank,
                "lexical_score": p.lexical_score,
                "text": p.text,
            }
            for rank, p in enumerate(passages, start=1)
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not passages:
        console.print("no passages found")
    for rank, p in enumerate(passages, start=1):
        console.print(
            f"[bold]{rank}. {p.title}[/bold]  [dim]article {p.article_id}  chunk {p.chunk.id}  "
            f"chars {p.chunk.start}-{p.chunk.end}  score {p.score:.4f}[/dim]",
            highlight=False,
        )
        console.print(p.text, highlight=False, markup=False)
        console.print()


def articles(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the articles in the archive."""
    with _store() as store:
        found = store.articles()
    if as_json:
        rows = [a.model_dump(exclude={"text"}) | {"chars": len(a.text)} for a in found]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(found)} articles")
    for column in ("id", "title", "chunks", "chars", "source"):
        table.add_column(column)
    for a in found:
        table.add_row(a.id, a.title, str(a.chunk_count), str(len(a.text)), a.source)
    console.print(table)


def remove(
    article_id: Annotated[str, typer.Argument(help="Id shown by `claimcheck articles`.")],
) -> None:
    """Delete an article with its chunks, vectors and extracted claims (reviews are kept)."""
    with open_services() as services:
        removed = remove_article(services, article_id)
    console.print(f"removed {article_id} ({removed.title})", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.command()(ingest)
    app.command()(search)
    app.command()(articles)
    app.command()(remove)
