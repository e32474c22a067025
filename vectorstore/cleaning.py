"""Strip web boilerplate from article text while keeping a map back to the raw offsets."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field

# Whitespace, plus the "¬†" / "Â " mojibake of a no-break space and zero-width characters.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
WHITESPACE_RUN = re.compile(rf"(?:\s|¬†|Â(?=\xa0)|[{ZERO_WIDTH}])+")
LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# Anything but single spaces between words: needs the slow, word-by-word normalisation.
ODD_SPACE = re.compile(rf"[^\S ]|  |¬†|Â(?=\xa0)|[{ZERO_WIDTH}]")
TERMINAL = ".!?…:;"
CLOSERS = "”\"’'»)]"

# Lines that are boilerplate on their own (whole-line matches), with the reason reported.
RULES = [
    ("newsletter", r"(?i)We use your sign-up to provide content\b.{0,400}"),
    (
        "newsletter",
        r"(?i).{0,200}\bsign up (?:for|to) (?:our|the)\b.{0,60}\bnewsletters?\b.{0,100}",
    ),
    ("newsletter", r"(?i)(?:Subscribe|Sign up) (?:to|for) (?:our|the) (?:\w+ )?newsletters?\.?"),
    ("link", r"(?i)DON['’]T MISS:?"),
    ("link", r"(?:READ MORE|Read more|JUST IN|RELATED|SEE ALSO|ALSO READ|MORE|WATCH)\s*:.{0,250}"),
    ("link", r".{1,250}?\s?\[[A-Z][A-Z]+(?: [A-Z]+){0,2}\]"),  # "Title [NEWS]", "[EXPRESS COMMENT]"
    ("source", r"(?i)Source: ?Read Full Article|Source link|Read (?:the )?full (?:article|story)"),
    ("comments", r"(?i)Leave a (?:Reply|Comment)|Cancel reply|Post Comment|\d* ?Comments?"),
    (
        "comments",
        r"(?i)Your email address will not be published\.?(?: Required fields are marked \*)?",
    ),
    (
        "comments",
        r"(?i)Required fields are marked \*|This site uses Akismet to reduce spam\..{0,80}",
    ),
    ("site", r"(?i)Latest from (?:the )?Blog|Related (?:Posts?|Articles|Stories)|Advertisement"),
    ("site", r"(?i)Share (?:this|this article|this story)?:?|Click to share on .{1,40}"),
    ("read time", r"(?i)\d{1,3} ?(?:mins?|minutes?) read"),
    ("section header", r"(?i)(?:World|UK|US|Politics|Business|Breaking) News"),
    (
        "caption",
        r"(?i).{0,250}\((?:Image|Picture|Photo|Pic|Credit|Video|Getty)s?(?: ?credit)?:\s*[^()]{1,80}\)",
    ),
]
LINE_RULES = [(reason, re.compile(pattern)) for reason, pattern in RULES]
BULLET = re.compile(r"[•●▪◦‣]\s*\S")


@dataclass
class Line:
    """One line of the raw text, whitespace-normalised, with its pieces' raw offsets."""

    text: str
    pieces: list[tuple[int, int, int]]  # (offset in line text, raw offset, length), verbatim
    raw_start: int
    raw_end: int
    removed: str | None = None


@dataclass
class Cleaned:
    """Cleaned article text, what was removed and why, and the map back to raw offsets."""

    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    _raws: list[int] = field(default_factory=list, repr=False)
    _verbatim: list[bool] = field(default_factory=list, repr=False)
    _raw_end: int = 0

    def to_raw(self, offset: int) -> int:
        """Raw offset of the cleaned character at `offset` (len(text) maps past the last kept char)."""
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside 0..{len(self.text)}")
        if offset == len(self.text):
            return self._raw_end
        i = bisect_right(self._starts, offset) - 1
        return self._raws[i] + (offset - self._starts[i] if self._verbatim[i] else 0)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) covering the cleaned span [start, end)."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1


