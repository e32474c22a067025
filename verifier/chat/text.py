"""Word-level helpers of the chat: content terms, query coverage and sentence spans of passages."""

from __future__ import annotations

import re

from vectorstore.models import Passage
from vectorstore.terms import QUESTION_STOPWORDS as STOPWORDS
from vectorstore.terms import question_stem as stem
from verifier.extract.quantities import parse_quantities

WORD = re.compile(r"[\w’']+", re.UNICODE)
CITATION_MARK = re.compile(r"\s*\[(\d{1,2})\]")
# Words that point back into the conversation: a question with them is a follow-up.
ANAPHORA = frozenset(
    "it its they them their that this those these he she his her there such".split()
)
CONTINUATIONS = ("and ", "also ", "but ", "what about ", "how about ")
"""Openings that carry the previous question on ("And in Kherson?", "What about Kherson?")."""


def terms(text: str) -> set[str]:
    """Content terms of a text: stems of words that are not stopwords (numbers kept whole)."""
    out = set()
    for word in WORD.findall(text):
        low = word.lower()
        if low in STOPWORDS:
            continue
        if any(ch.isdigit() for ch in low):
            out.add(low.replace(",", ""))
        elif len(low) >= 3:
            out.add(stem(low))
    return out


def entities(text: str) -> set[str]:
    """Stems of capitalised words not at the start of the text: names the question is about."""
    words = WORD.findall(text)
    return {
        stem(w) for w in words[1:] if w[:1].isupper() and w.lower() not in STOPWORDS and len(w) >= 3
    }


def query_coverage(query: set[str], text_terms: set[str]) -> float:
    """Share of the query's terms found in the text (0 when the query has none)."""
    return len(query & text_terms) / len(query) if query else 0.0


FIGURE_QUESTION = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:number|share|percentage|proportion|amount|total)\b|"
    r"\bnumber of\b|\btoll\b",
    re.IGNORECASE,
)


def asks_for_figure(question: str) -> bool:
    """True for questions answered by a number ("how many soldiers", "what share of")."""
    return bool(FIGURE_QUESTION.search(question))


def counts_asked_thing(query_terms: set[str], text: str) -> bool:
    """True when the text gives a figure of something the question names ("300,000 reservists")."""
    return any(q.unit and terms(q.unit) & query_terms for q in parse_quantities(text))


def has_anaphora(text: str) -> bool:
    """True when the text leans on earlier turns ("how many of them", "when did it happen")."""
    return any(word.lower() in ANAPHORA for word in WORD.findall(text))


def follows_up(question: str) -> bool:
    """True when a question leans on the previous one rather than opening a topic of its own."""
    if has_anaphora(question) or question.lower().lstrip().startswith(CONTINUATIONS):
        return True
    # A short question that names its own subject ("Where was Zelensky born?") is a new topic;
    # one that names nothing ("How many a day?") only makes sense after the previous one.
    return len(terms(question)) <= 3 and not entities(question)


def passage_sentences(passage: Passage) -> list[tuple[int, int, str]]:
    """(start, end, text) of each sentence of a passage, offsets in its article."""
    chunk = passage.chunk
    spans = chunk.sentences or [(chunk.start, chunk.end)]
    out = []
    for start, end in spans:
        text = chunk.text[start - chunk.start : end - chunk.start]
        if text.strip():
            out.append((start, end, text))
    return out


def strip_marks(text: str) -> tuple[str, list[int]]:
    """Remove [n] markers from a sentence; return the clean text and the numbers in order."""
    numbers = [int(n) for n in CITATION_MARK.findall(text)]
    clean = CITATION_MARK.sub("", text).strip()
    return clean, list(dict.fromkeys(numbers))


def normalise(text: str) -> str:
    """Lower-case text with collapsed whitespace and straight quotes, for verbatim comparisons."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split()).rstrip(".!? ")
