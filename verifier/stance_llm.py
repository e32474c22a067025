"""The LLM step of the stance cascade: a label and the number of the deciding sentence, constrained."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, create_model

from verifier.injection import neutralise
from verifier.prompts import render_prompt

OPERATION = "stance"
MAX_SENTENCES = 40


class StanceAnswer(BaseModel):
    """What the model answers for one passage."""

    sentence: int = Field(description="Number of the sentence that decides.")
    label: Literal["supports", "contradicts", "unrelated"]
    rationale: str = Field(default="", description="One short sentence.")


@lru_cache(maxsize=MAX_SENTENCES)
def stance_schema(n_sentences: int) -> type[BaseModel]:
    """A response model whose `sentence` can only be one of 1..n: the model picks, it does not copy."""
    numbers = tuple(range(1, max(1, n_sentences) + 1))
    return create_model(
        f"StanceJudgement{len(numbers)}",
        sentence=(Literal[numbers], Field(description="Number of the sentence that decides.")),
        label=(
            Literal["supports", "contradicts", "unrelated"],
            Field(description="supports, contradicts or unrelated"),
        ),
        rationale=(str, Field(description="One short sentence.", max_length=240)),
    )


def stance_messages(claim: str, title: str, sentences: list[str]) -> list[dict]:
    """System and user messages; article text only ever appears between <data> delimiters."""
    return [
        {"role": "system", "content": render_prompt("stance_system")},
        {
            "role": "user",
            "content": render_prompt(
                "stance",
                claim=neutralise(claim),
                title=neutralise(title),
                sentences=[neutralise(s) for s in sentences],
            ),
        },
    ]


def ask_llm(llm, claim: str, title: str, sentences: list[str]) -> StanceAnswer:
    """Ask the model which sentence decides and what it says about the claim."""
    sentences = sentences[:MAX_SENTENCES]
    schema = stance_schema(len(sentences))
    answer = llm.structured(schema, stance_messages(claim, title, sentences), operation=OPERATION, max_tokens=160)
    return StanceAnswer(sentence=int(answer.sentence), label=answer.label, rationale=answer.rationale)
