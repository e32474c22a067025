"""An opening 'It'/'They' resolved from the sentence before, only when that sentence is plainly about one actor."""

from __future__ import annotations

from verifier.stance.subject import resolve_leading_pronoun, subject_actor

LYMAN = "Despite taking control of Luhansk in the summer, Russia’s army has made little headway in Donetsk."
DEFEAT = "It suffered a major defeat in September, after Kyiv launched a devastating counterattack."


def test_the_subject_is_named_first_or_after_an_opening_clause():
    assert subject_actor(LYMAN) == "Russia"
    assert subject_actor("UK intelligence chiefs said Russia would deploy reservists.") == "UK"
    # An actor deep in the sentence is not its subject.
    assert subject_actor("The command group claimed a breakthrough against the Russians.") is None


def test_a_leading_pronoun_takes_the_previous_subject_or_stays():
    assert resolve_leading_pronoun(DEFEAT, LYMAN).startswith("Russia suffered a major defeat")
    assert resolve_leading_pronoun(DEFEAT, "A further 950 soldiers were killed on Sunday.") is None
    # Inside a quotation a pronoun points into the speaker's story.
    assert resolve_leading_pronoun("“They expressed their lack of confidence.", LYMAN) is None
    assert resolve_leading_pronoun("Kyiv launched a counterattack.", LYMAN) is None
