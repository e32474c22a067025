"""The consistency map as Graphviz DOT: escaped labels, coloured edges, the selected article."""

from __future__ import annotations

from verifier.reports.dot import build_dot, edge_label
from verifier.reports.model import ArticleLink


def test_dot_escapes_titles_and_colours_edges():
    titles = {"a1": 'Putin "faces" mutiny \\ now', "b2": "Other"}
    links = [ArticleLink(source="a1", target="b2", supports=2, contradicts=1)]
    dot = build_dot(titles, {"a1": 3}, links, selected="a1")
    assert 'Putin \\"faces\\" mutiny \\\\ now' in dot
    assert '"a1" -- "b2"' in dot and "#d97706" in dot  # both kinds: orange
    assert edge_label(links[0]) == "2 support · 1 contradict"
    assert dot.count('fillcolor="#dbe8ff"') == 1


def test_edge_colour_says_which_kind_of_link():
    titles = {"a1": "One", "b2": "Two", "c3": "Three"}
    links = [
        ArticleLink(source="a1", target="b2", supports=1),
        ArticleLink(source="b2", target="c3", contradicts=2),
    ]
    dot = build_dot(titles, {}, links)
    assert '"a1" -- "b2" [label="1 support", color="#16a34a"' in dot  # corroborates: green
    assert '"b2" -- "c3" [label="2 contradict", color="#dc2626"' in dot  # conflicts: red
    assert "(0 claims)" in dot and "#dbe8ff" not in dot  # nothing selected
    assert edge_label(ArticleLink(source="a1", target="b2")) == "related"
