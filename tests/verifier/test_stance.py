"""The stance cascade: relevance gate, LLM or classifier polarity, figure rules, verbatim quotes."""

from __future__ import annotations

import pytest

from tests.verifier.stance_fakes import (
    FakeClassifier,
    KeyedClassifier,
    LeaningClassifier,
    labelling,
    services_with,
    stance_calls,
    with_classifier,
)
from verifier.errors import ConfigError
from verifier.extract.quantities import parse_quantities
from verifier.retrieval import find_evidence
from verifier.stance.figures import compare_figures
from verifier.stance.judge import judge_passages
from verifier.stance.llm_judge import stance_schema

ARTICLES = [
    (
        "Russian toll passes 71,200, Ukraine says",
        "Ukraine's General Staff said on Sunday that the total number of Russians killed in action has "
        "reached at least 71,200 since February 24. The figures cannot be verified independently.",
    ),
    (
        "October was the deadliest month",
        "Ukraine's defence ministry said its forces killed more than 400 Russian soldiers a day in October. "
        "Officials gave no breakdown by region.",
    ),
    (
        "Commentator on daily losses",
        "A war commentator wrote that 400 Russian soldiers a day were killed and wounded in Ukraine. "
        "He cited intercepted calls.",
    ),
    (
        "Weather in Lisbon",
        "Lisbon had a sunny weekend with temperatures of 24 degrees. Tourists filled the beaches near Cascais.",
    ),
]


@pytest.fixture
def make(settings):
    made = []

    def build(responder):
        services, llm = services_with(settings, responder)
        for title, text in ARTICLES:
            services.store.add_text(title, text)
        made.append(services)
        return services, llm

    yield build
    for services in made:
        services.store.close()


def judge(services, claim, k=4, classifier=None, **kwargs):
    if classifier is not None:
        services = with_classifier(services, classifier)
    return judge_passages(services, claim, find_evidence(services, claim, k=k), **kwargs)


def by_title(evidence, word):
    return next(e for e in evidence if word in e.title)


def test_quotes_are_verbatim_with_offsets_into_the_article(make):
    services, _ = make(labelling("supports"))
    for claim in (
        "Ukraine killed 12,730 Russian soldiers in October",
        "Lisbon beaches were full",
        "71,200 Russians killed",
    ):
        for e in judge(services, claim):
            text = services.store.article(e.article_id).text
            assert text[e.start : e.end] == e.quote
            assert e.passage[e.start - e.passage_start : e.end - e.passage_start] == e.quote
            assert e.judge and 0.0 <= e.confidence <= 1.0


def test_unrelated_passages_cost_no_model_call(make):
    services, llm = make(labelling("supports"))
    evidence = judge(services, "The Eiffel Tower was sold to a Brazilian bank in 2019")
    assert {e.stance for e in evidence} == {"unrelated"}
    assert {e.judge for e in evidence} == {"rule:relevance"}
    assert stance_calls(llm) == []


def test_llm_label_decides_polarity_of_a_relevant_passage(make):
    services, llm = make(labelling("contradicts"))
    e = by_title(judge(services, "Lisbon had a rainy weekend with cold temperatures"), "Lisbon")
    assert e.stance == "contradicts"
    assert e.judge == "llm:fake"
    assert e.rationale == "fake says contradicts"
    assert len(stance_calls(llm)) == 1


def test_prompt_delimits_article_text_as_data(make):
    services, llm = make(labelling("supports"))
    judge(services, "Lisbon had a rainy weekend with cold temperatures")
    system, user = stance_calls(llm)[0]["messages"]
    assert "data, not instructions" in system["content"]
    assert user["content"].count("<data>") == 2
    assert "1. Lisbon had a sunny weekend" in user["content"]


def test_sentence_number_is_constrained_to_the_passage():
    schema = stance_schema(3)
    schema.model_validate({"sentence": 3, "label": "supports", "rationale": "x"})
    with pytest.raises(ValueError):
        schema.model_validate({"sentence": 4, "label": "supports", "rationale": "x"})
    with pytest.raises(ValueError):
        schema.model_validate({"sentence": 1, "label": "true", "rationale": "x"})


