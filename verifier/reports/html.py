"""Render a Report as one self-contained HTML page: inline CSS and SVG, no script, prints well."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from verifier.reports.model import ArticleRef, ClaimEntry, EvidenceItem, Report
from verifier.reports.svg import consistency_map, verdict_bars
from verifier.reports.text import (
    TITLE,
    appearance_verdict,
    provenance_rows,
    quantities_text,
    review_note,
    span_text,
    split_unrelated,
    stamp_text,
    unrelated_label,
)

# The page runs no script at all; the policy makes sure nothing in the data could add one.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:1100px;
margin:0 auto;padding:1.5rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.stamp{color:#666;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}
.verdict{font-weight:600;white-space:nowrap}
.v-corroborated{color:#2e7d32}.v-contradicted{color:#c62828}.v-disputed{color:#ef6c00}
.v-unverified,.v-unchecked{color:#616161}
.review{display:block;font-weight:400;font-size:.85rem;color:#444;white-space:normal}
blockquote{margin:.3rem 0;padding:.2rem .8rem;border-left:4px solid #bbb;background:#fafafa}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.side h4{margin:.2rem 0}.supports{border-left-color:#2e7d32}.contradicts{border-left-color:#c62828}
.meta{color:#666;font-size:.85rem}
.charts{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
.chart text{font-size:13px;fill:#222}.chart .legend{font-size:11px;fill:#666}
.conflict{border:1px solid #eee;border-radius:6px;padding:.6rem 1rem;margin-bottom:1rem}
code{font-size:.85em}
details summary{color:#666;font-size:.85rem;cursor:pointer}
@media print{body{max-width:none;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}
section,.conflict,tr{break-inside:avoid}h2{break-after:avoid}.side{grid-template-columns:1fr 1fr}}
"""


def esc(text: object) -> str:
    """Escape text for HTML element content and quoted attributes."""
    return escape(str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s); anything else (javascript:, data:) is not linked."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _verdict(entry: ClaimEntry) -> str:
    verdict = entry.verdict or "unchecked"
    note = review_note(entry.review, entry.machine_verdict)
    extra = f'<span class="review">{esc(note)}</span>' if note else ""
    return f'<span class="verdict v-{esc(verdict)}">{esc(verdict)}{extra}</span>'


def _evidence(e: EvidenceItem) -> str:
    return (
        f'<blockquote class="{esc(e.stance)}">{esc(e.quote)}'
        f'<div class="meta">{esc(e.title)} · {esc(e.article_id)} · {esc(span_text(e.start, e.end))}'
        f" · {esc(e.stance)}{' · ' + esc(e.rationale) if e.rationale else ''}</div></blockquote>"
    )


def _evidence_cell(items: list[EvidenceItem]) -> str:
    """Supporting and contradicting passages in full; those judged unrelated folded away."""
    relevant, unrelated = split_unrelated(items)
    cell = "".join(_evidence(e) for e in relevant)
    if unrelated:
        # Shown, because they are what the verdict was checked against, but not in the way.
        cell += (
            f"<details><summary>{esc(unrelated_label(len(unrelated)))}</summary>"
            f"{''.join(_evidence(e) for e in unrelated)}</details>"
        )
    return cell or "(none)"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _article_link(a: ArticleRef) -> str:
    url = safe_url(a.url)
    title = esc(a.title)
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{title}</a>' if url else title


def _summary(report: Report) -> str:
    s = report.summary
    counts = _table(
        [
            "Articles",
            "Claims",
            "Checked",
            "Unchecked",
            "Conflicts",
            "Repeated claims",
            "Reviewed",
            "Confirmed",
            "Overridden",
        ],
        [
            [
                esc(x)
                for x in (
                    s.articles,
                    s.claims,
                    s.checked,
                    s.unchecked,
                    s.conflicts,
                    s.groups,
                    s.reviewed,
                    s.confirmed,
                    s.overridden,
                )
            ]
        ],
    )
    verdicts = _table(
        ["Verdict", "Standing (after review)", "Machine"],
        [
            [
                f'<span class="verdict v-{esc(v)}">{esc(v)}</span>',
                esc(s.verdicts[v]),
                esc(s.machine_verdicts[v]),
            ]
            for v in s.verdicts
        ],
    )
    refs = [sec.article for sec in report.articles]
    legend = "".join(f"<li>{_article_link(a)}</li>" for a in refs)
    return (
        f'<section id="summary"><h2>Summary</h2>{counts}<div class="charts">'
        f"<figure>{verdict_bars(s.verdicts, s.machine_verdicts)}"
        f"<figcaption>Verdict counts</figcaption></figure>"
        f"<figure>{consistency_map(refs, report.links)}<figcaption>Consistency map: "
        f'<span style="color:#2e7d32">green</span> edges corroborate, '
        f'<span style="color:#c62828">red</span> edges conflict</figcaption>'
        f'<ol class="meta">{legend}</ol></figure></div>{verdicts}</section>'
    )


