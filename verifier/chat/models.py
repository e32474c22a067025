"""The chat's answer: sentences with their citations and check status, and the sources behind them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

AnswerMode = Literal["extractive", "generated", "nothing_relevant"]
CheckStatus = Literal["supported", "unsupported", "unchecked"]

NOTHING_RELEVANT = (
    "The archive has nothing relevant to this question, so I cannot answer it from the articles."
)


class Source(BaseModel):
    """A retrieved passage shown to the model under its number."""

    number: int
    article_id: str
    title: str
    chunk_id: str
    passage: str
    passage_start: int
    score: float = 0.0


class Citation(BaseModel):
    """The exact passage sentence an answer sentence rests on."""

    number: int = Field(description="The source number, as shown in the [n] marker.")
    article_id: str
    title: str
    chunk_id: str
    quote: str = Field(description="Verbatim sentence of the passage.")
    start: int = Field(description="Offset of quote in the article's stored text.")
    end: int
    passage: str
    passage_start: int

    @model_validator(mode="after")
    def _grounded(self) -> Citation:
        rel = self.start - self.passage_start
        if self.passage[rel : rel + len(self.quote)] != self.quote or self.end - self.start != len(
            self.quote
        ):
            raise ValueError("citation quote does not slice back out of its passage")
        return self


class AnswerSentence(BaseModel):
    """One sentence of the answer, its citations and whether its passage supports it."""

    text: str
    citations: list[Citation] = Field(default_factory=list)
    status: CheckStatus = "unchecked"
    judge: str = Field(
        default="", description="What decided the status: verbatim, classifier, llm:<model>."
    )
    note: str = ""

    @property
    def markers(self) -> str:
        """The sentence's citation markers, e.g. '[1] [3]'."""
        return " ".join(f"[{n}]" for n in dict.fromkeys(c.number for c in self.citations))


class Answer(BaseModel):
    """An answer to a question about the archive, sentence by sentence, with its sources."""

    question: str
    mode: AnswerMode
    sentences: list[AnswerSentence] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    model: str = ""

    @property
    def text(self) -> str:
        """The answer as plain text with [n] markers."""
        if self.mode == "nothing_relevant":
            return NOTHING_RELEVANT
        return " ".join(f"{s.text} {s.markers}".strip() for s in self.sentences)

    @property
    def flagged(self) -> list[AnswerSentence]:
        """Sentences that no cited passage supports."""
        return [s for s in self.sentences if s.status == "unsupported"]
