"""Helpers of the AppTest suite: run the app, collect texts, find blocks such as popovers."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def open_app(page: str | None = None) -> AppTest:
    """Run the app (and switch to `page`, e.g. 'ui/check.py')."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Every markdown, caption, info, warning, error and success text on the page, joined."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "subheader",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def blocks(node, kind: str) -> list:
    """Every block of this type (e.g. 'popover', 'expander') under a node, in page order."""
    found = []
    for child in getattr(node, "children", {}).values():
        if getattr(child, "type", None) == kind:
            found.append(child)
        found.extend(blocks(child, kind))
    return found


def popover_label(block) -> str:
    return block.proto.popover.label


def block_text(block) -> str:
    """The markdown and captions inside a block, joined."""
    return "\n".join(
        str(e.value) for kind in ("markdown", "caption", "warning") for e in getattr(block, kind)
    )