def _conflicts(report: Report) -> str:
    if not report.conflicts:
        return '<section id="conflicts"><h2>Conflicts</h2><p>No claim stands contradicted or disputed.</p></section>'
    entries = {c.id: c for c in report.claim_entries()}
    parts = []
    for c in report.conflicts:
        entry = entries[c.claim_id]
        sup = "".join(_evidence(e) for e in c.supporting) or "<p>(none)</p>"
        con = "".join(_evidence(e) for e in c.contradicting) or "<p>(none)</p>"
        parts.append(
            f'<div class="conflict" id="conflict-{esc(c.claim_id)}"><h3>{esc(c.text)}</h3>'
            f'<p>{_verdict(entry)}</p><blockquote>{esc(c.quote)}<div class="meta">'
            f"{esc(c.article_title)} · {esc(c.article_id)} · {esc(span_text(c.start, c.end))}"
            f'</div></blockquote><div class="side"><div><h4>Supporting</h4>{sup}</div>'
            f"<div><h4>Contradicting</h4>{con}</div></div></div>"
        )
    return f'<section id="conflicts"><h2>Conflicts</h2>{"".join(parts)}</section>'


def _claim_cell(c: ClaimEntry) -> str:
    # The verbatim quote is shown only when the claim was reworded from it.
    span = f'<div class="meta">{esc(span_text(c.start, c.end))}</div>'
    if c.quote.strip() == c.text.strip():
        return f"{esc(c.text)}{span}"
    return f"{esc(c.text)}<blockquote>{esc(c.quote)}{span}</blockquote>"


def _articles(report: Report) -> str:
    parts = []
    for i, section in enumerate(report.articles, 1):
        a = section.article
        meta = " · ".join(esc(x) for x in (a.id, a.outlet, a.published) if x)
        rows = [
            [
                esc(n),
                _claim_cell(c),
                _verdict(c),
                esc(c.attributed_to or ""),
                "yes" if c.hedged else "no",
                esc(quantities_text(c.quantities)),
                _evidence_cell(c.evidence),
            ]
            for n, c in enumerate(section.claims, 1)
        ]
        table = (
            _table(["#", "Claim", "Verdict", "Asserted by", "Hedged", "Figures", "Evidence"], rows)
            if rows
            else "<p>No claims extracted.</p>"
        )
        parts.append(
            f'<article id="article-{esc(a.id)}"><h3>{i}. {_article_link(a)}</h3>'
            f'<p class="meta">{meta}</p>{table}</article>'
        )
    return f'<section id="articles"><h2>Articles</h2>{"".join(parts)}</section>'


def _groups(report: Report) -> str:
    if not report.groups:
        return '<section id="groups"><h2>Same claim in several articles</h2><p>No claim is repeated across articles.</p></section>'
    parts = []
    for g in report.groups:
        f = g.first_appearance
        rows = [
            [
                esc(a.article_title),
                esc(a.published or ""),
                esc(a.quote),
                esc(appearance_verdict(a, g)),
            ]
            for a in g.appearances
        ]
        parts.append(
            f'<div class="group" id="{esc(g.id)}"><h3>{esc(g.text)}</h3><p class="meta">'
            f"First appearance: {esc(f.article_title)} ({esc(f.published or 'undated')})</p>"
            f"{_table(['Article', 'Published', 'Quote', 'Verdict'], rows)}</div>"
        )
    return f'<section id="groups"><h2>Same claim in several articles</h2>{"".join(parts)}</section>'


def _reviews(report: Report) -> str:
    reviewed = [c for c in report.claim_entries() if c.review]
    if not reviewed:
        return ""
    rows = [
        [
            esc(c.text),
            esc(c.machine_verdict or "unchecked"),
            _verdict(c),
            esc(c.review.reviewer),
            esc(c.review.note),
            esc(c.review.at),
        ]
        for c in reviewed
    ]
    table = _table(["Claim", "Machine verdict", "Reviewer verdict", "Reviewer", "Note", "At"], rows)
    return f'<section id="reviews"><h2>Reviewer decisions</h2>{table}</section>'


def _provenance(report: Report) -> str:
    rows = provenance_rows(report.provenance)
    table = _table(["Field", "Value"], [[esc(k), f"<code>{esc(v)}</code>"] for k, v in rows])
    return f'<section id="provenance"><h2>Provenance</h2>{table}</section>'


def render_html(report: Report) -> str:
    """The whole report as a single HTML document with no external assets and no script."""
    p = report.provenance
    body = "".join(
        part(report) for part in (_summary, _conflicts, _articles, _groups, _reviews, _provenance)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(TITLE)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{esc(TITLE)}</h1><p class="stamp">{esc(stamp_text(p))} · corpus '
        f"<code>{esc(p.corpus_hash)}</code></p></header>{body}</body></html>\n"
    )
