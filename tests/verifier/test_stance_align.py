"""Alignment judge: contradiction cues between a claim and the sentence that says its thing."""

from __future__ import annotations

from dataclasses import replace

from verifier.overlap import extract_terms, measure_overlap
from verifier.stance.align import judge_by_alignment
from verifier.stance.cues import figures_stated, find_cues
from verifier.stance.names import names_of
from verifier.stance.rules import Span
from verifier.stance.sides import differing_agent, sides_swapped, swap_sides

TOLL = "Ukraine killed almost 13,000 Russian soldiers last month, the country's defence ministry has claimed."


def kinds(claim: str, sentence: str, passage: str | None = None) -> list[str]:
    return [c.kind for c in find_cues(claim, sentence, passage)]


def test_a_flipped_negation_is_a_cue_and_a_paraphrase_is_none():
    assert kinds("Ukraine did not kill any Russian soldiers last month.", TOLL) == ["negation"]
    assert kinds("Kyiv says it killed close to 13,000 Russian troops last month.", TOLL) == []


def test_opposites_are_whole_words_not_prefixes():
    said = "On Friday Russia said it had finished calling up reservists."
    assert kinds("Russia said its call-up of reservists would continue.", said) == ["opposite"]
    # 'ban' is not in 'bank': no opposite of 'allow' here.
    bank = "Ukraine counterattacked on the right bank of the Dnipro."
    assert (
        kinds("Ukraine was allowed to counterattack on the right bank of the Dnipro.", bank) == []
    )


def test_a_changed_date_is_a_cue_unless_the_figure_changed_too():
    invasion = "Putin ordered his invasion of Ukraine on February 24."
    assert kinds("Putin ordered the invasion of Ukraine on 24 March.", invasion) == ["date"]
    assert kinds("Putin ordered the invasion of Ukraine on 24 February.", invasion) == []
    # Running totals at two dates are consistent: a differing date beside a differing figure.
    toll = "Ukraine's General Staff estimated nearly 60,000 Russians had been killed by September."
    assert kinds("At least 71,200 Russians had been killed by November.", toll) == []
    # 'may' the verb is no month.
    assert (
        kinds(
            "Russia may call up reservists in September.",
            "Russia called up reservists in September.",
        )
        == []
    )


def test_a_swapped_place_is_a_cue_only_when_the_passage_never_names_the_claims():
    born = "Putin is demanding that Dvornikov take Kryvyi Rih, Zelensky's homeland, by May 9."
    assert kinds(
        "Putin ordered his army to take Kharkiv, Zelensky's birthplace, by May 9.", born
    ) == ["name"]
    assert kinds("Putin wants Dvornikov to take Kryvyi Rih by May 9.", born) == []
    assert "Kryvyi Rih" in names_of(born) and "Putin" not in names_of(born)


def test_sides_swap_by_which_reading_is_closer():
    assert (
        swap_sides("Ukrainian forces retreated from Kyiv.") == "Russian forces retreated from Kyiv."
    )
    assert swap_sides("The IAEA visited the plant.") is None
    assert (
        sides_swapped(0.85, 0.9) and not sides_swapped(0.85, 0.86) and not sides_swapped(0.4, 0.6)
    )


def test_figures_stated_needs_every_figure_of_the_claim():
    fire = "An engine room fire aboard the tanker on March 13 killed one crew member."
    assert not figures_stated("Three crew members were killed in the fire.", fire)
    assert figures_stated("Almost 13,000 Russian soldiers were killed last month.", TOLL)
    assert not figures_stated(
        "Exports stood at 10.3 million dollars in 1994.",
        "Exports stood at 1.74 million dollars in 1993.",
    )


def span(text: str, claim: str, cosine: float, start: int = 0, probs=None) -> Span:
    overlap = measure_overlap(extract_terms(claim), extract_terms(text))
    return Span(
        start, start + len(text), text, overlap, overlap.score, False, probs, cosine, cosine
    )


def test_the_judge_supports_a_paraphrase_and_contradicts_a_flip_and_ignores_strangers():
    claim = "Ukraine killed close to 13,000 Russian soldiers last month."
    s = span(TOLL, claim, 0.9)
    singles = {(s.start, s.end)}
    assert judge_by_alignment(claim, TOLL, [s], singles, 0.55).stance == "supports"
    flipped = "Ukraine did not kill 13,000 Russian soldiers last month."
    d = judge_by_alignment(flipped, TOLL, [span(TOLL, flipped, 0.88)], singles, 0.55)
    assert (d.stance, d.judge) == ("contradicts", "rule:negation")
    far = span(TOLL, "The IAEA inspected the plant.", 0.3)
    assert judge_by_alignment(
        "The IAEA inspected the plant.", TOLL, [far], singles, 0.55
    ).stance == ("unrelated")


