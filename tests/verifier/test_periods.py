"""Period words: a rate's period, a period's total, and one period's figure in another."""

from __future__ import annotations

import pytest

from verifier.extract.quantities import parse_quantities
from verifier.periods import in_period, periods_named, rate_period


@pytest.mark.parametrize(
    ("before", "after", "period"),
    [
        ("lost ", " soldiers a day", "day"),
        ("", " per annum", "year"),
        ("daily losses of ", "", "day"),
        ("lost ", " soldiers, a day after", None),  # another clause
        ("lost ", " soldiers in 2022", None),
    ],
)
def test_rate_period_reads_the_words_around_a_figure(before, after, period):
    assert rate_period(before, after) == period


def test_quantities_carry_the_rate_period():
    (q,) = parse_quantities("Russia lost 400 soldiers a day.")
    assert q.per == "day" and q.per_day() == 400
    (q,) = parse_quantities("Ukraine says 12,730 Russian soldiers were killed last month.")
    assert q.per == "month" and q.per_day() == pytest.approx(418.2, abs=0.1)


def test_a_months_total_in_days_and_the_periods_a_text_names():
    assert in_period(12_730, "month", "day") == pytest.approx(418.2, abs=0.1)
    assert in_period(400, "day", "week") == 2800
    assert periods_named("12,730 were killed last month, 950 on Sunday") == {"month", "day"}
    assert periods_named("Nearly 60,000 have been killed to date.") == set()
