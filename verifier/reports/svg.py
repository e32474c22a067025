"""Inline SVG pictures for the HTML report: verdict bars and the article consistency map."""

from __future__ import annotations

import math
from html import escape

from verifier.reports.model import ArticleLink, ArticleRef
from verifier.verdict_labels import STYLES, verdict_style

SUPPORT_COLOUR = STYLES["corroborated"].colour
CONFLICT_COLOUR = STYLES["contradicted"].colour


def verdict_bars(standing: dict[str, int], machine: dict[str, int]) -> str:
    """Horizontal bar chart: standing verdict counts, with machine counts as thin bars beneath."""
    width, label_w, row_h = 520, 120, 34
    top = max([1, *standing.values(), *machine.values()])
    scale = (width - label_w - 60) / top
    rows = []
    for i, (verdict, n) in enumerate(standing.items()):
        y = 10 + i * row_h
        m = machine.get(verdict, 0)
        colour = verdict_style(verdict).colour
        rows.append(
            f"<g><title>{escape(verdict)}: {n} standing, {m} machine</title>"
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(verdict)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{n * scale:.1f}" height="18" fill="{colour}"/>'
            f'<rect x="{label_w}" y="{y + 20}" width="{m * scale:.1f}" height="5" fill="{colour}" '
            f'fill-opacity="0.45"/>'
            f'<text x="{label_w + n * scale + 6:.1f}" y="{y + 14}">{n}</text></g>'
        )
    height = 10 + len(standing) * row_h + 20
    legend = (
        f'<text x="{label_w}" y="{height - 6}" class="legend">thick: standing verdicts '
        f"(after review) · thin: machine verdicts</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Verdict counts" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart">'
        f"{''.join(rows)}{legend}</svg>"
    )


def consistency_map(articles: list[ArticleRef], links: list[ArticleLink]) -> str:
    """Articles on a circle; green edges corroborate, red edges conflict, width by count."""
    size, radius = 460, 170
    cx = cy = size / 2
    pos = {}
    n = max(len(articles), 1)
    for i, a in enumerate(articles):
        angle = 2 * math.pi * i / n - math.pi / 2
        pos[a.id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    number = {a.id: i + 1 for i, a in enumerate(articles)}
    edges = []
    for link in links:
        if link.source not in pos or link.target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[link.source], pos[link.target]
        # Offset the two kinds of edge sideways so both stay visible on the same pair.
        dx, dy = y2 - y1, x1 - x2
        norm = math.hypot(dx, dy) or 1.0
        ox, oy = 4 * dx / norm, 4 * dy / norm
        for count, colour, kind, sign in (
            (link.supports, SUPPORT_COLOUR, "corroborating", 1),
            (link.contradicts, CONFLICT_COLOUR, "conflicting", -1),
        ):
            if not count:
                continue
            edges.append(
                f'<line x1="{x1 + sign * ox:.1f}" y1="{y1 + sign * oy:.1f}" '
                f'x2="{x2 + sign * ox:.1f}" y2="{y2 + sign * oy:.1f}" stroke="{colour}" '
                f'stroke-width="{min(1.5 + count, 9):.1f}" stroke-opacity="0.8" '
                f'class="edge {kind}"><title>{count} {kind} passage(s) between articles '
                f"{number[link.source]} and {number[link.target]}</title></line>"
            )
    nodes = []
    for a in articles:
        x, y = pos[a.id]
        nodes.append(
            f'<g class="node"><title>{escape(a.title)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="16" fill="#fff" stroke="#333" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{number[a.id]}</text></g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Consistency map" '
        f'viewBox="0 0 {size} {size}" width="{size}" height="{size}" class="chart">'
        f"{''.join(edges)}{''.join(nodes)}</svg>"
    )
