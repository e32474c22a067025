"""Deterministic cues in a sentence: who asserts it, and whether it is hedged (reported, alleged).

Also where a quotation runs on over several sentences: those make one claim.
"""

from __future__ import annotations

import re

_REPORTING_VERBS = (
    "said|says|say|wrote|writes|tweeted|tweets|posted|claimed|claims|claim|told|tells|added|adds|"
    "stated|states|reported|reports|estimated|estimates|estimate|believes|believe|suggested|"
    "suggests|suggest|insisted|insists|revealed|reveals|announced|announces|confirmed|confirms|"
    "continued|warned|warns|argued|argues|alleged|alleges|acknowledged|admitted|denied|denies|"
    "pointed out|noted|notes|explained|declared|predicted|predicts"
)
_REPORTING = re.compile(rf"\b(?:{_REPORTING_VERBS})\b")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to ([^,.;:“”\"()]+)", re.IGNORECASE)
_HEDGES = re.compile(
    r"\b(?:said to|reported(?:ly)? to|reportedly|allegedly|alleged|apparently|unverified|"
    r"unconfirmed|claimed|claims?|claiming|believed to|thought to|understood to|rumou?red|"
    r"purportedly|supposedly|estimates?|estimated|suggest(?:s|ed)?|appears? to|may have|"
    r"could have|is reported|are reported|were reported|reports emerged|it is said)\b",
    re.IGNORECASE,
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "his", "her", "their"}
_LEADING_JUNK = re.compile(
    r"^(?:and|but|while|as|so|then|also|meanwhile|however)\s+", re.IGNORECASE
)
_TRAILING_AUX = re.compile(
    r"\s+(?:has|have|had|also|then|later|now|today|yesterday|again)$", re.IGNORECASE
)
_MAX_SUBJECT_WORDS = 9
# Things that show or count, not people or organisations: 'images suggested', 'the figures'.
_NOT_AGENTS = re.compile(
    r"\b(?:images?|photos?|photographs?|pictures?|footage|videos?|clips?|figures?|numbers?|data|"
    r"statistics|estimates?|reports?|documents?|records?|evidence|accounts?|maps?|recordings?)$",
    re.IGNORECASE,
)
# What resolve_speakers never lets break or carry a chain: headings, captions, boilerplate.
_NOT_TEXT = {"too short", "boilerplate", "heading or caption"}


def is_hedged(sentence: str) -> bool:
    """True when the sentence reports rather than asserts: said to, reportedly, allegedly, claimed."""
    return bool(_HEDGES.search(sentence))


def is_agent(subject: str) -> bool:
    """False for a subject that is a thing shown or counted ('Open source images', 'the figures')."""
    return not _NOT_AGENTS.search(subject.strip(" ,.’'\""))


def is_pronoun(subject: str | None) -> bool:
    """True for a bare pronoun subject that needs its referent from earlier sentences."""
    return bool(subject) and subject.lower() in _PRONOUNS


_DETERMINERS = {"the", "a", "an", "of", "and", "for", "in", "on"}
_LEADING_TIME = re.compile(
    r"^(?:(?:on|by|since|last|earlier|later)\s+[A-Z]?\w+day|yesterday|today|earlier|later|"
    r"(?:on|in)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b[\s,]*(?=[A-Z])",
    re.IGNORECASE,
)


def _subject_before(sentence: str, verb: re.Match) -> str | None:
    """The noun phrase right before a reporting verb: 'Kremlin watcher Pol Norman wrote'."""
    if re.match(r"\s+to\s+(?:be|have)\b", sentence[verb.end() :]):
        return None  # "X said to be": a hedge, not a speaker
    before = sentence[: verb.start()].rstrip()
    if _PASSIVE.search(before + " "):
        return None  # "is said to": hedged, but nobody named
    previous = None
    while previous != before:  # "the MoD's Twitter feed, today said" -> drop "today"
        previous, before = before, _TRAILING_AUX.sub("", before).rstrip()
    # An appositive ("Leonid Nevzlin, a former Vice President at Yukos, claimed") names the head.
    named = re.search(r"[“\"]([A-Z][^“”\"]{0,40})[”\"]$", before)
    if named:  # 'war commentator "U0I" wrote': the name in quotation marks is the speaker
        return named.group(1)
    appositive = re.search(r"([^,]+),\s+(?:a|an|the)\s[^,]+,$", before)
    if appositive:
        before = appositive.group(1)
    clause = re.split(r"[,:;“”\"()‘’](?:\s|$)|\s[–—-]\s|\bthat\s", before)[-1].strip(' ‘’“”"')
    clause = _LEADING_TIME.sub("", _LEADING_JUNK.sub("", clause)).strip()
    words = clause.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return None
    if is_pronoun(clause):
        return clause
    if not (words[0][0].isupper() or words[0].lower() in {"the", "a", "an"}):
        return None  # a lower-case start is the middle of a clause, not a speaker
    if all(w.lower() in _DETERMINERS for w in words):
        return None  # "The reports come ...": a noun, not a speaker
    if len(words) > 1 and words[0].lower() in _PRONOUNS:
        return None  # "It comes amid reports": a clause, not a speaker
    return clause


# After a closed quotation: '“...,” spokesman Golam Kibria told AFP' or '“...,” said Dr Ann Lee.'
_QUOTE_THEN_VERB = re.compile(
    rf"[,!?…][”\"]\s+([^,.;:“”\"()]{{2,80}}?)\s+(?:has\s+|had\s+)?(?:{_REPORTING_VERBS})\b"
)
_QUOTE_THEN_INVERTED = re.compile(
    rf"[,!?…][”\"]\s+(?:{_REPORTING_VERBS})\s+([A-Z][^,.;:“”\"()]{{1,80}}?)"
    r"(?=\s*[,.;]|\s+(?:on|in|at|to|after|before|during|yesterday|today|last)\b|\s*$)"
)


def _speaker_after_quotation(sentence: str) -> str | None:
    """The speaker named right after a closed quotation, or None."""
    for pattern in (_QUOTE_THEN_INVERTED, _QUOTE_THEN_VERB):
        m = pattern.search(sentence)
        if m and len(m.group(1).split()) <= _MAX_SUBJECT_WORDS:
            return m.group(1).strip()
    return None


def find_attribution(sentence: str) -> str | None:
    """Who the sentence says asserts its content, or None; a bare pronoun is returned as is."""
    after = _speaker_after_quotation(sentence)
    if after:
        return after if is_agent(after) else None
    for m in _REPORTING.finditer(sentence):
        subject = _subject_before(sentence, m)
        if subject:
            return subject if is_agent(subject) else None
    m = _ACCORDING.search(sentence)
    if m and is_agent(m.group(1)):
        return m.group(1).strip()
    return None


def opens_quotation(sentence: str) -> bool:
    """True when the sentence introduces a quotation that continues: 'X wrote: “...'."""
    if not re.search(r"[:,]\s*[“\"]", sentence):
        return False
    return sentence.count("“") > sentence.count("”") or sentence.count('"') % 2 == 1


def continues_quotation(sentence: str) -> bool:
    """True when a sentence is the continuation of a quotation opened earlier."""
    return sentence.lstrip().startswith(("“", '"')) and not _REPORTING.search(sentence[:80])


def resolve_speakers(sentences: list) -> None:
    """Carry speakers across sentences: quotations that continue, and 'he said' after a named speaker.

    Each item needs `.text` and `.attributed_to`; resolved items get `.speaker_source` set to
    "pronoun" or "quotation", and a pronoun left without its speaker "unresolved". Only an
    unambiguous, just-named speaker is carried; else None. Headings, captions and boilerplate
    (an item's `.reason`) sit outside the text: a quotation or a speaker carries across them.
    """
    last_speaker: str | None = None
    quoting: str | None = None
    for item in sentences:
        text = item.text
        item.speaker_source = ""
        if getattr(item, "reason", "") in _NOT_TEXT:
            continue
        if is_pronoun(item.attributed_to):
            item.attributed_to = last_speaker
            item.speaker_source = "pronoun" if last_speaker else "unresolved"
        elif item.attributed_to is None and quoting and continues_quotation(text):
            item.attributed_to = quoting
            item.speaker_source = "quotation"
        if item.attributed_to and not item.speaker_source:
            last_speaker = item.attributed_to
        elif not item.attributed_to and item.speaker_source in ("", "unresolved"):
            last_speaker = None  # a sentence without a speaker breaks the chain: stay unambiguous
        if opens_quotation(text) and item.attributed_to:
            quoting = item.attributed_to
        elif not continues_quotation(text):
            quoting = None


# --- a quotation over several sentences is one claim: its sentences grouped ------------------

OPENING = "“"
CLOSING = "”"
_STOPS = {"boilerplate", "instruction to a model"}
"""Rejections a quotation never runs across: the page, not the speaker, is talking."""
_NEVER_MERGED = {"question", "instruction to a model", "opinion", "personal feeling"}
"""A member rejected for one of these rejects the whole quotation: it is the speaker's too."""


def open_after(text: str, is_open: bool = False) -> bool:
    """Whether a quotation is still open at the end of `text` (straight quotes read by position)."""
    for i, ch in enumerate(text):
        if ch == OPENING:
            is_open = True
        elif ch == CLOSING:
            is_open = False
        elif ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            opening = (before.isspace() or before in "([:—–-") and not after.isspace()
            is_open = True if opening else False
    return is_open


def _continues(previous, sentence, article: str) -> bool:
    """The sentence goes on with an open quotation: same paragraph, or a paragraph opening with a mark."""
    if sentence.reason in _STOPS:
        return False
    gap = article[previous.end : sentence.start]
    return "\n" not in gap or sentence.text.lstrip().startswith((OPENING, '"'))


def quotation_groups(sentences: list, article: str) -> list[list]:
    """The sentences in runs: one run per quotation that spans several sentences, else one each.

    A quotation opened and not closed goes on in the same paragraph, and into a following
    paragraph that opens with a quotation mark (the newspaper convention); a heading, caption or
    a paragraph without the mark ends it.
    """
    groups: list[list] = []
    is_open = False
    for sentence in sentences:
        if groups and is_open and _continues(groups[-1][-1], sentence, article):
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
            is_open = False
        is_open = open_after(sentence.text, is_open)
    return groups


def reading(members: list) -> str:
    """The quotation as one text: whitespace flattened, the mark that reopens each paragraph dropped."""
    parts = [" ".join(members[0].text.split())]
    for member in members[1:]:
        text = " ".join(member.text.split())
        parts.append(re.sub(r'^[“"]', "", text))
    return " ".join(parts)


def group_rejection(members: list) -> str:
    """Why a quotation over several sentences is no claim, from its members' own rejections."""
    for member in members:
        if member.reason in _NEVER_MERGED:
            return member.reason
    return ""