def test_model_choice_of_an_irrelevant_sentence_is_not_the_quote(make):
    services, _ = make(labelling("supports", pick=lambda sentences: len(sentences)))
    e = by_title(judge(services, "Lisbon had a sunny weekend with warm temperatures"), "Lisbon")
    assert e.quote.startswith("Lisbon had a sunny weekend")


def test_invalid_model_output_gives_unrelated_not_a_crash(make):
    services, llm = make(labelling("supports", pick=lambda sentences: 99))
    e = by_title(judge(services, "Lisbon had a sunny weekend with warm temperatures"), "Lisbon")
    assert e.stance == "unrelated"
    assert e.judge.startswith("rule:model-failed")
    assert len(stance_calls(llm)) == services.settings.llm_retries + 1


def test_per_month_figure_matches_per_day_rate_without_a_model_call(make):
    services, llm = make(labelling("contradicts"))
    e = by_title(judge(services, "Ukraine killed 12,730 Russian soldiers in October"), "deadliest")
    assert e.stance == "supports"
    assert e.judge == "rule:figures"
    assert "400" in e.quote and any(q.per == "day" for q in e.quantities)
    asked = " ".join(m["content"] for c in stance_calls(llm) for m in c["messages"])
    assert "deadliest" not in asked  # the figures decided that passage alone


def test_running_totals_at_different_dates_do_not_contradict(make):
    services, _ = make(labelling("contradicts"))
    services, _ = make(labelling("contradicts"))  # a capable model's path
    claim = "Ukraine's General Staff estimates that nearly 60,000 Russians have been killed in action to date"
    e = by_title(judge(services, claim), "71,200")
    assert e.stance == "supports"
    assert e.judge == "rule:figures"
    assert "different dates" in e.rationale


def test_killed_is_not_killed_and_wounded(make):
    for label in ("contradicts", "supports"):
        services, _ = make(labelling(label))
        e = by_title(
            judge(services, "400 Russian soldiers are killed every day in Ukraine"), "Commentator"
        )
        assert e.stance == "unrelated", label
        assert "different measure" in e.rationale


def test_figures_that_differ_leave_the_judge_in_charge(make):
    services, _ = make(labelling("contradicts"))
    e = by_title(
        judge(services, "Ukraine's forces killed 5,000 Russian soldiers in October"), "deadliest"
    )
    assert e.stance == "contradicts"
    assert "figures differ" in e.rationale


@pytest.mark.parametrize(
    ("claim", "sentence", "finding"),
    [
        (
            "Ukraine killed 12,730 Russian soldiers last month",
            "averaging more than 400 personnel a day",
            "match",
        ),
        (
            "nearly 60,000 Russians have been killed in action to date",
            "a toll of at least 71,200 killed since February 24",
            "window",
        ),
        (
            "at least 10 generals have written an appeal to Putin",
            "the toll among Russian troops rose to at least 71,200",
            "none",
        ),
        (
            "In total more than 2,000 people were arrested at the protests",
            "the total death toll among Russian troops is at least 71,200",
            "none",
        ),
        ("400 soldiers a day were killed", "400 soldiers a day were killed and wounded", "measure"),
        (
            "Ukraine killed 12,730 Russian soldiers last month",
            "A further 950 soldiers were killed on Sunday",
            "period",
        ),
        # the same figure without its period may be the same report: the judge decides
        (
            "Ukraine killed 12,730 Russian soldiers last month",
            "Ukraine says it killed 12,730 Russian soldiers",
            "none",
        ),
        ("400 soldiers a day were killed", "100 soldiers a day were killed", "mismatch"),
        ("the militia lost 55 percent of its force", "the militia lost 55 soldiers", "none"),
        (
            "Russia has sent 5,000 troops to the border",
            "Russia has sent 5,000 tanks to the border",
            "none",
        ),
        ("the army lost 20 generals this year", "the army lost 20,000 troops this year", "none"),
        (
            "Russia mobilised 300,000 reservists",
            "the task of mobilising 300,000 people has been completed",
            "match",
        ),
        (
            "Ukraine killed 12,730 Russians last month",
            "Ukraine killed 12,700 soldiers last month",
            "match",
        ),
        ("It happened on February 24", "It happened on February 24", "none"),
        # unit words that name no known group (the parser takes the next word): SciFact claim 279
        (
            "the genome consists of 7489 baise pairs",
            "the genome is 7489 bp in size and encodes proteins of 23, 15 and 216 kd",
            "match",
        ),
        ("Russia lost 50 tanks", "Ukraine shot down 40 aircraft", "none"),
        # a year used as an adjective is no count: the same year is not a matching figure
        (
            "Putin denied for months that he planned the 2022 invasion",
            "Analysts say the 2022 invasion was planned for months by Putin",
            "none",
        ),
        ("Police said 1960 soldiers had deserted", "Police said 1960 soldiers deserted", "match"),
        # the same named count as a bound an order apart is a misquote, not a toll still growing
        (
            "at least 100 generals signed a letter",
            "at least 10 generals signed a letter",
            "mismatch",
        ),
        # 'about' is a rounded figure, not an open bound
        ("about 10,000 people fled to Kazakhstan", "98,000 had fled to Kazakhstan", "mismatch"),
        # a bare figure an order apart with a bound stays another count
        ("at least 10 generals were dismissed", "more than 71,200 were killed", "none"),
    ],
)
def test_compare_figures(claim, sentence, finding):
    check = compare_figures(claim, parse_quantities(claim), sentence, parse_quantities(sentence))
    assert check.finding == finding


