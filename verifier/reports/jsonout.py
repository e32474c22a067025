"""Render a Report as JSON: the full pydantic model, validated back by Report.model_validate_json."""

from __future__ import annotations

import json

from verifier.reports.model import Report, report_schema


def escape_json_html(text: str) -> str:
    """Write <, > and & as \\u escapes: same data, but inert if pasted into an HTML page."""
    # Outside strings JSON has no <, > or &, so this cannot change what the text means.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_json(report: Report) -> str:
    """The report as indented JSON."""
    return escape_json_html(report.model_dump_json(indent=2)) + "\n"


def render_schema() -> str:
    """The JSON schema of the report, indented."""
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"
