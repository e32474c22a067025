"""The persistent response cache and per-operation usage accounting."""

from __future__ import annotations

from pydantic import BaseModel, ValidationInfo, field_validator

from verifier.llm import FakeLLM, build_llm
from verifier.llm.cache import ResponseCache, make_key
from verifier.schemas import Usage


class Answer(BaseModel):
    text: str


class Grounded(BaseModel):
    quote: str

    @field_validator("quote")
    @classmethod
    def _in_source(cls, value: str, info: ValidationInfo) -> str:
        source = (info.context or {}).get("source")
        if source is not None and value not in source:
            raise ValueError("quote not in source")
        return value


ASK = [{"role": "user", "content": "What happened?"}]


def test_identical_request_is_served_from_cache_with_zero_model_calls(tmp_path):
    llm = FakeLLM([{"text": "first"}, {"text": "second"}], cache=ResponseCache(tmp_path / "c"))
    assert llm.structured(Answer, ASK, operation="op").text == "first"
    again = llm.structured(Answer, ASK, operation="op")
    assert type(again) is Answer and again.text == "first"
    assert len(llm.calls) == 1
    assert llm.usage()["op"].calls == 1 and llm.usage()["op"].cache_hits == 1


def test_cache_survives_a_new_process_like_instance(tmp_path):
    first = FakeLLM([{"text": "kept"}], cache=ResponseCache(tmp_path / "c"))
    first.structured(Answer, ASK, operation="op")
    first.close()
    second = FakeLLM([{"text": "other"}], cache=ResponseCache(tmp_path / "c"))
    assert second.structured(Answer, ASK, operation="op").text == "kept"
    assert second.calls == []


def test_different_messages_schema_or_max_tokens_miss_the_cache(tmp_path):
    llm = FakeLLM(cache=ResponseCache(tmp_path / "c"))
    llm.structured(Answer, ASK, operation="op")
    llm.structured(Answer, [{"role": "user", "content": "Other?"}], operation="op")
    llm.structured(Grounded, ASK, operation="op")
    llm.structured(Answer, ASK, operation="op", max_tokens=7)
    assert len(llm.calls) == 4
    assert llm.total_usage().cache_hits == 0


def test_cache_off_setting_bypasses_it(settings):
    llm = build_llm(settings.model_copy(update={"cache": False}))
    assert llm.cache is None
    llm.structured(Answer, ASK, operation="op")
    llm.structured(Answer, ASK, operation="op")
    assert len(llm.calls) == 2
    assert not (settings.data_dir / "llm-cache").exists()


def test_cache_on_setting_lives_in_the_data_dir(settings):
    llm = build_llm(settings)
    llm.structured(Answer, ASK, operation="op")
    llm.structured(Answer, ASK, operation="op")
    assert len(llm.calls) == 1
    assert (settings.data_dir / "llm-cache").is_dir()
    assert llm.describe()["cache"] == str(settings.data_dir / "llm-cache")


def test_failures_are_never_cached(tmp_path):
    llm = FakeLLM(["{}", "{}", "{}"], retries=2, cache=ResponseCache(tmp_path / "c"))
    try:
        llm.structured(Answer, ASK, operation="op")
    except Exception:
        pass
    assert len(llm.cache) == 0
    assert llm.structured(Answer, ASK, operation="op").text == ""  # asked again, not replayed


def test_cached_object_failing_the_new_context_is_asked_again(tmp_path):
    llm = FakeLLM([{"quote": "abc"}, {"quote": "xyz"}], cache=ResponseCache(tmp_path / "c"))
    llm.structured(Grounded, ASK, operation="op", validation_context={"source": "abc"})
    result = llm.structured(Grounded, ASK, operation="op", validation_context={"source": "xyz"})
    assert result.quote == "xyz" and len(llm.calls) == 2


def test_make_key_is_stable_and_order_insensitive_for_dicts():
    assert make_key(a=1, b={"x": 1, "y": 2}) == make_key(b={"y": 2, "x": 1}, a=1)
    assert make_key(a=1) != make_key(a=2)


def test_usage_per_operation_totals_and_reset():
    llm = FakeLLM()
    llm.structured(Answer, ASK, operation="extract")
    llm.structured(Answer, ASK, operation="extract")
    llm.structured(Answer, ASK, operation="stance")
    usage = llm.usage()
    assert set(usage) == {"extract", "stance"}
    assert usage["extract"].calls == 2 and usage["stance"].calls == 1
    assert usage["extract"].prompt_tokens == 2 * len(ASK[0]["content"].split())
    total = llm.total_usage()
    assert isinstance(total, Usage) and total.calls == 3
    assert total.prompt_tokens == usage["extract"].prompt_tokens + usage["stance"].prompt_tokens
    llm.reset_usage()
    assert llm.usage() == {} and llm.total_usage() == Usage()