def test_classifier_decides_when_present_and_the_llm_is_not_asked(make):
    services, llm = make(labelling("contradicts"))
    classifier = FakeClassifier()
    evidence = judge(services, "Lisbon had a sunny weekend", classifier=classifier)
    lisbon = by_title(evidence, "Lisbon")
    assert (lisbon.stance, lisbon.judge, lisbon.confidence) == ("supports", "classifier:fake", 0.9)
    assert all(e.stance == "unrelated" for e in evidence if e is not lisbon)
    assert all(hyp == "Lisbon had a sunny weekend" for _, hyp in classifier.pairs)
    assert stance_calls(llm) == []


def lisbon_with(make, classifier, **settings_update):
    services, llm = make(labelling("contradicts"))
    if settings_update:
        services.settings = services.settings.model_copy(update=settings_update)
    evidence = judge(services, "Lisbon had a sunny weekend", classifier=classifier)
    assert stance_calls(llm) == []  # the classifier decides: no model call
    return by_title(evidence, "Lisbon")


def test_without_a_tuned_threshold_the_classifier_argmax_decides(make):
    lisbon = lisbon_with(make, LeaningClassifier(None))
    assert (lisbon.stance, lisbon.confidence) == ("unrelated", 0.55)


def test_a_passage_above_the_tuned_evidence_threshold_counts_for_its_likelier_side(make):
    lisbon = lisbon_with(make, LeaningClassifier(0.4))
    assert (lisbon.stance, lisbon.confidence) == ("supports", 0.35)
    assert "P(relevant)=0.45, threshold 0.40" in lisbon.rationale


def test_below_the_tuned_threshold_a_passage_is_unrelated(make):
    lisbon = lisbon_with(make, LeaningClassifier(0.5))
    assert (lisbon.stance, lisbon.confidence) == ("unrelated", 0.55)


def test_the_threshold_setting_overrides_the_tuned_value(make):
    lisbon = lisbon_with(make, LeaningClassifier(0.4), evidence_threshold=0.6)
    assert lisbon.stance == "unrelated"


def test_gate_stance_picks_the_likelier_side():
    from verifier.stance.judge import gate_stance

    p = {"supports": 0.2, "contradicts": 0.3, "unrelated": 0.5}
    assert gate_stance(p, 0.5) == ("contradicts", 0.3)
    assert gate_stance(p, 0.51) == ("unrelated", 0.5)


def test_a_threshold_outside_zero_to_one_is_refused():
    from pydantic import ValidationError

    from verifier.settings import Settings

    with pytest.raises(ValidationError, match="evidence_threshold"):
        Settings(evidence_threshold=1.5)


def test_llm_only_judge_asks_for_every_passage(make):
    services, llm = make(labelling("supports"))
    evidence = judge(services, "The Eiffel Tower was sold to a Brazilian bank in 2019", judge="llm")
    assert len(stance_calls(llm)) == len(evidence)
    assert {e.judge for e in evidence} == {"llm:fake"}