def test_a_weak_paraphrase_needs_its_words_and_no_contradicting_classifier():
    claim = "Ukraine killed close to 13,000 Russian soldiers last month."
    against = {"supports": 0.2, "contradicts": 0.6, "unrelated": 0.2}
    s = span(TOLL, claim, 0.7, probs=against)
    d = judge_by_alignment(claim, TOLL, [s], {(s.start, s.end)}, 0.55)
    assert d.stance == "contradicts" and d.judge == "classifier"  # contradiction first
    # A paraphrase that omits the claim's figure corroborates nothing.
    other = "Ukraine killed many Russian soldiers last month, the ministry said."
    o = span(other, claim, 0.9)
    assert judge_by_alignment(claim, other, [o], {(o.start, o.end)}, 0.55).stance == "unrelated"


def test_a_near_copy_corroborates_whatever_the_classifier_reads():
    claim = (
        "Ukraine killed almost 13,000 Russian soldiers last month, its defence ministry claimed."
    )
    against = {"supports": 0.2, "contradicts": 0.6, "unrelated": 0.2}
    s = span(TOLL, claim, 0.88, probs=against)
    assert judge_by_alignment(claim, TOLL, [s], {(s.start, s.end)}, 0.55).stance == "supports"
    # a looser paraphrase at the same cosine still yields to the classifier
    loose = "Kyiv says Moscow lost close to 13,000 of its troops over the past month."
    s = span(TOLL, loose, 0.88, probs=against)
    assert judge_by_alignment(loose, TOLL, [s], {(s.start, s.end)}, 0.55).stance != "supports"


def test_the_classifiers_contradiction_decides_only_what_cues_and_paraphrase_left_open():
    claim = "Russia's army made big gains in Donetsk over the summer."
    text = "Russia's army has made little headway in Donetsk and is on the brink of losing Lyman."
    against = {"supports": 0.2, "contradicts": 0.5, "unrelated": 0.3}
    close = span(text, claim, 0.7, probs=against)
    d = judge_by_alignment(claim, text, [close], {(close.start, close.end)}, 0.55, "classifier:x")
    assert (d.stance, d.judge) == ("contradicts", "classifier:x")
    # Far from the claim, or not its likeliest reading: the classifier does not decide.
    far = span(text, claim, 0.6, probs=against)
    assert (
        judge_by_alignment(claim, text, [far], {(far.start, far.end)}, 0.55).stance == "unrelated"
    )
    unsure = span(text, claim, 0.7, probs={"supports": 0.1, "contradicts": 0.44, "unrelated": 0.46})
    assert (
        judge_by_alignment(claim, text, [unsure], {(unsure.start, unsure.end)}, 0.55).stance
        != "contradicts"
    )


def test_likelihood_and_outcome_opposites():
    likely = "UK intelligence said Russia would very likely deploy a large number of reservists."
    assert kinds("UK intelligence said Russia was unlikely to send more reservists.", likely) == [
        "opposite"
    ]
    won = "Joergen and Niels Olsen won the contest with 'Fly on the Wings of Love'."
    assert kinds("Joergen and Niels Olsen finished runners-up with the song.", won) == ["opposite"]


def test_names_drop_quotes_and_another_place_is_another_subject():
    assert "Love" in names_of("The song 'Fly on the Wings of Love' won.")
    from verifier.stance.names import other_names

    georgia = "The Associated Press reported that more than 53,000 Russians entered Georgia."
    assert other_names("Around 20,000 Russians crossed into Mongolia.", georgia)
    assert not other_names("Around 20,000 Russians crossed into Georgia.", georgia)


def test_a_figure_about_another_named_place_is_no_same_subject_conflict():
    from verifier.extract.quantities import parse_quantities
    from verifier.stance.same_subject import figure_conflict, same_subject_figures

    georgia = "The Associated Press reported that more than 53,000 Russians entered Georgia."
    s = span(georgia, "x", 0.9)
    singles = {(s.start, s.end)}
    for claim, conflict in (
        ("Around 20,000 Russians crossed into Mongolia.", False),
        ("Around 20,000 Russians crossed into Georgia.", True),
    ):
        found = figure_conflict(
            same_subject_figures(claim, parse_quantities(claim), [s], singles, 0.45)
        )
        assert (found is not None) == conflict, claim


def test_the_fda_is_an_american_actor():
    from verifier.stance.subject import actors_in

    assert [a for _, a in actors_in("The Food and Drug Administration (FDA) delayed it.")] == [
        "us",
        "us",
    ]


def test_the_same_count_with_the_same_figure_supports_unless_the_sentence_flips_it():
    from verifier.extract.quantities import parse_quantities
    from verifier.stance.same_subject import figure_agreement, same_subject_figures

    kremlin = "The Kremlin has said it is looking to call-up initially 300,000 reservists."
    s = span(kremlin, "x", 0.7)
    singles = {(s.start, s.end)}

    def agreement(claim):
        return figure_agreement(
            same_subject_figures(claim, parse_quantities(claim), [s], singles, 0.45)
        )

    same = "Russia will call up 300,000 reservists at first."
    found = agreement(same)
    assert found is not None and found.stance == "supports" and "300,000" in found.rationale
    assert agreement("Russia will call up 500,000 reservists at first.") is None
    d = judge_by_alignment(same, kremlin, [s], singles, 0.55, agreement=found)
    assert (d.stance, d.judge) == ("supports", "rule:same-subject")
    denied = "Russia will not call up 300,000 reservists at first."
    d = judge_by_alignment(denied, kremlin, [s], singles, 0.55, agreement=agreement(denied))
    assert (d.stance, d.judge) == ("contradicts", "rule:negation")


