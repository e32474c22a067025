"""Claim-consistency reports: one Report model, pure renderers per format, CSV review import."""

from __future__ import annotations

from verifier.errors import InputError
from verifier.reports.assemble import build_report
from verifier.reports.claimreview import render_claimreview
from verifier.reports.csvout import ImportSummary, import_review_csv, render_csv
from verifier.reports.html import render_html
from verifier.reports.jsonout import render_json
from verifier.reports.markdown import render_markdown
from verifier.reports.model import Report, report_schema

FORMATS = {
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
    "csv": render_csv,
    "claimreview": render_claimreview,
}
EXTENSIONS = {
    "md": ".md",
    "html": ".html",
    "json": ".json",
    "csv": ".csv",
    "claimreview": ".jsonld",
}

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "ImportSummary",
    "Report",
    "build_report",
    "import_review_csv",
    "render",
    "render_claimreview",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "report_schema",
]


def render(report: Report, fmt: str) -> str:
    """Render the report in one of FORMATS (md, html, json, csv, claimreview)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise InputError(
            f"unknown report format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}"
        ) from None
    return renderer(report)
