"""Deterministic speaker and hedge cues."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from verifier.extract.attribution import find_attribution, is_hedged, resolve_speakers


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Kremlin watcher Pol Norman wrote: “Disorder has broken out.",
            "Kremlin watcher Pol Norman",
        ),
        (
            "Ukraine’s General Staff estimates that nearly 60,000 Russians died.",
            "Ukraine’s General Staff",
        ),
        (
            "Leonid Nevzlin, a former Vice President at Yukos, claimed in a tweet: “Panic.”",
            "Leonid Nevzlin",
        ),
        (
            "Ukraine killed 13,000 soldiers, the country’s defence ministry has claimed.",
            "the country’s defence ministry",
        ),
        (
            "Defence HQ, the MoD’s Twitter feed, today said: “Russia has deployed reservists.",
            "Defence HQ",
        ),
        ("On Friday Russia said it had finished calling up reservists.", "Russia"),
        (
            "The toll is 71,200, according to Defense of Ukraine, the ministry’s page.",
            "Defense of Ukraine",
        ),
        ("The command group also claimed that its forces broke through.", "The command group"),
        ("Russian forces are focusing on Luhansk, Ukrainian officials say.", "Ukrainian officials"),
        ("He said Russian forces are poorly prepared.", "He"),
        ("Putin is said to have given his officers a new goal.", None),
        ("General Gerasimov was said to be among those injured.", None),
        ("The reports come after an artillery strike near Izium.", None),
        ("It comes amid reports that Russian forces suffered casualties.", None),
        ("The bridge reopened on Monday after repairs.", None),
        ('Local blogger "Harbourwatch" wrote: "The ferry sank at 9pm.', "Harbourwatch"),
        # A speaker named after the quotation, in either order.
        (
            '"We will vaccinate 3 million children from May," health ministry spokesman Ali Reza '
            "told reporters.",
            "health ministry spokesman Ali Reza",
        ),
        ("“The dam held through the night,” said Dr Ann Lee, the chief engineer.", "Dr Ann Lee"),
        ("“Nobody was hurt,” the harbour master said on Monday.", "the harbour master"),
        # Things shown or counted are not who asserts a claim.
        ("Satellite images suggested the depot at Kerch had burned down.", None),
        ("A further 300 houses were flooded, according to the unverified figures.", None),
        ("The harbour lost 40 boats, according to the port authority.", "the port authority"),
    ],
)
def test_find_attribution(sentence, speaker):
    assert find_attribution(sentence) == speaker


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("Russian officers are said to be in disarray.", True),
        ("Many men have also reportedly taken issue with the war.", True),
        ("after he allegedly lost patience with top brass", True),
        ("A further 950 soldiers were killed, according to the unverified figures.", True),
        ("Ukraine’s General Staff estimates that nearly 60,000 Russians died.", True),
        ("The Russian leader ordered his army into Ukraine on February 24th.", False),
        ("More than 2,000 people were arrested in protests.", False),
    ],
)
def test_is_hedged(sentence, hedged):
    assert is_hedged(sentence) is hedged


def _sentences(*texts):
    items = [SimpleNamespace(text=t, attributed_to=find_attribution(t)) for t in texts]
    resolve_speakers(items)
    return items


def test_a_pronoun_takes_the_speaker_named_just_before():
    named, pronoun = _sentences(
        "Zelensky said Moscow was not finished.", "He said more men would go."
    )
    assert pronoun.attributed_to == "Zelensky" and pronoun.speaker_source == "pronoun"


def test_a_pronoun_after_a_sentence_without_speaker_stays_unresolved():
    *_, pronoun = _sentences(
        "Zelensky said Moscow was not finished.",
        "The army suffered a defeat in September.",
        "They said more men would go.",
    )
    assert pronoun.attributed_to is None and pronoun.speaker_source == "unresolved"


def test_a_caption_between_does_not_break_a_quotation_or_a_speaker():
    items = [
        SimpleNamespace(text=t, attributed_to=find_attribution(t), reason=r)
        for t, r in (
            ("The mayor of Hull said: “We closed 12 schools.", ""),
            ("The mayor at the town hall", "heading or caption"),
            ("“We reopened 10 of them in May.”", ""),
            ("He said the rest would follow.", ""),
        )
    ]
    resolve_speakers(items)
    assert [i.attributed_to for i in items] == [
        "The mayor of Hull",
        None,
        "The mayor of Hull",
        "The mayor of Hull",
    ]
    assert items[1].speaker_source == "" and items[2].speaker_source == "quotation"


def test_a_continued_quotation_keeps_its_speaker_until_it_ends():
    opened, continued, closed, after = _sentences(
        "Pol Norman wrote: “Disorder has broken out.",
        "“At least 10 Generals have written an appeal.",
        "“They lack confidence.”",
        "The army suffered a defeat in September.",
    )
    assert [s.attributed_to for s in (opened, continued, closed, after)] == [
        "Pol Norman",
        "Pol Norman",
        "Pol Norman",
        None,
    ]
