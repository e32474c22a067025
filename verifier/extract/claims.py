"""Claim extraction: a deterministic gate picks what can be a claim, the model chooses within it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)

from vectorstore.models import Article
from vectorstore.sentences import split_sentences
from verifier.code_hash import code_hash
from verifier.errors import ModelOutputError
from verifier.extract.attribution import (
    group_rejection,
    quotation_groups,
    reading,
    resolve_speakers,
)
from verifier.extract.checkworthy import (
    AUTO_SCORE,
    TINY_AUTO_SCORE,
    Candidate,
    CheckworthyScorer,
    assess_sentence,
    build_scorer,
)
from verifier.extract.decontext import (
    antecedent,
    bare_reference,
    contextual_text,
    parse_published,
    self_contained,
)
from verifier.extract.quantities import parse_quantities
from verifier.prompts import prompt_hash, render_prompt
from verifier.schemas import Claim, ClaimKind

if TYPE_CHECKING:
    from verifier.services import Services

OPERATION = "extract"
WINDOW = 10
"""Candidate sentences shown to the model per call (the tiny model loses track beyond ~12)."""
# The deterministic rules are part of the "prompt": editing them re-extracts stored articles.

MAX_PROMPT_CHARS = 600
"""Longest sentence shown to the model; longer ones are clipped in the prompt (not in the claim)."""

Progress = Callable[[int, int, str], None]


@dataclass
class ExtractionReport:
    """What an extraction did: per-article counts, windows that fell back, claims dropped."""

    articles: list[dict] = field(default_factory=list)
    windows: int = 0
    fallbacks: list[str] = field(default_factory=list)
    dropped: int = 0
    dangling: int = 0


def extraction_hash(llm, scorer: CheckworthyScorer | None = None) -> str:
    """The prompt hash stamped on claims: the prompts used plus the version of the gate."""
    names = ["extract_system", "extract_select"] + ([] if llm.is_tiny else ["extract_rewrite"])
    joined = "|".join(prompt_hash(n) for n in names) + f"|rules={code_hash('extract.claims')}"
    if scorer is not None:
        joined += f"|checkworthy={scorer.fingerprint}"  # the weights file's SHA-256 and threshold
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def automatic_bar(llm) -> int:
    """The score at which a sentence is a claim without the model's vote."""
    return TINY_AUTO_SCORE if llm.is_tiny else AUTO_SCORE


def find_candidates(article: Article) -> list[Candidate]:
    """Every sentence of the article, scored and with its speaker resolved.

    A quotation that runs over several sentences is one candidate whose span covers them all.
    A candidate that needs a speaker and has none (a quotation, 'he said' after nobody) is
    marked not eligible rather than stored with a wrong or missing one.
    """
    title = " ".join(article.title.split())
    found = []
    for i, (start, end) in enumerate(split_sentences(article.text)):
        text = article.text[start:end]
        headline = i == 0 or " ".join(text.split()) == title
        found.append(assess_sentence(i, start, end, text, is_headline=headline))
    found = [_merged(group, article.text) for group in quotation_groups(found, article.text)]
    for candidate in found:
        candidate.attributed_to = _named_speaker(candidate, article.text)
    resolve_speakers(found)
    for candidate in found:
        if candidate.eligible and _lacks_speaker(candidate):
            candidate.eligible = False
            candidate.reason = "speaker unresolved"
    return found


def _merged(members: list[Candidate], article_text: str) -> Candidate:
    """One candidate for a quotation over several sentences (its head's speaker), or the sentence."""
    head = members[0]
    if len(members) == 1:
        return head
    last = members[-1]
    merged = assess_sentence(head.index, head.start, last.end, article_text[head.start : last.end])
    merged.attributed_to = head.attributed_to  # words inside the quotation name no speaker
    merged.reading = reading(members)
    rejected = group_rejection(members)
    if rejected:
        merged.eligible, merged.reason = False, rejected
    return merged


def _named_speaker(candidate: Candidate, article_text: str) -> str | None:
    """The candidate's speaker with a bare 'The commentator' replaced by the one it means, or None."""
    speaker = candidate.attributed_to
    if speaker is None:
        return None
    bare = bare_reference(speaker)
    if bare is None or bare.end() < len(speaker.rstrip()):
        return speaker
    return antecedent(bare.group(2), article_text[: candidate.start])


def _lacks_speaker(candidate: Candidate) -> bool:
    """'He said ...' after nobody named, or a quotation nobody is said to have spoken."""
    if getattr(candidate, "speaker_source", "") == "unresolved":
        return True
    # Someone's words, not a term in scare quotes ('“Partial” mobilisation was ordered ...').
    quoted = re.match(r'\s*[“"][^”"]{20}', candidate.text) is not None
    return quoted and candidate.attributed_to is None


