"""Cues from claims written outside the team: roles reversed, another owner, rank, relative periods,
and the figures behind them (the counted noun past its adjectives, a toll named before its figure)."""

from __future__ import annotations

import pytest

from verifier.extract.quantities import parse_quantities
from verifier.overlap import extract_terms, measure_overlap
from verifier.stance.align import _support_gap
from verifier.stance.cues import find_cues
from verifier.stance.dates import differing_dates
from verifier.stance.figures import is_telling
from verifier.stance.names import differing_names, mentioned, names_of
from verifier.stance.opposites import differing_opposites
from verifier.stance.roles import figure_elsewhere, other_owner, reversed_roles
from verifier.stance.rules import Span
from verifier.stance.subject import relate

HANDOVER = (
    "After the DPP hands over the reins of the country to the KMT administration on May 20 when "
    "Ma is inaugurated, it will have more time to have dialogues with civic groups."
)


def test_two_parties_the_other_way_round_are_a_role_cue():
    cue = reversed_roles(
        "The KMT will hand the reins of the country over to the DPP on May 20.", HANDOVER
    )
    assert cue is not None and cue.kind == "role"
    assert (cue.claim, cue.passage) == ("KMT … DPP", "DPP … KMT")
    # The same order is the sentence's statement.
    assert (
        reversed_roles("The DPP will hand the reins of the country to the KMT on May 20.", HANDOVER)
        is None
    )


@pytest.mark.parametrize(
    "claim, sentence",
    [
        # A symmetric act names its parties in either order.
        ("Putin met Lukashenko in Minsk.", "Lukashenko met Putin in Minsk."),
        # A passive turns the order round, not the roles.
        ("AOL was spun off by Time Warner.", "Time Warner spun off AOL."),
        # Nothing is said between the two names: no role to reverse.
        ("Kherson and Kyiv were shelled.", "Kyiv and Kherson were shelled."),
    ],
)
def test_no_role_cue_where_the_order_says_nothing(claim, sentence):
    assert reversed_roles(claim, sentence) is None


def test_a_thing_given_to_another_party_is_a_role_cue():
    sentence = (
        "At the same time, Russia's commanders are battling another Ukrainian counteroffensive in "
        "the south, which aims to recapture Kherson."
    )
    claim = (
        "In the south, Russian troops are pressing a counteroffensive aimed at retaking Kherson."
    )
    cue = other_owner(claim, sentence)
    assert cue is not None and (cue.claim, cue.passage) == (
        "russia's counteroffensive",
        "ukraine's counteroffensive",
    )
    regiment = "the 109th regiment of the Donetsk People's Republic (DPR) was forced to retreat"
    assert other_owner("Russia forced Ukraine's 109th regiment to retreat.", regiment) is not None
    # One owner under two names is no other owner.
    assert (
        other_owner("Kyiv's army has stepped up strikes.", "Ukraine's army stepped up strikes")
        is None
    )
    assert other_owner("Ukrainian troops pressed a counteroffensive.", sentence) is None


def test_role_cues_decide_through_find_cues():
    claim = "The KMT will hand the reins of the country over to the DPP on May 20, when Ma is inaugurated."
    assert [c.kind for c in find_cues(claim, HANDOVER)] == ["role"]


def test_another_rank_and_ahead_or_behind_are_opposites():
    sentence = "NASCAR says it is the second most-watched professional sport on TV behind the NFL."
    cues = differing_opposites(
        "NASCAR is the most-watched professional sport on TV, ahead of the NFL.", sentence
    )
    assert cues and cues[0].kind == "opposite"
    ranked = differing_opposites(
        "It is the largest city in the region.", "It is the third largest city in the region."
    )
    assert ranked and (ranked[0].claim, ranked[0].passage) == ("the largest", "third largest")
    assert differing_opposites("NASCAR is the second most-watched sport on TV.", sentence) == []


def test_a_rebound_is_no_slump():
    cues = differing_opposites(
        "The index bounced back 231.74 points on Monday.",
        "On Monday, the index had slumped 231.74 points.",
    )
    assert cues and (cues[0].claim, cues[0].passage) == ("bounc", "slump")


@pytest.mark.parametrize(
    "claim, sentence, differs",
    [
        (
            "HMAS Tobruk picked up the asylum seekers early this month.",
            "They were picked up by HMAS Tobruk late last month.",
            True,
        ),
        ("They were picked up early last month.", "They were picked up late last month.", True),
        (
            "They were picked up late last month.",
            "They were picked up near Ashmore Reef last month.",
            False,
        ),
        (
            "The deal was signed this week.",
            "The deal was signed last year.",
            False,
        ),  # no period of one kind
    ],
)
def test_periods_named_from_the_day_of_writing(claim, sentence, differs):
    assert bool(differing_dates(claim, sentence)) is differs


