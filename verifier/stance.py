"""Stance of retrieved passages on a claim: a cascade of relevance gate, classifier or LLM, and rules.

1. Relevance and quote: every sentence (and pair of neighbouring sentences) of the passage is
   scored against the claim: 1 - P(unrelated) from the trained classifier when there is one,
   else the weighted share of the claim's content words, names and numbers it contains. The best
   span becomes the quote; below the gate the passage is `unrelated` and no model is asked.
2. Polarity: the classifier's calibrated probabilities when present, else the LLM, constrained to
   a label and the number of one of the passage's sentences.
3. Rules: matching figures support; running totals at different dates and different measures
   ("killed" vs "killed and wounded") never contradict; a supporting or contradicting quote that
   shares nothing with the claim, or text that gives orders to the model, counts as unrelated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from vectorstore.models import Article, Passage
from verifier.errors import ConfigError, ModelOutputError, NotFoundError
from verifier.evidence import candidate_spans, passage_sentences
from verifier.figures import FigureCheck, compare_figures, measure_of
from verifier.injection import looks_like_injection
from verifier.overlap import Overlap, extract_terms, is_grounded, measure_overlap
from verifier.quantities import parse_quantities
from verifier.schemas import Evidence, Quantity, Stance
from verifier.stance_llm import ask_llm

JUDGES = ("cascade", "llm", "classifier")
# Confidence given to a stance when nothing produced a probability: priors, to be replaced by
# calibration on the benchmarks; never the model's self-reported number.
LLM_PRIOR = {"tiny": 0.55, "capable": 0.75}
FIGURE_MATCH_CONFIDENCE = 0.85
FIGURE_WINDOW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Span:
    """A candidate quote: offsets into the article, its text and how much of the claim it covers."""

    start: int
    end: int
    text: str
    overlap: Overlap
    relevance: float
    injected: bool
    probs: dict | None = None


@dataclass(frozen=True)
class Decision:
    """The stance reached so far for one passage."""

    span: Span
    stance: Stance
    confidence: float
    judge: str
    rationale: str


def load_classifier(services):
    """The trained stance classifier of these settings, or None when none is trained."""
    path = services.settings.resolved_stance_model()
    if not path.is_dir():
        return None
    try:
        from verifier.stance_model import StanceClassifier
    except ImportError:  # the optional training dependencies are not installed
        return None
    # Keyed by modification time too: a classifier retrained in this process is reloaded.
    key = f"{path}:{max((f.stat().st_mtime for f in path.iterdir()), default=0)}"
    if key not in _CLASSIFIERS:
        try:
            _CLASSIFIERS[key] = StanceClassifier.load(path)
        except NotFoundError:
            return None
    return _CLASSIFIERS[key]


_CLASSIFIERS: dict[str, object] = {}


def judge_passages(
    services, claim_text: str, passages: list[Passage], *, judge: str | None = None, classifier=None
) -> list[Evidence]:
    """One Evidence per passage: stance, verbatim quote with offsets, rationale, confidence, judge."""
    judge = judge or getattr(services.settings, "stance_judge", "cascade")
    if judge not in JUDGES:
        raise ConfigError(
            f"unknown stance judge {judge!r}: set CLAIMCHECK_STANCE_JUDGE to one of {', '.join(JUDGES)}"
        )
    if classifier is None and judge in ("cascade", "classifier"):
        classifier = load_classifier(services)
    if judge == "classifier" and classifier is None:
        raise ConfigError(
            "the classifier judge needs a trained stance classifier",
            hint="train one with `claimcheck train-stance` or set CLAIMCHECK_STANCE_JUDGE=cascade",
        )
    claim_terms = extract_terms(claim_text)
    claim_q = parse_quantities(claim_text)
    articles: dict[str, Article] = {}
    spans_of = []
    for passage in passages:
        if passage.article_id not in articles:
            articles[passage.article_id] = services.store.article(passage.article_id)
        spans_of.append(_spans(articles[passage.article_id].text, passage, claim_terms))
    if classifier is not None and judge != "llm":
        spans_of = _score_with_classifier(classifier, claim_text, spans_of)
    evidence = []
    for passage, spans in zip(passages, spans_of, strict=True):
        article = articles[passage.article_id]
        if judge == "llm":
            decision = _llm_only(services, claim_text, passage, spans)
        else:
            decision = _cascade(services, claim_text, claim_q, passage, spans, classifier)
        evidence.append(_to_evidence(passage, article, decision))
    return evidence


def _spans(article_text: str, passage: Passage, claim_terms) -> list[Span]:
    spans = []
    for start, end in candidate_spans(passage):
        text = article_text[start:end]
        overlap = measure_overlap(claim_terms, extract_terms(text))
        spans.append(Span(start, end, text, overlap, overlap.score, looks_like_injection(text)))
    return spans


def _score_with_classifier(
    classifier, claim_text: str, spans_of: list[list[Span]]
) -> list[list[Span]]:
    flat = [s for spans in spans_of for s in spans]
    probs = iter(classifier.predict([(s.text, claim_text) for s in flat]))
    return [
        [replace(s, probs=(p := next(probs)), relevance=1.0 - p["unrelated"]) for s in spans]
        for spans in spans_of
    ]


PAIR_MARGIN = 0.15


def _best(spans: list[Span], singles: set[tuple[int, int]]) -> Span:
    """The most relevant clean sentence; two sentences only when they cover clearly more of the claim."""
    clean = [s for s in spans if not s.injected] or spans
    one = [s for s in clean if (s.start, s.end) in singles] or clean
    best = max(one, key=lambda s: (round(s.relevance, 6), -(s.end - s.start)))
    pairs = [s for s in clean if (s.start, s.end) not in singles]
    pair = max(pairs, key=lambda s: s.relevance, default=None)
    return pair if pair is not None and pair.relevance >= best.relevance + PAIR_MARGIN else best


def _cascade(services, claim_text, claim_q, passage, spans, classifier) -> Decision:
    best = _best(spans, set(passage_sentences(passage)))
    if any(s.injected for s in spans):
        # An article that gives orders to the model is not evidence, whatever else it says.
        return Decision(
            best,
            "unrelated",
            0.9,
            "rule:injection",
            "the passage contains instructions addressed to the model, so it is not used as evidence",
        )
    figure_span, figures = _figure_span(claim_text, claim_q, passage, spans)
    if classifier is not None:
        p = best.probs
        stance = max(p, key=p.get)
        decision = Decision(
            best,
            stance,
            p[stance],
            classifier.name,
            f"the classifier gives {stance} p={p[stance]:.2f}",
        )
        if stance == "unrelated" or not best.overlap.shared:
            if figures.finding == "match" and figure_span is not None:
                return _apply_figures(decision, figure_span, figures)
            if stance != "unrelated":
                return replace(
                    decision,
                    stance="unrelated",
                    judge="rule:grounding",
                    rationale="the quote shares no word, name or number with the claim",
                )
            return decision
    else:
        if not is_grounded(best.overlap):
            if figures.finding == "match" and figure_span is not None:
                return _apply_figures(
                    Decision(best, "unrelated", 0.5, "rule:relevance", ""), figure_span, figures
                )
            conf = round(1.0 - best.relevance, 3)
            return Decision(best, "unrelated", conf, "rule:relevance", _relevance_rationale(best))
        if (
            figures.finding == "match"
            and figure_span is not None
            and not _flipped(claim_text, figure_span)
        ):
            # Matching figures decide on their own: no model call needed.
            return _apply_figures(
                Decision(best, "unrelated", 0.0, "rule:figures", ""), figure_span, figures
            )
        decision = _ask(services, claim_text, passage, spans, best)
        if getattr(services.llm, "is_tiny", False):
            decision = _check_tiny(claim_text, claim_q, decision, figures)
    flipped = figure_span is not None and _flipped(claim_text, figure_span)
    return _apply_figures(decision, figure_span, figures, flipped)


NEGATION = re.compile(
    r"\b(not|no|never|denied|denies|deny|false|untrue|neither|nor|none|nobody|refused|rejected)\b|n['’]t\b",
    re.I,
)
NEGATION_OVERLAP = 0.5


def _flipped(claim_text: str, span: Span) -> bool:
    """A close paraphrase with the negation flipped ('did not move' vs 'moved')."""
    negated = bool(NEGATION.search(claim_text)) != bool(NEGATION.search(span.text))
    return negated and span.overlap.score >= NEGATION_OVERLAP


def _check_tiny(
    claim_text: str, claim_q: list[Quantity], decision: Decision, figures: FigureCheck
) -> Decision:
    """Cues a tiny model misses (it answers 'supports' to nearly everything, below chance).

    A close paraphrase with the negation flipped contradicts; a support whose figures differ from
    the claim's is not trusted.
    """
    span = decision.span
    if _flipped(claim_text, span):
        return replace(
            decision,
            stance="contradicts",
            confidence=0.6,
            judge="rule:negation",
            rationale="the passage says the same words with the negation flipped",
        )
    if decision.stance == "supports" and figures.finding == "mismatch" and claim_q:
        return replace(
            decision,
            stance="unrelated",
            confidence=0.5,
            judge="rule:figures",
            rationale=f"{figures.detail}; the model's support is not trusted",
        )
    return decision


def _figure_span(
    claim_text: str, claim_q: list[Quantity], passage: Passage, spans: list[Span]
) -> tuple[Span | None, FigureCheck]:
    """The sentence whose figures say most about the claim's figures (match > window > measure)."""
    if not claim_q:
        return None, FigureCheck("none")
    rank = {"match": 0, "window": 1, "measure": 2, "mismatch": 3, "none": 4}
    found: tuple[Span | None, FigureCheck] = (None, FigureCheck("none"))
    singles = set(passage_sentences(passage))
    for span in spans:
        if (span.start, span.end) not in singles or span.injected:
            continue
        sentence_q = parse_quantities(span.text)
        if not sentence_q:
            continue
        context = passage.text[: span.end - passage.chunk.start]
        check = compare_figures(
            claim_text, claim_q, span.text if measure_of(span.text) else context, sentence_q
        )
        # The figure must be about the claim's subject, not just the same number.
        if len(span.overlap.shared) < 2:
            continue
        if rank[check.finding] < rank[found[1].finding]:
            found = (span, check)
    return found


