"""Render a Report as Markdown; article text is escaped so it can never become a link or HTML."""

from __future__ import annotations

from itertools import zip_longest

from verifier.escaping import escape_markdown_text
from verifier.reports.model import EvidenceItem, Report
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
    verdict_text,
)
from verifier.verdict_labels import NOT_CHECKED


def md(text: object) -> str:
    """Escape text for any inline position: one line, no live Markdown or HTML."""
    return escape_markdown_text(str(text))


def _row(*cells: object) -> str:
    return "| " + " | ".join(md(c) if c != "" else " " for c in cells) + " |"


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = [_row(*header), "|" + "---|" * len(header)]
    lines += [_row(*r) for r in rows]
    return lines + [""]


def _evidence(e: EvidenceItem | None) -> str:
    if e is None:
        return ""
    return f'"{e.quote}" ({e.title}, {e.article_id}, {span_text(e.start, e.end)}, {e.stance})'


def _evidence_cell(items: list[EvidenceItem]) -> str:
    """Supporting and contradicting passages quoted; those judged unrelated named by place only."""
    relevant, unrelated = split_unrelated(items)
    parts = [_evidence(e) for e in relevant]
    if unrelated:
        # Where the check looked stays auditable; the text is in the JSON, CSV and HTML reports.
        places = ", ".join(f"{e.article_id} {span_text(e.start, e.end)}" for e in unrelated)
        parts.append(f"{unrelated_label(len(unrelated))}: {places}")
    return "; ".join(parts) or "(none)"


def _quote(quote: str, text: str, start: int, end: int) -> str:
    # The verbatim quote is repeated only when the claim was reworded from it.
    span = span_text(start, end)
    return span if quote.strip() == text.strip() else f"“{quote}” ({span})"


def _summary(report: Report) -> list[str]:
    s = report.summary
    lines = ["## Summary", ""]
    lines += _table(
        [
            "Articles",
            "Claims",
            "Checked",
            "Not checked",
            "Conflicts",
            "Repeated claims",
            "Reviewed",
            "Confirmed",
            "Overridden",
        ],
        [
            [
                s.articles,
                s.claims,
                s.checked,
                s.unchecked,
                s.conflicts,
                s.groups,
                s.reviewed,
                s.confirmed,
                s.overridden,
            ]
        ],
    )
    lines += _table(
        ["Verdict", "Standing (after review)", "Machine"],
        [[v, s.verdicts[v], s.machine_verdicts[v]] for v in s.verdicts],
    )
    return lines


def _conflicts(report: Report) -> list[str]:
    lines = ["## Conflicts", ""]
    if not report.conflicts:
        return lines + ["No claim stands contradicted or disputed.", ""]
    entries = {c.id: c for c in report.claim_entries()}
    for n, c in enumerate(report.conflicts, 1):
        entry = entries.get(c.claim_id)
        lines += [
            f"### {n}. {md(c.text)}",
            "",
            f"- Claim {md(c.claim_id)} in *{md(c.article_title)}* ({md(c.article_id)}, "
            f"{span_text(c.start, c.end)})",
            f"- Verdict: **{md(verdict_text(entry or c))}**",
            f"- Quote: “{md(c.quote)}”",
            "",
        ]
        pairs = list(zip_longest(c.supporting, c.contradicting))
        lines += _table(
            ["Supporting", "Contradicting"],
            [[_evidence(a), _evidence(b)] for a, b in pairs] or [["(none)", "(none)"]],
        )
    return lines


def _articles(report: Report) -> list[str]:
    lines = ["## Articles", ""]
    for section in report.articles:
        a = section.article
        lines += [f"### {md(a.title)}", ""]
        meta = [f"id {a.id}"] + [x for x in (a.outlet, a.published, a.url) if x]
        lines += [md(" · ".join(meta)), ""]
        if not section.claims:
            lines += ["No claims extracted.", ""]
            continue
        lines += _table(
            ["#", "Claim", "Quote", "Verdict", "Asserted by", "Hedged", "Figures", "Evidence"],
            [
                [
                    i,
                    c.text,
                    _quote(c.quote, c.text, c.start, c.end),
                    verdict_text(c),
                    c.attributed_to or "",
                    "yes" if c.hedged else "no",
                    quantities_text(c.quantities),
                    _evidence_cell(c.evidence),
                ]
                for i, c in enumerate(section.claims, 1)
            ],
        )
    return lines


def _groups(report: Report) -> list[str]:
    lines = ["## Same claim in several articles", ""]
    if not report.groups:
        return lines + ["No claim is repeated across articles.", ""]
    for g in report.groups:
        f = g.first_appearance
        lines += [
            f"### {md(g.text)}",
            "",
            f"First appearance: *{md(f.article_title)}* ({md(f.published or 'undated')})",
            "",
        ]
        lines += _table(
            ["Article", "Published", "Quote", "Verdict"],
            [
                [
                    a.article_title,
                    a.published or "",
                    f"“{a.quote}” ({span_text(a.start, a.end)})",
                    appearance_verdict(a, g),
                ]
                for a in g.appearances
            ],
        )
    return lines


def _reviews(report: Report) -> list[str]:
    reviewed = [c for c in report.claim_entries() if c.review]
    if not reviewed:
        return []
    lines = ["## Reviewer decisions", ""]
    return lines + _table(
        ["Claim", "Machine verdict", "Reviewer verdict", "Decision", "At"],
        [
            [
                c.text,
                c.machine_verdict or NOT_CHECKED,
                c.review.verdict,
                review_note(c.review, c.machine_verdict),
                c.review.at,
            ]
            for c in reviewed
        ],
    )


def _provenance(report: Report) -> list[str]:
    rows = provenance_rows(report.provenance)
    return ["## Provenance", ""] + _table(["Field", "Value"], rows)


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
    p = report.provenance
    lines = [
        f"# {TITLE}",
        "",
        md(f"{stamp_text(p)}."),
        "",
    ]
    for part in (_summary, _conflicts, _articles, _groups, _reviews, _provenance):
        lines += part(report)
    return "\n".join(lines).rstrip() + "\n"