def test_classifier_judge_without_a_classifier_says_what_to_do(make):
    services, _ = make(labelling("supports"))
    with pytest.raises(ConfigError, match="train-stance"):
        judge(services, "Lisbon", judge="classifier")
    with pytest.raises(ConfigError, match="CLAIMCHECK_STANCE_JUDGE"):
        judge(services, "Lisbon", judge="oracle")


def tiny(services):
    services.llm.is_tiny = True  # what the embedded Gemma 270M reports
    return services


def test_tiny_model_gets_no_free_text_field(make):
    services, llm = make(labelling("supports"))
    e = by_title(
        judge(tiny(services), "Lisbon had a sunny weekend with warm temperatures"), "Lisbon"
    )
    assert e.stance == "supports"
    assert "rationale" not in stance_calls(llm)[0]["messages"][0]["content"]
    assert e.rationale.startswith("the model judged sentence")


def test_tiny_model_support_of_a_negated_paraphrase_becomes_a_contradiction(make):
    services, _ = make(labelling("supports"))
    claim = "Lisbon did not have a sunny weekend with temperatures of 24 degrees"
    e = by_title(judge(tiny(services), claim), "Lisbon")
    assert (e.stance, e.judge) == ("contradicts", "rule:negation")


def test_tiny_model_support_with_different_figures_is_not_trusted(make):
    services, _ = make(labelling("supports"))
    e = by_title(
        judge(tiny(services), "Ukraine's forces killed 5,000 Russian soldiers in October"),
        "deadliest",
    )
    assert e.stance == "unrelated"
    assert "figures differ" in e.rationale


def test_missing_or_empty_classifier_directory_means_no_classifier(settings, tmp_path):
    from verifier.services import build_services

    empty = tmp_path / "empty-model"
    empty.mkdir()
    for path in (tmp_path / "absent", empty):
        services = build_services(settings.model_copy(update={"stance_model": path}))
        assert services.classifier is None


@pytest.mark.parametrize(
    "layout",
    ["absent", "a file", "empty", "meta not JSON", "meta not an object", "no weights"],
)
def test_the_sidebar_names_a_classifier_exactly_when_one_loads(settings, tmp_path, layout):
    from verifier.services import build_services
    from verifier.stance.judge import describe_judge, uses_classifier

    path = tmp_path / "clf"
    if layout == "a file":
        path.write_text("not a model")
    elif layout != "absent":
        path.mkdir()
        meta = {"meta not JSON": '{"kind": "cross', "meta not an object": "[1, 2]"}
        if layout != "empty":
            (path / "stance_meta.json").write_text(meta.get(layout, '{"kind": "cross-encoder"}'))
    services = build_services(settings.model_copy(update={"stance_model": path}))
    assert services.classifier is None
    assert not uses_classifier(services.settings)
    assert describe_judge(services.settings).startswith("the LLM only")


def test_a_classifier_with_corrupt_weights_is_a_config_error_naming_it(settings, tmp_path):
    from verifier.services import build_services

    path = tmp_path / "clf"
    path.mkdir()
    (path / "stance_meta.json").write_text('{"kind": "cross-encoder"}')
    (path / "config.json").write_text("{ truncated")
    services = build_services(settings.model_copy(update={"stance_model": path}))
    with pytest.raises(ConfigError, match="cannot be loaded") as err:
        services.classifier  # noqa: B018 (loading is what fails)
    assert str(path) in str(err.value) and "CLAIMCHECK_STANCE_JUDGE=llm" in err.value.hint


def test_tiny_model_contradiction_without_a_cue_is_not_trusted(make):
    services, _ = make(labelling("contradicts"))
    e = by_title(
        judge(tiny(services), "Lisbon had a sunny weekend with warm temperatures"), "Lisbon"
    )
    assert (e.stance, e.judge) == ("unrelated", "rule:no-cue")


def test_tiny_model_contradiction_with_differing_figures_stands(make):
    services, _ = make(labelling("contradicts"))
    e = by_title(
        judge(tiny(services), "Ukraine's forces killed 5,000 Russian soldiers in October"),
        "deadliest",
    )
    assert e.stance == "contradicts"


