"""Wording shared by the renderers and the CLI."""

from __future__ import annotations

from verifier.extract.quantities import parse_quantities
from verifier.reports.text import quantities_text


def test_figures_read_with_bound_unit_and_rate():
    text = "about 400 soldiers a day and up to 12,730 troops per week; 55 percent of voters"
    assert quantities_text(parse_quantities(text)) == (
        "about 400 soldiers/day; up to 12,730 troops/week; 55 percent"
    )
    assert quantities_text([]) == ""
