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


def stance_calls(llm: FakeLLM) -> list[dict]:
    return [c for c in llm.calls if c["operation"] == "stance"]


class FakeClassifier:
    """Supports any sentence mentioning Lisbon, unrelated otherwise."""

    name = "classifier:fake"

    def __init__(self):
        self.pairs = []

    def predict(self, pairs):
        self.pairs.extend(pairs)
        return [
            {"supports": 0.9, "contradicts": 0.05, "unrelated": 0.05}
            if "Lisbon" in premise
            else {"supports": 0.05, "contradicts": 0.05, "unrelated": 0.9}
            for premise, _ in pairs
        ]


class KeyedClassifier(FakeClassifier):
    """Gives `probs` to every sentence containing one of `words`, unrelated to the others."""

    def __init__(self, words, probs, meta=None):
        super().__init__()
        self.words, self.probs, self.meta = words, probs, meta or {}

    def predict(self, pairs):
        self.pairs.extend(pairs)
        return [
            self.probs
            if any(w in premise for w in self.words)
            else {"supports": 0.05, "contradicts": 0.05, "unrelated": 0.9}
            for premise, _ in pairs
        ]
