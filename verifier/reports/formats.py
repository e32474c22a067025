"""The report formats: key, label, file extension, MIME type and renderer of each, in one registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from verifier.errors import InputError
from verifier.reports.claimreview import render_claimreview
from verifier.reports.csvout import render_csv
from verifier.reports.html import render_html
from verifier.reports.jsonout import render_json
from verifier.reports.markdown import render_markdown
from verifier.reports.model import Report


@dataclass(frozen=True)
class ReportFormat:
    """One way to export the report, as the CLI and the app offer it."""

    key: str
    label: str
    """What the app lists; a parenthesis after the name says more."""
    extension: str
    mime: str
    render: Callable[[Report], str]
    syntax: str
    """Language the app highlights a preview in."""

    @property
    def name(self) -> str:
        """The label without its explanation ('CSV', not 'CSV (one row per ...)')."""
        return self.label.split(" (")[0]


REPORT_FORMATS: dict[str, ReportFormat] = {
    f.key: f
    for f in (
        ReportFormat("md", "Markdown", ".md", "text/markdown", render_markdown, "markdown"),
        ReportFormat("html", "HTML", ".html", "text/html", render_html, "html"),
        ReportFormat("json", "JSON", ".json", "application/json", render_json, "json"),
        ReportFormat(
            "csv",
            "CSV (one row per claim and passage; edit and re-import reviews)",
            ".csv",
            "text/csv",
            render_csv,
            "text",
        ),
        ReportFormat(
            "claimreview",
            "ClaimReview JSON-LD",
            ".jsonld",
            "application/ld+json",
            render_claimreview,
            "json",
        ),
    )
}
FORMATS: dict[str, Callable[[Report], str]] = {k: f.render for k, f in REPORT_FORMATS.items()}
"""Renderer of each format key."""
EXTENSIONS: dict[str, str] = {k: f.extension for k, f in REPORT_FORMATS.items()}


def report_format(key: str) -> ReportFormat:
    """The format with this key; an unknown key is an InputError listing the known ones."""
    try:
        return REPORT_FORMATS[key]
    except KeyError:
        raise InputError(
            f"unknown report format {key!r}", hint=f"use one of: {', '.join(REPORT_FORMATS)}"
        ) from None


def render(report: Report, fmt: str) -> str:
    """Render the report in one of FORMATS (md, html, json, csv, claimreview)."""
    return report_format(fmt).render(report)
