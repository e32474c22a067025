"""Small counts and durations: the details the figure rules leave to the aligned sentence."""

from __future__ import annotations

from verifier.stance.counts import differing_count, durations, small_counts

FIRE = "An engine room fire aboard the tanker on March 13 killed one crew member."
STRIKE = (
    "Venezuela has gone through a brief coup in 2002 and a devastating two-month strike last year."
)


def test_small_counts_read_one_and_number_words_with_their_noun():
    assert small_counts(FIRE) == {"crew": {1.0}}
    assert small_counts("Three crew members were killed.") == {"crew": {3.0}}
    # 'one of them' counts nothing; bounds and rates are the figure rules' business.
    assert small_counts("One of the soldiers said more than five people a day died.") == {}


def test_durations_are_lengths_not_points_or_rates():
    assert durations(STRIKE) == {2 * 30.44}
    assert durations("The strike lasted only two weeks.") == {14.0}
    assert durations("Two years ago the strike began.") == set()
    assert durations("Russia lost 400 soldiers a day.") == set()


def test_a_changed_small_count_or_length_differs_and_the_same_one_does_not():
    assert differing_count("Three crew members were killed in the fire.", FIRE) == (
        "Three crew",
        "one crew",
    )
    assert differing_count("One crew member died in the engine room fire.", FIRE) is None
    assert differing_count("The strike last year lasted only two weeks.", STRIKE) == (
        "2 weeks",
        "2 months",
    )
    assert differing_count("The strike last year lasted two months.", STRIKE) is None
    # One length in two units is no change: '12 months' is 'one year'.
    year = "The strike lasted one year."
    assert differing_count("The strike lasted 12 months.", year) is None
    assert differing_count("The strike lasted 18 months.", year) == ("18 months", "1 year")
    # Nothing to compare: another noun, or no length on one side.
    assert differing_count("Three tankers were damaged.", FIRE) is None


def test_a_small_count_outside_a_stated_bound_differs():
    appeal = "“At least 10 Generals have written an appeal to Putin."
    assert differing_count("Three Russian generals wrote an appeal to Putin.", appeal) == (
        "Three generals",
        "at least 10 generals",
    )
    assert differing_count("Twelve generals wrote an appeal to Putin.", appeal) is None
