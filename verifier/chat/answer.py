"""Chat over the archive: retrieve passages, answer with per-sentence citations, check each sentence."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vectorstore.models import Passage
from vectorstore.sentences import split_sentences
from verifier.chat.models import (
    NOTHING_RELEVANT,
    Answer,
    AnswerMode,
    AnswerSentence,
    Citation,
    Source,
)
from verifier.chat.text import (
    asks_for_figure,
    counts_asked_thing,
    entities,
    follows_up,
    normalise,
    passage_sentences,
    query_coverage,
    strip_marks,
    terms,
)
from verifier.injection import neutralise
from verifier.prompts import render_prompt

if TYPE_CHECKING:
    from verifier.services import Services

__all__ = [
    "NOTHING_RELEVANT",
    "Answer",
    "AnswerSentence",
    "AnswerStream",
    "Citation",
    "Source",
    "answer_question",
    "build_messages",
    "check_sentences",
    "retrieve_passages",
    "stream_answer",
]

MIN_RELEVANCE = 0.5
"""Share of the question's content terms a passage must contain to count as relevant."""
MIN_SENTENCE_OVERLAP = 0.4
"""Share of an uncited answer sentence's terms a passage sentence must share to be its source."""
EXTRACTIVE_SENTENCES = 3
FIGURE_BONUS = 0.5
"""Added to a sentence's query coverage when it gives a figure of what a "how many" question asks about."""
HISTORY_TURNS = 6


class AnswerStream:
    """Text chunks of an answer as they are produced; `result()` gives the checked Answer after."""

    def __init__(
        self,
        services: Services,
        question: str,
        history: Sequence[dict],
        mode: str | None,
        k: int | None,
    ):
        self.services = services
        self.question = question
        self.history = list(history)
        self.passages = retrieve_passages(services, question, history, k=k)
        self.mode: AnswerMode = _choose_mode(services, self.passages, mode)
        self._chunks: list[str] = []
        self._done = False
        self._answer: Answer | None = None
        self._extracted: list[AnswerSentence] = []

    def __iter__(self) -> Iterator[str]:
        if self.mode == "nothing_relevant":
            chunks: Iterator[str] = iter([NOTHING_RELEVANT])
        elif self.mode == "extractive":
            self._extracted = _extract_sentences(self.question, self.history, self.passages)
            if not self._extracted:
                self.mode = "nothing_relevant"
            chunks = (
                (f"{s.text} {s.markers} " for s in self._extracted)
                if self._extracted
                else iter([NOTHING_RELEVANT])
            )
        else:
            chunks = self.services.llm.stream_text(
                build_messages(self.question, self.history, self.passages), operation="chat"
            )
        for chunk in chunks:
            self._chunks.append(chunk)
            yield chunk
        self._done = True

    def result(self) -> Answer:
        """The finished answer with citations attached and every cited sentence checked."""
        if self._answer is None:
            if not self._done:
                for _ in self:
                    pass
            self._answer = _finish(
                self.services,
                self.question,
                self.mode,
                self.passages,
                "".join(self._chunks),
                self._extracted,
            )
        return self._answer


def stream_answer(
    services: Services,
    question: str,
    history: Sequence[dict] = (),
    *,
    mode: str | None = None,
    k: int | None = None,
) -> AnswerStream:
    """Start answering: retrieval happens now, text is produced as the stream is iterated."""
    question = question.strip()
    if not question:
        from verifier.errors import InputError

        raise InputError("the question is empty: type a question about the archive")
    return AnswerStream(services, question, history, mode, k)


def answer_question(
    services: Services,
    question: str,
    history: Sequence[dict] = (),
    *,
    mode: str | None = None,
    k: int | None = None,
) -> Answer:
    """Answer a question from the archive only; `history` is [{"role", "content"}] of earlier turns."""
    return stream_answer(services, question, history, mode=mode, k=k).result()


