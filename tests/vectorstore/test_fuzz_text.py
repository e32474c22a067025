"""Property tests: the text pipeline keeps exact offsets and never crashes, whatever the input."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vectorstore.chunking import chunk_article
from vectorstore.cleaning import clean_text
from vectorstore.errors import InputError
from vectorstore.loading import SUPPORTED, load_file
from vectorstore.sentences import split_sentences

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to the pipeline: punctuation, quotes, bullets, every kind of space.
NEWSY = st.sampled_from(
    list("abcXYZ019.,;:!?…\"'“”‘’()[]•-–*#¬†Â")
    + [" ", "  ", "\n", "\n\n", "\r\n", "\t", "\xa0", "\u200b", "\u2028", "\ufeff"]
    + ["Mr.", "U.S.", "Gen.", "7.62mm", "12,730", " (Image: GETTY)", "[NEWS]", "READ MORE: "]
    + ["Source link", "DON'T MISS", "We use your sign-up to provide content", "More info"]
)
news_text = st.lists(NEWSY, max_size=80).map("".join)
any_text = st.one_of(st.text(max_size=300), news_text)
WHITESPACE_LIKE = re.compile(r"(?:\s|¬†|Â(?=\xa0)|[\u200b\u200c\u200d\u2060\ufeff])+")


@FUZZ
@given(any_text)
def test_sentence_spans_are_ordered_stripped_and_cover_all_text(text):
    previous_end = 0
    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence.strip() == sentence
        assert text[previous_end:start].strip() == ""  # only whitespace is left out
        previous_end = end
    assert text[previous_end:].strip() == ""


@FUZZ
@given(any_text, st.one_of(st.none(), st.text(max_size=20)))
def test_cleaning_never_invents_characters_and_maps_back(raw, title):
    cleaned = clean_text(raw, title=title)
    text = cleaned.text
    assert text == text.strip()
    last_raw = -1
    for offset, char in enumerate(text):
        raw_offset = cleaned.to_raw(offset)
        assert 0 <= raw_offset <= len(raw) and raw_offset >= last_raw
        if char.isspace():
            assert char in " \n"  # whitespace is normalised, never copied oddly
        else:
            assert raw[raw_offset] == char
            last_raw = raw_offset
    # Each cleaned paragraph is one stretch of raw text, up to whitespace.
    for paragraph in text.split("\n\n"):
        if paragraph:
            assert paragraph.strip() == paragraph
            start = text.index(paragraph)
            raw_start, raw_end = cleaned.span_to_raw(start, start + len(paragraph))
            squeeze = lambda s: WHITESPACE_LIKE.sub("", s)  # noqa: E731
            assert squeeze(raw[raw_start:raw_end]) == squeeze(paragraph)
    assert cleaned.to_raw(len(text)) <= len(raw)
    for reason, removed in cleaned.removed:
        assert reason and removed.strip()


@FUZZ
@given(any_text, st.integers(min_value=1, max_value=300), st.integers(min_value=0, max_value=3))
def test_chunks_slice_back_and_cover_every_sentence(text, chunk_chars, overlap):
    chunks = chunk_article("fuzz", text, chunk_chars=chunk_chars, overlap=overlap)
    for index, chunk in enumerate(chunks):
        assert chunk.index == index and chunk.id == f"fuzz-{index:04d}"
        assert chunk.text == text[chunk.start : chunk.end] and chunk.text.strip() == chunk.text
        assert chunk.text
        assert chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end
        assert len(chunk.text) <= chunk_chars or len(chunk.sentences) == 1
    spans = sorted({span for chunk in chunks for span in chunk.sentences})
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())  # every character, once, in order


@FUZZ
@given(any_text)
def test_cleaned_text_chunks_consistently(raw):
    text = clean_text(raw).text
    for chunk in chunk_article("x", text, chunk_chars=50):
        assert text[chunk.start : chunk.end] == chunk.text


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "title": json_value | st.text(max_size=30),
        "text": json_value | st.text(max_size=200),
        "url": json_value,
        "published": json_value,
        "source": json_value,
    },
)
json_bytes = st.one_of(
    record.map(json.dumps),
    st.lists(record, max_size=4).map(json.dumps),
    st.lists(record.map(json.dumps) | st.text(max_size=40), max_size=5).map("\n".join),
    json_value.map(json.dumps),
).map(str.encode)
html_bytes = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<script>",
            "</script>",
            "<h1>",
            "</h1>",
            "<title>",
            "<br>",
            "<div>",
            "<!--",
        ]
        + ["Text.", " more words ", "&amp;", "&#0;", "<style>x{}", "<nav>", "</", ">", "\n", "\x00"]
    ),
    max_size=30,
).map(lambda parts: "".join(parts).encode("utf-8", "replace"))
file_bytes = st.one_of(st.binary(max_size=300), news_text.map(str.encode), json_bytes, html_bytes)


@FUZZ
@given(file_bytes, st.sampled_from(SUPPORTED + (".pdf", "")))
def test_loader_only_raises_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            loaded = load_file(path, max_bytes=10_000)
        except InputError as error:
            assert str(error) and "\n" not in str(error)
            return
        assert suffix in SUPPORTED
        for article in loaded:
            assert article.text.strip() and article.title.strip()
            assert article.source.startswith(str(path.absolute()))
        for problem in loaded.problems:
            assert "\n" not in problem