@pytest.mark.parametrize(
    "text, unit",
    [
        ("South Korea will build two modern nuclear reactors in return", "reactors"),
        ("About 260 asylum seekers came from two separate boatloads", "boatloads"),
        (
            "It brings the total death toll among Russian troops to at least 71,200 since February 24",
            "troops",
        ),
        ("13,000 Russian soldiers", "soldiers"),
    ],
)
def test_the_counted_noun_past_adjectives_or_before_a_toll(text, unit):
    assert parse_quantities(text)[-1].unit == unit


@pytest.mark.parametrize(
    "text, per",
    [
        ("In a single week, Ukrainian forces killed 12,730 Russian soldiers.", "week"),
        ("Last month, Ukraine killed 12,730 Russian soldiers.", "month"),
        # A dated event, not a period's total; and a figure after another one is not the lead's.
        ("The blast last week killed 12 people.", None),
    ],
)
def test_a_period_leading_the_sentence_is_the_figure_s(text, per):
    assert parse_quantities(text)[0].per == per
    assert parse_quantities("Last month 12,730 died, bringing the total to 71,200.")[1].per is None


def test_an_upper_bound_below_a_growing_toll_conflicts_unless_dated():
    toll = "It brings the total death toll among Russian troops to at least 71,200 since February 24, which Defense of Ukraine shares daily."
    claim = "Fewer than 50,000 Russian troops have died since the invasion began."
    a, b = parse_quantities(claim)[0], parse_quantities(toll)[0]
    assert relate(a, claim, b, toll, near_copy=False) == "conflict"
    dated = "Fewer than 50,000 Russian troops had died by July 2022."
    assert relate(parse_quantities(dated)[0], dated, b, toll, near_copy=False) == "apart"
    # A lower bound below it holds: 'more than 50,000' is true of 71,200.
    lower = "More than 50,000 Russian troops have died since the invasion began."
    assert relate(parse_quantities(lower)[0], lower, b, toll, near_copy=False) == "agree"


def test_a_bound_on_a_named_group_tells_at_any_size():
    assert is_telling(parse_quantities("Fewer than five generals signed it.")[0])
    assert not is_telling(parse_quantities("Five generals signed it.")[0])


def test_a_name_opening_the_claim_is_kept_and_initials_skip_small_words():
    assert names_of("Saddam Hussein threw the US inspectors out of Iraq.")[0] == "Saddam Hussein"
    assert names_of("Fewer than five generals signed the letter.") == []
    said = "After accusing the American inspectors of being spies, Saddam forced them to leave Iraq; the United Nations withdrew the others."
    assert differing_names("Saddam Hussein threw the US inspectors out of Iraq.", said, said) == []
    assert mentioned("CDC", "the centers for disease control and prevention recommends")


def span(said: str, claim: str, cosine: float = 0.9) -> Span:
    overlap = measure_overlap(extract_terms(claim), extract_terms(said))
    probs = {"supports": 0.6, "contradicts": 0.2, "unrelated": 0.2}
    return Span(0, len(said), said, overlap, overlap.score, False, probs, cosine, cosine)


def test_a_condition_or_another_of_the_kind_does_not_corroborate():
    said = "Should Kryvyi Rih fall to Russian forces, Putin would be given a major boost in war propaganda."
    claim = "Kryvyi Rih has already fallen to Russian forces, giving Putin a propaganda boost."
    assert "would follow" in _support_gap(claim, span(said, claim), said, said)
    test = "Scotland lost the first Test of that series 35-15."
    second = "Scotland went on to lose the second Test of the series."
    gap = _support_gap(second, span(test, second), test, test)
    assert gap and "first test" in gap


def test_a_figure_put_with_the_name_the_sentence_gives_another_figure():
    sentence = (
        "Meanwhile, 98,000 had travelled to Kazakhstan, while more than 43,000 had gone to Finland."
    )
    cue = figure_elsewhere("About 43,000 Russians fleeing the draft went to Kazakhstan.", sentence)
    assert cue is not None and (cue.claim, cue.passage) == (
        "43,000 … kazakhstan",
        "43,000 … finland",
    )
    # Each figure with its own place is the sentence's statement.
    assert figure_elsewhere("More than 43,000 Russians went to Finland.", sentence) is None
    assert figure_elsewhere("About 98,000 went to Kazakhstan.", sentence) is None


