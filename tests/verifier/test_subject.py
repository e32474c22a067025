"""Same-subject figures: whose count a figure is, and whether two counts agree, conflict or stand apart."""

from __future__ import annotations

import pytest

from verifier.extract.quantities import parse_quantities
from verifier.stance.subject import Owner, bounds, figure_owner, relate, same_owner, show

KREMLIN = "The Kremlin has said it is looking to call-up initially 300,000 reservists to help bolster front line troops."


def owner(text: str) -> Owner:
    return figure_owner(text, parse_quantities(text)[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia mobilised 500,000 reservists", Owner(actor="russia")),
        (KREMLIN, Owner(actor="russia")),
        ("Ukraine mobilised 500,000 reservists", Owner(actor="ukraine")),
        ("Ukraine killed almost 13,000 Russian soldiers last month.", Owner(actor="russia")),
        ("Ukraine says it killed 13,000 soldiers last month", Owner(not_actor="ukraine")),
        ("nearly 60,000 Russians have been killed in action to date", Owner(actor="russia")),
        ("Vladimir Putin has now lost more than 71,000 troops, Ukraine claims", Owner("russia")),
        ("The eye-watering total amount to 12,730, averaging more than 400 a day.", Owner()),
    ],
)
def test_the_owner_of_a_count_is_its_actor_by_any_alias(text, expected):
    assert owner(text) == expected


def test_owners_by_alias_agree_and_other_actors_do_not():
    russia = owner("Russia mobilised 500,000 reservists")
    assert same_owner(russia, owner(KREMLIN))
    assert not same_owner(owner("Ukraine mobilised 500,000 reservists"), owner(KREMLIN))
    # 'Ukraine killed 13,000 soldiers' counts Russia's dead, not Ukraine's
    victims = owner("Ukraine says it killed 13,000 soldiers last month")
    assert same_owner(victims, owner("Ukraine killed almost 13,000 Russian soldiers last month."))
    assert not same_owner(victims, owner("Ukraine lost 13,000 soldiers last month"))
    assert same_owner(Owner(), russia)  # unknown: may be anyone's


def related(claim: str, sentence: str, near_copy: bool = False) -> str:
    a, b = parse_quantities(claim)[0], parse_quantities(sentence)[0]
    return relate(a, claim, b, sentence, near_copy=near_copy)


@pytest.mark.parametrize(
    ("claim", "sentence", "relation"),
    [
        ("Russia mobilised 500,000 reservists", KREMLIN, "conflict"),
        ("Russia mobilised 300,000 reservists", KREMLIN, "agree"),
        # bounds
        (
            "Fewer than 200 people were arrested in anti-mobilisation protests",
            "More than 2,000 people were arrested in anti-mobilisation protests",
            "conflict",
        ),
        (
            "More than 400 Russian soldiers are killed a day",
            "450 Russian soldiers are killed a day",
            "agree",
        ),
        ("At least 71,200 troops died", "Up to 50,000 troops died", "conflict"),
        # words, and approximate words' tolerance
        (
            "Ukraine killed almost 13,000 Russian soldiers last month",
            "Ukraine killed 12,730 Russian soldiers last month",
            "agree",
        ),
        (
            "Ukraine killed 13,000 Russian soldiers last month",
            "Ukraine killed 12,730 Russian soldiers last month",
            "agree",
        ),
        (
            "Ukraine killed 12,000 Russian soldiers last month",
            "Ukraine killed 12,730 Russian soldiers last month",
            "conflict",
        ),
        (
            "Russia sent fewer than a tenth of them to the battlefield",
            "Russia sent more than a quarter of them to the battlefield",
            "conflict",
        ),
        (
            "Russia sent about a third of them to the battlefield",
            "Russia sent more than a quarter of them to the battlefield",
            "agree",
        ),
        # rate vs total: not comparable
        (
            "Ukraine kills 400 Russian soldiers a day",
            "It brings the total death toll among Russian troops to at least 71,200",
            "apart",
        ),
        # a month's total is a rate over that month: 12,730 last month is some 418 a day
        (
            "Ukraine kills 400 Russian soldiers a day",
            "Ukraine killed 12,730 Russian soldiers last month",
            "agree",
        ),
        (
            "Ukraine kills 1,000 Russian soldiers a day",
            "Ukraine killed 12,730 Russian soldiers last month",
            "conflict",
        ),
        # rates in different periods are scaled before comparing
        ("Russia loses 3,000 soldiers a week", "Russia loses 400 soldiers a day", "agree"),
        ("Russia loses 30,000 soldiers a week", "Russia loses 400 soldiers a day", "conflict"),
        # running totals at different dates
        (
            "Nearly 60,000 Russians have been killed in action to date",
            "It brings the total death toll among Russian troops to at least 71,200",
            "apart",
        ),
        # ... unless the claim repeats the sentence with another figure
        (
            "Nearly 90,000 Russians have been killed in action to date",
            "Nearly 60,000 Russians have been killed in action to date",
            "conflict",
        ),
        # killed is not killed and wounded
        ("400 soldiers a day were killed", "400 soldiers a day were killed and wounded", "apart"),
    ],
)
def test_relate(claim, sentence, relation):
    near = "in action to date" in claim and "in action to date" in sentence
    assert related(claim, sentence, near) == relation


def test_bounds_of_round_and_exact_figures():
    (q,) = parse_quantities("300,000 reservists")
    assert bounds(q) == (275_000, 325_000)
    (q,) = parse_quantities("more than 400 soldiers")
    assert bounds(q)[0] > 400 and bounds(q)[1] == float("inf")


def test_fractions_in_words_are_percentages():
    (q,) = parse_quantities("sending more than a quarter of them already to the battlefield")
    assert (q.value, q.unit, q.qualifier, q.text) == (25.0, "percent", "more than", "a quarter")
    (q,) = parse_quantities("two-thirds of the reservists")
    assert round(q.value) == 67
    assert parse_quantities("a quarter of an hour later") == []


def test_figures_are_shown_side_by_side_as_written():
    (q,) = parse_quantities("more than 400 soldiers a day")
    assert show(q) == "more than 400 soldiers a day"
    (q,) = parse_quantities("a quarter of them")
    assert show(q) == "a quarter (25 percent)"


def test_one_days_count_is_apart_from_a_month_or_a_running_total():
    sunday = "A further 950 soldiers were killed on Sunday, according to the unverified figures."
    (b,) = parse_quantities(sunday)
    month = "Ukraine claims to have killed 13,000 Russian soldiers in a single month."
    (a,) = parse_quantities(month)
    assert relate(a, month, b, sunday, near_copy=False) == "apart"
    since = "At least 71,200 Russian troops have died since the invasion began, Ukraine says."
    (c,) = parse_quantities(since)
    assert relate(c, since, b, sunday, near_copy=False) == "apart"


def test_a_bound_inflated_an_order_conflicts_and_a_weaker_one_agrees():
    def rel(claim: str, sentence: str) -> str:
        (a,), (b,) = parse_quantities(claim), parse_quantities(sentence)
        return relate(a, claim, b, sentence, near_copy=False)

    stated = "at least 10 generals have written an appeal"
    assert rel("at least 100 generals have written an appeal", stated) == "conflict"
    assert rel("at least 12 generals have written an appeal", stated) == "agree"
    assert (
        rel("at least 10 generals have written an appeal", "at least 100 generals wrote") == "agree"
    )
    assert rel("fewer than 10 people were hurt", "fewer than 100 people were hurt") == "conflict"
