"""What is never a claim, however factual it reads: the gate's rules, on sentences of our own."""

from __future__ import annotations

import pytest

from verifier.extract.checkworthy import assess_sentence


def _reason(sentence: str) -> str:
    return assess_sentence(0, 0, len(sentence), sentence).reason


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "Should the dam give way, it is said that the valley would flood within hours.",
            "hypothetical",
        ),
        ("If the strike goes ahead, the port would close for a week.", "hypothetical"),
        ("Most were found to be in poor repair after the winter storms.", "subject left unsaid"),
        ("12,000 had left the island by the end of the week.", "subject left unsaid"),
        ("Thousands have fled the valley to escape the floodwater.", "subject left unsaid"),
        (
            "The farmer told reporters: “I’m scared and I’m tired of waiting for help.”",
            "personal feeling",
        ),
        ("The leaked emails lay bare the chaos inside the council.", "figurative"),
        ("The rescue effort has been dogged by delays and confusion.", "figurative"),
        (
            "Fears have been growing that the bridge may not survive another storm.",
            "state of mind, no source",
        ),
        (
            "Morale among the nurses has collapsed after the latest cuts.",
            "state of mind, no source",
        ),
        (
            "The engineers have grown more confident since the new pumps arrived.",
            "state of mind, no source",
        ),
        ("Heavy rain forced the organisers to cancel the parade.", "interpretation"),
        ("The new pumps have allowed the town to reopen its schools.", "interpretation"),
        ("By all accounts, the council expected a quick repair.", "vague"),
        ("Many residents have reportedly complained about the smell.", "vague"),
        ("The town has suffered huge losses during the long drought.", "vague"),
    ],
)
def test_never_a_claim(sentence, reason):
    assert _reason(sentence) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        # A figure, a date or a named source makes the same words checkable.
        "Heavy rain forced the organisers to cancel the parade on Sunday.",
        "The town lost 40 homes in the flood, the council said.",
        "The mayor said morale among the nurses had collapsed after the cuts.",
        "Fears that 300 homes could flood have been growing, the Environment Agency said.",
        "More than 2,000 people were evacuated from the valley on Monday.",
        "Rescue crews were forced to retreat from the dam in early April.",
        "Workers were allowed to return to the plant after the inspection.",
        "The harbour master said two ferries ran aground near Leith.",
        "The town suffered heavy losses in the 1953 flood.",
        "2021 was the wettest year on record in Cumbria, the Met Office said.",
        "The race used a handicap which allowed slower boats to start first.",
    ],
)
def test_still_a_claim(sentence):
    assert _reason(sentence) == ""
