"""Hostile article text through ingest, extraction, crosscheck and build_report: inert in every format."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from verifier.crosscheck import crosscheck
from verifier.extract.claims import extract_claims
from verifier.reports import FORMATS, build_report, render

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = "[click here](javascript:alert(2))"
IMAGE = "![tracker](http://evil.example/p.png)"
FORMULAS = [
    '=HYPERLINK("http://evil.example","open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=2+2",
]

HOSTILE = (
    f"The city council of Porto approved 40 new electric buses on Monday, officials said {SCRIPT}. "
    f"The buses will cost 22 million euros, according to the agency {IMG}. "
    f"Mayor Rui Moreira said 30 percent of emissions would go, see {LINK} and {IMAGE}. "
    + " ".join(f"{f} was typed into the 12 cells of the budget sheet on Friday." for f in FORMULAS)
)
OTHER = (
    "Porto's city council has approved 40 new electric buses, the transport agency confirmed on Tuesday. "
    "The buses will cost 25 million euros, the agency said."
)


class Tags(HTMLParser):
    """Every element of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


def test_hostile_article_is_inert_in_every_export(services):
    services.store.add_text(
        f"=cmd|'/C calc'!A0 {SCRIPT} Porto buses", HOSTILE, url="javascript:alert(3)"
    )
    services.store.add_text("Porto buses follow-up", OTHER, url="https://news.example/porto")
    claims = extract_claims(services)
    assert any(SCRIPT in c.quote or IMG in c.quote or LINK in c.quote for c in claims), (
        "hostile text must reach the report"
    )
    crosscheck(services)
    report = build_report(services)
    out = {fmt: render(report, fmt) for fmt in FORMATS}

    tags = Tags()
    tags.feed(out["html"])
    assert not {"script", "img", "iframe", "object"} & {t for t, _ in tags.seen}
    for tag, attrs in tags.seen:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)  # no event handler came from the text
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert "&lt;img src=x onerror=" in out["html"]  # the text is shown, escaped

    md = out["md"]
    assert "<script" not in md and "<img" not in md
    assert "](javascript:" not in md and "![" not in md  # no live link or image

    for fmt in ("json", "claimreview"):
        assert "<" not in out[fmt] and ">" not in out[fmt]  # inert if pasted into a page
        json.loads(out[fmt])  # and still valid JSON
    data = json.loads(out["json"])
    assert SCRIPT in json.dumps(data, ensure_ascii=False)  # the data itself is kept, only encoded

    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    cells = {cell for row in rows for cell in row}
    assert any(c.startswith("'=cmd") for c in cells) and any(c.startswith("'-2+3") for c in cells)
