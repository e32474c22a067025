"""Services: parts built on first use, the LLM asked for without building it, close, the classifier seam."""

from __future__ import annotations

from verifier.llm import FakeLLM
from verifier.services import build_services
from verifier.stance.fake_classifier import FakeStanceClassifier
from verifier.stance.judge import describe_judge, uses_classifier


def test_loaded_llm_never_builds_one(settings):
    services = build_services(settings)
    assert services.loaded_llm() is None
    llm = services.llm
    assert services.loaded_llm() is llm
    given = build_services(settings, llm=FakeLLM())
    assert given.loaded_llm() is given.llm  # a model handed in counts as loaded


def test_close_closes_what_was_opened_and_reopens_on_use(settings, seeds_dir):
    with build_services(settings) as services:
        services.store.ingest([seeds_dir])
        services.reviews.reviews()
    assert services.store.count() == 5  # opened again after the close
    services.close()
    build_services(settings).close()  # nothing opened: nothing to close


def test_the_fake_classifier_is_chosen_by_configuration(settings):
    assert build_services(settings).classifier is None  # no trained one in the test settings
    fake = settings.model_copy(update={"stance_classifier": "fake"})
    services = build_services(fake)
    assert isinstance(services.classifier, FakeStanceClassifier)
    assert services.classifier is services.classifier  # one fake, recording every call
    assert uses_classifier(fake) and "fake stance classifier" in describe_judge(fake)
    llm_alone = fake.model_copy(update={"stance_judge": "llm"})
    assert build_services(llm_alone).classifier is None
    assert not uses_classifier(llm_alone)


def test_a_classifier_handed_in_is_used(settings):
    mine = FakeStanceClassifier()
    assert build_services(settings, classifier=mine).classifier is mine


def test_the_fake_reads_overlap_and_negation():
    fake = FakeStanceClassifier()
    claim = "Russia captured Avdiivka in February"
    support, contradict, unrelated = fake.predict(
        [
            ("Russian troops captured Avdiivka in February, officials said.", claim),
            ("Russia has not captured Avdiivka in February.", claim),
            ("The weather in Lisbon was sunny.", claim),
        ]
    )
    assert max(support, key=support.get) == "supports"
    assert max(contradict, key=contradict.get) == "contradicts"
    assert max(unrelated, key=unrelated.get) == "unrelated"
    assert len(fake.pairs) == 3


def test_type_hints_naming_services_leave_the_rules_hashes_alone():
    """Modules name Services for type hints only: editing services must not re-judge stored results."""
    from verifier.code_hash import modules_of
    from verifier.crosscheck import judge_modules

    for modules in (judge_modules(), modules_of("extract.claims")):
        assert not {"services", "claimstore", "reviews", "stance.classifier"} & set(modules)
    assert "retrieval" in judge_modules()  # it names Services, under TYPE_CHECKING
