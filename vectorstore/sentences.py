"""Sentence spans with exact offsets, tuned for news text (quotes, abbreviations, figures)."""

from __future__ import annotations

import re

# A blank line (two line breaks with only spaces between) always ends a sentence.
PARAGRAPH_BREAK = re.compile(
    r"(?:\r\n|\r|\n|\u2028|\u2029)[^\S\r\n\u2028\u2029]*(?:\r\n|\r|\n|\u2028|\u2029)\s*"
)
# A single line break ends a sentence when the next line is a list item.
BULLET_LINE = re.compile(
    r"(?:\r\n|\r|\n|\u2028|\u2029)[^\S\r\n]*(?=[•●▪◦‣\-–—*](?:\s|$)|\d{1,2}[.)]\s)"
)
# Terminal punctuation, optional closing quotes/brackets, whitespace, then what may open a sentence.
BOUNDARY = re.compile(
    r"""(?P<end>(?:[.!?…]+|\.\.\.)[”"’'»)\]]*)(?P<gap>\s+)(?=(?P<next>[“"‘'«(\[]*(?P<first>\S)))"""
)

LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# A short line ending without these, followed by a capitalised line, is a heading of its own.
HEADING_CHARS = 80
CONTINUATION = ",;-–—(&/"
HEADING_NEXT = re.compile(r"[“\"‘'(\[]*[A-Z0-9]")

ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof sr jr st gen lt col maj capt cpt sgt cpl pvt adm cmdr brig gov sen rep
    pres supt insp det rev fr hon amb no nos vol vols pp fig figs approx est dept univ inc corp ltd co
    bros jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    vs v etc al cf ed eds rus ave blvd rd mt ft op""".split()
)
# Words that end sentences more often than they abbreviate before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "co", "inc", "ltd", "corp", "bros"})
# After a dotted acronym ("U.S.") these words almost always start a new sentence.
SENTENCE_STARTERS = frozenset(
    """the he she it they we i but in this that a an and on at however there his her their its
    our you if when while after before meanwhile yet so as for""".split()
)
LOWERCASE_ABBREVIATIONS = frozenset({"vs", "v", "cf", "approx", "al", "est", "etc"})
NUMBERED_ABBREVIATIONS = frozenset({"no", "nos", "vol", "vols", "pp", "fig", "figs", "art", "p"})
LAST_TOKEN = re.compile(r"([^\s“\"‘'(\[]+)$")
DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
NEXT_WORD = re.compile(r"[“\"‘'«(\[]*([\w’']+)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`; whitespace between them is excluded."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for cut in _cuts(text, block_start, block_end):
            _add_span(text, start, cut, spans)
            start = cut
        _add_span(text, start, block_end, spans)
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs and list items: regions that no sentence crosses."""
    separators = sorted(
        (m.start(), m.end())
        for pattern in (PARAGRAPH_BREAK, BULLET_LINE)
        for m in pattern.finditer(text)
    )
    blocks, start = [], 0
    for sep_start, sep_end in separators:
        if sep_start > start:
            blocks.append((start, sep_start))
        start = max(start, sep_end)
    if start < len(text):
        blocks.append((start, len(text)))
    return blocks


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside [start, end) where a new sentence starts."""
    cuts = _heading_cuts(text, start, end)
    for match in BOUNDARY.finditer(text, start, end):
        if match.end("gap") >= end:
            continue
        if _is_boundary(text, start, match):
            cuts.append(match.end("gap"))
    return sorted(set(cuts))


def _heading_cuts(text: str, start: int, end: int) -> list[int]:
    """Starts of lines that follow a heading-like line: short, unpunctuated, clearly not wrapped."""
    breaks = list(LINE_BREAK.finditer(text, start, end))
    if not breaks:
        return []
    bounds = [start] + [b.end() for b in breaks]
    ends = [b.start() for b in breaks] + [end]
    lines = [text[a:b].strip() for a, b in zip(bounds, ends, strict=True)]
    longest = max(len(line) for line in lines)
    cuts = []
    for i, (line, following) in enumerate(zip(lines, lines[1:], strict=False)):
        if (
            line
            and following
            and len(line) <= min(HEADING_CHARS, 0.7 * longest)
            and line[-1] not in CONTINUATION
            and HEADING_NEXT.match(following)
        ):
            raw_next = text[bounds[i + 1] : ends[i + 1]]
            cuts.append(bounds[i + 1] + len(raw_next) - len(raw_next.lstrip()))
    return cuts


def _is_boundary(text: str, block_start: int, match: re.Match[str]) -> bool:
    """Decide whether punctuation followed by whitespace really ends a sentence."""
    first = match.group("first")
    opener = match.group("next")[:-1]
    if first.islower() and not opener:
        return False
    if not (first.isalnum() or first in "•●▪◦‣*–—-" or opener):
        return False
    end_text = match.group("end")
    if not end_text.startswith(".") or len(end_text.rstrip("”\"’'»)]")) > 1:
        return True  # "?", "!" and "..." need no abbreviation check
    if end_text != ".":
        return True  # a closing quote or bracket after the full stop
    # Look back a short window only: tokens longer than that are never abbreviations.
    token_match = LAST_TOKEN.search(
        text, max(block_start, match.start("end") - 40), match.start("end")
    )
    if token_match is None:
        return True
    token = token_match.group(1)
    word = token.rstrip(".").lower()
    next_word = _next_word(text, match.end("gap"))
    if word in NUMBERED_ABBREVIATIONS and next_word[:1].isdigit():
        return False
    # "Gen." and "Feb." abbreviate; lowercase "sat." or "sun." end sentences.
    if (
        word in ABBREVIATIONS
        and (token[:1].isupper() or word in LOWERCASE_ABBREVIATIONS)
        and word not in SENTENCE_FINAL_ABBREVIATIONS
        and word not in NUMBERED_ABBREVIATIONS
    ):
        return False
    if DOTTED_ACRONYM.match(token + "."):
        return next_word.lower() in SENTENCE_STARTERS
    if len(word) == 1 and word.isalpha() and token[:1].isupper():
        return False  # an initial, as in "J. K. Rowling"
    return True


def _next_word(text: str, start: int) -> str:
    """The word that follows `start`, without opening quotes."""
    match = NEXT_WORD.match(text, start)
    return match.group(1) if match else ""


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append [start, end) stripped of surrounding whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
