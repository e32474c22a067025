"""Clauses of a contrasting sentence become quotes of their own, verbatim in the article."""

from __future__ import annotations

from verifier.overlap import extract_terms, measure_overlap
from verifier.stance.clauses import contrast_spans as _clauses
from verifier.stance.judge import _with_clauses
from verifier.stance.rules import Span


def test_contrasting_sentences_split_into_verbatim_clauses():
    text = (
        "Despite taking control of Luhansk in the summer, Russia's army has made little headway "
        "in Donetsk."
    )
    assert [text[a:b] for a, b in _clauses(text)] == [
        "Despite taking control of Luhansk in the summer",
        " Russia's army has made little headway in Donetsk.",
    ]
    robberies = "Robberies came down to 395 cases but 144 bank robberies were recorded."
    assert len(_clauses(robberies)) == 2
    assert _clauses("Russia called up 300,000 reservists.") == []


def test_clause_spans_keep_article_offsets_and_skip_pairs():
    article = "Intro. " + "Gerasimov was close to the blast but wounded in the shin by shrapnel."
    start = article.index("Gerasimov")
    o = measure_overlap(extract_terms("x"), extract_terms(article))
    sentence = Span(start, len(article), article[start:], o, 0.0, False)
    pair = Span(0, len(article), article, o, 0.0, False)
    out = _with_clauses([sentence, pair], extract_terms("x"), {(start, len(article))})
    clauses = [s for s in out if s.clause]
    assert [article[s.start : s.end] for s in clauses] == [s.text for s in clauses]
    assert {s.text for s in clauses} == {
        "Gerasimov was close to the blast",
        "wounded in the shin by shrapnel.",
    }


def test_spans_at_the_same_offsets_in_two_articles_keep_their_own_reading():
    from verifier.stance.judge import _score_with_classifier

    class ByText:
        def predict(self, pairs):
            return [
                {"supports": 0.8, "contradicts": 0.1, "unrelated": 0.1}
                if "rose" in text
                else {"supports": 0.1, "contradicts": 0.8, "unrelated": 0.1}
                for text, _ in pairs
            ]

    o = measure_overlap(extract_terms("x"), extract_terms("y"))
    up = Span(0, 14, "Exports rose..", o, 0.0, False)
    down = Span(0, 14, "Exports fell..", o, 0.0, False)
    (a,), (b,) = _score_with_classifier(ByText(), "Exports rose.", [[up], [down]])
    assert a.probs["supports"] == 0.8 and b.probs["contradicts"] == 0.8


def test_masked_cosines_of_two_articles_at_the_same_offsets_stay_apart():
    from types import SimpleNamespace

    from verifier.stance.judge import _with_cosines

    class Words:
        def name(self):
            return "words"

        def encode(self, texts):
            import numpy as np

            return np.array(
                [[t.count("reservists") + 0.01, t.count("troops") + 0.01] for t in texts]
            )

    services = SimpleNamespace(store=SimpleNamespace(embedder=Words()))
    claim = "Russia called up 300,000 reservists."
    o = measure_overlap(extract_terms("x"), extract_terms("y"))
    same = Span(0, 30, "Russia called 20 reservists up", o, 0.0, False)
    other = Span(0, 30, "Russia called 20 troops up ...", o, 0.0, False)
    (b,), (a,) = _with_cosines(services, claim, [1], [[other], [same]])
    assert a.subject > 0.99 and b.subject < 0.1


def test_a_relative_clause_is_quoted_with_the_name_it_tells_of():
    from verifier.stance.clauses import relative_spans as _relative_clauses

    text = (
        "Hsia resigned in the wake of Typhoon Morakot, which swept though Taiwan Aug. 7-10, "
        "killing over 600 people."
    )
    assert [text[a:b] for a, b in _relative_clauses(text)] == [
        "Typhoon Morakot, which swept though Taiwan Aug. 7-10, killing over 600 people."
    ]
    # a name opening the sentence is the sentence itself
    assert _relative_clauses("Dennis Rader, who called himself BTK, was sentenced.") == []


def test_a_dated_month_and_a_month_are_one_period_for_a_toll():
    from verifier.extract.quantities import parse_quantities
    from verifier.stance.subject import relate

    claim = "Fewer than 100 people died when Typhoon Morakot struck Taiwan in August."
    said = "Typhoon Morakot, which swept though Taiwan Aug. 7-10, killing over 600 people."
    a, b = parse_quantities(claim)[0], parse_quantities(said)[0]
    assert relate(a, claim, b, said, near_copy=False) == "conflict"