def _pick_model(numbers: list[int]) -> type[BaseModel]:
    """A schema that only admits the numbers shown: constrained decoding cannot invent a sentence."""
    number = Literal[tuple(numbers)]  # type: ignore[valid-type]
    pick = create_model(
        "ClaimPick",
        sentence=(
            number,
            Field(description="The number of a sentence stating a check-worthy claim."),
        ),
        kind=(ClaimKind, Field(description="figure, event, quote, attribution or forecast.")),
    )
    return create_model(
        "ClaimPicks",
        claims=(list[pick], Field(default_factory=list, max_length=len(numbers))),
    )


def _keeps_figures(text: str, quote: str) -> bool:
    """True when a rewrite states every figure of its quote."""
    have = {q.value for q in parse_quantities(text)}
    return all(q.value in have for q in parse_quantities(quote))


class _Rewrite(BaseModel):
    sentence: int = Field(description="The number of the sentence rewritten.")
    text: str = Field(description="The claim, self-contained, every figure kept.")

    @field_validator("text")
    @classmethod
    def _faithful(cls, text: str, info: ValidationInfo) -> str:
        quotes = (info.context or {}).get("quotes", {})
        number = info.data.get("sentence")
        quote = quotes.get(number) or quotes.get(str(number))
        if not text.strip():
            raise ValueError("the rewritten claim is empty")
        if quote is not None:
            if not _keeps_figures(text, quote):
                raise ValueError(
                    f"the rewrite of sentence {number} must keep every figure of: {quote}"
                )
            if len(text) > 3 * len(quote) + 200:
                raise ValueError(
                    f"the rewrite of sentence {number} is far longer than the sentence"
                )
        return text.strip()


def _rewrites_model(targets: list[int]) -> type[BaseModel]:
    """Rewrites only of the sentences asked for, one each at most."""
    rewrite = create_model(
        "ClaimRewrite",
        __base__=_Rewrite,
        sentence=(Literal[tuple(targets)], Field(description="The number of the sentence.")),  # type: ignore[valid-type]
    )
    return create_model("ClaimRewrites", claims=(list[rewrite], Field(max_length=len(targets))))


def _prompt_lines(window: list[Candidate]) -> list[tuple[int, str]]:
    # One line per sentence, and no way for article text to close the <data> block.
    clean = [re.sub(r"</?data>", "", " ".join(c.text.split()), flags=re.I) for c in window]
    # A run-on "sentence" (a table, a list without stops) must not overflow the context window.
    clipped = [
        line if len(line) <= MAX_PROMPT_CHARS else line[:MAX_PROMPT_CHARS] + "…" for line in clean
    ]
    return list(zip(range(1, len(window) + 1), clipped, strict=True))


def _messages(article: Article, prompt: str, **variables: object) -> list[dict]:
    return [
        {"role": "system", "content": render_prompt("extract_system")},
        {
            "role": "user",
            "content": render_prompt(prompt, title=" ".join(article.title.split()), **variables),
        },
    ]


def _windows(candidates: list[Candidate]) -> list[list[Candidate]]:
    return [candidates[i : i + WINDOW] for i in range(0, len(candidates), WINDOW)]


def _select(llm, article, window, report) -> dict[int, ClaimKind]:
    """Candidate index -> kind for the eligible sentences of the window that the model picks."""
    numbers = list(range(1, len(window) + 1))
    messages = _messages(article, "extract_select", sentences=_prompt_lines(window))
    report.windows += 1
    try:
        picks = llm.structured(
            _pick_model(numbers), messages, operation=OPERATION, max_tokens=24 * len(numbers) + 48
        )
    except ModelOutputError as exc:
        report.fallbacks.append(
            f"{article.id} sentences {window[0].index + 1}-{window[-1].index + 1}: {exc}"
        )
        return {}
    chosen: dict[int, ClaimKind] = {}
    for pick in picks.claims:
        candidate = window[pick.sentence - 1]
        if not candidate.eligible:
            continue
        # A figure is a figure whatever the model says; the tiny model's labels are noise.
        trust_model = not llm.is_tiny and not candidate.quantities
        chosen[candidate.index] = pick.kind if trust_model else candidate.kind
    return chosen


def _rewrite(llm, article, window, chosen, report) -> dict[int, str]:
    """Self-contained texts from a capable model; {} (deterministic text) when it fails."""
    targets = [n for n, c in enumerate(window, 1) if c.index in chosen]
    if llm.is_tiny or not targets:
        return {}
    quotes = {n: " ".join(window[n - 1].text.split()) for n in targets}
    published = parse_published(article.published)
    messages = _messages(
        article,
        "extract_rewrite",
        sentences=_prompt_lines(window),
        targets=targets,
        published=published.isoformat() if published else "unknown",
    )
    try:
        answer = llm.structured(
            _rewrites_model(targets),
            messages,
            operation=OPERATION,
            validation_context={"quotes": quotes},
        )
    except ModelOutputError as exc:
        report.fallbacks.append(f"{article.id} rewrite of sentences {targets}: {exc}")
        return {}
    return {window[r.sentence - 1].index: r.text for r in answer.claims if r.sentence in quotes}


