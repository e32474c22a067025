"""Pure helpers of the UI: escaping, highlighting, marked article text, safe links, shortened claims."""

from __future__ import annotations

from types import SimpleNamespace

from ui.components import context_window, escape_markdown, highlight, shorten
from ui.library import marked_text


def test_article_text_cannot_inject_html_or_markdown():
    hostile = "<script>alert(1)</script> **bold** [link](http://x) $x$"
    out = escape_markdown(hostile)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\\*\\*bold\\*\\*" in out and "\\[link\\]" in out and "\\$x\\$" in out


def test_highlight_marks_exactly_the_span():
    passage = "First sentence. The <b>quoted</b> one. Last."
    start = passage.index("The")
    end = passage.index("Last") - 1
    out = highlight(passage, start, end)
    assert out.count("<mark>") == 1 and out.count("</mark>") == 1
    inside = out.split("<mark>")[1].split("</mark>")[0]
    assert inside == escape_markdown(passage[start:end])
    assert "<b>" not in out


def test_context_window_keeps_offsets():
    text = "x" * 1000 + "QUOTE" + "y" * 1000
    window, s, e = context_window(text, 1000, 1005, chars=50)
    assert window[s:e] == "QUOTE" and window.startswith("… ") and window.endswith(" …")


def test_marked_text_marks_each_claim_once():
    text = "Alpha beta.\n\nGamma delta."
    claims = [
        SimpleNamespace(id="a", start=0, end=11, text="Alpha beta."),
        SimpleNamespace(id="b", start=13, end=25, text="Gamma delta."),
        SimpleNamespace(id="c", start=2, end=6, text="overlap"),
    ]
    out = marked_text(text, claims, {"a": "contradicted"})
    assert out.count("<mark") == 2
    assert "#fecaca" in out and "\n\n" in out  # contradicted colour; paragraphs kept


def test_only_plain_web_links_are_rendered():
    from ui.components import safe_url

    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.org/a) [evil](javascript:x") is None
    assert safe_url(None) is None


def test_shorten_never_leaves_a_quotation_open():
    claim = (
        "The Russian soldier told his wife in an intercepted call that was later published: "
        "“I'm thumping drunk, nobody comes back from here, everyone is fired on by our own side”"
    )
    short = shorten(claim, 120)
    assert len(short) <= 120 and short.endswith("…”")
    assert short.count("“") == short.count("”")
    assert shorten('He said "we will win the war before the winter" and left.', 30) == (
        'He said "we will win the…"'
    )
    assert shorten("A claim that fits.", 120) == "A claim that fits."
    assert not shorten("Asked about it, the minister said: “x y z”", 38).endswith("“…")
