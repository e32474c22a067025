"""Clauses: where a sentence or a claim says two things, and a name with its relative clause.

Three readers split at connectives, each with its own list on purpose (measured on the news dev
halves): the quotes of a passage (`contrast_spans`: 'A, but B', 'Despite A, B', and a name with
its relative clause, `relative_spans`), the clause a contradiction cue is read in
(`contrast_parts`), and the statements a claim joins (`joined_statements`: 'and' too, since each
statement of a claim needs its own support, while 'A and B' in a passage is one quote).
"""

from __future__ import annotations

import re

# Connectives whose clauses each assert something: 'A, but B', 'Despite A, B', 'A, while B'.
_CONTRAST_SPAN = re.compile(r",?\s+but\s+|,\s+(?:while|whereas|although|though|yet)\s+|;\s+")
_OPENER = re.compile(r"^(?:Despite|Although|While|Though)\b[^,]*(,)")
# Clauses joined by a contrast say two things; a cue counts in the one that says the claim's.
_CONTRAST_PART = re.compile(r",?\s+(?:but|while|whereas|although|though|yet)\s+|;\s+", re.I)
# Two statements joined in one claim: each needs its own support.
_JOINED = re.compile(r",?\s+(?:and|but|while|whereas)\s+|;\s+", re.I)
# Who says it is the claim's source, not a statement of its own ('..., per Victor Kovalenko').
_SOURCE_TAIL = re.compile(r",?\s+(?:per|according to)\s+.*$|,\s+[^,]*\b(?:says?|said)\s*$", re.I)
# A relative clause says something of the name before it: 'in the wake of Typhoon Morakot, which
# swept through Taiwan Aug. 7-10, killing over 600 people'. Read with that name, it is a quote.
_RELATIVE = re.compile(r"((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*),\s+(?:which|who)\s+")


def contrast_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a contrasting sentence; [] when it has one."""
    cuts, at = [], 0
    opener = _OPENER.match(text)
    if opener:
        cuts.append((0, opener.start(1)))
        at = opener.end()
    for m in _CONTRAST_SPAN.finditer(text, at):
        cuts.append((at, m.start()))
        at = m.end()
    if not cuts:
        return []
    cuts.append((at, len(text)))
    return cuts


def relative_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each name with its relative clause, to the end of the sentence."""
    return [(m.start(1), len(text)) for m in _RELATIVE.finditer(text) if m.start(1) > 0]


def contrast_parts(sentence: str) -> list[str]:
    """The clauses of a contrasting sentence ('A, while B': A and B); one part when it has one."""
    return [p for p in _CONTRAST_PART.split(sentence) if p.strip()]


def joined_statements(claim: str) -> list[str]:
    """The statements a claim joins ('A and B', 'A; B'), each without a trailing source."""
    return [_SOURCE_TAIL.sub("", p).strip(" .") for p in _JOINED.split(claim)]
