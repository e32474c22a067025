"""Article text and URLs made safe to show: one Markdown escaper and one link rule for every view."""

from __future__ import annotations

import html
import re

# Every character that can start Markdown syntax anywhere in a line (emphasis, code, links and
# images, tables, strikethrough, headings, lists, quotes) or Streamlit's own ($ for LaTeX,
# :red[...] colours through the brackets). With '[' escaped no '(...)' can become a link target;
# '<' and '&' become entities, so neither HTML nor <autolinks> survive.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$>])")
# Plain web links only, and none that could close a Markdown link early or open another one.
_SAFE_URL = re.compile(r"https?://[^\s()<>\[\]]+", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Text safe in any inline Markdown position: HTML escaped, syntax neutralised, one line."""
    text = re.sub(r"\s+", " ", text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s) without spaces or brackets, else None (not linked)."""
    if url and _SAFE_URL.fullmatch(url):
        return url
    return None
