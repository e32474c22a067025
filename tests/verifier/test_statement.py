"""A pasted claim's reader hedge or newsroom tag is set aside before it is checked."""

from __future__ import annotations

import pytest

from verifier.statement import state_claim


@pytest.mark.parametrize(
    ("pasted", "stated"),
    [
        (
            "I read that Russia announced the end of its call-up on a Monday.",
            "Russia announced the end of its call-up on a Monday.",
        ),
        ("BREAKING: Hamas gunmen breach the border", "Hamas gunmen breach the border"),
        (
            "If I remember right, over 43,000 Russians had gone to Finland.",
            "Over 43,000 Russians had gone to Finland.",
        ),
        ("Is it true that Putin fired Dvornikov?", "Putin fired Dvornikov."),
        (
            "lol the AKMs they hand reservists date from 1979",
            "The AKMs they hand reservists date from 1979",
        ),
        ("Ouch. Dow down 86.06 pts to 12,216.40", "Dow down 86.06 pts to 12,216.40"),
    ],
)
def test_a_hedge_or_tag_is_set_aside(pasted, stated):
    assert state_claim(pasted) == stated


@pytest.mark.parametrize(
    "claim",
    [
        "Russia mobilised 300,000 reservists.",
        "Well-known analysts said the call-up had failed.",
        "So far, 82,000 reservists have been sent to the front.",
        "I read that.",  # nothing would be left
    ],
)
def test_a_plain_claim_is_left_as_written(claim):
    assert state_claim(claim) == claim


def test_the_check_judges_the_statement_and_shows_the_claim(seeded_services):
    from verifier.checking import check_claim

    plain = "Ukraine killed 12,730 Russian soldiers last month."
    pasted = "I read that " + plain[0].lower() + plain[1:]
    hedged, stated = (
        check_claim(seeded_services, pasted, k=3),
        check_claim(seeded_services, plain, k=3),
    )
    assert hedged.claim == pasted
    assert hedged.verdict == stated.verdict
    assert [(e.quote, e.stance) for e in hedged.evidence] == [
        (e.quote, e.stance) for e in stated.evidence
    ]
