"""One Markdown escaper and one link rule, for the app and every report."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from verifier.escaping import escape_markdown, safe_url


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text).strip()


@pytest.mark.parametrize(
    "url", ["https://x.example/a", "http://x.example/a?b=1&c=2#d", "HTTPS://X.example/"]
)
def test_plain_web_links_are_kept(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "ftp://x.example/a",
        "https://",
        " https://x.example/a",  # leading space: not a plain link
        "https://x.org/a) [evil](javascript:x",  # would close a Markdown link and open another
        "https://x.org/a)[evil](javascript:x)",
        "https://x.org/<b>",
        "",
        None,
    ],
)
def test_anything_else_is_not_linked(url):
    assert safe_url(url) is None


def test_inline_markdown_is_shown_as_typed():
    hostile = "**b** _i_ `c` [l](u) ![i](u) <http://x> <b>x</b> a|b ~~s~~ $x$ :red[r] # h"
    assert rendered(escape_markdown(hostile)) == (
        "<p>**b** _i_ `c` [l](u) ![i](u) &lt;http://x&gt; &lt;b&gt;x&lt;/b&gt; a|b ~~s~~ $x$ "
        ":red[r] # h</p>"
    )


@pytest.mark.parametrize("text", ["# heading", "- item", "+ item", "1. item", "> quote", "---"])
def test_block_syntax_at_the_start_of_a_line_stays_text(text):
    assert rendered(escape_markdown(text)) == f"<p>{text.replace('>', '&gt;')}</p>"


def test_one_line_and_edge_spaces_kept_for_joining_pieces():
    assert escape_markdown(" a\n\n b\t") == " a b "


def test_the_markdown_file_escaper_keeps_plain_text_readable():
    from markdown_it import MarkdownIt

    from verifier.escaping import escape_markdown_text

    assert escape_markdown_text("claimcheck 0.1.0, chars 32-69, $5 (AT&T)") == (
        "claimcheck 0.1.0, chars 32-69, $5 (AT&T)"
    )
    hostile = "1. **b** _i_ `c` [l](u) <b>x</b> a|b ~~s~~ &amp;"
    html = MarkdownIt("commonmark").enable("strikethrough").render(escape_markdown_text(hostile))
    assert html.strip() == (
        "<p>1. **b** _i_ `c` [l](u) &lt;b&gt;x&lt;/b&gt; a|b ~~s~~ &amp;amp;</p>"
    )
