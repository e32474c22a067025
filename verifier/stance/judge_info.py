"""Who decides stances, in words, for the app's sidebar and the report's provenance.

The stance module describes the trained classifier and the LLM; the fake classifier chosen by
CLAIMCHECK_STANCE_CLASSIFIER=fake is described here, so that neither view names a model not in use.
"""

from __future__ import annotations

from verifier.settings import Settings

FAKE_JUDGE = "the fake stance classifier (CLAIMCHECK_STANCE_CLASSIFIER=fake: word overlap, for tests and demos)"


def describe_judge(settings: Settings, *, advice: bool = True) -> str:
    """In words, who decides stances with these settings, without loading any model."""
    if settings.stance_classifier == "fake" and settings.stance_judge != "llm":
        return FAKE_JUDGE
    from verifier.stance import judge as stance

    return stance.describe_judge(settings, advice=advice)


def uses_classifier(settings: Settings) -> bool:
    """Whether a classifier (the fake or a trained one) decides stances with these settings."""
    if settings.stance_classifier == "fake":
        return settings.stance_judge != "llm"
    from verifier.stance import judge as stance

    return stance.uses_classifier(settings)
