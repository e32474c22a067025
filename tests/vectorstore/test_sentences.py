"""Sentence splitting on news text: exact offsets, quotes, abbreviations, figures, bullets."""

from __future__ import annotations

import pytest

from vectorstore.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_spans_slice_back_and_exclude_surrounding_whitespace():
    text = "  First one.   Second one!\tThird one?  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one!", "Third one?"]
    assert spans[0] == (2, 12)


def test_empty_and_whitespace_only_text_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Gen. Gerasimov in Feb. last year.",
        "The U.S. Army sent 12,730 rounds of 7.62mm and 5.45mm ammunition.",
        "Shares fell 3.5 per cent to $1.25 on Friday.",
        "He cited No. 10 and St. Petersburg in his remarks.",
        "J. K. Rowling wrote it.",
        "Yesterday's attack on the Rus. HQ in Izium failed.",
    ],
)
def test_abbreviations_initials_and_figures_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_lowercase_words_that_look_like_abbreviations_end_sentences():
    assert sentences("They sat. Then they left under the sun. Nobody saw.") == [
        "They sat.",
        "Then they left under the sun.",
        "Nobody saw.",
    ]
    assert sentences("Smith et al. reported it vs. Jones.") == [
        "Smith et al. reported it vs. Jones."
    ]


def test_acronym_followed_by_a_sentence_starter_ends_the_sentence():
    assert sentences("Troops landed in the U.S. The army denied it.") == [
        "Troops landed in the U.S.",
        "The army denied it.",
    ]


def test_quotes_that_close_and_open_across_sentences():
    text = (
        'He wrote: "Putin is demanding it by May 9. We are told they are in shock." '
        "“They have losses of 400 soldiers a day.” ‘Quite so.’ Then silence."
    )
    assert sentences(text) == [
        'He wrote: "Putin is demanding it by May 9.',
        'We are told they are in shock."',
        "“They have losses of 400 soldiers a day.”",
        "‘Quite so.’",
        "Then silence.",
    ]


def test_exclamation_inside_quote_followed_by_lowercase_continues():
    assert sentences('"Stop!" he shouted. Nobody did.') == ['"Stop!" he shouted.', "Nobody did."]


def test_paragraph_break_always_ends_a_sentence():
    text = "A heading without punctuation\n\nThe body starts here and ends here."
    assert sentences(text) == [
        "A heading without punctuation",
        "The body starts here and ends here.",
    ]


def test_single_line_break_inside_a_sentence_is_kept():
    text = "This sentence is wrapped\nover two lines. Next."
    assert sentences(text) == ["This sentence is wrapped\nover two lines.", "Next."]


def test_short_heading_line_over_a_longer_line_ends_a_sentence():
    text = "Troops retreat\nThe army withdrew from the city on Sunday, officials said."
    assert sentences(text)[0] == "Troops retreat"
    wrapped = (
        "This paragraph was hard wrapped by an editor at a fixed width\n"
        "Of about sixty characters and Continues on the next line.\nDone."
    )
    assert sentences(wrapped)[0].endswith("next line.")
    labels = "Vladimir Putin\nRussian soldiers"  # equally short lines: not a heading over text
    assert sentences(labels) == [labels]


def test_bullets_start_their_own_sentence():
    text = "Key points:\n  • Ukrainian drone drops bomb\n  • Troops flee in terror\nAfter the list."
    assert sentences(text) == [
        "Key points:",
        "• Ukrainian drone drops bomb",
        "• Troops flee in terror\nAfter the list.",
    ]


def test_ellipsis_and_question_marks():
    assert sentences("Wait… What now? Nothing!! Done...") == [
        "Wait…",
        "What now?",
        "Nothing!!",
        "Done...",
    ]


def test_windows_line_endings_paragraphs():
    text = "One line\r\n\r\nTwo line."
    assert sentences(text) == ["One line", "Two line."]


def test_every_seed_splits_into_ordered_exact_spans(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = split_sentences(text)
        assert len(spans) > 10, path.name
        previous_end = 0
        for start, end in spans:
            assert previous_end <= start < end
            assert text[start:end] == text[start:end].strip()
            assert text[previous_end:start].strip() == ""
            previous_end = end
        assert text[previous_end:].strip() == ""


def test_seed_sentences_come_out_whole(seeds_dir):
    text = (seeds_dir / "003_28604a1f63feeeca.txt").read_text(encoding="utf-8")
    got = set(sentences(text))
    assert (
        "The eye-watering total amount to 12,730, averaging more than 400 personnel a day." in got
    )
    assert (
        "It added: “AKM fires 7.62mm ammunition while Russia’s regular combat units are mostly "
        "armed with 5.45mm AK-74M or AK-12 rifles." in got
    )
    text = (seeds_dir / "000_76c4898059ad7da5.txt").read_text(encoding="utf-8")
    got = set(sentences(text))
    assert (
        'Gen. Gerasimov suffered a minor shrapnel wound to his right shin without breaking a bone."'
        in got
    )