def retrieve_passages(
    services: Services, question: str, history: Sequence[dict] = (), *, k: int | None = None
) -> list[Passage]:
    """Passages relevant to the question (a follow-up borrows the previous question's terms)."""
    k = k or services.settings.top_k
    query_terms = terms(question)
    previous = _previous_question(history)
    if previous and follows_up(question):
        query = f"{previous} {question}"
        query_terms |= terms(previous)
    else:
        query = question
    if not query_terms:
        return []
    names = entities(question)
    found = services.store.search(query, k=k * 2)
    relevant, seen = [], set()
    for passage in found:
        key, passage_terms = normalise(passage.text), terms(passage.text)
        if key in seen or query_coverage(query_terms, passage_terms) < MIN_RELEVANCE:
            continue  # near-copies of an article add nothing to an answer
        if not names <= passage_terms:
            continue  # a passage that never names who or where the question is about does not answer it
        seen.add(key)
        relevant.append(passage)
    return relevant[:k]


def build_messages(
    question: str, history: Sequence[dict], passages: Sequence[Passage]
) -> list[dict]:
    """The chat prompt: rules, earlier turns, then the numbered passages and the question."""
    messages = [{"role": "system", "content": render_prompt("chat_system")}]
    for turn in list(history)[-HISTORY_TURNS:]:
        if turn.get("role") in ("user", "assistant") and turn.get("content"):
            messages.append({"role": turn["role"], "content": str(turn["content"])})
    # Article text goes between <data> fences, as in the extraction and stance prompts.
    sources = [
        {"number": i, "title": neutralise(p.title), "text": neutralise(p.text)}
        for i, p in enumerate(passages, 1)
    ]
    messages.append(
        {
            "role": "user",
            "content": render_prompt("chat_question", question=question, sources=sources),
        }
    )
    return messages


def _previous_question(history: Sequence[dict]) -> str:
    for turn in reversed(list(history)):
        if turn.get("role") == "user" and turn.get("content"):
            return str(turn["content"])
    return ""


def _choose_mode(services: Services, passages: list[Passage], mode: str | None) -> AnswerMode:
    """Nothing relevant beats everything; a tiny model answers extractively (it cannot write)."""
    if not passages:
        return "nothing_relevant"
    if mode in ("extractive", "generated"):
        return mode  # type: ignore[return-value]
    return "extractive" if getattr(services.llm, "is_tiny", False) else "generated"


def _extract_sentences(
    question: str, history: Sequence[dict], passages: list[Passage]
) -> list[AnswerSentence]:
    """The passage sentences that answer the question best, verbatim, each cited to its passage."""
    query_terms = terms(question)
    previous = _previous_question(history)
    if previous and follows_up(question):
        query_terms |= terms(previous)
    figure = asks_for_figure(question)
    scored, seen = [], set()
    for rank, passage in enumerate(passages, 1):
        for start, end, text in passage_sentences(passage):
            key = normalise(text)
            if key in seen or len(text) < 25:
                continue
            seen.add(key)
            score = query_coverage(query_terms, terms(text)) - 0.01 * rank
            gives_figure = figure and counts_asked_thing(query_terms, text)
            if gives_figure:
                # "How many reservists?" is answered by "300,000 reservists", even when that
                # sentence words the rest differently ("call up" for "mobilise").
                score += FIGURE_BONUS
            scored.append((score, rank, start, end, text, passage, gives_figure))
    best = max((row[0] for row in scored), default=0.0)
    # The answer to a figure question leads; the other sentences follow by relevance.
    scored.sort(key=lambda row: (not row[6], -row[0], row[1], row[2]))
    picked = [row for row in scored if row[0] > 0 and row[0] >= best / 2][:EXTRACTIVE_SENTENCES]
    return [
        AnswerSentence(
            text=text,
            citations=[_citation(rank, passage, start, end)],
            status="supported",
            judge="verbatim",
            note="quoted verbatim from the cited passage",
        )
        for _, rank, start, end, text, passage, _ in picked
    ]


def _citation(number: int, passage: Passage, start: int, end: int) -> Citation:
    chunk = passage.chunk
    return Citation(
        number=number,
        article_id=chunk.article_id,
        title=passage.title,
        chunk_id=chunk.id,
        quote=chunk.text[start - chunk.start : end - chunk.start],
        start=start,
        end=end,
        passage=chunk.text,
        passage_start=chunk.start,
    )


def _best_sentence(sentence_terms: set[str], passage: Passage) -> tuple[float, int, int]:
    """The passage sentence sharing most terms with an answer sentence: (score, start, end)."""
    best = (0.0, passage.chunk.start, passage.chunk.end)
    for start, end, text in passage_sentences(passage):
        score = query_coverage(sentence_terms, terms(text))
        if score > best[0]:
            best = (score, start, end)
    return best