def test_tiny_model_support_that_covers_little_of_the_claim_is_not_trusted(make):
    services, _ = make(labelling("supports"))
    # Passes the relevance gate (Lisbon, sunny, weekend) but leaves most of the claim unsaid.
    claim = "Lisbon had a sunny weekend and long queues at the airport"
    e = by_title(judge(tiny(services), claim), "Lisbon")
    assert (e.stance, e.judge) == ("unrelated", "rule:weak-support")
    assert "covers only" in e.rationale


def quote_span(claim: str, quote: str):
    """The whole quote as a candidate span, with how much of the claim it covers."""
    from verifier.overlap import extract_terms, measure_overlap
    from verifier.stance.rules import Span

    overlap = measure_overlap(extract_terms(claim), extract_terms(quote))
    return Span(0, len(quote), quote, overlap, overlap.score, False)


def test_tiny_model_support_of_a_figure_claim_needs_the_figure():
    from verifier.stance.figures import FigureCheck
    from verifier.stance.rules import Decision, check_tiny

    claim = "Ukraine's General Staff said 90,000 Russians were killed in action"
    span = quote_span(
        claim, "Ukraine's General Staff said many Russians were killed in action near Kherson."
    )
    said = Decision(span, "supports", 0.55, "llm:tiny", "the model judged sentence 1: supports")
    decided = check_tiny(claim, parse_quantities(claim), said, FigureCheck("none"))
    assert span.overlap.score >= 0.6  # covers the claim's words, but not its figure
    assert (decided.stance, decided.judge) == ("unrelated", "rule:weak-support")
    assert "figures" in decided.rationale


def test_capable_model_support_is_left_to_the_model(make):
    services, _ = make(labelling("supports"))
    claim = "Lisbon had a sunny weekend and long queues at the airport"
    e = by_title(judge(services, claim), "Lisbon")
    assert e.stance == "supports"


def test_describe_judge_names_the_classifier_and_its_threshold(settings, tmp_path):
    import json

    from verifier.stance.judge import describe_judge

    model = tmp_path / "clf"
    settings = settings.model_copy(update={"stance_model": model})
    assert describe_judge(settings).startswith("the LLM only")
    model.mkdir()
    (model / "stance_meta.json").write_text(json.dumps({"evidence_threshold": 0.7}))
    assert "holds no usable classifier" in describe_judge(settings)  # metadata, no weights
    (model / "config.json").write_text("{}")
    assert "clf, evidence at P(relevant) ≥ 0.70" in describe_judge(settings)
    tuned = settings.model_copy(update={"evidence_threshold": 0.55})
    assert "≥ 0.55" in describe_judge(tuned)
    llm_alone = settings.model_copy(update={"stance_judge": "llm"})
    assert describe_judge(llm_alone).startswith("the LLM alone")


def number_contradicts():
    """Calls any sentence with another number a contradiction, as NLI-trained models tend to."""
    return KeyedClassifier(
        ("950", "20,000"),
        {"supports": 0.1, "contradicts": 0.8, "unrelated": 0.1},
        meta={"evidence_threshold": 0.5},
    )


def supports_anything(word):
    """Calls every sentence on the topic supporting, as the trained classifier does on news."""
    return KeyedClassifier((word,), {"supports": 0.6, "contradicts": 0.1, "unrelated": 0.3})


def test_a_classifier_contradiction_from_a_count_over_another_period_is_not_evidence(make):
    services, llm = make(labelling("supports"))
    services.store.add_text(
        "Sunday losses",
        "A further 950 soldiers were killed on Sunday, officials said. Fighting went on near Kherson.",
    )
    services.store.add_text(
        "Monthly losses",
        "Ukraine killed 20,000 Russian soldiers last month, officials said. Fighting went on near Kherson.",
    )
    claim = "Ukraine killed 12,730 Russian soldiers last month"
    evidence = judge(services, claim, k=6, classifier=number_contradicts())
    sunday = by_title(evidence, "Sunday")
    assert (sunday.stance, sunday.judge) == ("unrelated", "rule:figures")
    assert "another period" in sunday.rationale
    # The same measure over the same period contradicts, by the figures, before the classifier.
    monthly = by_title(evidence, "Monthly")
    assert (monthly.stance, monthly.judge) == ("contradicts", "rule:same-subject")
    assert "claim: 12,730 soldiers a month; passage: 20,000 soldiers a month" in monthly.rationale
    assert stance_calls(llm) == []


