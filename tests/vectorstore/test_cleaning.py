"""Boilerplate removal on the seeds: every article sentence kept, web furniture gone, offsets exact."""

from __future__ import annotations

import re

import pytest

from vectorstore.cleaning import article_id, clean_text
from vectorstore.loading import load_file

# For each seed: sentences of the article that must survive, and boilerplate that must go.
EXPECTED = {
    "000_76c4898059ad7da5.txt": (
        [
            "Russian officers are said to be in disarray after Vladimir Putin has taken direct control",
            "Orders insist that Russian forces must capture and occupy the city of Kryvyi Rih",
            "claiming that 400 soldiers a day were killed and wounded.",
            "Gen. Gerasimov suffered a minor shrapnel wound to his right shin without breaking a bone.",
        ],
        [
            "Ukrainian drone drops bomb through sunroof",
            "sign up for our newsletter by clicking here",
            "Source: Read Full Article",
        ],
    ),
    "001_727aad6bee6ec693.txt": (
        [
            "Vladimir Putin is facing a mutiny from his top commanders",
            "Ukraine’s General Staff estimates that nearly 60,000 Russians have been killed in action",
            "“This is the party of war. The rest are in a panic and depressed.”",
            "The Associated Press reported on September 28 that more than 53,000 Russians entered Georgia.",
            "98,000 had travelled to Kazakhstan, while more than 43,000 had gone to Finland.",
            "and manyy expect a full mobilisation.",
        ],
        [
            "Vladimir Putin signs treaties annexing Ukrainian regions",
            "We use your sign-up to provide content",
            "More info",
            "DON’T MISS",
            "[NEWS]",
            "nuclear silos",
            "trapped",
            "Source: Read Full Article",
        ],
    ),
    "002_8656ebf4ed179ae4.txt": (
        [
            "The Ukrainian army has grown increasingly more confident in recent weeks",
            "The Kakhovka operational command said: “The 109th Regiment of the DPR withdrew",
            "Experts from the agency will assess the plant for any physical damage",
            "dispel numerous speculations about the unfavourable state of affairs at the Zaporizhzhia",
        ],
        [
            "READ MORE",
            "Russian mums",
            "Source link",
            "Leave a Reply",
            "Akismet",
            "Learn how your comment data is processed.",
        ],
    ),
    "003_28604a1f63feeeca.txt": (
        [
            "Ukraine killed almost 13,000 Russian soldiers last month",
            "The eye-watering total amount to 12,730, averaging more than 400 personnel a day.",
            "AKM fires 7.62mm ammunition while Russia’s regular combat units are mostly armed with 5.45mm",
            "Shoigu said 82,000 had already been sent to the combat zone and the rest were training.",
            "very soon Russia may need a new wave of people to send to the war.”",
        ],
        [
            "7 mins read",
            "Russian vehicle flips over fleeing incoming fire",
            "(Image:",
            "Vladimir Putin has now lost more than 71,000 troops",
            "Russian soldiers moments before",
            "Ministry of Defence tweet",
            "JUST IN",
            "cocaine",
            "[REVEAL]",
            "£15bn",
            "Ukraine territorial disputes mapped",
            "Leave a Reply",
            "Your email address will not be published.",
            "Latest from Blog",
        ],
    ),
    "004_d5df0d445600c9d4.txt": (
        [
            "Newly-released phone conversations between Russian invaders and their families",
            "Many men have also reportedly taken issue with a war against a fellow Slavic people.",
            "“Nobody comes back, everyone is fired, everyone rolls up.”",
            "had lost 55 percent of its original force.",
        ],
        [
            "World News",
            "Russian vehicles targeted by howitzer artillery",
            "We use your sign-up",
            "Angela Rayner",
            "[EXPRESS COMMENT]",
            "Wes Streeting",
            "Source: Read Full Article",
        ],
    ),
}


def normal(text: str) -> str:
    return " ".join(text.replace("¬†", " ").split())


@pytest.fixture(params=sorted(EXPECTED))
def seed(request, seeds_dir):
    (raw,) = load_file(seeds_dir / request.param, max_bytes=1_000_000)
    return request.param, raw, clean_text(raw.text, title=raw.title)


def test_article_sentences_survive_and_boilerplate_goes(seed):
    name, _, cleaned = seed
    keep, drop = EXPECTED[name]
    text = normal(cleaned.text)
    for sentence in keep:
        assert sentence in text, f"{name}: lost {sentence!r}"
    for junk in drop:
        assert junk not in text, f"{name}: kept {junk!r}"