def _apply_figures(
    decision: Decision, span: Span | None, figures: FigureCheck, flipped: bool = False
) -> Decision:
    """Figures override the judge: matching figures support; windows and measures never contradict."""
    if span is None or figures.finding in ("none", "mismatch"):
        if figures.finding == "mismatch" and decision.stance != "unrelated":
            return replace(decision, rationale=f"{decision.rationale}; figures: {figures.detail}")
        return decision
    if figures.finding == "match":
        if decision.stance == "contradicts" and (decision.judge == "rule:negation" or flipped):
            return decision  # same figure, but the claim denies what the passage says
        conf = (
            max(decision.confidence, FIGURE_MATCH_CONFIDENCE)
            if decision.stance == "supports"
            else FIGURE_MATCH_CONFIDENCE
        )
        return Decision(span, "supports", conf, "rule:figures", figures.detail)
    if figures.finding == "window" and decision.stance == "contradicts":
        return Decision(span, "supports", FIGURE_WINDOW_CONFIDENCE, "rule:figures", figures.detail)
    if figures.finding == "measure" and decision.stance != "unrelated":
        return Decision(
            span,
            "unrelated",
            0.6,
            "rule:figures",
            figures.detail + "; neither supports nor contradicts",
        )
    return decision


def _ask(services, claim_text: str, passage: Passage, spans: list[Span], best: Span) -> Decision:
    """Polarity from the LLM; its chosen sentence is the quote only if it passes the gate."""
    llm = services.llm
    sentences = [s for s in spans if (s.start, s.end) in set(passage_sentences(passage))]
    try:
        answer = ask_llm(llm, claim_text, passage.title, [s.text for s in sentences])
    except ModelOutputError as exc:
        return Decision(
            best,
            "unrelated",
            0.5,
            f"rule:model-failed ({llm.name})",
            f"the model gave no valid answer: {exc}",
        )
    chosen = sentences[answer.sentence - 1] if 0 < answer.sentence <= len(sentences) else best
    # The model's sentence is the quote only if it is about as relevant as the best one found.
    good = (
        is_grounded(chosen.overlap)
        and not chosen.injected
        and chosen.relevance >= best.relevance - 0.1
    )
    span = chosen if good else best
    prior = LLM_PRIOR["tiny" if getattr(llm, "is_tiny", False) else "capable"]
    return Decision(span, answer.label, prior, f"llm:{llm.name}", answer.rationale)