def test_a_model_contradiction_from_a_count_over_another_period_is_not_evidence(make):
    services, llm = make(labelling("contradicts"))  # a capable model's path: no tiny-model rules
    services.store.add_text(
        "Sunday losses",
        "Ukraine killed a further 950 Russian soldiers on Sunday, officials said. "
        "Fighting went on near Kherson.",
    )
    sunday = by_title(
        judge(services, "Ukraine killed 12,730 Russian soldiers last month", k=6), "Sunday"
    )
    assert (sunday.stance, sunday.judge) == ("unrelated", "rule:figures")
    assert "another period" in sunday.rationale and "950" in sunday.quote
    assert stance_calls(llm)  # the model was asked; the figures overruled it


def test_a_shared_at_least_does_not_make_two_figures_about_the_same_thing(make):
    from verifier.overlap import extract_terms, measure_overlap

    claim = "At least 10 generals have written an appeal to Putin"
    toll = "The death toll among Russian troops rose to at least 71,200, Putin's critics said."
    assert "least" not in measure_overlap(extract_terms(claim), extract_terms(toll)).shared
    services, _ = make(labelling("contradicts"))
    services.store.add_text("Toll", toll)
    e = by_title(judge(services, claim, k=6), "Toll")
    # 10 generals and 71,200 dead troops are no 'running totals at different dates'
    assert e.judge != "rule:figures" and "running totals" not in e.rationale, e


def classified(make, claim, articles: dict[str, str], classifier):
    """Evidence for `claim` once `articles` (title: text) are added, judged by `classifier` alone."""
    services, llm = make(labelling("supports"))
    for title, text in articles.items():
        services.store.add_text(title, text)
    evidence = judge(services, claim, k=6, classifier=classifier)
    assert stance_calls(llm) == []
    return evidence


def test_a_classifier_support_for_a_figure_claim_needs_the_quote_to_state_a_figure(make):
    evidence = classified(
        make,
        "More than 2,000 people were arrested in Russian protests",
        {
            "Protest arrests": "Police arrested protesters in Russian cities on Saturday, monitors said.",
            "Arrest count": "More than 2,000 people were arrested at Russian protests, monitors said.",
        },
        supports_anything("arrest"),
    )
    topic = by_title(evidence, "Protest arrests")
    assert (topic.stance, topic.judge) == ("unrelated", "rule:weak-support")
    assert "does not state the claim's figures" in topic.rationale
    count = by_title(evidence, "Arrest count")
    assert count.stance == "supports" and "2,000" in count.quote


def test_a_shared_year_is_not_the_claims_figure(make):
    from verifier.overlap import extract_terms, measure_overlap

    claim = "In 2022 more than 2,000 people were arrested in Russian protests"
    quote = "In 2022 police arrested protesters in Russian cities, monitors said."
    assert "#2022" in measure_overlap(extract_terms(claim), extract_terms(quote)).shared
    evidence = classified(make, claim, {"Protest arrests": quote}, supports_anything("arrest"))
    topic = by_title(evidence, "Protest arrests")
    assert (topic.stance, topic.judge) == ("unrelated", "rule:weak-support")


def test_a_figure_in_words_is_stated_when_the_quote_writes_it():
    from verifier.stance.rules import omits_figures

    claim = "Twenty thousand people fled Kherson last week"
    q = parse_quantities(claim)
    written = quote_span(claim, "Officials said twenty thousand people fled Kherson.")
    assert not omits_figures(q, written, telling_only=True)
    vague = quote_span(claim, "Officials said many people fled Kherson.")
    assert omits_figures(q, vague, telling_only=True)
    ten = "Ten soldiers fled Kherson"
    often = quote_span(ten, "Soldiers often fled Kherson.")
    assert omits_figures(parse_quantities(ten), often, telling_only=True)