def test_a_figure_stated_for_another_year_is_a_date_cue():
    said = (
        "Sri Lanka's jewelry exports to Japan, which stood at 1.74 million US dollars in 1993, "
        "rose to 10.3 million US dollars in 1995."
    )
    assert kinds("Exports to Japan stood at 10.3 million dollars in 1993.", said) == ["date"]
    assert kinds("Exports to Japan rose to 10.3 million dollars in 1995.", said) == []


def test_a_changed_small_count_is_a_cue():
    fire = "An engine room fire aboard the tanker on March 13 killed one crew member."
    assert kinds("Three crew members were killed in the engine room fire.", fire) == ["count"]


def test_below_the_bar_a_cue_counts_only_with_the_classifiers_contradiction():
    claim = "Mikhail Ulyanov said Russia had played no part in preparing the IAEA mission."
    text = "Mikhail Ulyanov said: Russia has made a significant contribution to the preparation of this mission."
    against = {"supports": 0.2, "contradicts": 0.7, "unrelated": 0.1}
    s = span(text, claim, 0.5, probs=against)
    d = judge_by_alignment(claim, text, [s], {(s.start, s.end)}, 0.55)
    assert (d.stance, d.judge) == ("contradicts", "rule:negation")
    assert "classifier reads a contradiction" in d.rationale
    # The classifier alone, or the cue alone, below the bar: nothing.
    calm = span(text, claim, 0.5, probs={"supports": 0.5, "contradicts": 0.3, "unrelated": 0.2})
    assert (
        judge_by_alignment(claim, text, [calm], {(calm.start, calm.end)}, 0.55).stance
        == "unrelated"
    )
    too_far = span(text, claim, 0.4, probs=against)
    assert (
        judge_by_alignment(claim, text, [too_far], {(too_far.start, too_far.end)}, 0.55).stance
        == "unrelated"
    )


def test_sides_swapped_around_another_figure_is_another_statement():
    claim = "The UN says more than 6,000 Ukrainian civilians have been killed."
    text = "It brings the total death toll among Russian troops to at least 71,200."
    s = replace(span(text, claim, 0.6), swapped=0.7)
    assert judge_by_alignment(claim, text, [s], {(s.start, s.end)}, 0.55).judge != "rule:sides"
    same = "Ukrainian civilians killed: more than 6,000, the UN says."
    t = replace(
        span(same, "Russian civilians: more than 6,000 killed, the UN says.", 0.6), swapped=0.7
    )
    d = judge_by_alignment(
        "The UN says more than 6,000 Russian civilians have been killed.",
        same,
        [t],
        {(t.start, t.end)},
        0.55,
    )
    assert d.judge == "rule:sides"


def test_a_year_after_another_figure_is_that_figures():
    said = (
        "Sri Lanka's jewelry exports to Japan, which stood at 1.74 million US dollars in 1993, "
        "rose to 10.3 million US dollars in 1995."
    )
    claim = (
        "Exports grew from 1.74 million dollars in 1993 to 10.3 million dollars two years later."
    )
    assert kinds(claim, said) == []


def test_a_support_states_the_claims_dates_and_no_differing_detail():
    from verifier.stance.dates import dates_stated

    assert dates_stated("Putin set a deadline of 9 May.", "Putin wants it done by May 9.")
    assert not dates_stated("Putin set a deadline of 1 May.", "Putin wants Kryvyi Rih taken.")
    assert not dates_stated(
        "Russia said on Friday it had finished.", "Russia said it had finished."
    )
    claim = "Putin gave his commanders until 1 May to capture Kryvyi Rih."
    text = "Putin ordered his commanders to capture Kryvyi Rih, Zelensky's birthplace."
    s = span(text, claim, 0.9)
    d = judge_by_alignment(claim, text, [s], {(s.start, s.end)}, 0.55)
    assert d.stance == "unrelated" and "dates" in d.rationale


def test_the_claims_source_may_be_named_elsewhere_in_the_article():
    from verifier.stance.subject import sources_in

    assert sources_in("British defence officials say Russia has sent reservists.") == {"uk"}
    assert sources_in("Russia's units use AK-12 rifles, according to the UK.") == {"uk"}
    assert sources_in("Ukraine killed 13,000 Russian soldiers.") == set()
    claim = "Russia's regular units are mostly armed with AK-12 rifles, according to the UK."
    text = "It added: Russia's regular combat units are mostly armed with AK-12 rifles."
    s = span(text, claim, 0.85)
    singles = {(s.start, s.end)}
    assert judge_by_alignment(claim, text, [s], singles, 0.55).stance == "unrelated"
    article = "The UK Ministry of Defence said old stocks were poor. " + text
    d = judge_by_alignment(claim, text, [s], singles, 0.55, article_text=article)
    assert d.stance == "supports"


