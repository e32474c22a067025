"""Self-contained claim text without a model: only what the article itself settles, never a guess.

Relative dates pinned, a carried speaker named, an opening reference ('It', 'The move') resolved
from the article or the claim not stored.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from verifier.extract.quantities import MONTHS, parse_quantities
from verifier.stance.figures import is_telling
from verifier.stance.subject import opens_with_pronoun, resolve_leading_pronoun

_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
_RELATIVE = re.compile(
    r"\b(last month|this month|last year|this year|yesterday|today)\b(?!\s*\()", re.IGNORECASE
)


def parse_published(published: str | None) -> date | None:
    """The publication date of an article when it is given as an ISO date (YYYY-MM-DD...)."""
    if not published:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _month(day: date, shift: int) -> str:
    index = day.year * 12 + day.month - 1 + shift
    return f"{_MONTH_NAMES[index % 12]} {index // 12}"


def resolve_relative_dates(text: str, published: date | None) -> str:
    """'last month' -> 'last month (September 2022)' when the publication date is known."""
    if published is None:
        return text
    meanings = {
        "last month": _month(published, -1),
        "this month": _month(published, 0),
        "last year": str(published.year - 1),
        "this year": str(published.year),
        "yesterday": (published - timedelta(days=1)).isoformat(),
        "today": published.isoformat(),
    }
    return _RELATIVE.sub(lambda m: f"{m.group(0)} ({meanings[m.group(0).lower()]})", text)


def contextual_text(candidate, published: date | None = None) -> str:
    """The sentence as a claim: a carried speaker made explicit, relative dates pinned."""
    text = getattr(candidate, "reading", "") or candidate.text
    text = resolve_relative_dates(" ".join(text.split()), published)
    speaker = candidate.attributed_to
    source = getattr(candidate, "speaker_source", "")
    if source == "pronoun" and speaker:
        replaced = re.sub(
            r"^(?:He|She|They|It)\b", speaker[:1].upper() + speaker[1:], text, count=1
        )
        return replaced if replaced != text else f"According to {speaker}: {text}"
    if source == "quotation" and speaker:
        body = text.strip('“”"')
        return f"According to {speaker}: {body}"
    return text


# --- bare references: resolved from the article, or the claim is not stored -------------------

# Nouns that, after a bare 'the', point back to something named earlier in the article.
_BACK_NOUNS = (
    "total|tally|toll|figure|figures|number|move|decision|plan|plans|visit|mission|trip|plant|"
    "facility|site|weapon|weapons|system|group|unit|region|area|city|town|country|company|firm|"
    "incident|attack|strike|operation|deal|agreement|measure|measures|law|bill|policy|statement|"
    "announcement|report|claim|claims|combatant|soldier|man|woman|official|commentator|source|"
    "development|change|offensive|campaign|programme|program|device|vehicle|aircraft|ship|"
    "organisation|organization|agency|body|command|leader|minister|spokesman|spokeswoman|user"
)
# 'The [one to three lower-case words] <noun>' ending the noun phrase (a verb, a comma or the end
# follows), not anchored by 'of'/'in' and a name right after: 'The move, though, ...'.
_ENDS_PHRASE = (
    r"(?=\s*(?:[,.;:–—]|$)|\s+(?:is|are|was|were|has|have|had|will|would|can|could|may|might|"
    r"must|also|then|though|now|still|only|amounts?|stands?|stood|rose|rises|fell|said|told|"
    r"wrote|made|sent|took|gave|held|met|won|lost|hit|began|came|left|kept|[a-z]+ed|[a-z]+s)\b)"
)
_BARE_THE = re.compile(
    rf"^The\s+((?:[a-z][\w’'-]*\s+){{0,3}})({_BACK_NOUNS}){_ENDS_PHRASE}"
    r"(?!\s+(?:of|in|at|from|for|on)\s+(?:the\s+)?[A-Z])",
)
_TIME_NOUNS = (
    r"week|year|month|morning|afternoon|evening|night|weekend|summer|winter|spring|autumn|time"
)
# 'This will ...', 'These are ...': a demonstrative standing alone; 'This week' is a date, not a reference.
_DEMONSTRATIVE = re.compile(
    rf"^(?:This|That|These|Those)\b(?!\s+(?:{_TIME_NOUNS})\b)(?:\s+[a-z][\w’'-]*)?"
)
_PERSONAL = re.compile(r"^(?:He|She|We|I|His|Her|Their|Its)\b")
# 'X said: “...' or 'According to X: ...': what follows is the speaker's words.
_INTRO = re.compile(r"^(?:According to [^:“\"]{1,80}:\s*|[^“\"]{0,160}?[:,]\s*[“\"])")
_NAME = re.compile(r"(?<![.!?:]\s)\b[A-Z][\w’'-]+")
_DATE_WORD = re.compile(
    rf"^(?:{MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE
)


def _names_something(text: str) -> bool:
    """A capitalised word after the first, not a date: the text names whom or what it is about."""
    words = _NAME.findall(text.lstrip('“"‘ ')[1:])
    return any(not _DATE_WORD.match(w) for w in words)


def antecedent(head: str, earlier: str) -> str | None:
    """The one phrase earlier in the article that a bare 'the <head>' can mean, else None.

    Candidates are a name containing the noun ('the Kakhovka Operational Group of Troops' for
    'the group'), a named one ('the Zaporizhzhia nuclear power plant' for 'the plant') and a noun
    followed by its name ('commentator "U0I"'). Two different candidates: ambiguous, None.
    """
    word = re.escape(head)
    found = set()
    cap = r"[A-Z][\w’'-]*(?:\s+(?:of|the|and|for)?\s*[A-Z][\w’'-]*)*"
    for m in re.finditer(rf"\b(?:the\s+)?{cap}", earlier):
        if re.search(rf"\b{word}\b", m.group(0), re.IGNORECASE) and len(m.group(0).split()) > 1:
            found.add(m.group(0))
    for m in re.finditer(
        rf"\bthe\s+((?:[A-Z][\w’'-]*\s+)+(?:[a-z][\w’'-]*\s+){{0,3}}{word})\b", earlier
    ):
        found.add("the " + m.group(1))
    for m in re.finditer(rf"\b{word}\s+[“\"]?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)[”\"]?", earlier):
        found.add(m.group(1))
    distinct = {" ".join(f.split()).lower().removeprefix("the "): f for f in found}
    if len(distinct) != 1:
        return None
    return " ".join(next(iter(distinct.values())).split())


def bare_reference(text: str) -> re.Match | None:
    """The opening 'The <noun>' of a text when it points back to something not named in it."""
    return _BARE_THE.match(text)


def resolve_reference(text: str, earlier: str) -> str | None:
    """The text with an opening bare 'The <noun>' replaced by its one antecedent, or None."""
    m = _BARE_THE.match(text)
    if m is None:
        return text
    found = antecedent(m.group(2), earlier)
    if found is None:
        return None
    phrase = found[0].upper() + found[1:]
    return phrase + text[m.end() :]


def _stands_alone(text: str) -> bool:
    """Checkable without its referent: a telling figure and a name of its own."""
    return any(is_telling(q) for q in parse_quantities(text)) and _names_something(text)


def self_contained(text: str, previous: str, earlier: str = "") -> str | None:
    """The claim text with an opening reference resolved from the article, or None when dangling.

    'It'/'They' take the previous sentence's actor (stance/subject.py); a bare 'The move' takes
    the one thing earlier in the article it can mean. 'He', 'This will' and the like are not
    guessed. Unresolved, a claim is kept only when it states a telling figure and names what it
    is about ('It brings the total death toll among Russian troops to 71,200'). A quotation is read
    from its opening mark: 'X said: “They have losses ...' dangles as much as 'They have ...'.
    """
    body = _quoted_words(text)
    if body and _is_dangling(body, quoted=True) and not _stands_alone(body):
        return None
    if opens_with_pronoun(text):
        resolved = resolve_leading_pronoun(text, previous)
        if resolved is not None:
            return resolved
        return text if _stands_alone(text) else None
    if _BARE_THE.match(text):
        resolved = resolve_reference(text, earlier)
        if resolved is not None:
            return resolved
        return text if _stands_alone(text) else None
    if _is_dangling(text):
        return text if _stands_alone(text) else None
    return text


def _is_dangling(text: str, *, quoted: bool = False) -> bool:
    """Opens with a word that needs what came before: It, They, He, This, The move.

    In a speaker's own words 'I' and 'we' are the speaker, named outside the quotation.
    """
    text = text.lstrip('“"‘ ')
    personal = _PERSONAL.match(text)
    if quoted and personal and personal.group(0) in ("I", "We"):
        personal = None
    return bool(
        opens_with_pronoun(text) or personal or _DEMONSTRATIVE.match(text) or _BARE_THE.match(text)
    )


def _quoted_words(text: str) -> str:
    """The speaker's words when the text introduces them ('X said: “...'), else ''."""
    m = _INTRO.match(text)
    return text[m.end() :] if m else ""
