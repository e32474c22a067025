"""Contradicting rewrites for stance training: each edit makes the premise disagree with the claim."""

from __future__ import annotations

import random

from bench import perturb

PREMISE = (
    "The Kremlin said in 2022 it would call up 300,000 reservists from Moscow and 14.5 percent."
)


def test_change_figure_edits_a_figure_the_premise_states():
    for seed in range(20):
        new = perturb.change_figure(
            PREMISE, "Russia will call up 300,000 reservists.", random.Random(seed)
        )
        assert new is not None and new != "Russia will call up 300,000 reservists."
        assert "300,000" not in new and new.endswith(" reservists.")


def test_change_figure_leaves_names_with_digits_and_unstated_figures_alone():
    rng = random.Random(0)
    assert perturb.change_figure("Cases of COVID-19 rose.", "COVID-19 cases rose.", rng) is None
    assert perturb.change_figure(PREMISE, "Russia will call up 400 reservists.", rng) is None
    # 14 is only the start of 14.5 in the premise: not a figure it states.
    assert perturb.change_figure(PREMISE, "About 14 percent were called.", rng) is None


def test_change_figure_moves_a_bound_the_way_that_makes_it_false():
    premise = "The region reported 127 cases and 14 deaths."
    for seed in range(20):
        rng = random.Random(seed)
        above = perturb.change_figure(premise, "There were more than 127 cases.", rng)
        assert int(above.split()[4]) > 127
        below = perturb.change_figure(premise, "There were fewer than 14 deaths.", rng)
        assert int(below.split()[4]) < 14


def test_change_year_and_swap_entity():
    rng = random.Random(3)
    moved = perturb.change_year(PREMISE, "The call-up was announced in 2022.", rng)
    assert moved is not None and "2022" not in moved
    swapped = perturb.swap_entity(PREMISE, "Reservists came from Moscow.", ["Kyiv", "Moscow"], rng)
    assert swapped == "Reservists came from Kyiv."
    assert perturb.swap_entity(PREMISE, "Reservists came from Paris.", ["Kyiv"], rng) is None


def test_perturbed_pairs_are_contradictions_of_supported_rows_only():
    rows = [
        {
            "premise": PREMISE,
            "hypothesis": "They said in 2022 that 300,000 would be called from Moscow.",
            "label": "supports",
            "source": "t",
        },
        {
            "premise": PREMISE,
            "hypothesis": "Kyiv said 300,000 were called in 2022.",
            "label": "unrelated",
            "source": "t",
        },
    ]
    out = perturb.perturbed_pairs(rows, random.Random(0), per_kind=5)
    assert out and all(r["label"] == "contradicts" for r in out)
    assert {r["source"] for r in out} <= {"t-figure", "t-year", "t-entity"}
    assert all(r["hypothesis"] != rows[0]["hypothesis"] for r in out)