def _llm_only(services, claim_text: str, passage: Passage, spans: list[Span]) -> Decision:
    """The LLM alone (for comparison): its label and its sentence, no gate, no rules."""
    llm = services.llm
    sentences = [s for s in spans if (s.start, s.end) in set(passage_sentences(passage))]
    best = _best(spans, set(passage_sentences(passage)))
    try:
        answer = ask_llm(llm, claim_text, passage.title, [s.text for s in sentences])
    except ModelOutputError as exc:
        return Decision(
            best,
            "unrelated",
            0.5,
            f"rule:model-failed ({llm.name})",
            f"the model gave no valid answer: {exc}",
        )
    span = sentences[answer.sentence - 1] if 0 < answer.sentence <= len(sentences) else best
    prior = LLM_PRIOR["tiny" if getattr(llm, "is_tiny", False) else "capable"]
    return Decision(span, answer.label, prior, f"llm:{llm.name}", answer.rationale)


def _relevance_rationale(span: Span) -> str:
    if not span.overlap.shared:
        return "the passage shares no word, name or number with the claim"
    shared = ", ".join(t.lstrip("#") for t in span.overlap.shared[:5])
    return f"the passage shares too little with the claim (only: {shared})"


def _to_evidence(passage: Passage, article: Article, decision: Decision) -> Evidence:
    span = decision.span
    data = {
        "article_id": passage.article_id,
        "title": passage.title,
        "chunk_id": passage.chunk.id,
        "passage": passage.text,
        "passage_start": passage.chunk.start,
        "quote": span.text,
        "start": span.start,
        "end": span.end,
        "stance": decision.stance,
        "rationale": _one_sentence(decision.rationale),
        "score": passage.score,
        "confidence": round(float(decision.confidence), 4),
        "judge": decision.judge,
        "quantities": [q.model_dump() for q in parse_quantities(span.text)],
    }
    return Evidence.model_validate(data, context={"article_text": article.text})


def _one_sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text[:300]