def test_a_name_is_missing_only_when_the_article_never_mentions_it():
    claim = "After Ukraine's counterattack on the Dnipro, the 109th Regiment pulled back."
    text = "As a result, the 109th regiment of the Donetsk People's Republic pulled back."
    assert kinds(claim, text, text) == ["name"]
    assert kinds(claim, text, "Ukraine attacked across the Dnipro. " + text) == []


def test_a_weaker_paraphrase_stands_when_the_classifier_reads_it_as_support():
    claim = "Germany is still the main European destination for people seeking asylum."
    text = (
        "In Germany, still the prime European destination of asylum-seekers, numbers have fallen."
    )
    agree = {"supports": 0.56, "contradicts": 0.29, "unrelated": 0.15}
    s = span(text, claim, 0.67, probs=agree)
    assert judge_by_alignment(claim, text, [s], {(s.start, s.end)}, 0.55).stance == "supports"
    doubt = {"supports": 0.3, "contradicts": 0.29, "unrelated": 0.41}
    t = span(text, claim, 0.67, probs=doubt)
    assert judge_by_alignment(claim, text, [t], {(t.start, t.end)}, 0.55).stance == "unrelated"


def test_wider_negators_count_where_they_bear_on_what_both_say():
    shin = (
        "Gen. Gerasimov suffered a minor shrapnel wound to his right shin without breaking a bone."
    )
    assert kinds("Gerasimov's shrapnel wound broke a bone in his right shin.", shin) == ["negation"]
    # The claim never mentions a bone: the 'without' clause is not about it.
    assert kinds("Gerasimov suffered a minor shrapnel wound to his right shin.", shin) == []
    doubt = "Zelensky said he doubted Moscow was finished calling up soldiers."
    assert kinds("Zelensky said he believed Moscow had finished calling up soldiers.", doubt) != []


def test_an_opposite_counts_in_the_claims_clause_of_a_contrast():
    from verifier.stance.cues import focus

    said = (
        "Cash-in-transit robberies came down to 395 cases in the past year but 144 bank "
        "robberies were recorded, 15 more than the year before."
    )
    assert kinds("Cash-in-transit heists climbed to 395 reported cases last year.", said) == [
        "opposite"
    ]
    assert kinds("Bank robberies went up by 15 to 144 over the past year.", said) == []
    assert focus("Bank robberies went up by 15 to 144.", said).startswith("144 bank robberies")


def test_partial_is_the_opposite_of_full():
    said = "Putin eventually authorised a partial mobilisation of the reserves on September 21st."
    assert kinds(
        "Putin ordered a full mobilisation of Russia's reserves on 21 September.", said
    ) == ["opposite"]


def test_the_classifier_does_not_contradict_a_figure_from_a_sentence_without_one():
    claim = "Russia mobilised 300,000 reservists."
    text = "Russia has deployed several thousand newly mobilised reservists to the front line."
    against = {"supports": 0.1, "contradicts": 0.7, "unrelated": 0.2}
    s = span(text, claim, 0.69, probs=against)
    assert judge_by_alignment(claim, text, [s], {(s.start, s.end)}, 0.55).stance == "unrelated"
    # With a figure of its own, the sentence may well contradict it.
    other = "Russia has mobilised 30,000 reservists, officials said."
    o = span(other, claim, 0.69, probs=against)
    assert judge_by_alignment(claim, other, [o], {(o.start, o.end)}, 0.55).stance == "contradicts"


def test_an_opposite_counts_only_beside_what_the_claim_talks_about():
    lyman = (
        "Despite taking control of Luhansk in the summer, Russia's army has made little headway "
        "in Donetsk and is on the brink of losing the strategic city of Lyman."
    )
    assert kinds("Russian forces have recaptured Lyman from Ukraine.", lyman) == ["opposite"]
    # 'losing ... Lyman' is not about Luhansk.
    assert (
        kinds("Moscow's army captured Luhansk over the summer but stalled in Donetsk.", lyman) == []
    )


def test_a_clause_lends_its_cosine_and_its_sentence_is_read_whole():
    claim = "Russia took control of Luhansk during the summer."
    text = (
        "Despite taking control of Luhansk in the summer, Russia's army has made little headway "
        "in Donetsk."
    )
    whole = span(text, claim, 0.58)
    part = replace(span(text[: text.index(",")], claim, 0.79), within=(whole.start, whole.end))
    singles = {(whole.start, whole.end)}
    assert judge_by_alignment(claim, text, [whole], singles, 0.55).stance == "unrelated"
    d = judge_by_alignment(claim, text, [whole, part], singles, 0.55)
    assert (
        d.stance == "supports" and d.span.text == "Despite taking control of Luhansk in the summer"
    )
    # A negation in the other clause is still said: no support for a claim that drops it.
    fire = "A blaze burned down about 120 shops, but there were no casualties."
    c = "About 120 shops burned down and no one was hurt in the blaze."
    w = span(fire, c, 0.6)
    p = replace(span(fire[: fire.index(",")], c, 0.85), within=(w.start, w.end))
    assert judge_by_alignment(c, fire, [w, p], {(w.start, w.end)}, 0.55).stance != "contradicts"


