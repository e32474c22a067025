"""parse_quantities: figures, qualifiers, units and rates; dates, years and labels left out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.extract.quantities import parse_quantities


def _one(text: str):
    found = parse_quantities(text)
    assert len(found) == 1, f"expected one quantity in {text!r}, got {found}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "per", "qualifier"),
    [
        (
            "Ukraine’s General Staff estimates that nearly 60,000 Russians have been killed.",
            60000,
            "russians",
            None,
            "nearly",
        ),
        (
            "The Kremlin is looking to call-up initially 300,000 reservists.",
            300000,
            "reservists",
            None,
            "exact",
        ),
        ("At least 10 Generals have written an appeal to Putin.", 10, "generals", None, "at least"),
        (
            "They have losses of 400 soldiers a day killed and wounded.",
            400,
            "soldiers",
            "day",
            "exact",
        ),
        ("averaging more than 400 personnel a day.", 400, "personnel", "day", "more than"),
        (
            "Ukraine killed almost 13,000 Russian soldiers last month.",
            13000,
            "soldiers",
            "month",
            "nearly",
        ),
        (
            "Ukraine has killed 13,000 Russian soldiers this month",
            13000,
            "soldiers",
            "month",
            "exact",
        ),
        ("daily losses of 300 troops", 300, "troops", "day", "exact"),
        ("about 120 people per week crossed", 120, "people", "week", "about"),
        ("up to 5,000 refugees a year", 5000, "refugees", "year", "up to"),
        ("fewer than 20 tanks were seen", 20, "tanks", None, "less than"),
        ("the militia had lost 55 percent of its original force", 55, "percent", None, "exact"),
        ("turnout was 55% in the city", 55, "percent", None, "exact"),
        ("turnout rose to 61.5 per cent", 61.5, "percent", None, "exact"),
        ("More than 2,000 people were arrested in protests.", 2000, "people", None, "more than"),
        ("about 1.2 million people were displaced", 1_200_000, "people", None, "about"),
        ("a budget delay to save £15bn", 15e9, "GBP", None, "exact"),
        ("there are six people left", 6, "people", None, "exact"),
        ("the toll reached at least 71,200 since February 24", 71200, "", None, "at least"),
        ("AKM fires 7.62mm ammunition", 7.62, "mm", None, "exact"),
    ],
)
def test_figures_are_normalised(text, value, unit, per, qualifier):
    quantity = _one(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit
    assert quantity.per == per
    assert quantity.qualifier == qualifier
    assert quantity.text in text  # the figure as written, verbatim


@pytest.mark.parametrize(
    "text",
    [
        "Putin ordered the invasion on February 24.",
        "He ordered the invasion on February 24th.",
        "the celebrations scheduled for May 9.",
        "a partial mobilisation on September 21st to help",
        "on 24 February the war began",
        "On February 24, 2022 troops crossed the border",
        "since Sept. 21st, 2022 reservists have been called up",
        "a weapon first introduced in 1959.",
        "its first mobilisation since World War 2.",
        "the 83rd and 11th Guards Air Assault Brigades",
        "Social media user U0I wrote",
        "armed with AK-74M or AK-12 rifles",
        "the meeting started at 10:30 sharp",
        "drafted hundreds of thousands in a month",
        "one of the soldiers said",
    ],
)
def test_dates_years_ordinals_and_labels_are_not_figures(text):
    assert parse_quantities(text) == []


def test_several_figures_keep_their_own_units_and_rates():
    text = "The total amounts to 12,730, averaging more than 400 personnel a day."
    first, second = parse_quantities(text)
    assert (first.value, first.unit, first.per) == (12730, "", None)  # the rate belongs to 400 only
    assert (second.value, second.unit, second.per) == (400, "personnel", "day")


def test_figures_come_in_reading_order():
    text = "98,000 had travelled to Kazakhstan, while more than 43,000 had gone to Finland."
    assert [q.value for q in parse_quantities(text)] == [98000, 43000]
    assert [q.qualifier for q in parse_quantities(text)] == ["exact", "more than"]


def test_a_date_next_to_a_figure_does_not_hide_it():
    text = "The Associated Press reported on September 28 that more than 53,000 Russians entered Georgia."
    assert [(q.value, q.unit) for q in parse_quantities(text)] == [(53000, "russians")]


def test_a_figure_after_a_date_without_a_year_is_still_a_figure():
    assert _one("On February 24, 300 soldiers were killed").value == 300


def test_a_year_followed_by_a_counted_noun_is_a_count():
    assert _one("police said 1959 protesters were detained").value == 1959


def test_rates_convert_to_per_day():
    month = _one("almost 13,000 soldiers last month")
    assert month.per_day() == pytest.approx(13000 / 30.44)
    assert _one("400 soldiers a day").per_day() == 400
    assert _one("60,000 Russians").per_day() is None


def test_text_without_figures_gives_nothing():
    assert parse_quantities("") == []
    assert parse_quantities("Russian officers are said to be in disarray.") == []


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_parses_without_error_and_figures_are_verbatim(text):
    for quantity in parse_quantities(text):
        assert quantity.text in text
        assert quantity.value >= 0


@given(
    st.integers(min_value=1, max_value=999_999),
    st.sampled_from(["soldiers", "people", "troops"]),
    st.sampled_from([("a day", "day"), ("per week", "week"), ("last month", "month"), ("", None)]),
)
@settings(max_examples=100, deadline=None)
def test_formatted_counts_round_trip(value, unit, rate):
    phrase, per = rate
    text = f"Officials said {value:,} {unit} {phrase} were affected.".replace("  ", " ")
    (quantity,) = parse_quantities(text)
    assert (quantity.value, quantity.unit, quantity.per) == (value, unit, per)


def test_round_figures_in_words():
    (q,) = parse_quantities("Half a million reservists were mobilised.")
    assert (q.value, q.unit) == (500_000, "reservists")
    (q,) = parse_quantities("a quarter of a million people fled")
    assert (q.value, q.unit) == (250_000, "people")
    (q,) = parse_quantities("a quarter of them fled")
    assert (q.value, q.unit) == (25.0, "percent")
    (q,) = parse_quantities("The bank left its rate unchanged at half a percent.")
    assert (q.value, q.unit) == (0.5, "percent")


def test_compound_number_words_are_one_figure():
    def read(text):
        return [(q.text, q.value, q.unit) for q in parse_quantities(text)]

    assert read("Fifty-seven seats went to the bloc") == [("Fifty-seven", 57.0, "seats")]
    assert read("twenty one soldiers") == [("twenty one", 21.0, "soldiers")]
    assert read("worth eight hundred thousand rupees") == [
        ("eight hundred thousand", 800000.0, "INR")
    ]
    assert read("one hundred and twenty people") == [("one hundred and twenty", 120.0, "people")]
    # 'one' alone is no figure here, and a share in words stays a share
    assert read("one of them died") == []
    assert read("two-thirds of voters") == [("two-thirds", 66.7, "percent")]


def test_a_currency_named_after_the_figure_is_its_unit():
    def units(text):
        return [(q.value, q.unit) for q in parse_quantities(text)]

    assert units("seizing 800,000 rupees (10,190 U.S. dollars) worth of notes") == [
        (800000.0, "INR"),
        (10190.0, "USD"),
    ]
    assert units("worth 3 million euros") == [(3e6, "EUR")]
    # pounds of something are a weight, not money
    assert units("12 pounds of flour") == [(12.0, "pounds")]


def test_m_after_a_figure_is_million_before_a_noun_and_metres_in_a_measure():
    def read(text):
        return [(q.value, q.unit) for q in parse_quantities(text)]

    assert read("Over 370m people voted") == [(370e6, "people")]
    assert read("2m barrels a day") == [(2e6, "barrels")]
    assert read("the 100m sprint") == [(100.0, "m")]
    assert read("a shaft 50m deep") == [(50.0, "m")]
