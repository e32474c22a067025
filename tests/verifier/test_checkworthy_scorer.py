"""The shipped check-worthiness scorer: its file, its scores, and extraction dropping what it rejects."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from vectorstore.embeddings import HashEmbedder
from vectorstore.models import Article
from verifier.extract.checkworthy import CUES, WEIGHTS, CheckworthyModel, build_scorer, cue_vector
from verifier.extract.claims import checkworthy_scorer, extract_article_claims, extraction_hash
from verifier.llm import FakeLLM
from verifier.services import build_services

CARD = WEIGHTS.parent / "MODEL_CARD.md"
CLAIM = "Russian forces captured the city of Kherson on March 2, the Ukrainian army said."
ADVICE = "You should always be kind to the people around you."


def test_the_shipped_file_is_the_one_the_model_card_describes():
    card = CARD.read_text(encoding="utf-8")
    sha = hashlib.sha256(WEIGHTS.read_bytes()).hexdigest()
    assert f"SHA-256 `{sha}`" in card
    model = CheckworthyModel.load()
    assert model.sha256 == sha
    assert f"**{model.threshold}**" in card  # the threshold extraction uses is the card's
    assert model.weights.shape == (384 + len(CUES),)
    assert model.embedder == "claimcheck-minilm"
    assert WEIGHTS.stat().st_size < 100_000


def test_the_cues_still_read_as_when_the_weights_were_trained():
    probes = json.loads(WEIGHTS.read_text(encoding="utf-8"))["probes"]
    assert len(probes) >= 5
    for probe in probes:
        now = [round(v, 6) for v in cue_vector(probe["text"])]
        assert now == probe["cues"], f"retrain: python -m bench.train_checkworthy ({probe['text']})"
    # Every cue is exercised by some probe, so a changed pattern cannot slip past.
    assert all(any(p["cues"][i] for p in probes) for i in range(len(CUES)))


def test_a_file_trained_on_other_cues_is_refused(tmp_path):
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["cues"] = data["cues"][:-1]
    stale = tmp_path / "checkworthy.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        CheckworthyModel.load(stale)


def test_no_scorer_for_an_embedder_it_was_not_trained_on():
    assert build_scorer(HashEmbedder()) is None
    assert build_scorer(None) is None


@pytest.fixture(scope="module")
def minilm():
    from vectorstore.embeddings import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.mark.real
def test_a_plain_claim_scores_high_and_advice_or_opinion_low(minilm):
    scorer = build_scorer(minilm)
    claim, advice, opinion = scorer.scores([CLAIM, ADVICE, "I think it is a lovely bridge."])
    assert claim > 0.9 > scorer.threshold
    assert advice < 0.1 < scorer.threshold
    assert opinion < 0.1


@pytest.mark.real
def test_extraction_drops_an_eligible_sentence_the_scorer_rejects(minilm):
    article = Article(id="c" * 16, title="Kherson", text=f"{CLAIM} {ADVICE}")
    llm = FakeLLM()

    def quotes(scorer):
        picks_all = FakeLLM(responder=lambda model, messages: _pick_all(model))
        claims = extract_article_claims(picks_all, article, scorer=scorer)
        return [c.quote for c in claims]

    assert quotes(None) == [CLAIM, ADVICE]  # the rules alone let the advice through
    scorer = build_scorer(minilm)
    assert quotes(scorer) == [CLAIM]
    assert extraction_hash(llm, scorer) != extraction_hash(llm)
    off = build_scorer(minilm, threshold=0.0)
    assert quotes(off) == [CLAIM, ADVICE]
    assert extraction_hash(llm, off) != extraction_hash(llm, scorer)  # stored claims re-made


def _pick_all(response_model):
    if response_model.__name__ == "ClaimPicks":
        schema = response_model.model_json_schema()
        numbers = schema["$defs"]["ClaimPick"]["properties"]["sentence"]["enum"]
        return {"claims": [{"sentence": n, "kind": "event"} for n in numbers]}
    return {"claims": []}


def test_zero_turns_the_scorer_off_and_so_does_the_hash_fake(settings):
    class Store:
        embedder = HashEmbedder()

    off = settings.model_copy(update={"checkworthy_threshold": 0.0})
    assert checkworthy_scorer(build_services(off, store=Store())) is None
    # The hash fake of the test settings is not the embedder the weights read.
    assert checkworthy_scorer(build_services(settings, store=Store())) is None


@pytest.mark.real
def test_the_configured_threshold_replaces_the_card_s(settings, minilm):
    class Store:
        embedder = minilm

    services = build_services(
        settings.model_copy(update={"checkworthy_threshold": 0.5}), store=Store()
    )
    scorer = checkworthy_scorer(services)
    assert scorer.threshold == 0.5
    assert re.fullmatch(r"[0-9a-f]{12}@0\.5", scorer.fingerprint)
