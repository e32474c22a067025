"""The deterministic gate in front of the model: which sentences can be claims, and which must be."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from verifier.extract.attribution import find_attribution, is_hedged
from verifier.extract.quantities import MONTHS, parse_quantities
from verifier.injection import looks_like_injection, neutralise
from verifier.schemas import ClaimKind, Quantity

AUTO_SCORE = 3
"""Sentences scoring this much are claims whatever the model says (a figure alone scores 3)."""
TINY_AUTO_SCORE = 1
"""The same bar when the model is the tiny embedded one: it picks nothing on its own (none of the
30 such sentences of the seed articles, none of 225 in Factcheck-GPT's answers), so every sentence
with a factual cue (a name, an event verb, a date, a speaker) is kept."""
ELIGIBLE_SCORE = 0
"""Sentences scoring at least this much may become claims when the model picks them."""

_BOILERPLATE = re.compile(
    r"sign[- ]?up|newsletter|unsubscribe|cookies?\b|privacy (?:policy|notice)|read full article|"
    r"^source(?: link)?\b|leave a reply|akismet|click here|read more|don[’']t miss|^just in\b|"
    r"your email address|comment data|^latest from|\(image:|\[(?:news|reveal|comment|insight|"
    r"update|report|express comment)\]|all rights reserved|follow us|share this|mins? read|adverts?\b",
    re.IGNORECASE,
)
_OPINION_START = re.compile(
    r"^[“\"]?(?:i think|i believe|i feel|i hope|we hope|in my (?:opinion|view)|we think|personally)\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|wrote|tweeted|claimed|claims|told|stated|reported|estimates?|estimated|"
    r"revealed|announced|confirmed|according to|insisted|suggested|warned|believes)\b",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"\b(?:killed|captured|launched|deployed|arrested|ordered|signed|fled|fleeing|retreat(?:ed)?|"
    r"withdrew|withdrawn|attacked|invaded|annexed|annexing|mobili[sz](?:ed|ation)|seized|struck|"
    r"destroyed|wounded|injured|died|approved|won|lost|losing|entered|travelled|sent|drafted|"
    r"defeat(?:ed)?|halted|deserted|abandon(?:ed)?|surrendered|shot|bombed|evacuated|moving|"
    r"moved|completed|authorised|authorized|deliver(?:ed|y)|recaptured?|advanced?|took|taken|"
    r"escaping|suffered|appointed|resigned|elected|banned|sanctioned)\b",
    re.IGNORECASE,
)
_FORECAST = re.compile(
    r"\b(?:will|would|could|may|might|likely|expected to|set to|plans? to|poised to|next)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(?:{MONTHS})\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|overnight|last night)\b|\b(?:1[89]|20)\d\d\b",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"(?<![.!?]\s)\b[A-Z][\w’'\-]+")
_TERMINAL = re.compile(r"[.!?…][”\"’')\]]*$|[”\"]$")


@dataclass
class Candidate:
    """One sentence of an article with what the deterministic gate found in it."""

    index: int
    start: int
    end: int
    text: str
    quantities: list[Quantity] = field(default_factory=list)
    score: int = 0
    eligible: bool = False
    reason: str = ""
    kind: ClaimKind = "event"
    attributed_to: str | None = None
    hedged: bool = False
    reading: str = ""
    """The text as a claim reads when it is not the span itself (a quotation over several sentences)."""

    @property
    def automatic(self) -> bool:
        """A claim whatever the model says (a figure, or several strong cues)."""
        return self.is_automatic(AUTO_SCORE)

    def is_automatic(self, bar: int) -> bool:
        """A claim whatever the model says, at this score bar."""
        return self.eligible and self.score >= bar


# What is never a claim even when it reads like news (issue 19). These are rejections only: the
# scorer's cues above are untouched, so the trained weights read what they were trained on.
_HYPOTHETICAL = re.compile(
    r"^(?:should|were|had)\s+[A-Z][^,]*,.*\bwould\b|^if\b[^,]*,.*\b(?:would|could|might)\b",
    re.IGNORECASE,
)
_STATE_OF_MIND = re.compile(
    r"\b(?:fears?|feared|fearful|panic\w*|dismay\w*|disenchant\w*|discontent\w*|desperat\w*|"
    r"morale|confident|confidence|overconfiden\w*|sceptic\w*|skeptic\w*|despondent|demorali[sz]\w*|outrage\w*|"
    r"frustrat\w*|jubila\w*|anger|angry)\b",
    re.IGNORECASE,
)
_OWN_FEELING = re.compile(
    r"\b(?:I[’']m|I am|we[’']re|we are)\s+(?:\w+\s+){0,2}?(?:scared|afraid|frightened|terrified|"
    r"drunk|tired|exhausted|happy|sad|worried|angry|desperate|hungry)\b",
    re.IGNORECASE,
)
_FIGURATIVE = re.compile(
    r"\b(?:lays? bare|laid bare|dogged by|dim and distant|in tatters|on its knees|hammer blow|"
    r"a far cry from|the writing is on the wall|a sign of the times)\b",
    re.IGNORECASE,
)
# One thing made another happen ('resistance forced the Kremlin to downgrade its plans'): an
# interpretation unless a figure or a date pins it down. Active voice only ('were forced to' is an event).
_INTERPRETATION = re.compile(
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )(?<!\bis )(?<!\bare )(?<!\bwhich )(?<!\bthat )"
    r"\b(?:forced|allowed|enabled|prompted)\s+(?!to\b)(?:[\w’'-]+\s+){1,3}to\s+[a-z]+",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"^by all accounts\b|\b(?:many|most|some|countless)\s+(?:men|women|people|russians|"
    r"ukrainians|soldiers|troops|residents|experts|observers|analysts|officials)\b|"
    r"\b(?:huge|heavy|massive|enormous|severe|significant)\s+(?:losses|casualties|damage|setbacks)\b",
    re.IGNORECASE,
)
# A count or quantifier standing for a subject named elsewhere: '98,000 had travelled', 'Most were'.
_BARE_SUBJECT = re.compile(
    r"^[“\"]?(?:most|many|some|others|several|thousands|hundreds|dozens|millions|few|the rest|"
    r"(?!(?:19|20)\d\d\b)[\d][\d,.]*)\s+(?:of them\s+)?(?:were|was|had|have|has|are|is|will|would|could|may|might)\b",
    re.IGNORECASE,
)


def _never_a_claim(text: str, has_figure: bool, attributed: bool) -> str:
    """Why a whole, factual-looking sentence is still no claim (issue 19), or ''."""
    if _HYPOTHETICAL.search(text):
        return "hypothetical"
    if _BARE_SUBJECT.search(text):
        return "subject left unsaid"
    if has_figure:
        return ""
    if _OWN_FEELING.search(text):
        return "personal feeling"
    if _FIGURATIVE.search(text):
        return "figurative"
    if _STATE_OF_MIND.search(text) and not attributed:
        return "state of mind, no source"
    if not attributed and not _DATE.search(text):
        if _INTERPRETATION.search(text):
            return "interpretation"
        if _VAGUE.search(text):
            return "vague"
    return ""


def _rejection(text: str, is_headline: bool, has_figure: bool, attributed: bool = False) -> str:
    """Why a sentence can never be a claim, or '' when it can."""
    words = text.split()
    # A stray <data> tag alone is neutralised in the prompt; orders to the model never get there.
    if looks_like_injection(neutralise(text)):
        return "instruction to a model"
    if _BOILERPLATE.search(text):
        return "boilerplate"
    if len(words) < 5:
        return "too short"
    if text.rstrip(" ”\"’'").endswith("?"):
        return "question"
    if _OPINION_START.search(text) and not has_figure:
        return "opinion"
    if not _TERMINAL.search(text.rstrip()) and len(words) <= 20:
        # Headings, captions and link lists have no final punctuation; a headline with a figure counts.
        if not (is_headline and has_figure and len(words) >= 6):
            return "heading or caption"
    return _never_a_claim(" ".join(words), has_figure, attributed)


def _kind(text: str, quantities: list[Quantity], attributed: bool) -> ClaimKind:
    if quantities:
        return "figure"
    if re.search(r"[“\"][^”\"]{20,}", text):
        return "quote"
    if _FORECAST.search(text) and not _EVENT.search(text):
        return "forecast"
    return "attribution" if attributed else "event"


def assess_sentence(
    index: int, start: int, end: int, text: str, *, is_headline: bool = False
) -> Candidate:
    """Score one sentence for check-worthiness and read its cues (figures, speaker, hedges)."""
    quantities = parse_quantities(text)
    attributed_to = find_attribution(text)
    reason = _rejection(text, is_headline, bool(quantities), attributed_to is not None)
    score = 0
    if quantities:
        score += 3
    if _REPORTING.search(text) or is_hedged(text):
        score += 1
    if re.search(r"[“\"].{12,}", text):
        score += 1
    if _ENTITY.search(text.lstrip('“"‘ ')[1:]):
        score += 1
    if _EVENT.search(text):
        score += 1
    if _DATE.search(text):
        score += 1
    return Candidate(
        index=index,
        start=start,
        end=end,
        text=text,
        quantities=quantities,
        score=score,
        eligible=not reason and score >= ELIGIBLE_SCORE,
        reason=reason or ("" if score >= ELIGIBLE_SCORE else "no factual cue"),
        kind=_kind(text, quantities, attributed_to is not None),
        attributed_to=attributed_to,
        hedged=is_hedged(text),
    )


# --- the trained scorer: which eligible sentences a fact-checker would check -------------------

WEIGHTS = Path(__file__).resolve().parents[1] / "weights" / "checkworthy" / "checkworthy.json"
"""Logistic regression on MiniLM vectors and the cues below (MODEL_CARD.md beside it)."""

_FIRST_PERSON = re.compile(r"\b(?:I|I[’']m|I[’']d|me|my|we|we[’']re|us|our)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_ADVICE = re.compile(
    r"\b(?:should|must|important|recommend\w*|make sure|need to|it is (?:difficult|hard|unclear))\b",
    re.IGNORECASE,
)
CUES = (
    "figure", "entity", "date", "reporting", "event", "forecast", "quote",
    "question", "first_person", "second_person", "advice", "log_words",
)  # fmt: skip
"""The cheap features appended to the embedding, in the order the weights expect. They reuse the
rules' patterns: changing a pattern changes what the weights read (a test compares the probes
recorded in the weights file), so retrain with `python -m bench.train_checkworthy`."""


def cue_vector(text: str) -> list[float]:
    """The cheap features of one sentence (the rules' own cues, plus person and advice words)."""
    flat = " ".join(text.split())
    return [
        float(bool(parse_quantities(flat))),
        float(bool(_ENTITY.search(flat.lstrip('“"‘ ')[1:]))),
        float(bool(_DATE.search(flat))),
        float(bool(_REPORTING.search(flat) or is_hedged(flat))),
        float(bool(_EVENT.search(flat))),
        float(bool(_FORECAST.search(flat))),
        float(bool(re.search(r"[“\"].{12,}", flat))),
        float(flat.rstrip(" ”\"’'").endswith("?")),
        float(bool(_FIRST_PERSON.search(flat))),
        float(bool(_SECOND_PERSON.search(flat))),
        float(bool(_ADVICE.search(flat))),
        math.log1p(len(flat.split())),
    ]


def feature_matrix(texts: list[str], vectors: np.ndarray) -> np.ndarray:
    """Unit embeddings side by side with the cues: the model's input rows."""
    cues = np.array([cue_vector(t) for t in texts], dtype=np.float64).reshape(len(texts), len(CUES))
    return np.hstack([np.asarray(vectors, dtype=np.float64), cues])


@dataclass(frozen=True)
class CheckworthyModel:
    """The shipped weights: P(check-worthy) = sigmoid(features · weights + bias)."""

    weights: np.ndarray
    bias: float
    threshold: float
    embedder: str
    sha256: str

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> CheckworthyModel:
        """Read the weights file (plain JSON, no pickle)."""
        raw = path.read_bytes()
        data = json.loads(raw)
        if list(data["cues"]) != list(CUES):
            raise ValueError(f"{path} was trained on other cues: retrain it")
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            embedder=data["embedder"],
            sha256=hashlib.sha256(raw).hexdigest(),
        )

    def probabilities(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """P(check-worthy) of each text, given its unit embedding."""
        logits = feature_matrix(texts, vectors) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))


