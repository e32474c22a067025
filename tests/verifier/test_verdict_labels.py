"""The verdict vocabulary: one style per verdict, ratings in order, the verdict that stands."""

from __future__ import annotations

from typing import get_args

from verifier.schemas import Review, VerdictLabel
from verifier.verdict_labels import (
    CONFLICTS,
    NOT_CHECKED,
    RATING_BEST,
    RATING_WORST,
    STYLES,
    VERDICTS,
    standing_verdict,
    verdict_style,
)


def test_every_verdict_has_a_style_and_a_rating_in_range():
    assert VERDICTS == get_args(VerdictLabel)
    assert list(STYLES) == list(VERDICTS)
    ratings = sorted(STYLES[v].rating for v in VERDICTS)
    assert ratings == list(range(RATING_WORST, RATING_BEST + 1))
    assert STYLES["contradicted"].rating == RATING_WORST
    assert STYLES["corroborated"].rating == RATING_BEST
    assert set(CONFLICTS) <= set(VERDICTS)


def test_a_claim_without_a_verdict_reads_not_checked():
    assert verdict_style(None).label == NOT_CHECKED
    assert verdict_style(None).rating is None
    assert verdict_style("corroborated") is STYLES["corroborated"]


def test_the_reviewer_verdict_stands_over_the_machine_one():
    review = Review(claim_id="c1", verdict="contradicted", machine_verdict="corroborated")
    assert standing_verdict("corroborated", review) == "contradicted"
    assert standing_verdict("corroborated", None) == "corroborated"
    assert standing_verdict(None, None) is None
    assert standing_verdict(None, review) == "contradicted"
