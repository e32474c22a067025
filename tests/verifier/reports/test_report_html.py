"""HTML report: self-contained, no script from the data, charts and overrides readable."""

from __future__ import annotations

from html.parser import HTMLParser

from verifier.escaping import safe_url
from verifier.reports import render_html


class Page(HTMLParser):
    """Collect elements (tag, attrs, text inside) without any HTML library."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(el)
        if tag not in ("meta", "br", "link", "img"):
            self._open.append(el)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": ""})

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self._open:
            el["text"] += data

    def find(self, tag: str, **attrs) -> list[dict]:
        return [
            e
            for e in self.elements
            if e["tag"] == tag and all(attrs[k] in (e["attrs"].get(k) or "").split() for k in attrs)
        ]


def test_no_script_no_event_handlers_no_external_assets(report):
    html = render_html(report)
    page = Page(html)
    assert page.find("script") == []
    for el in page.elements:
        assert not any(name.startswith("on") for name in el["attrs"]), el
        assert "src" not in el["attrs"]
        href = el["attrs"].get("href")
        if href is not None:
            assert href.startswith(("https://", "http://")), href
    assert len(page.find("style")) == 1 and "@media print" in page.find("style")[0]["text"]
    assert "url(" not in page.find("style")[0]["text"] and "@import" not in html
    csp = page.find("meta")[1]["attrs"]
    assert csp["http-equiv"] == "Content-Security-Policy" and "default-src 'none'" in csp["content"]


def test_hostile_text_is_shown_as_text(report):
    page = Page(render_html(report))
    body = page.find("body")[0]["text"]
    assert "<script>alert('pwned')</script>" in body
    assert "The Daily <b>Bold</b>" in body
    assert page.find("b") == []
    # The javascript: URL of article a1 is not linked; a2's https URL is, with its query intact.
    links = [a["attrs"]["href"] for a in page.find("a")]
    assert set(links) == {"https://news.example/second?a=1&b=2"}


def test_safe_url_only_links_http():
    assert safe_url("https://x.example/a") == "https://x.example/a"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "",
        None,
    ):
        assert safe_url(bad) is None


def test_charts_draw_verdict_counts_and_consistency_map(report):
    page = Page(render_html(report))
    svgs = page.find("svg")
    assert [s["attrs"]["aria-label"] for s in svgs] == ["Verdict counts", "Consistency map"]
    assert len(page.find("circle")) == 3
    assert len(page.find("line", **{"class": "corroborating"})) == 2
    assert len(page.find("line", **{"class": "conflicting"})) == 2
    bars = [
        float(r["attrs"]["width"]) for r in page.find("rect") if r["attrs"].get("height") == "18"
    ]
    # Standing counts 2, 1, 1, 2: the bars scale with them.
    assert bars[0] == bars[3] == 2 * bars[1] == 2 * bars[2] > 0
    titles = [n["text"] for n in page.find("g", **{"class": "node"})]
    assert titles[0] == "Officers in dismay <script>alert('pwned')</script>1"


def test_override_shown_next_to_machine_verdict(report, records):
    page = Page(render_html(report))
    article = page.find("article", id="article-a2")[0]
    assert "overridden by bo; machine said contradicted: sources are anonymous" in article["text"]
    verdicts = [v["text"] for v in page.find("span", **{"class": "verdict"})]
    assert "corroborated" + "confirmed by ana" in verdicts
    reviews = page.find("section", id="reviews")[0]["text"]
    assert (
        "contradicted" in reviews
        and "sources are anonymous [click me](javascript:alert(1))" in reviews
    )


def test_conflicts_section_puts_both_sides_together(report):
    page = Page(render_html(report))
    conflicts = page.find("div", **{"class": "conflict"})
    assert len(conflicts) == 2
    second = conflicts[1]["text"]
    assert second.index("Supporting") < second.index("Commanders fled the Kherson region in haste.")
    assert second.index("Contradicting") < second.index("Russian commanders did not flee")


def test_unrelated_passages_are_folded_under_the_relevant_ones(report_with_unrelated):
    report, _ = report_with_unrelated
    html = render_html(report)
    page = Page(html)
    (folded,) = page.find("details")
    assert "1 passage checked, judged unrelated" in folded["text"]
    assert "The weather was mild." in folded["text"]
    # the supporting passage stays in view, outside the fold
    supports = page.find("blockquote", **{"class": "supports"})
    assert any("About 400 Russian troops die every day" in b["text"] for b in supports)
    assert all("About 400 Russian" not in d["text"] for d in page.find("details"))


def test_a_claim_with_a_script_tag_is_escaped(report, records):
    from tests.verifier.reports.conftest import SCRIPT

    c3 = records["ids"]["c3"]
    html = render_html(report)
    assert SCRIPT not in html
    assert "The statement read &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html
    cell = [td for td in Page(html).find("td") if td["text"].startswith("The statement read")]
    assert cell and cell[0]["text"].startswith(c3.text)


def test_the_template_environment_autoescapes():
    from verifier.reports.html import _environment

    env = _environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_verdict_colours_come_from_the_verdict_vocabulary(report):
    from verifier.verdict_labels import NOT_CHECKED, STYLES, UNCHECKED_STYLE

    page = Page(render_html(report))
    css = page.find("style")[0]["text"]
    for verdict, style in STYLES.items():
        assert f".v-{verdict}{{color:{style.colour}}}" in css
    assert f".v-unchecked{{color:{UNCHECKED_STYLE.colour}}}" in css
    assert ".v-unverified{color:#757575}" in css  # the SVG's grey, not a second one
    # A claim with no verdict reads 'not checked', as in the app and the CLI; its class stays.
    (unchecked,) = page.find("span", **{"class": "v-unchecked"})
    assert unchecked["text"] == NOT_CHECKED
