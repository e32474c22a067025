"""The verdict vocabulary: each verdict's order, colours and ClaimReview rating, and the verdict that stands.

Every view (the app, the CLI, the reports) shows verdicts from here, so that a verdict reads and
looks the same wherever it appears, and every view shows the verdict that stands after review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from verifier.schemas import Review, VerdictLabel


@dataclass(frozen=True)
class VerdictStyle:
    """How one verdict is shown: its words, a colour per medium, its ClaimReview rating."""

    label: str
    colour: str
    """Strong colour for text and charts (reports, SVG)."""
    tint: str
    """Light background for a claim marked in the article's text (Library page)."""
    tint_name: str
    """The tint in words, for the legend under the marked text."""
    badge: str
    """Streamlit badge colour."""
    terminal: str
    """rich colour in the command line."""
    rating: int | None
    """schema.org ClaimReview ratingValue: how well the archive bears the claim out (1 worst, 4 best)."""


VERDICTS: tuple[VerdictLabel, ...] = get_args(VerdictLabel)
"""The verdicts in the order every view lists them."""
CONFLICTS: tuple[VerdictLabel, ...] = ("contradicted", "disputed")
"""Verdicts that make a claim a conflict of the archive, the worse first."""
NOT_CHECKED = "not checked"
"""What every view (app, CLI, reports) shows for a claim with no verdict yet."""
RATING_WORST, RATING_BEST = 1, 4

STYLES: dict[str, VerdictStyle] = {
    "corroborated": VerdictStyle(
        "corroborated", "#2e7d32", "#bbf7d0", "green", "green", "green", 4
    ),
    "contradicted": VerdictStyle("contradicted", "#c62828", "#fecaca", "red", "red", "red", 1),
    "disputed": VerdictStyle("disputed", "#ef6c00", "#fed7aa", "orange", "orange", "yellow", 2),
    "unverified": VerdictStyle(
        "unverified", "#757575", "#e5e7eb", "grey", "gray", "bright_black", 3
    ),
}
UNCHECKED_STYLE = VerdictStyle(
    NOT_CHECKED, "#616161", "#fef08a", "yellow", "gray", "bright_black", None
)


def verdict_style(verdict: str | None) -> VerdictStyle:
    """The style of a verdict; a claim without one (not checked) has its own."""
    return STYLES.get(verdict or "", UNCHECKED_STYLE)


def standing_verdict(machine: VerdictLabel | None, review: Review | None) -> VerdictLabel | None:
    """The verdict that stands: the reviewer's if reviewed, else the machine's (None: not checked)."""
    return review.verdict if review is not None else machine