def test_every_raw_sentence_paragraph_is_kept_unless_removed_with_a_reason(seed):
    """A raw paragraph is either in the cleaned text or listed in `removed`."""
    name, raw, cleaned = seed
    text = normal(cleaned.text)
    removed = [normal(t) for _, t in cleaned.removed]
    for paragraph in re.split(r"\n\s*\n", raw.text):
        for line in paragraph.splitlines():
            line = normal(line)
            if line:
                assert line in text or line in removed, f"{name}: {line!r} vanished"


def test_cleaned_characters_map_back_to_the_raw_text(seed):
    _, raw, cleaned = seed
    assert cleaned.text == cleaned.text.strip()
    for offset, char in enumerate(cleaned.text):
        if not char.isspace():
            assert raw.text[cleaned.to_raw(offset)] == char
    start, end = cleaned.span_to_raw(0, len(cleaned.text))
    assert normal(raw.text[start:end]).startswith(normal(cleaned.text)[:200])


def test_captions_and_their_labels_are_reported_with_reasons(seeds_dir):
    (raw,) = load_file(seeds_dir / "003_28604a1f63feeeca.txt", max_bytes=1_000_000)
    reasons = dict((text, reason) for reason, text in clean_text(raw.text, title=raw.title).removed)
    assert reasons["Sergei Shoigu, Russia’s defence minister (Image: GETTY)"] == "caption"
    assert reasons["Sergei Shoigu"] == "caption label"
    assert reasons["7 mins read"] == "read time"
    assert reasons["Ukraine: Russian vehicle flips over fleeing incoming fire"] == "video teaser"


def test_mojibake_and_odd_spaces_become_single_spaces():
    raw = "First\u00a0 paragraph has¬†odd   spaces.\n\nSecond\u200bword here."
    cleaned = clean_text(raw)
    assert cleaned.text == "First paragraph has odd spaces.\n\nSecondword here."
    assert raw[cleaned.to_raw(cleaned.text.index("odd"))] == "o"
    assert raw[cleaned.to_raw(cleaned.text.index("Second"))] == "S"
    assert cleaned.to_raw(len(cleaned.text)) == len(raw)


def test_unknown_normal_text_is_left_alone():
    raw = (
        "Council approves budget\n\n"
        "The council approved the budget on Monday. It rises by 4.2% to £12.7m.\n\n"
        "Opposition members said the plan was rushed.\n\n"
        "Key figures\n\n"
        "Spending on roads doubles."
    )
    cleaned = clean_text(raw)
    assert "Council approves budget" not in cleaned.text  # a heading-like line before the body
    assert cleaned.text.endswith(
        "Opposition members said the plan was rushed.\n\nKey figures\n\nSpending on roads doubles."
    )
    assert cleaned.text.startswith("The council approved the budget on Monday.")


def test_short_text_without_sentences_is_not_emptied():
    assert clean_text("Hello world").text == "Hello world"
    assert clean_text("Just a note\n\nanother note").text == "Just a note\n\nanother note"


def test_bullet_list_of_sentences_is_kept():
    raw = "The report lists three failures.\n\n• Supplies ran out.\n• Radios failed.\n\nEnd of report."
    cleaned = clean_text(raw)
    assert "• Supplies ran out.\n• Radios failed." in cleaned.text


def test_repeated_title_at_the_top_is_removed():
    raw = "Big News Today\n\nThe first sentence of the story is here and it is long enough."
    cleaned = clean_text(raw, title="Big  news today")
    assert cleaned.text.startswith("The first sentence")
    assert ("repeated title", "Big News Today") in cleaned.removed


def test_repeated_caption_without_label_is_removed():
    raw = (
        "The first real sentence of this story is long enough to count.\n\n"
        "Troops on the move\n\n"
        "A second real sentence follows here, also long enough.\n\n"
        "Troops on the move\n\n"
        "The end of the story comes with a third sentence."
    )
    cleaned = clean_text(raw)
    assert cleaned.text.count("Troops on the move") == 1
    assert ("repeated caption", "Troops on the move") in cleaned.removed


def test_link_list_in_the_middle_of_a_paragraph_splits_it():
    raw = "Kept sentence one.\nDON'T MISS\nSome link title [NEWS]\nKept sentence two."
    cleaned = clean_text(raw)
    assert cleaned.text == "Kept sentence one.\n\nKept sentence two."
    assert [reason for reason, _ in cleaned.removed] == ["link", "link"]


def test_to_raw_rejects_offsets_outside_the_text():
    cleaned = clean_text("Some text.")
    with pytest.raises(IndexError):
        cleaned.to_raw(11)


def test_article_id_depends_on_content_not_whitespace():
    assert article_id("A  b\nc") == article_id("A b c")
    assert article_id("A b c") != article_id("A b d")
    assert re.fullmatch(r"[0-9a-f]{16}", article_id("x"))
