"""FakeLLM: scripting, re-asks on validation failure, recording, streaming, configuration."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationInfo, field_validator

from verifier.errors import ConfigError, ModelOutputError, ModelUnavailableError
from verifier.llm import FakeLLM, build_llm, fake_completion
from verifier.llm.fake import build_minimal
from verifier.schemas import Claim


class Pick(BaseModel):
    """A stance-like answer whose quote must occur in the source."""

    label: Literal["supports", "contradicts", "unrelated"]
    quote: str = Field(description="Verbatim sentence from the passage.")

    @field_validator("quote")
    @classmethod
    def _in_source(cls, value: str, info: ValidationInfo) -> str:
        source = (info.context or {}).get("source")
        if source is not None and value not in source:
            raise ValueError(f"quote {value!r} is not in the source")
        return value


MESSAGES = [{"role": "user", "content": "Claim: 400 soldiers. Passage: 400 soldiers died."}]


def test_script_items_are_returned_in_order_as_validated_models():
    llm = FakeLLM([{"label": "supports", "quote": "a"}, Pick(label="unrelated", quote="b")])
    first = llm.structured(Pick, MESSAGES, operation="stance")
    second = llm.structured(Pick, MESSAGES, operation="stance")
    assert type(first) is Pick and first.model_dump() == {"label": "supports", "quote": "a"}
    assert second.model_dump() == {"label": "unrelated", "quote": "b"}
    assert [c["schema"] for c in llm.calls] == ["Pick", "Pick"]
    assert llm.calls[0]["operation"] == "stance"
    assert llm.calls[0]["messages"] == MESSAGES


def test_validation_failure_is_reasked_with_the_error_and_consumes_the_next_item():
    llm = FakeLLM(
        [{"label": "supports", "quote": "not there"}, {"label": "supports", "quote": "died"}]
    )
    result = llm.structured(
        Pick, MESSAGES, operation="stance", validation_context={"source": "400 soldiers died."}
    )
    assert result.quote == "died"
    assert len(llm.calls) == 2
    reask = llm.calls[1]["messages"][-1]["content"]
    assert "not there" in reask and "is not in the source" in reask
    assert llm.usage()["stance"].calls == 2


def test_persistent_invalid_output_raises_model_output_error_naming_model_and_schema():
    llm = FakeLLM(["not json", "{}", '{"label": "maybe", "quote": "x"}'], retries=2)
    with pytest.raises(ModelOutputError) as info:
        llm.structured(Pick, MESSAGES, operation="stance")
    assert "Pick" in str(info.value) and "fake" in str(info.value)
    assert "CLAIMCHECK_LLM_RETRIES" in str(info.value)
    assert len(llm.calls) == 3  # one ask + two re-asks


def test_retries_setting_limits_the_attempts():
    llm = FakeLLM(["{}"] * 5, retries=0)
    with pytest.raises(ModelOutputError):
        llm.structured(Pick, MESSAGES, operation="stance")
    assert len(llm.calls) == 1


def test_cut_off_answer_is_an_error_not_a_partial_object():
    llm = FakeLLM([fake_completion('{"label": "supp', finish_reason="length")])
    with pytest.raises(ModelOutputError, match="CLAIMCHECK_MAX_TOKENS"):
        llm.structured(Pick, MESSAGES, operation="stance", max_tokens=8)


def test_scripted_exception_is_raised_as_is():
    llm = FakeLLM([ModelUnavailableError("down: set CLAIMCHECK_BASE_URL")])
    with pytest.raises(ModelUnavailableError, match="CLAIMCHECK_BASE_URL"):
        llm.structured(Pick, MESSAGES, operation="stance")


def test_responder_is_used_when_the_script_is_empty():
    seen = []

    def responder(model, messages):
        seen.append((model, messages[-1]["content"]))
        return {"label": "contradicts", "quote": "q"}

    llm = FakeLLM(responder=responder)
    assert llm.structured(Pick, MESSAGES, operation="stance").label == "contradicts"
    assert seen == [(Pick, MESSAGES[-1]["content"])]


def test_default_answer_is_a_minimal_valid_instance_of_the_schema():
    llm = FakeLLM()
    pick = llm.structured(Pick, MESSAGES, operation="stance")
    assert pick.model_dump() == {"label": "supports", "quote": ""}
    claim = llm.structured(Claim, MESSAGES, operation="extract")
    assert claim.kind == "event" and claim.quantities == [] and claim.id


def test_build_minimal_follows_refs_enums_and_min_items():
    schema = {
        "type": "object",
        "required": ["items", "n"],
        "properties": {
            "items": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/Item"}},
            "n": {"type": "integer", "minimum": 3},
            "skip": {"type": "string"},
        },
        "$defs": {
            "Item": {"type": "object", "required": ["k"], "properties": {"k": {"enum": ["b", "a"]}}}
        },
    }
    assert build_minimal(schema) == {"items": [{"k": "b"}, {"k": "b"}], "n": 3}


def test_template_syntax_in_messages_reaches_the_model_verbatim():
    text = "He said {{ not a template }} and {% raw %} too."
    llm = FakeLLM()
    llm.structured(
        Pick, [{"role": "user", "content": text}], operation="stance", validation_context={}
    )
    assert llm.calls[0]["messages"][0]["content"] == text


def test_stream_text_yields_scripted_text_and_counts_usage():
    llm = FakeLLM(texts=["The answer is 42."])
    pieces = list(llm.stream_text(MESSAGES, operation="chat"))
    assert "".join(pieces) == "The answer is 42."
    assert len(pieces) > 1
    default = "".join(llm.stream_text(MESSAGES, operation="chat"))
    assert default and default != "The answer is 42."
    usage = llm.usage()["chat"]
    assert usage.calls == 2 and usage.completion_tokens > 0


def test_build_llm_selects_fake_from_settings_with_a_script_file(settings, tmp_path):
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps({"structured": [{"label": "unrelated", "quote": "s"}], "texts": ["hi there"]})
    )
    llm = build_llm(settings.model_copy(update={"fake_script": script}))
    assert isinstance(llm, FakeLLM) and llm.name == "fake" and llm.provider == "fake"
    assert llm.structured(Pick, MESSAGES, operation="x").label == "unrelated"
    assert "".join(llm.stream_text(MESSAGES, operation="chat")) == "hi there"


def test_unreadable_fake_script_is_a_config_error(settings, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="CLAIMCHECK_FAKE_SCRIPT"):
        build_llm(settings.model_copy(update={"fake_script": bad}))


def test_check_reports_a_structured_round_trip():
    llm = FakeLLM()
    assert "fake" in llm.check()
    assert llm.calls[0]["schema"] == "DoctorAnswer"
