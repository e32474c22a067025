"""Render a Report as one self-contained HTML page: inline CSS and SVG, no script, prints well.

The page is templates/report.html.j2 (Jinja2 with autoescape: every value from the data is text).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

import verifier.reports.text as wording
from verifier.escaping import safe_url
from verifier.reports.model import Report
from verifier.reports.svg import consistency_map, verdict_bars
from verifier.verdict_labels import STYLES, UNCHECKED_STYLE

TEMPLATES = Path(__file__).with_name("templates")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Templates word things as every renderer does (verifier/reports/text.py): wording.span_text().
    env.globals.update(wording=wording, safe_url=safe_url)
    return env


def verdict_css() -> str:
    """The report's verdict colours, from the verdict vocabulary (class v-unchecked: not checked)."""
    colours = {**{v: s.colour for v, s in STYLES.items()}, "unchecked": UNCHECKED_STYLE.colour}
    rules = [f".v-{name}{{color:{colour}}}" for name, colour in colours.items()]
    # A quoted passage is edged in the colour of the verdict its stance leads to.
    rules += [
        f".supports{{border-left-color:{colours['corroborated']}}}",
        f".contradicts{{border-left-color:{colours['contradicted']}}}",
    ]
    return "".join(rules)


def render_html(report: Report) -> str:
    """The whole report as a single HTML document with no external assets and no script."""
    s = report.summary
    refs = [section.article for section in report.articles]
    claims = report.claim_entries()
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            title=wording.TITLE,
            claims=claims,
            entries={c.id: c for c in claims},
            # The charts are SVG built by svg.py, which escapes what it takes from the data.
            verdict_css=Markup(verdict_css()),
            verdict_chart=Markup(verdict_bars(s.verdicts, s.machine_verdicts)),
            consistency_chart=Markup(consistency_map(refs, report.links)),
        )
    )
