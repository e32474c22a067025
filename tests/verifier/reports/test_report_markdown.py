"""Markdown report: content read back from its tables, and article text kept inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from verifier.reports import render_markdown
from verifier.reports.markdown import md

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def unescape(cell: str) -> str:
    """Undo Markdown backslash escapes and the entities the renderer wrote."""
    text = re.sub(r"\\(.)", r"\1", cell.strip())
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parse_tables(markdown: str) -> list[list[dict[str, str]]]:
    """Every pipe table as a list of {header: cell} rows (loose: enough for this renderer)."""
    tables, block = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            block.append([unescape(c) for c in _CELL_SPLIT.split(line.strip())[1:-1]])
            continue
        if len(block) >= 2:
            header = block[0]
            tables.append([dict(zip(header, row, strict=True)) for row in block[2:]])
        block = []
    return tables


def sections(markdown: str) -> dict[str, str]:
    """Level-2 sections by heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_sections_in_order_and_summary_table_reads_back(report):
    text = render_markdown(report)
    assert list(sections(text)) == [
        "Summary",
        "Conflicts",
        "Articles",
        "Same claim in several articles",
        "Reviewer decisions",
        "Provenance",
    ]
    counts, verdicts = parse_tables(sections(text)["Summary"])
    assert counts[0]["Claims"] == "7" and counts[0]["Confirmed"] == "1"
    assert counts[0]["Overridden"] == "1"
    assert {r["Verdict"]: (r["Standing (after review)"], r["Machine"]) for r in verdicts} == {
        "corroborated": ("2", "2"),
        "contradicted": ("1", "2"),
        "disputed": ("1", "1"),
        "unverified": ("2", "1"),
    }


def test_article_tables_show_claims_verdicts_and_overrides(report, records):
    body = sections(render_markdown(report))["Articles"]
    tables = parse_tables(body)
    assert [len(t) for t in tables] == [4, 2, 1]
    a2 = tables[1]
    assert a2[0]["Claim"] == "About 400 Russian troops die every day"
    assert a2[0]["Verdict"] == "corroborated (confirmed by ana)"
    assert a2[0]["Asserted by"] == "officials" and a2[0]["Figures"] == "400 troops/day"
    override = a2[1]["Verdict"]
    assert override.startswith("unverified (overridden by bo; machine said contradicted")
    assert "sources are anonymous" in override
    a1 = tables[0]
    assert a1[0]["Quote"] == "chars 32-69"  # verbatim claim: the span is enough
    assert a1[1]["Hedged"] == "yes"
    assert "Commanders fled the Kherson region in haste." in a1[1]["Evidence"]
    assert a1[2]["Claim"] == records["ids"]["c3"].text  # hostile text survives verbatim


def test_conflicts_side_by_side(report):
    tables = parse_tables(sections(render_markdown(report))["Conflicts"])
    disputed = tables[1][0]
    assert disputed["Supporting"].startswith(
        '"Commanders fled the Kherson region in haste." (Undated'
    )
    assert disputed["Contradicting"].startswith('"Russian commanders did not flee')
    assert "chars 56-107" in disputed["Contradicting"]


def test_group_lists_every_appearance_first_one_first(report):
    body = sections(render_markdown(report))["Same claim in several articles"]
    assert "First appearance: *@SUM(1+1) Second report* (2022-10-01)" in unescape(body)
    rows = parse_tables(body)[0]
    assert [r["Published"] for r in rows] == ["2022-10-01", "2022-10-02"]


def test_html_and_links_in_article_text_render_inert(report):
    html = MarkdownIt("commonmark").enable("table").render(render_markdown(report))
    parser = _Tags()
    parser.feed(html)
    tags = {t for t, _ in parser.tags}
    assert "script" not in tags and "b" not in tags
    assert "a" not in tags and "img" not in tags
    shown = "".join(parser.text)
    assert "<script>alert('pwned')</script>" in shown
    assert "[click me](javascript:alert(1))" in shown


def test_md_escapes_every_inline_construct():
    hostile = "**b** _i_ `c` [l](u) ![i](u) <http://x> <b>x</b> a|b ~~s~~ # h\nnext"
    html = MarkdownIt("commonmark").enable("strikethrough").render(md(hostile))
    assert html.strip() == (
        "<p>**b** _i_ `c` [l](u) ![i](u) &lt;http://x&gt; &lt;b&gt;x&lt;/b&gt; a|b ~~s~~ # h next</p>"
    )


def test_unrelated_passages_are_named_by_place_not_quoted(report_with_unrelated):
    from tests.verifier.reports.conftest import A3

    report, unrelated = report_with_unrelated
    text = render_markdown(report)
    row = unescape(
        next(line for line in text.splitlines() if "400 Russian soldiers are killed a day" in line)
    )
    assert '"About 400 Russian troops die every day"' in row  # the support, quoted
    place = f"{A3.id} chars {unrelated.start}-{unrelated.end}"
    assert f"1 passage checked, judged unrelated: {place}" in row
    assert "The weather was mild." not in row