def _cite_generated(text: str, passages: list[Passage]) -> list[AnswerSentence]:
    """Split generated text into sentences and attach the citations they name or most resemble."""
    sentences = []
    for start, end in split_sentences(text):
        clean, numbers = strip_marks(text[start:end])
        if not clean or not any(ch.isalnum() for ch in clean):
            continue
        sentence_terms = terms(clean)
        citations = []
        for number in numbers:
            if 1 <= number <= len(passages):
                _, s, e = _best_sentence(sentence_terms, passages[number - 1])
                citations.append(_citation(number, passages[number - 1], s, e))
        if not citations and sentence_terms:
            best = max(
                ((_best_sentence(sentence_terms, p), n) for n, p in enumerate(passages, 1)),
                key=lambda r: r[0][0],
            )
            (score, s, e), number = best
            if score >= MIN_SENTENCE_OVERLAP:
                citations.append(_citation(number, passages[number - 1], s, e))
        sentences.append(AnswerSentence(text=clean, citations=citations))
    return sentences


def _finish(
    services: Services,
    question: str,
    mode: AnswerMode,
    passages: list[Passage],
    text: str,
    extracted: list[AnswerSentence],
) -> Answer:
    sources = [
        Source(
            number=i,
            article_id=p.article_id,
            title=p.title,
            chunk_id=p.chunk.id,
            passage=p.text,
            passage_start=p.chunk.start,
            score=p.score,
        )
        for i, p in enumerate(passages, 1)
    ]
    model = getattr(services.llm, "name", "") if mode == "generated" else ""
    if mode == "nothing_relevant":
        return Answer(question=question, mode=mode, sources=[], model=model)
    if mode == "extractive":
        # Verbatim passage sentences: each is supported by the passage it is cited to, by construction.
        sentences = extracted
    else:
        sentences = _cite_generated(text, passages)
        check_sentences(services, sentences, passages)
    sentences, sources = number_in_reading_order(sentences, sources)
    return Answer(question=question, mode=mode, sentences=sentences, sources=sources, model=model)


def number_in_reading_order(
    sentences: list[AnswerSentence], sources: list[Source]
) -> tuple[list[AnswerSentence], list[Source]]:
    """Sources renumbered in the order the answer first cites them, then the uncited ones by rank."""
    # Numbers follow retrieval rank until here; an answer that leads with its third source
    # would read [3], [1], [2].
    order = list(dict.fromkeys(c.number for s in sentences for c in s.citations))
    order += [s.number for s in sources if s.number not in order]
    new = {old: n for n, old in enumerate(order, 1)}
    renumbered = [
        s.model_copy(
            update={
                "citations": [c.model_copy(update={"number": new[c.number]}) for c in s.citations]
            }
        )
        for s in sentences
    ]
    ordered = sorted(
        (s.model_copy(update={"number": new[s.number]}) for s in sources), key=lambda s: s.number
    )
    return renumbered, ordered


def check_sentences(
    services: Services, sentences: list[AnswerSentence], passages: list[Passage]
) -> None:
    """Mark each sentence supported or not by its cited passages (verbatim first, then the stance judge)."""
    for sentence in sentences:
        if not sentence.citations:
            sentence.status, sentence.note = (
                "unsupported",
                "no passage of the archive backs this sentence",
            )
            continue
        if any(normalise(sentence.text) in normalise(c.passage) for c in sentence.citations):
            sentence.status, sentence.judge, sentence.note = (
                "supported",
                "verbatim",
                "found verbatim in the cited passage",
            )
            continue
        cited = [passages[n - 1] for n in dict.fromkeys(c.number for c in sentence.citations)]
        try:
            from verifier.stance.judge import judge_passages
        except (
            ImportError
        ):  # the stance judge is optional at this layer: say so instead of guessing
            sentence.note = "not checked: the stance judge is not installed"
            continue
        evidence = judge_passages(services, sentence.text, cited)
        stances = {e.stance for e in evidence}
        sentence.judge = ", ".join(dict.fromkeys(e.judge for e in evidence if e.judge))
        if "supports" in stances:
            sentence.status, sentence.note = "supported", "the cited passage supports it"
        elif "contradicts" in stances:
            sentence.status, sentence.note = "unsupported", "the cited passage contradicts it"
        else:
            sentence.status, sentence.note = "unsupported", "the cited passage does not say this"