def test_the_rationale_says_how_an_opening_pronoun_was_read():
    text = "It suffered a major defeat in September, after Kyiv launched a counterattack."
    claim = "Ukraine suffered a major defeat in September after a Russian counterattack."
    s = replace(
        span(text, claim, 0.8),
        swapped=0.9,
        reading="Russia suffered a major defeat in September, after Kyiv launched a counterattack.",
    )
    d = judge_by_alignment(claim, text, [s], {(s.start, s.end)}, 0.55)
    assert d.judge == "rule:sides"
    assert "'It' read as Russia, from the sentence before" in d.rationale


def test_a_negation_counts_where_it_bears_on_what_both_say():
    said = "Putin said errors were likely because Russia had not mobilised for decades."
    # the sentence's 'not' is about another thing (the decades without a call-up)
    assert kinds("Putin denied that any errors were made in the call-up.", said) == ["negation"]
    # 'no ... broken' and 'without breaking' say one thing; so do 'lack' and 'lack of'
    wound = "The general suffered a shrapnel wound to his arm without breaking a bone."
    assert (
        kinds("The general suffered a shrapnel wound to his arm but no bone was broken.", wound)
        == []
    )
    doubt = (
        "The officers expressed their lack of confidence in meeting the goals set by the Kremlin."
    )
    assert (
        kinds("The officers said they lack confidence in meeting the Kremlin's goals.", doubt) == []
    )


def test_a_verb_that_negates_matches_a_negation_and_a_doubt_is_its_holders():
    momentum = "Analysts believe that within months there will be no longer any forward momentum for the army."
    assert (
        kinds("Analysts believe the army could lose all forward momentum within months.", momentum)
        == []
    )
    doubted = (
        "In a night address, President Zelensky said he doubted Moscow was done calling up men."
    )
    assert kinds("Moscow announced it was done calling up men.", doubted) == []
    assert kinds("Zelensky believed Moscow was done calling up men.", doubted) == ["negation"]


def test_a_side_named_as_a_place_is_not_swapped():
    assert swap_sides("The Donbas, Ukraine's eastern region, has two provinces.") is None
    assert swap_sides("Fighting continues in Ukraine.") is None
    assert swap_sides("Russia launched a counterattack in Ukraine's east.") == (
        "Ukraine launched a counterattack in Ukraine's east."
    )


def test_one_act_two_doers_is_a_side_cue():
    said = "Russia suffered a defeat in September after Kyiv launched a counterattack near Kharkiv."
    assert differing_agent("In September Russia launched a counterattack near Kharkiv.", said) == (
        "russia launched",
        "ukraine launched",
    )
    assert "side" in kinds("In September Russia launched a counterattack near Kharkiv.", said)
    # the passive names its doer after 'by'; a converse verb is no act of the other side
    passive = "Ukrainian positions near Bakhmut were shelled by Russian forces."
    assert (
        differing_agent("Russian forces shelled Ukrainian positions near Bakhmut.", passive) is None
    )
    assert differing_agent("Russia lost almost 13,000 soldiers last month.", TOLL) is None
    # who said it is an attribution, not an act
    assert (
        differing_agent("Russia said 300 soldiers died.", "Ukraine said 300 soldiers died.") is None
    )


def test_killed_is_not_wounded_and_left_is_not_right():
    wounded = "The general was wounded in the blast at the headquarters."
    assert kinds("The general was killed in the blast.", wounded) == ["opposite"]
    bank = "The commanders are moving with their families to the right bank of the Dnipro."
    assert kinds(
        "The commanders are moving their families to the left bank of the Dnipro.", bank
    ) == ["opposite"]
    assert (
        kinds("The commanders are moving their families to the right bank of the Dnipro.", bank)
        == []
    )
    halted = "The army's advance has been practically halted in the east."
    assert kinds("The army's advance in the east has picked up speed.", halted) == ["opposite"]


def test_a_doubt_in_both_texts_is_one_negation():
    doubted = (
        "In a night address, President Zelensky said he doubted Moscow was done calling up men."
    )
    assert (
        kinds("Ukraine's president said he doubted the Kremlin was done calling up men.", doubted)
        == []
    )


def test_shouted_words_are_emphasis_not_names():
    said = "The envoy said: “Russia has made a significant contribution to the preparation of this mission.”"
    assert "NOTHING" not in names_of(
        "BREAKING: the envoy admits Russia did NOTHING to prepare the mission"
    )
    assert kinds(
        "The envoy admits Russia did NOTHING to help the preparation of this mission.", said
    ) == ["negation"]


