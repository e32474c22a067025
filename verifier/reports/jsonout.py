"""Render a Report as JSON: the full pydantic model, validated back by Report.model_validate_json."""

from __future__ import annotations

import json

from verifier.reports.model import Report, report_schema


def render_json(report: Report) -> str:
    """The report as indented JSON."""
    return report.model_dump_json(indent=2) + "\n"


def render_schema() -> str:
    """The JSON schema of the report, indented."""
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"
