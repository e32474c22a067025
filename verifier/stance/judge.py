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
   For a tiny model (below chance as a judge) a contradiction needs a checkable cue: a close
   paraphrase with the negation flipped, or a differing figure (verifier/stance/rules.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from vectorstore.models import Article, Passage
from vectorstore.sentences import split_sentences
from verifier.errors import ConfigError, ModelOutputError
from verifier.extract.quantities import parse_quantities
from verifier.injection import looks_like_injection
from verifier.overlap import MIN_SHARED, extract_terms, is_grounded, measure_overlap
from verifier.retrieval import candidate_spans, passage_sentences
from verifier.schemas import Evidence
from verifier.settings import PACKAGED_STANCE_MODEL, Settings
from verifier.stance.align import judge_by_alignment
from verifier.stance.clauses import contrast_spans, relative_spans
from verifier.stance.llm_judge import ask_llm
from verifier.stance.model import read_meta
from verifier.stance.rules import (
    Decision,
    Span,
    apply_figures,
    check_classifier_support,
    check_tiny,
    figure_span,
    flipped,
)
from verifier.stance.same_subject import (
    check_support,
    figure_agreement,
    figure_conflict,
    same_subject_figures,
)
from verifier.stance.sides import swap_sides
from verifier.stance.similarity import bars_for, document_frequencies, mask_figures, unit_vectors
from verifier.stance.subject import resolve_leading_pronoun

if TYPE_CHECKING:
    from verifier.services import Services

JUDGES = ("cascade", "llm", "classifier")
# Confidence given to a stance when nothing produced a probability: priors, to be replaced by
# calibration on the benchmarks; never the model's self-reported number.
LLM_PRIOR = {"tiny": 0.55, "capable": 0.75}
FAKE_JUDGE = "the fake stance classifier (CLAIMCHECK_STANCE_CLASSIFIER=fake: word overlap, for tests and demos)"


def evidence_threshold(settings: Settings, meta: dict) -> float | None:
    """P(supports) + P(contradicts) a passage needs to be evidence: setting, else tuned, else None."""
    if settings.evidence_threshold is not None:
        return float(settings.evidence_threshold)
    tuned = meta.get("evidence_threshold")
    return None if tuned is None else float(tuned)


def uses_classifier(settings: Settings) -> bool:
    """Whether a classifier (the fake or a trained one) decides stances with these settings."""
    if settings.stance_judge == "llm":
        return False
    if settings.stance_classifier == "fake":
        return True
    return read_meta(settings.resolved_stance_model()) is not None


def judging_step(settings: Settings, llm_name: str) -> str:
    """What judges each passage, in a few words, for a progress line; loads no model."""
    if not uses_classifier(settings):
        return f"Judging each passage with {llm_name}…"
    return "Judging each passage: alignment rules and the stance classifier…"


def describe_judge(settings: Settings, *, advice: bool = True) -> str:
    """In words, who decides stances with these settings (app sidebar, report provenance); loads no model.

    advice=False leaves out how to train a classifier (a report states facts, not next steps).
    """
    if settings.stance_judge == "llm":
        return "the LLM alone (CLAIMCHECK_STANCE_JUDGE=llm: no classifier, no rules)"
    if settings.stance_classifier == "fake":
        return FAKE_JUDGE
    path = settings.resolved_stance_model()
    meta = read_meta(path)
    if meta is None:
        if path.exists():
            why, verb = f"{path} holds no usable classifier", "retrains it"
        else:
            why, verb = "no trained classifier", "trains one"
        hint = f"; `bash scripts/train_stance.sh` {verb}" if advice else ""
        return f"the LLM only ({why}{hint})"
    threshold = evidence_threshold(settings, meta)
    gate = f", evidence at P(relevant) ≥ {threshold:.2f}" if threshold is not None else ""
    if path == PACKAGED_STANCE_MODEL:
        which = f"packaged classifier ({meta.get('name', path.name)}{gate})"
    else:
        which = f"trained classifier ({path.name}{gate})"
    if getattr(settings, "embedder", None) == "minilm":
        return (
            "alignment by meaning (the sentence most like the claim, then its figures, negation, "
            f"opposites, dates, counts, names and sides), then the {which}"
        )
    return f"{which}, checked by the figure rules"


def gate_stance(p: dict[str, float], threshold: float) -> tuple[str, float]:
    """(stance, confidence) from classifier probabilities: evidence when P(relevant) >= threshold.

    Its side is the likelier of supports and contradicts, with that side's probability; below
    the threshold the passage is unrelated with P(unrelated).
    """
    side = "supports" if p["supports"] >= p["contradicts"] else "contradicts"
    if p["supports"] + p["contradicts"] >= threshold:
        return side, p[side]
    return "unrelated", p["unrelated"]


def _gate(decision: Decision, p: dict[str, float], threshold: float) -> Decision:
    # The threshold is tuned on held-out labelled claims (bench/eval_scifact.py): the plain
    # argmax of a classifier trained on balanced pairs calls too much "unrelated" or too little.
    stance, conf = gate_stance(p, threshold)
    relevant = p["supports"] + p["contradicts"]
    return replace(
        decision,
        stance=stance,
        confidence=round(conf, 4),
        rationale=f"the classifier gives {stance} p={conf:.2f} "
        f"(P(relevant)={relevant:.2f}, threshold {threshold:.2f})",
    )


def judge_passages(
    services: Services, claim_text: str, passages: list[Passage], *, judge: str | None = None
) -> list[Evidence]:
    """One Evidence per passage: stance, verbatim quote with offsets, rationale, confidence, judge.

    The classifier is services.classifier (the fake, the trained one, or one handed to build_services).
    """
    judge = judge or getattr(services.settings, "stance_judge", "cascade")
    if judge not in JUDGES:
        raise ConfigError(
            f"unknown stance judge {judge!r}: set CLAIMCHECK_STANCE_JUDGE to one of {', '.join(JUDGES)}"
        )
    classifier = services.classifier if judge in ("cascade", "classifier") else None
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
    if classifier is not None and judge != "llm" and aligns(services.store.embedder):
        spans_of = [
            _with_clauses(spans, claim_terms, set(passage_sentences(passage)))
            for spans, passage in zip(spans_of, passages, strict=True)
        ]
    if judge != "llm":
        spans_of = _with_cosines(services, claim_text, claim_q, spans_of)
    if classifier is not None and judge != "llm":
        spans_of = _score_with_classifier(classifier, claim_text, spans_of)
    evidence = []
    for passage, spans in zip(passages, spans_of, strict=True):
        article = articles[passage.article_id]
        if judge == "llm":
            decision = _llm_only(services, claim_text, passage, spans)
        else:
            decision = _cascade(
                services, claim_text, claim_q, passage, spans, classifier, article.text
            )
        evidence.append(_to_evidence(passage, article, decision))
    return evidence


def _spans(article_text: str, passage: Passage, claim_terms) -> list[Span]:
    spans = []
    for start, end in candidate_spans(passage):
        text = article_text[start:end]
        overlap = measure_overlap(claim_terms, extract_terms(text))
        span = Span(start, end, text, overlap, overlap.score, looks_like_injection(text))
        spans.append(replace(span, reading=_reading(article_text, start, text)))
    return spans


CLAUSE_WORDS = 4


def _with_clauses(spans: list[Span], claim_terms, singles: set) -> list[Span]:
    """The spans, plus each clause of a contrasting sentence as a quote of its own.

    A long sentence says two things and reads only partly like a claim about one of them;
    its clause, still verbatim in the article, is what the claim may say in other words.
    """
    out = list(spans)
    for s in spans:
        if (s.start, s.end) not in singles:
            continue  # a pair of sentences: its sentences are spans already
        for a, b in contrast_spans(s.text) + relative_spans(s.text):
            text = s.text[a:b]
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if len(text.split()) < CLAUSE_WORDS:
                continue
            start = s.start + a + lead
            overlap = measure_overlap(claim_terms, extract_terms(text))
            out.append(
                Span(
                    start,
                    start + len(text),
                    text,
                    overlap,
                    overlap.score,
                    s.injected,
                    within=(s.start, s.end),
                )
            )
    return out


def _reading(article_text: str, start: int, text: str) -> str | None:
    """The span with an opening 'It'/'They' resolved from the sentence before it, when sure."""
    if not text.startswith(("It ", "They ")):
        return None
    before = article_text[max(0, start - 600) : start]
    sentences = split_sentences(before)
    if not sentences:
        return None
    s, e = sentences[-1]
    return resolve_leading_pronoun(text, before[s:e])


def _with_cosines(services: Services, claim_text: str, claim_q, spans_of: list[list[Span]]):
    """Each span's cosine with the claim, and with figures masked where both state figures."""
    embedder = getattr(services.store, "embedder", None)
    flat = [s for spans in spans_of for s in spans]
    if embedder is None or not flat:
        return spans_of
    # Only sentences with a figure can count the claim's thing: mask and embed those alone.
    counted = {s.said for s in flat if claim_q and parse_quantities(s.text)}
    # The claim with its sides swapped: a sentence closer to that one tells the other side's story.
    swapped_claim = swap_sides(claim_text) if aligns(embedder) else None
    masked_claim = mask_figures(claim_text)
    queries = [claim_text, masked_claim, *([swapped_claim] if swapped_claim else [])]
    units = unit_vectors(
        embedder, queries + [s.said for s in flat] + [mask_figures(t) for t in counted]
    )

    def cos(a: str, b: str) -> float:
        return float(units[a] @ units[b])

    def scored(s: Span) -> Span:
        plain = cos(claim_text, s.said)
        masked = cos(masked_claim, mask_figures(s.said)) if s.said in counted else 0.0
        # Masking can hide a shared unit ('some reservists'): the better of the two readings.
        return replace(
            s,
            cosine=plain,
            subject=max(plain, masked),
            swapped=cos(swapped_claim, s.said) if swapped_claim else None,
        )

    # Each span's own text decides (offsets repeat across articles, texts do not mislead).
    return [[scored(s) for s in spans] for spans in spans_of]


# The embedder the alignment judge's cosine bars were measured with (verifier/stance/align.py).
ALIGNED_EMBEDDER = "claimcheck-minilm"


def aligns(embedder) -> bool:
    """Whether stances are judged by alignment: its bars hold for this embedder only."""
    return embedder is not None and embedder.name() == ALIGNED_EMBEDDER


def _score_with_classifier(
    classifier, claim_text: str, spans_of: list[list[Span]]
) -> list[list[Span]]:
    # A clause alone reads oddly to the classifier ('Despite taking Luhansk' sounds like a
    # contrast): it takes its sentence's reading. Offsets are keyed per passage: two articles
    # may have spans at the same offsets.
    flat = [(i, s) for i, spans in enumerate(spans_of) for s in spans if not s.clause]
    probs = classifier.predict([(s.said, claim_text) for _, s in flat])
    read = {(i, s.start, s.end): p for (i, s), p in zip(flat, probs, strict=True)}
    return [
        [
            replace(
                s,
                probs=(p := read[(i, *(s.within or (s.start, s.end)))]),
                relevance=1.0 - p["unrelated"],
            )
            for s in spans
        ]
        for i, spans in enumerate(spans_of)
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


def _cascade(
    services: Services, claim_text, claim_q, passage, spans, classifier, article_text=None
) -> Decision:
    singles = set(passage_sentences(passage))
    best = _best(spans, singles)
    if any(s.injected for s in spans):
        # An article that gives orders to the model is not evidence, whatever else it says.
        return Decision(
            best,
            "unrelated",
            0.9,
            "rule:injection",
            "the passage contains instructions addressed to the model, so it is not used as evidence",
        )
    bars = bars_for(getattr(services.store, "embedder", None))
    # Contradiction first: a same-subject figure that differs decides before any judge can say
    # 'supports' (topic similarity reads as entailment to NLI models and to the tiny LLM).
    figures = same_subject_figures(claim_text, claim_q, spans, singles, bars.same_subject)
    conflict = figure_conflict(figures)
    if conflict is not None:
        return conflict
    embedder = getattr(services.store, "embedder", None)
    if classifier is not None and aligns(embedder):
        return judge_by_alignment(
            claim_text,
            passage.text,
            spans,
            singles,
            bars.relevant,
            classifier.name,
            figure_agreement(figures, claim_text),
            article_text,
        )
    best = _by_meaning(best, spans, singles, bars.relevant)
    decision = _judge(services, claim_text, claim_q, passage, spans, classifier, best)
    if decision.stance != "supports" or (
        classifier is None and not getattr(services.llm, "is_tiny", False)
    ):
        return decision  # a capable model reads the whole claim: its support stands
    df, n = document_frequencies(services.store)
    agree = decision.judge == "rule:figures" and "agree" in decision.rationale
    return check_support(claim_text, decision, passage.text, df, n, figures_agree=agree)


def _by_meaning(best: Span, spans: list[Span], singles: set, bar: float) -> Span:
    """The best sentence by shared words, or by meaning when none shares enough ('call-up' for 'mobilised')."""
    if is_grounded(best.overlap) or best.cosine >= bar:
        return best
    by_meaning = max(
        (s for s in spans if (s.start, s.end) in singles and not s.injected),
        key=lambda s: s.cosine,
        default=best,
    )
    return by_meaning if by_meaning.cosine >= bar else best


def _judge(services: Services, claim_text, claim_q, passage, spans, classifier, best) -> Decision:
    fspan, figures = figure_span(claim_text, claim_q, passage, spans)
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
        threshold = evidence_threshold(services.settings, getattr(classifier, "meta", {}))
        if threshold is not None:
            decision = _gate(decision, p, threshold)
        decision = check_classifier_support(claim_q, decision)
        stance = decision.stance
        # The classifier's evidence shares as many terms with the claim as the LLM path's gate
        # asks, or says the claim's thing in other words (embedding cosine).
        relevant = len(best.overlap.shared) >= MIN_SHARED or _means_it(services, best)
        if stance == "unrelated" or not relevant:
            if figures.finding == "match" and fspan is not None:
                return apply_figures(decision, fspan, figures)
            if stance != "unrelated":
                return replace(
                    decision,
                    stance="unrelated",
                    judge="rule:grounding",
                    rationale=f"{decision.rationale}; but {_relevance_rationale(best)}",
                )
            return decision
    else:
        if not is_grounded(best.overlap) and not _means_it(services, best):
            if figures.finding == "match" and fspan is not None:
                return apply_figures(
                    Decision(best, "unrelated", 0.5, "rule:relevance", ""), fspan, figures
                )
            conf = round(1.0 - best.relevance, 3)
            return Decision(best, "unrelated", conf, "rule:relevance", _relevance_rationale(best))
        if figures.finding == "match" and fspan is not None and not flipped(claim_text, fspan):
            # Matching figures decide on their own: no model call needed.
            return apply_figures(
                Decision(best, "unrelated", 0.0, "rule:figures", ""), fspan, figures
            )
        decision = _ask(services, claim_text, passage, spans, best)
        if getattr(services.llm, "is_tiny", False):
            decision = check_tiny(claim_text, claim_q, decision, figures)
    negated = fspan is not None and flipped(claim_text, fspan)
    # Contradiction first: the same figure in a passage the classifier reads as saying the
    # opposite ('drained 94.8 billion' vs 'pumped 94.8 billion') is a contradiction, not support.
    if classifier is not None and decision.stance == "contradicts":
        negated = True
    return apply_figures(decision, fspan, figures, negated)


def _means_it(services: Services, span: Span) -> bool:
    """Relevant by meaning: the span's cosine with the claim reaches the embedder's bar."""
    return span.cosine >= bars_for(getattr(services.store, "embedder", None)).relevant


def _ask(
    services: Services, claim_text: str, passage: Passage, spans: list[Span], best: Span
) -> Decision:
    """Polarity from the LLM; its chosen sentence is the quote only if it passes the gate."""
    said = _llm_decision(services, claim_text, passage, spans, best)
    chosen = said.span
    # The model's sentence is the quote only if it is about as relevant as the best one found.
    good = (
        is_grounded(chosen.overlap)
        and not chosen.injected
        and chosen.relevance >= best.relevance - 0.1
    )
    return said if good else replace(said, span=best)


def _llm_only(services: Services, claim_text: str, passage: Passage, spans: list[Span]) -> Decision:
    """The LLM alone (for comparison): its label and its sentence, no gate, no rules."""
    best = _best(spans, set(passage_sentences(passage)))
    return _llm_decision(services, claim_text, passage, spans, best)


def _llm_decision(
    services: Services, claim_text: str, passage: Passage, spans: list[Span], best: Span
) -> Decision:
    """The LLM's label with the sentence it chose (`best` when its number is out of range)."""
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