def test_a_part_of_a_figure_is_not_corroborated_by_the_figure_alone():
    said = "A further 950 soldiers were killed on Sunday, according to the unverified figures."
    claim = "Most of the 950 soldiers killed on Sunday died near Kherson, according to the unverified figures."
    s = span(said, claim, 0.86)
    d = judge_by_alignment(claim, said, [s], {(s.start, s.end)}, 0.55)
    assert d.stance == "unrelated" and "Most of the 950" in d.rationale
    whole = "A further 950 soldiers were killed on Sunday, according to the unverified figures."
    s = span(said, whole, 0.95)
    assert judge_by_alignment(whole, said, [s], {(s.start, s.end)}, 0.55).stance == "supports"


def test_the_part_named_is_the_quantifier_not_the_words_before_it():
    from verifier.stance.align import _part_unstated

    # 'to' of 'According to' is no quantifier: the part is 'all', which the passage does not say.
    said = "Shoigu said 300,000 reservists had been called up."
    claim = "According to Shoigu, all 300,000 reservists had been called up."
    assert _part_unstated(claim, said) == "all 300,000"
    # said in the passage, the part is stated
    said_all = "Shoigu said all 300,000 reservists had been called up."
    assert _part_unstated(claim, said_all) is None
    # a figure part of a figure: stated only when the passage gives the same part
    claim = "82,000 of the 300,000 reservists were sent to the front."
    assert (
        _part_unstated(claim, "Of the 300,000 reservists, 82,000 were sent to the front.") is None
    )
    assert (
        _part_unstated(claim, "All 300,000 reservists were sent to the front.")
        == "82,000 of the 300,000"
    )


def test_another_title_for_the_same_person_is_a_cue():
    said = "Defence Minister Sergei Shoigu told Putin at a televised meeting that the call-up was complete."
    claim = "Foreign Minister Sergei Shoigu told Putin at a televised meeting that the call-up was complete."
    assert kinds(claim, said) == ["name"]
    # the same title said shorter is no cue
    assert (
        kinds(
            "Minister Sergei Shoigu told Putin at a televised meeting that the call-up was complete.",
            said,
        )
        == []
    )


def test_the_classifier_does_not_contradict_a_negation_said_as_a_privative_verb():
    said = "Analysts believe that within months there will no longer be any forward momentum for the army."
    claim = "Analysts believe the army could lose all forward momentum within months."
    against = {"supports": 0.2, "contradicts": 0.6, "unrelated": 0.2}
    s = span(said, claim, 0.75, probs=against)
    assert judge_by_alignment(
        claim, said, [s], {(s.start, s.end)}, 0.55, "classifier:x"
    ).stance != ("contradicts")


def test_each_statement_of_a_joined_claim_needs_its_support():
    said = "The army went into the country on February 24, as its leader sought a quick victory."
    claim = "The army went into the country on February 24 and held the capital within a few weeks."
    s = span(said, claim, 0.8, probs={"supports": 0.6, "contradicts": 0.2, "unrelated": 0.2})
    d = judge_by_alignment(claim, said, [s], {(s.start, s.end)}, 0.55)
    assert d.stance == "unrelated" and "held the capital" in d.rationale
    both = "The army went into the country on February 24 and sought a quick victory."
    s = span(said, both, 0.8, probs={"supports": 0.6, "contradicts": 0.2, "unrelated": 0.2})
    assert judge_by_alignment(both, said, [s], {(s.start, s.end)}, 0.55).stance == "supports"


def test_the_same_figure_in_a_close_sentence_outweighs_the_classifiers_doubt():
    from verifier.extract.quantities import parse_quantities
    from verifier.stance.same_subject import figure_agreement, same_subject_figures

    said = "They estimated that the militia in Donetsk had lost 55 percent of its original force."
    doubt = {"supports": 0.36, "contradicts": 0.43, "unrelated": 0.21}
    s = span(said, "x", 0.78, probs=doubt)
    singles = {(s.start, s.end)}
    claim = (
        "More than half of the Donetsk militia's original force has been lost, analysts estimated."
    )
    found = figure_agreement(
        same_subject_figures(claim, parse_quantities(claim), [s], singles, 0.45), claim
    )
    assert found is not None
    d = judge_by_alignment(claim, said, [s], singles, 0.55, agreement=found)
    assert (d.stance, d.judge) == ("supports", "rule:same-subject")


def test_an_acronym_is_the_initials_of_the_name_it_stands_for():
    said = "The Associated Press reported on September 28 that more than 53,000 Russians entered Georgia."
    claim = "Per an AP report of Sept 28, upwards of 53,000 Russians had entered Georgia."
    assert kinds(claim, said) == []
    s = span(said, claim, 0.94, probs={"supports": 0.53, "contradicts": 0.35, "unrelated": 0.12})
    assert judge_by_alignment(claim, said, [s], {(s.start, s.end)}, 0.55).stance == "supports"


def test_whoever_is_quoted_is_no_name_in_the_claims_role():
    said = '"We will start the nationwide campaign in February," said health official Golam Kibria.'
    assert kinds("The nationwide campaign in February is funded by UNICEF.", said) == []
    # a name in the claim's role still is
    moved = "The nationwide campaign in February is run by Golam Kibria of the ministry."
    assert kinds(
        "The nationwide campaign in February is run by Anna Smith of the ministry.", moved
    ) == ["name"]