@dataclass(frozen=True)
class CheckworthyScorer:
    """The model bound to the embedder it was trained on, and the threshold in use."""

    model: CheckworthyModel
    embedder: object
    threshold: float

    @property
    def fingerprint(self) -> str:
        """Weights and threshold, for the extraction hash: either changing re-makes stored claims."""
        return f"{self.model.sha256[:12]}@{self.threshold:g}"

    def scores(self, texts: list[str]) -> np.ndarray:
        """P(check-worthy) of each sentence."""
        from vectorstore.embeddings import embed_texts

        if not texts:
            return np.zeros(0)
        return self.model.probabilities(texts, embed_texts(self.embedder, texts))

    def gate(self, candidates: list[Candidate]) -> None:
        """Mark the eligible candidates scoring under the threshold as not check-worthy."""
        open_ = [c for c in candidates if c.eligible]
        for candidate, p in zip(open_, self.scores([c.text for c in open_]), strict=True):
            if p < self.threshold:
                candidate.eligible = False
                candidate.reason = f"not check-worthy ({p:.2f} < {self.threshold:g})"


def build_scorer(embedder, threshold: float | None = None) -> CheckworthyScorer | None:
    """The scorer for this embedder, or None: the weights read MiniLM vectors, not a fake's."""
    if embedder is None:
        return None
    model = CheckworthyModel.load()
    if embedder.name() != model.embedder:
        return None
    return CheckworthyScorer(
        model, embedder, model.threshold if threshold is None else float(threshold)
    )
