"""Rendering helpers shared by the pages: error wrapper, highlighted quotes, verdict badges."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from verifier.errors import ClaimCheckError
from verifier.escaping import escape_markdown, safe_url  # noqa: F401 (the pages import them from here)
from verifier.verdict_labels import NOT_CHECKED, verdict_style

STANCE_LABELS = {"supports": "supports", "contradicts": "contradicts", "unrelated": "unrelated"}
DEFAULT_HINT = "check the settings in the sidebar (CLAIMCHECK_* variables) and try again"


def run_page(render: Callable[[], None]) -> None:
    """Run a page; a ClaimCheckError becomes an st.error saying what to do, never a stack trace."""
    try:
        render()
    except ClaimCheckError as exc:
        show_error(exc)


def show_error(exc: ClaimCheckError) -> None:
    """The error message and its hint (what to do), as one st.error."""
    message = str(exc.args[0]) if exc.args else type(exc).__name__
    hint = getattr(exc, "hint", "") or DEFAULT_HINT
    st.error(f"**{message}**\n\nWhat to do: {hint}", icon=":material/error:")


def highlight(passage: str, start: int, end: int) -> str:
    """Markdown of a passage with passage[start:end] wrapped in <mark>; article text is escaped."""
    start, end = max(0, start), min(len(passage), end)
    before, quote, after = passage[:start], passage[start:end], passage[end:]
    return f"{escape_markdown(before)}<mark>{escape_markdown(quote)}</mark>{escape_markdown(after)}"


def context_window(text: str, start: int, end: int, chars: int = 400) -> tuple[str, int, int]:
    """A slice of `text` around [start, end) and the span's offsets inside that slice."""
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return prefix + text[lo:hi] + suffix, start - lo + len(prefix), end - lo + len(prefix)


def shorten(text: str, limit: int = 120) -> str:
    """One line of at most `limit` characters, cut between words, any quotation it cuts into closed."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 2]  # room for the ellipsis and a closing quotation mark
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    cut = cut.rstrip(" ,;:—–-“«")  # never end on an opening mark that would quote nothing
    return cut + "…" + _closing_quotes(cut)


def _closing_quotes(text: str) -> str:
    """The marks that close the quotations left open in text, innermost first."""
    open_marks: list[str] = []
    for ch in text:
        if ch == '"' and open_marks and open_marks[-1] == '"':
            open_marks.pop()
        elif ch in '"“«':
            open_marks.append(ch)
        elif ch in "”»" and open_marks and open_marks[-1] == _OPENING[ch]:
            open_marks.pop()
    return "".join(_CLOSING[m] for m in reversed(open_marks))


_CLOSING = {'"': '"', "“": "”", "«": "»"}
_OPENING = {"”": "“", "»": "«"}


def verdict_badge(label: str | None, *, prefix: str = "") -> None:
    """A coloured badge for a verdict label (gray 'not checked' when None)."""
    colour = verdict_style(label).badge
    if label is None:
        st.badge(f"{prefix}{NOT_CHECKED}", color=colour, icon=":material/hourglass_empty:")
        return
    st.badge(f"{prefix}{label}", color=colour)


def quantity_rows(quantities, *, source: str) -> list[dict]:
    """Table rows of normalised quantities (value, unit, period, per day, qualifier)."""
    rows = []
    for q in quantities:
        per_day = q.per_day()
        rows.append(
            {
                "from": source,
                "as written": q.text,
                "value": q.value,
                "unit": q.unit,
                "per": q.per or "",
                "per day": round(per_day, 1) if per_day is not None else None,
                "qualifier": q.qualifier,
            }
        )
    return rows


def article_label(article) -> str:
    """Title and short id, for select boxes."""
    return f"{article.title} ({article.id[:8]})"