def test_a_number_and_a_bound_are_no_negation():
    from verifier.stance.negation import differing_negation

    said = "Fish finished last year at 47 after winning in Houston."
    assert (
        differing_negation("Fish ended last year ranked No. 47 after his win in Houston.", said)
        is None
    )
    said = "At least 10 Generals have written an appeal to Putin."
    assert differing_negation("No fewer than ten generals wrote an appeal to Putin.", said) is None
    # a real 'no' still counts
    assert differing_negation("No generals wrote an appeal to Putin.", said) == ("No", "")


def test_breaking_a_rule_is_not_conforming_to_it():
    from verifier.stance.negation import differing_negation

    said = "Stewards ruled that the anti-roll bar links did not conform to the regulations."
    assert (
        differing_negation("Stewards found that the anti-roll bar links broke the rules.", said)
        is None
    )
    # breaking a bone is no rule broken
    said = "He fell without breaking a bone."
    assert differing_negation("He broke a bone in the fall.", said) == ("", "without")


def test_another_compass_direction_is_a_cue_where_the_same_word_follows():
    said = "The explosion occurred near the station, about 250 kilometers northwest of the capital Tbilisi."
    claim = "The explosion occurred near the station, about 250 kilometers southeast of Tbilisi."
    assert kinds(claim, said) == ["opposite"]
    assert kinds(claim.replace("southeast", "north-west"), said) == []
    # names with a direction in them are not directions of the same thing
    said = "Israel approved 6,500 homes in east Jerusalem."
    assert kinds("Israel approved 6,500 homes in the West Bank.", said) != ["opposite"]


def test_a_change_said_in_short_words_is_a_cue():
    said = "Hong Kong stocks fell 99.79 points, or 1.00 percent, to open at 9,883.52 Friday."
    assert kinds("Hong Kong stocks opened higher, gaining 99.79 points on Friday.", said) == [
        "opposite"
    ]
    # 'losing' men is no opposite of 'gaining' ground
    said = "Ukraine has been gaining ground while Russian forces took heavy losses."
    assert kinds("Russian forces were losing 400 men a day.", said) == []


def test_another_time_of_day_is_a_date_cue():
    said = "The pre-dawn explosion occurred near the Sadzhavakho station, said the director."
    claim = "The explosion near Sadzhavakho station went off late in the evening."
    assert kinds(claim, said) == ["date"]
    assert kinds(claim.replace("late in the evening", "before dawn"), said) == []


def test_a_figure_joined_to_its_noun_must_be_stated():
    said = "A helicopter fighting a wildfire crashed Sunday evening, killing the pilot."
    assert not figures_stated("The pilot killed in the crash was a 20-year veteran.", said)
    assert figures_stated(
        "The pilot was a 20-year veteran.", "The pilot, with 20 years of experience, died."
    )


def test_a_negation_of_the_claim_needs_its_negated_words_in_the_sentence():
    from verifier.stance.negation import differing_negation, negation_in_other_words

    said = "At least 10 Generals have written an appeal to Putin."
    claim = "Ten generals wrote to Putin saying they had no confidence in the goals."
    assert differing_negation(claim, said) is None
    # the same thing negated in other words: the classifier's 'contradicts' is no contradiction
    said = "They expressed their lack of confidence in being able to carry out the goals."
    assert negation_in_other_words(claim, said)
    # two negations of different things are
    claim = "Putin said Russia had carried out mobilisations regularly, so no mistakes were made."
    said = (
        "Putin said mistakes were inevitable as Russia had not carried out a mobilisation for long."
    )
    assert not negation_in_other_words(claim, said)


def test_a_sentence_negation_counts_where_it_negates_what_the_claim_asserts():
    from verifier.stance.negation import differing_negation

    said = "The association released guidelines this month saying women should not take aspirin."
    assert (
        differing_negation("The association released its aspirin guidelines in February.", said)
        is None
    )
    said = "Guidelines advise women at low risk not to go on an aspirin regimen."
    assert differing_negation(
        "Guidelines urge women at low risk to start an aspirin regimen.", said
    )
    # harm to people said in other words: 'no casualties' denies 'dozens injured'
    said = "A blaze engulfed an old bazaar in Cairo, burning 120 shops but causing no casualties."
    assert differing_negation(
        "Dozens of people were injured in the fire at the Cairo bazaar.", said
    )
    # 'turned down' is 'rejected'
    said = "Kia's creditor banks rejected previous bids by the same four companies."
    assert (
        differing_negation("Kia's creditors had turned down earlier offers from the four.", said)
        is None
    )


def test_an_opposite_said_otherwise_in_the_claim_is_no_cue():
    # 'hike' is the claim's 'raise': its 'lower' is about the market
    said = "They said the market fell amid uncertainty over whether the Fed would raise rates."
    claim = "Uncertainty over whether the Fed would hike rates sent the market lower."
    assert kinds(claim, said) == []