def article_id(cleaned_text: str) -> str:
    """Stable id of an article: the first 16 hex digits of sha256 of its whitespace-normalised text."""
    normal = " ".join(WHITESPACE_RUN.sub(" ", cleaned_text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def clean_text(raw: str, *, title: str | None = None) -> Cleaned:
    """Remove newsletter, link, caption, comment-form and teaser boilerplate from an article body."""
    paragraphs = _parse(raw)
    lines = [line for paragraph in paragraphs for line in paragraph]
    _mark_line_rules(paragraphs)
    _mark_caption_labels(lines)
    _mark_repeats(lines)
    _mark_leading_teasers(lines, title)
    return _assemble(raw, paragraphs)


def is_boilerplate_line(text: str) -> bool:
    """True when a single line is boilerplate on its own (used to skip "World News" before a title)."""
    normal = " ".join(WHITESPACE_RUN.sub(" ", text).split())
    return _line_rule(normal) is not None


def _parse(raw: str) -> list[list[Line]]:
    """Split raw text into paragraphs (separated by blank lines) of whitespace-normalised lines."""
    paragraphs: list[list[Line]] = [[]]
    start = 0
    for line_break in [*LINE_BREAK.finditer(raw), None]:
        end = line_break.start() if line_break else len(raw)
        line = _parse_line(raw, start, end)
        if line is not None:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
        start = line_break.end() if line_break else end
    return [p for p in paragraphs if p]


def _parse_line(raw: str, start: int, end: int) -> Line | None:
    """One line as a Line, or None when it holds only whitespace."""
    while start < end and raw[start] == " ":
        start += 1
    while end > start and raw[end - 1] == " ":
        end -= 1
    if start == end:
        return None
    if not ODD_SPACE.search(raw, start, end):  # the common case: already normal
        return Line(raw[start:end], [(0, start, end - start)], start, end)
    words, position = [], start
    for gap in WHITESPACE_RUN.finditer(raw, start, end):
        if gap.start() > position:
            words.append((position, gap.start()))
        position = gap.end()
    if position < end:
        words.append((position, end))
    return _line(raw, words) if words else None


def _line(raw: str, words: list[tuple[int, int]]) -> Line:
    """Join the words of one line with single spaces (or nothing across zero-width characters)."""
    parts, pieces, length = [], [], 0
    for i, (start, end) in enumerate(words):
        gap = raw[words[i - 1][1] : start] if i else ""
        if gap == " ":  # already normal: extend the previous verbatim piece
            text_offset, raw_offset, size = pieces[-1]
            pieces[-1] = (text_offset, raw_offset, size + 1 + end - start)
        else:
            if i and not _zero_width_only(gap):
                parts.append(" ")
                length += 1
            pieces.append((length, start, end - start))
        parts.append(raw[start - (gap == " ") : end])
        length += end - start + (gap == " ")
    return Line("".join(parts), pieces, words[0][0], words[-1][1])


def _zero_width_only(gap: str) -> bool:
    return all(ch in ZERO_WIDTH for ch in gap)


def _line_rule(text: str) -> str | None:
    """The reason a line matches a boilerplate pattern on its own, else None."""
    for reason, pattern in LINE_RULES:
        if pattern.fullmatch(text):
            return reason
    return None


def _is_unpunctuated(text: str) -> bool:
    """A heading-like line: no sentence-final punctuation at its end."""
    stripped = text.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] not in TERMINAL


def _mark_line_rules(paragraphs: list[list[Line]]) -> None:
    """Pattern rules per line; link lists under a DON'T MISS header; lone bullet teasers."""
    for paragraph in paragraphs:
        in_link_list = False
        for line in paragraph:
            reason = _line_rule(line.text)
            if (
                reason is None
                and in_link_list
                and len(line.text) <= 250
                and _is_unpunctuated(line.text)
            ):
                reason = "link"
            in_link_list = reason == "link"
            line.removed = line.removed or reason
        if len(paragraph) == 1 and paragraph[0].removed is None:
            line = paragraph[0]
            if (
                BULLET.match(line.text)
                and _is_unpunctuated(line.text)
                and len(line.text.split()) <= 30
            ):
                line.removed = "bullet teaser"


def _is_label(line: Line) -> bool:
    return len(line.text) <= 80 and len(line.text.split()) <= 8 and _is_unpunctuated(line.text)


def _mark_caption_labels(lines: list[Line]) -> None:
    """The short label line that image galleries put right before a caption."""
    for before, line in zip(lines, lines[1:], strict=False):
        if line.removed != "caption" or before.removed is not None or not _is_label(before):
            continue
        if line.text.casefold().startswith(before.text.casefold()) or len(before.text.split()) <= 4:
            before.removed = "caption label"


def _mark_repeats(lines: list[Line]) -> None:
    """A heading-like line seen before (kept or removed) is a repeated caption."""
    seen: set[str] = set()
    for line in lines:
        key = line.text.casefold()
        if line.removed is None and key in seen and _is_label(line):
            line.removed = "repeated caption"
        seen.add(key)


def _mark_leading_teasers(lines: list[Line], title: str | None) -> None:
    """Up to two short unpunctuated lines (video teasers, repeated title) before the first sentence."""
    title_key = " ".join(title.split()).casefold() if title else None
    kept = [line for line in lines if line.removed is None]
    teasers = 0
    for i, line in enumerate(kept):
        if title_key and line.text.casefold() == title_key and i == 0:
            line.removed = "repeated title"
            continue
        if teasers >= 2 or not (_is_unpunctuated(line.text) and len(line.text.split()) <= 15):
            return
        if not any(_is_sentence(later.text) for later in kept[i + 1 :]):
            return
        line.removed = "video teaser"
        teasers += 1


def _is_sentence(text: str) -> bool:
    return not _is_unpunctuated(text) and len(text.split()) >= 6


def _assemble(raw: str, paragraphs: list[list[Line]]) -> Cleaned:
    """Join kept lines with "\\n" and paragraphs with "\\n\\n", recording offset segments.

    A removed line splits its paragraph, so each cleaned paragraph is one stretch of the raw text.
    """
    cleaned = Cleaned("")
    parts: list[str] = []
    length, raw_end = 0, 0

    def add(text: str, raw_offset: int, verbatim: bool) -> None:
        nonlocal length
        cleaned._starts.append(length)
        cleaned._raws.append(raw_offset)
        cleaned._verbatim.append(verbatim)
        parts.append(text)
        length += len(text)

    separator = ""  # what goes before the next kept line
    for paragraph in paragraphs:
        for line in paragraph:
            if line.removed:
                cleaned.removed.append((line.removed, line.text))
                if separator:  # text around a removed line becomes two paragraphs
                    separator = "\n\n"
                continue
            if separator:
                add(separator, raw_end, False)
            previous = 0
            for offset, raw_offset, size in line.pieces:
                if offset > previous:
                    add(" ", raw_end, False)
                add(raw[raw_offset : raw_offset + size], raw_offset, True)
                previous = offset + size
                raw_end = raw_offset + size
            separator = "\n"
        if separator:
            separator = "\n\n"
    cleaned.text = "".join(parts)
    cleaned._raw_end = raw_end
    return cleaned
