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


@lru_cache(maxsize=2 * MAX_SENTENCES)
def stance_schema(n_sentences: int, rationale: bool = True) -> type[BaseModel]:
    """A response model whose `sentence` can only be one of 1..n: the model picks, it does not copy.

    Without `rationale` (tiny models) the answer is two enums: free text is where a 270M model
    wanders off, copies the prompt or breaks the JSON; the rationale is then written by the code.
    """
    numbers = tuple(range(1, max(1, n_sentences) + 1))
    fields = {
        "sentence": (Literal[numbers], Field(description="Number of the sentence that decides.")),
        "label": (
            Literal["supports", "contradicts", "unrelated"],
            Field(description="supports, contradicts or unrelated"),
        ),
    }
    if rationale:
        fields["rationale"] = (str, Field(description="One short sentence.", max_length=240))
    name = f"StanceJudgement{len(numbers)}{'' if rationale else 'Short'}"
    return create_model(name, **fields)


def stance_messages(
    claim: str, title: str, sentences: list[str], *, rationale: bool = True
) -> list[dict]:
    """System and user messages; article text only ever appears between <data> delimiters."""
    return [
        {"role": "system", "content": render_prompt("stance_system", rationale=rationale)},
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
    tiny = bool(getattr(llm, "is_tiny", False))
    schema = stance_schema(len(sentences), rationale=not tiny)
    answer = llm.structured(
        schema,
        stance_messages(claim, title, sentences, rationale=not tiny),
        operation=OPERATION,
        max_tokens=40 if tiny else 160,
    )
    rationale = getattr(answer, "rationale", "") or (
        f"the model judged sentence {answer.sentence}: {answer.label}"
    )
    return StanceAnswer(sentence=int(answer.sentence), label=answer.label, rationale=rationale)