def test_a_support_states_scores_lengths_of_time_and_bounds_of_its_own_count():
    said = "Luis Enrique gave Barcelona a 1-0 lead in the 60th minute."
    assert not figures_stated("Barcelona went on to beat PSV 2-1.", said)
    assert figures_stated("Barcelona led 1-0 after an hour.", said)
    assert not figures_stated(
        "Rebels captured the town after two days of fighting.", "Rebels attacked the town."
    )
    assert figures_stated(
        "Ukraine killed 13,000 soldiers in a single month.",
        "Ukraine killed 13,000 soldiers last month.",
    )
    said = "Taiwan had five swine flu fatalities, with the number of severe cases exceeding 40."
    assert not figures_stated("Taiwan has fewer than 20 severe swine flu cases.", said)
    assert figures_stated("More than 50 people died.", "The storm killed 60 people.")


def test_a_near_copy_with_another_name_is_a_swap_though_the_article_has_both():
    from verifier.stance.names import differing_names

    said = (
        "Four Islamic Jihad gunmen breached the Gaza-Israel border and entered an empty army base."
    )
    article = "Hamas and Islamic Jihad both claimed attacks. " + said
    claim = "Four Fatah gunmen breached the Gaza-Israel border and entered an empty army base."
    cue = differing_names(claim, said, article + " Fatah officials were silent.")
    assert cue and (cue[0].claim, cue[0].passage) == ("Fatah", "Islamic Jihad")
    # an abbreviation of a common noun is no name: 'HQ'
    said = "Gerasimov was among those hurt when artillery hit a headquarters, the Daily Express reported."
    assert differing_names("Gerasimov was hurt when artillery hit a Russian HQ.", said, said) == []


def test_a_dated_event_told_in_other_words_is_corroborated():
    said = "Putin eventually authorised a partial mobilisation of the reserves on September 21st."
    claim = (
        "The partial mobilisation of Russian reservists was signed off by Putin on September 21."
    )
    s = span(said, claim, 0.63)
    d = judge_by_alignment(claim, said, [s], {(s.start, s.end)}, 0.55)
    assert d.stance == "supports"
    # another day is no support
    other = claim.replace("September 21", "September 12")
    s = span(said, other, 0.63)
    assert judge_by_alignment(other, said, [s], {(s.start, s.end)}, 0.55).stance != "supports"


def test_a_count_joined_to_its_noun_states_the_count_and_advising_against_negates():
    from verifier.stance.negation import differing_negation

    said = "His Social Democrats took 44 of the 68-seat regional parliament."
    assert figures_stated("Social Democrats win 44 of 68 seats in the regional parliament.", said)
    said = "Guidelines advise women at low risk of heart disease not to go on an aspirin regimen."
    claim = "The guidelines advise women at low risk of heart disease against going on aspirin."
    assert differing_negation(claim, said) is None


def test_a_country_is_mentioned_under_another_of_its_names():
    from verifier.stance.names import mentioned

    assert mentioned("USA", "since the delivery of us himars.")
    assert mentioned("Britain", "the uk ministry of defence said")
    assert not mentioned("USA", "the russian army has made little headway")


def test_the_same_figure_told_in_other_words_corroborates_unless_the_classifier_contradicts():
    from verifier.extract.quantities import parse_quantities
    from verifier.stance.same_subject import figure_agreement, same_subject_figures

    said = (
        "Defence Minister Sergei Shoigu told Putin at a televised meeting in the Kremlin: "
        "“The task set by you of mobilising 300,000 people has been completed."
    )
    claim = "The Kremlin has said it is looking to call-up initially 300,000 reservists."
    unsure = {"supports": 0.23, "contradicts": 0.17, "unrelated": 0.6}

    def judged(cosine, probs):
        s = span(said, claim, cosine, probs=probs)
        singles = {(s.start, s.end)}
        found = figure_agreement(
            same_subject_figures(claim, parse_quantities(claim), [s], singles, 0.45), claim
        )
        assert found is not None
        return judge_by_alignment(claim, said, [s], singles, 0.55, agreement=found)

    d = judged(0.52, unsure)
    assert (d.stance, d.judge) == ("supports", "rule:same-subject")
    assert "300,000" in d.rationale
    # Read as a contradiction, or too far from the claim, the figure alone corroborates nothing.
    assert (
        judged(0.52, {"supports": 0.2, "contradicts": 0.5, "unrelated": 0.3}).stance != "supports"
    )
    assert judged(0.45, unsure).stance != "supports"


def test_a_degree_said_the_other_way_is_an_opposite():
    said = (
        "Despite taking control of Luhansk in the summer, Russia's army has made little headway "
        "in Donetsk and is on the brink of losing the strategic city of Lyman."
    )
    assert kinds("Russia has made major headway in Donetsk.", said) == ["opposite"]
    assert kinds("Russia has made significant progress in Donetsk.", said) == ["opposite"]
    assert kinds("Russia has made little headway in Donetsk.", said) == []
    # 'much' and 'great' say too many things to be the opposite of 'little'.
    assert kinds("Russia's army took much of Luhansk in the summer.", said) == []