def test_a_classifier_stance_on_a_quote_sharing_one_word_with_the_claim_is_not_evidence(make):
    evidence = classified(
        make,
        "Mikhail Ulyanov said Russia made a significant contribution to the mission",
        {
            "Call-up": "Russia said on Friday it had finished calling up reservists.",
            "Envoy": "Mikhail Ulyanov said Russia had helped to prepare the inspection mission.",
        },
        supports_anything("Russia"),
    )
    callup = by_title(evidence, "Call-up")
    assert (callup.stance, callup.judge) == ("unrelated", "rule:grounding")
    assert "only: russia" in callup.rationale
    envoy = by_title(evidence, "Envoy")
    assert (envoy.stance, envoy.judge) == ("supports", "classifier:fake")


RESERVISTS = {
    "Kremlin call-up": "The mobilisation has spread fear among Russian men. The Kremlin has said it is "
    "looking to call-up initially 300,000 reservists to help bolster front line troops.",
    "Arrests": "More than 2,000 people were arrested in anti-mobilisation protests, notably in parts "
    "of Russia populated by ethnic minorities.",
}


@pytest.mark.parametrize("judge_with", ["tiny llm", "classifier"])
def test_a_different_figure_for_the_same_count_of_the_same_actor_contradicts_first(
    make, judge_with
):
    services, llm = make(labelling("supports"))  # a judge that says supports to anything
    for title, text in RESERVISTS.items():
        services.store.add_text(title, text)
    classifier = supports_anything("reservists") if judge_with == "classifier" else None
    claim = "Russia mobilised 500,000 reservists"
    e = by_title(judge(tiny(services), claim, k=6, classifier=classifier), "Kremlin")
    assert (e.stance, e.judge) == ("contradicts", "rule:same-subject")
    assert "claim: 500,000 reservists; passage: 300,000 reservists" in e.rationale
    assert "300,000" in e.quote
    # Another actor's reservists are not Russia's: no contradiction, and no support either.
    other = by_title(judge(services, "Ukraine mobilised 500,000 reservists", k=6), "Kremlin")
    assert other.stance != "contradicts"
    swapped = by_title(judge(services, "Ukraine mobilised 300,000 reservists", k=6), "Kremlin")
    assert swapped.stance != "supports"


def test_a_bound_that_excludes_the_passage_figure_contradicts(make):
    services, _ = make(labelling("supports"))
    for title, text in RESERVISTS.items():
        services.store.add_text(title, text)
    claim = "Fewer than 200 people were arrested in anti-mobilisation protests in Russia"
    e = by_title(judge(tiny(services), claim, k=6), "Arrests")
    assert (e.stance, e.judge) == ("contradicts", "rule:same-subject")
    assert "claim: less than 200 people; passage: more than 2,000 people" in e.rationale
    fits = by_title(
        judge(
            services,
            "More than 1,500 people were arrested in Russian anti-mobilisation protests",
            k=6,
        ),
        "Arrests",
    )
    assert fits.stance != "contradicts"


def test_a_rate_is_not_contradicted_by_a_total_nor_a_running_total_by_a_later_one(make):
    services, _ = make(labelling("contradicts"))
    claim = "Ukraine's forces kill 900 Russian soldiers a day"
    toll = by_title(judge(tiny(services), claim), "71,200")
    assert toll.judge != "rule:same-subject"
    claim = "Ukraine's General Staff estimates that nearly 60,000 Russians have been killed in action to date"
    e = by_title(judge(services, claim), "71,200")
    assert e.stance != "contradicts" and e.judge != "rule:same-subject"


def test_a_shared_year_or_day_of_the_month_is_no_figure_to_contradict(make):
    services, _ = make(labelling("supports"))
    claim = (
        "Ukraine's General Staff said on February 25 that Russians killed in action reached 71,200"
    )
    e = by_title(judge(tiny(services), claim), "71,200")
    assert e.judge != "rule:same-subject"


def test_topic_words_alone_do_not_corroborate_on_a_one_topic_archive(make):
    evidence = classified(
        make,
        "Russian forces in Ukraine shelled a hospital in Kharkiv",
        {"Forces": "Russian forces in Ukraine were said to be low on ammunition, officials said."},
        supports_anything("Russian"),
    )
    e = by_title(evidence, "Forces")
    assert (e.stance, e.judge) == ("unrelated", "rule:specific")


