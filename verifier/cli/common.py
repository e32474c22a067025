"""Pieces every CLI module shares: services built from the environment, and a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from verifier.services import Services


@contextmanager
def open_services() -> Iterator[Services]:
    """Services for the configured settings, closed on the way out."""
    from verifier.services import build_services
    from verifier.settings import load_settings

    with build_services(load_settings()) as services:
        yield services


@contextmanager
def progress_bar(
    label: str, console: Console, *, disable: bool = False
) -> Iterator[Callable[[int, int, str], None]]:
    """A transient rich progress bar; yields the `progress(done, total, text)` callback."""
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=disable,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, text: str) -> None:
            bar.update(task, completed=done, total=total, description=text[:60])

        yield progress
