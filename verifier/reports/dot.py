"""The consistency map as Graphviz DOT: articles as nodes, corroborating and conflicting links as edges."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from verifier.reports.model import ArticleLink


def _quote(text: str) -> str:
    """A DOT string: quotes and backslashes of article text escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(lines: list[str]) -> str:
    """A DOT label of several lines (\\n is DOT's line break, so it is added after escaping)."""
    return '"' + "\\n".join(_quote(line)[1:-1] for line in lines) + '"'


def edge_label(link: ArticleLink) -> str:
    """'2 support · 1 contradict' for an ArticleLink."""
    parts = []
    if link.supports:
        parts.append(f"{link.supports} support")
    if link.contradicts:
        parts.append(f"{link.contradicts} contradict")
    return " · ".join(parts) or "related"


def build_dot(
    titles: dict[str, str],
    claim_counts: dict[str, int],
    links: Iterable[ArticleLink],
    selected: str | None = None,
) -> str:
    """Graphviz DOT of the map; green edges corroborate, red ones conflict, orange ones both."""
    lines = [
        "graph consistency {",
        '  graph [layout=circo, mindist=1.6, overlap=false, splines=true, bgcolor="transparent", pad=0.3];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f4f6fb", color="#8a94a6", '
        'fontname="Helvetica", fontsize=11, margin="0.15,0.08"];',
        '  edge [fontname="Helvetica", fontsize=10, penwidth=2];',
    ]
    for article_id, title in titles.items():
        wrapped = textwrap.wrap(title, 26) or [article_id]
        text = wrapped[:3]
        if len(wrapped) > 3:
            text[-1] += " …"
        text.append(f"({claim_counts.get(article_id, 0)} claims)")
        fill = ', fillcolor="#dbe8ff", color="#1f6feb"' if article_id == selected else ""
        lines.append(f"  {_quote(article_id)} [label={_label(text)}{fill}];")
    for link in links:
        if link.supports and link.contradicts:
            colour = "#d97706"
        elif link.contradicts:
            colour = "#dc2626"
        else:
            colour = "#16a34a"
        width = 1.5 + min(4, (link.supports + link.contradicts) / 2)
        lines.append(
            f"  {_quote(link.source)} -- {_quote(link.target)} "
            f'[label={_quote(edge_label(link))}, color="{colour}", fontcolor="{colour}", penwidth={width:.1f}];'
        )
    lines.append("}")
    return "\n".join(lines)
