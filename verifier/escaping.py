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


# In a Markdown file meant to be read as text too, only what could become syntax inline is
# escaped ('0.1.0' and 'chars 32-69' stay as written); '<' becomes an entity so no HTML survives.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([#+\-=>]|\d+[.)])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_markdown_text(text: str) -> str:
    """Text safe in any inline Markdown position of a file, and still readable as plain text."""
    text = _ENTITY.sub("&amp;", re.sub(r"\s+", " ", text).strip())
    # Entities, not backslashes: no renderer, however it reads escapes, can revive a tag.
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(
        lambda m: (
            "\\" + m.group(0) if len(m.group(0)) == 1 else m.group(0)[:-1] + "\\" + m.group(0)[-1]
        ),
        text,
    )


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s) without spaces or brackets, else None (not linked)."""
    if url and _SAFE_URL.fullmatch(url):
        return url
    return None
