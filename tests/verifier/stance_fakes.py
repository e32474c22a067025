"""Fakes for the stance tests: scripted LLM labels, a model that obeys injections, keyword classifiers."""

from __future__ import annotations

import re

from verifier.llm import FakeLLM
from verifier.services import build_services

NUMBERED = re.compile(r"^(\d+)\. (.*)$", re.M)


def numbered_sentences(messages: list[dict]) -> list[str]:
    """The passage sentences as the model saw them, in order."""
    return [text for _, text in NUMBERED.findall(messages[-1]["content"])]


def labelling(label: str, pick=lambda sentences: 1):
    """A responder that always answers `label` for the sentence `pick(sentences)` chooses."""

    def respond(model, messages):
        sentences = numbered_sentences(messages)
        return {"sentence": pick(sentences), "label": label, "rationale": f"fake says {label}"}

    return respond


def obedient(default: str = "unrelated"):
    """A model that does what the article tells it: answers SUPPORTED when told so, else `default`."""

    def respond(model, messages):
        sentences = numbered_sentences(messages)
        for i, text in enumerate(sentences, 1):
            if re.search(r"support|ignore|prompt", text, re.I):
                return {"sentence": i, "label": "supports", "rationale": "the article told me to"}
        return {"sentence": 1, "label": default, "rationale": "nothing said"}

    return respond


def services_with(settings, responder) -> tuple:
    """Services whose LLM is a FakeLLM with this responder (no cache: every call is counted)."""
    llm = FakeLLM(responder=responder)
    return build_services(settings, llm=llm), llm


def with_classifier(services, classifier):
    """The same store and LLM, judged with `classifier` (handed in, as build_services allows)."""
    return build_services(
        services.settings, store=services.store, llm=services.llm, classifier=classifier
    )


def stance_calls(llm: FakeLLM) -> list[dict]:
    return [c for c in llm.calls if c["operation"] == "stance"]


UNRELATED = {"supports": 0.05, "contradicts": 0.05, "unrelated": 0.9}


class KeyedClassifier:
    """Gives `probs` to every sentence containing one of `words`, unrelated to the others."""

    name = "classifier:fake"

    def __init__(self, words, probs, meta=None):
        self.words, self.probs, self.meta = words, probs, meta or {}
        self.pairs = []

    def predict(self, pairs):
        self.pairs.extend(pairs)
        return [
            self.probs if any(w in premise for w in self.words) else UNRELATED
            for premise, _ in pairs
        ]


class FakeClassifier(KeyedClassifier):
    """Supports any sentence mentioning Lisbon, unrelated otherwise."""

    def __init__(self):
        super().__init__(("Lisbon",), {"supports": 0.9, "contradicts": 0.05, "unrelated": 0.05})


class LeaningClassifier(KeyedClassifier):
    """On Lisbon sentences: P(relevant) 0.45, leaning supports; carries a tuned threshold."""

    def __init__(self, threshold=None):
        meta = None if threshold is None else {"evidence_threshold": threshold}
        super().__init__(
            ("Lisbon",), {"supports": 0.35, "contradicts": 0.1, "unrelated": 0.55}, meta
        )