def checkworthy_scorer(services: Services) -> CheckworthyScorer | None:
    """The trained scorer for the archive's embedder at the configured threshold (None: off)."""
    threshold = services.settings.checkworthy_threshold
    if threshold == 0:
        return None
    return build_scorer(getattr(services.store, "embedder", None), threshold)


def extract_article_claims(
    llm,
    article: Article,
    *,
    settings=None,
    report: ExtractionReport | None = None,
    scorer: CheckworthyScorer | None = None,
) -> list[Claim]:
    """The check-worthy claims of one article, every quote sliced from the article itself.

    Works on any text: build an `Article(id=..., title=..., text=...)` in memory. `settings` is
    accepted for symmetry with the other entry points. `scorer` (see `checkworthy_scorer`) drops
    the eligible sentences it rates under its threshold before the model sees them.
    """
    report = report if report is not None else ExtractionReport()
    every = find_candidates(article)
    if scorer is not None:
        scorer.gate(every)
    before = {c.index: p.text for p, c in zip(every, every[1:], strict=False)}
    earlier = {c.index: article.text[: c.start] for c in every}
    candidates = [c for c in every if c.eligible]
    stamp = extraction_hash(llm, scorer)
    bar = automatic_bar(llm)
    chosen = {c.index: c.kind for c in candidates if c.is_automatic(bar)}
    # The tiny model only sees the sentences still open (shorter prompts, fewer calls); a
    # capable one sees every eligible sentence so it can relabel kinds and rewrite with context.
    shown = [c for c in candidates if not c.is_automatic(bar)] if llm.is_tiny else candidates
    for window in _windows(shown):
        chosen.update(_select(llm, article, window, report))
    texts: dict[int, str] = {}
    if not llm.is_tiny:
        for window in _windows(candidates):
            texts.update(_rewrite(llm, article, window, chosen, report))
    published = parse_published(article.published)
    claims: dict[str, Claim] = {}
    for candidate in candidates:
        if candidate.index not in chosen:
            continue
        text = texts.get(candidate.index)
        if text is None:
            text = self_contained(
                contextual_text(candidate, published),
                before.get(candidate.index, ""),
                earlier[candidate.index],
            )
            if text is None:
                report.dangling += 1  # 'It comes amid reports that ...': about nothing it names
                continue
        data = {
            "article_id": article.id,
            "text": text,
            "quote": candidate.text,
            "start": candidate.start,
            "end": candidate.end,
            "kind": chosen[candidate.index],
            "attributed_to": candidate.attributed_to,
            "hedged": candidate.hedged,
            "quantities": [q.model_dump() for q in candidate.quantities],
            "model": llm.name,
            "prompt_hash": stamp,
        }
        try:
            claim = Claim.model_validate(data, context={"article_text": article.text})
        except ValidationError:
            report.dropped += 1  # never store a claim that does not slice back
            continue
        claims.setdefault(claim.id, claim)
    return sorted(claims.values(), key=lambda c: c.start)


def extract_claims(
    services: Services,
    article_ids: list[str] | None = None,
    progress: Progress | None = None,
    *,
    force: bool = False,
    report: ExtractionReport | None = None,
) -> list[Claim]:
    """Extract and store the claims of these articles (all by default); unchanged ones cost no call."""
    report = report if report is not None else ExtractionReport()
    store, claim_store, llm = services.store, services.claims, services.llm
    if article_ids is None:
        articles = store.articles()
    else:
        articles = [store.article(article_id) for article_id in dict.fromkeys(article_ids)]
    scorer = checkworthy_scorer(services)
    stamp = extraction_hash(llm, scorer)
    found: list[Claim] = []
    for i, article in enumerate(articles):
        if progress:
            progress(i, len(articles), article.title)
        cached = not force and claim_store.has_extraction(article.id, llm.name, stamp)
        if cached:
            claims = claim_store.claims(article.id)
        else:
            claims = extract_article_claims(llm, article, report=report, scorer=scorer)
            claim_store.save_claims(article.id, claims, model=llm.name, prompt_hash=stamp)
        report.articles.append(
            {"id": article.id, "title": article.title, "claims": len(claims), "cached": cached}
        )
        found.extend(claims)
    if article_ids is None:
        # Claims of articles removed from the archive (or changed, hence re-identified) are stale.
        present = {a.id for a in articles}
        for stale in set(claim_store.extracted_articles()) - present:
            claim_store.delete_article(stale)
    if progress:
        progress(len(articles), len(articles), "")
    return found