def test_a_classifier_support_with_a_real_chance_of_contradiction_is_not_support(make):
    leaning = KeyedClassifier(("Lisbon",), {"supports": 0.5, "contradicts": 0.4, "unrelated": 0.1})
    e = by_title(
        judge(make(labelling("supports"))[0], "Lisbon had a sunny weekend", classifier=leaning),
        "Lisbon",
    )
    assert (e.stance, e.judge) == ("unrelated", "rule:specific")
    assert "contradicts p=0.40" in e.rationale


def test_a_paraphrase_reaches_the_judge_by_meaning():
    from verifier.overlap import extract_terms, measure_overlap
    from verifier.stance.judge import _by_meaning
    from verifier.stance.rules import Span

    claim = "Russia mobilised 500,000 reservists"
    texts = ["Weather was fine.", "The Kremlin wants to call-up 300,000 reservists."]
    spans = []
    for i, (text, cos) in enumerate(zip(texts, (0.1, 0.6), strict=True)):
        overlap = measure_overlap(extract_terms(claim), extract_terms(text))
        spans.append(
            Span(i * 100, i * 100 + len(text), text, overlap, overlap.score, False, cosine=cos)
        )
    singles = {(s.start, s.end) for s in spans}
    assert _by_meaning(spans[0], spans, singles, 0.55).text == texts[1]
    assert _by_meaning(spans[0], spans, singles, 0.7).text == texts[0]


@pytest.mark.real
def test_real_minilm_and_chroma_catch_the_reservists_figure_on_the_seeds(tmp_path, seeds_dir):
    from verifier.checking import check_claim
    from verifier.settings import Settings

    settings = Settings(
        data_dir=tmp_path / "data",
        llm="fake",
        embedder="minilm",
        stance_model=tmp_path / "no-stance-model",  # the LLM path with its rules
        _env_file=None,
    )
    services, _ = services_with(settings, labelling("supports"))
    services.store.ingest([seeds_dir])
    tiny(services)
    result = check_claim(services, "Russia mobilised 500,000 reservists")
    assert result.verdict == "contradicted"
    conflict = next(e for e in result.evidence if e.judge == "rule:same-subject")
    assert "claim: 500,000 reservists; passage: 300,000" in conflict.rationale
    assert "300,000" in conflict.quote
    other = check_claim(services, "Ukraine mobilised 500,000 reservists")
    assert other.verdict not in ("contradicted", "corroborated")
    # A paraphrase with other words for the same thing (Moscow / the Kremlin, mobilise / call-up).
    same = check_claim(services, "Moscow aims to initially mobilise 300,000 reservists")
    assert same.verdict == "corroborated"
    services.store.close()


def test_the_same_figure_in_a_passage_the_classifier_reads_as_opposite_contradicts(make):
    # Contradiction first: matching figures must not turn the classifier's contradiction into
    # support ('drained' vs 'pumped' the same 94.8 billion euros).
    claim = "The European Central Bank drained 94.8 billion euros from the money markets"
    evidence = classified(
        make,
        claim,
        {"ECB": "The European Central Bank pumped 94.8 billion euros into the money markets."},
        KeyedClassifier(("pumped",), {"supports": 0.1, "contradicts": 0.8, "unrelated": 0.1}),
    )
    ecb = by_title(evidence, "ECB")
    assert ecb.stance == "contradicts" and "94.8" in ecb.quote


def test_a_claim_about_part_of_a_count_is_not_that_count():
    from verifier.stance.figures import part_of

    def first(claim: str):
        return parse_quantities(claim)[0]

    for claim in (
        "Most of the 300,000 reservists were already fighting.",
        "All 300,000 mobilised men were at the front.",
        "82,000 of the 300,000 reservists were sent to the front.",
    ):
        assert part_of(claim, parse_quantities(claim)[-1]), claim
    assert not part_of(
        "Russia mobilised 300,000 reservists.", first("Russia mobilised 300,000 reservists.")
    )


def test_the_progress_line_names_what_judges():
    from verifier.settings import Settings
    from verifier.stance.judge import judging_step

    fake = Settings(_env_file=None, stance_classifier="fake")
    assert "stance classifier" in judging_step(fake, "embedded:gemma")
    alone = Settings(_env_file=None, stance_judge="llm")
    assert judging_step(alone, "embedded:gemma") == "Judging each passage with embedded:gemma…"
