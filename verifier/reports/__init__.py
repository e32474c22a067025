"""Claim-consistency reports: one Report model, pure renderers per format, CSV review import."""

from __future__ import annotations

from verifier.reports.assemble import build_report
from verifier.reports.claimreview import render_claimreview
from verifier.reports.csvout import ImportSummary, import_review_csv, render_csv
from verifier.reports.formats import (
    EXTENSIONS,
    FORMATS,
    REPORT_FORMATS,
    ReportFormat,
    render,
    report_format,
)
from verifier.reports.html import render_html
from verifier.reports.jsonout import render_json
from verifier.reports.markdown import render_markdown
from verifier.reports.model import Report, report_schema

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "REPORT_FORMATS",
    "ReportFormat",
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
    "report_format",
    "report_schema",
]