def test_the_doer_stands_before_an_aside_between_dashes():
    from verifier.stance.sides import differing_agent

    said = (
        "They estimated that the Russian-backed militia in Donetsk – one of the two oblasts in the "
        "Donbas – had lost 55 percent of its original force."
    )
    assert differing_agent(
        "Analysts say Ukrainian forces in Donetsk have lost 55 percent of their strength.", said
    ) == (
        "ukraine lost",
        "russia lost",
    )
    assert (
        differing_agent(
            "The Russian-backed militia in Donetsk has lost 55 percent of its force.", said
        )
        is None
    )


def test_who_captured_is_read_from_a_bare_verb_and_forces_on_russia_s_side():
    from verifier.stance.sides import differing_agent

    said = (
        "As a result, the 109th regiment of the Donetsk People's Republic (DPR) was forced to retreat "
        "from its defensive positions, allowing Ukrainian army units to capture several settlements."
    )
    assert differing_agent(
        "DPR forces captured several settlements after Ukrainian units withdrew.", said
    ) == (
        "russia captured",
        "ukraine capture",
    )
    assert (
        differing_agent(
            "Ukrainian troops captured several settlements after the DPR regiment left.", said
        )
        is None
    )


def test_a_sentence_with_another_day_beside_the_claim_s_does_not_corroborate_it():
    said = "On May 16, the Peruvian government passed an ordinance, declaring May 19 a national mourning day."
    claim = "Peru set May 16 as its national day of mourning."
    assert "May 19" in _support_gap(claim, span(said, claim), said, said)
    # The ordinance passed on May 16 is what the sentence says of that day.
    passed = "Peru's ordinance on the mourning day was passed on May 16."
    assert "May 19" not in (_support_gap(passed, span(said, passed), said, said) or "")


def test_a_running_total_at_another_figure_does_not_state_the_claim_s():
    from verifier.stance.cues import figures_stated

    said = "Pakistan was supporting militants in Kashmir, a struggle which has claimed 12,000 lives to date."
    assert not figures_stated("The Kashmir conflict has claimed some 20,000 lives.", said)
    assert figures_stated("The Kashmir conflict has claimed 12,000 lives.", said)


def test_each_side_has_its_own_president_and_some_400_is_about_400():
    from verifier.stance.figures import part_words

    said = "Orders insist that Russian forces must capture Kryvyi Rih, the birthplace of Ukraine's president."
    assert other_owner("Russia's president wants his troops to seize Kryvyi Rih.", said) is None
    claim = "Russian units are bleeding some 400 men a day."
    assert part_words(claim, parse_quantities(claim)[0]) is None
    part = "Some of the 400 men were wounded."
    assert part_words(part, parse_quantities(part)[0]) == "Some of the"


def test_a_capital_names_its_country():
    assert mentioned("Pyongyang", "the united states agreed to supply oil to north korea")
    assert mentioned("North Korea", "pyongyang agreed to freeze its reactors")
    assert not mentioned("Seoul", "the united states agreed to supply oil to north korea")


def test_a_direction_is_owned_by_no_one():
    claim = (
        "The hijacked vessel is docked at Garad, some 125 miles northeast of the Somali capital."
    )
    said = "It is now docked at the port of Garad, some 200 kilometers (125 miles) northeast of Mogadishu."
    assert other_owner(claim, said) is None


def test_two_bare_figures_followed_by_the_same_words_count_one_thing():
    from verifier.stance.same_subject import _said_of_both

    said = "Shoigu said 82,000 had already been sent to the combat zone and the rest were training."
    claim = "Only 8,200 of the mobilised men had reached the combat zone, Shoigu told Putin."
    b = parse_quantities(said)[0]
    assert _said_of_both(claim, parse_quantities(claim)[0], said, b)
    other = "Around 300,000 had been called up, Shoigu said."
    assert not _said_of_both(other, parse_quantities(other)[0], said, b)


def test_the_classifier_contradicts_a_figure_only_with_a_count_of_the_claim_s_thing():
    from verifier.stance.align import _counts_the_claims

    toll = (
        "It brings the total death toll among Russian troops to at least 71,200 since February 24."
    )
    assert not _counts_the_claims(
        "Ukraine's own military death toll stands at around 10,000.", toll
    )
    assert _counts_the_claims("Russia's military death toll stands at around 10,000.", toll)
