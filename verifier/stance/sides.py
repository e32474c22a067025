"""The two sides of the archive's war: swapped sides and one act with two doers as cues."""

from __future__ import annotations

import re

from verifier.overlap import extract_terms
from verifier.stance.cue import CUE_MIN
from verifier.stance.subject import actors_in

# Verbs as written: a regular past or -ing form, or a common irregular past.
_VERB = re.compile(
    r"\b(?:\w{3,}(?:ed|ing)|took|won|lost|made|sent|gave|began|fought|hit|struck|shot|seized|"
    r"led|held|fell|drove|beat|broke|withdrew|retook|overran|bore|met)\b"
    # The bare verb after 'to' ('allowing Ukrainian units to capture several settlements').
    r"|(?<=\bto )(?:capture|take|seize|retake|recapture|attack|launch|kill|destroy|win|lose|"
    r"withdraw|retreat|advance|abandon|hold|shell|strike|invade|occupy)\b",
    re.I,
)


# Who said something is an attribution, not a role: a claim may cite another source.
_SAY_VERB = re.compile(
    r"^(?:said|saying|told|announced|announcing|reported|reporting|claimed|claiming|tweeted|"
    r"wrote|added|stated|estimated|believed|suggested|revealed|warned|insisted|accused)$",
    re.I,
)


_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.I)


_SIDES = ("russia", "ukraine")
# Forces fighting on Russia's side under their own names: the side that acts, not the actor.
_RUSSIAN_SIDE = re.compile(
    r"\b(?:DPR|LPR|Donetsk People['’]s Republic|Luhansk People['’]s Republic|Wagner|separatists?)\b"
)


# How far before a verb its subject may be named, in words, within one clause.
AGENT_WORDS = 15


def _agent(text: str, m: re.Match) -> str | None:
    """The side that does what the verb says: named before it (or after 'by' when passive)."""
    # An aside between dashes ('the militia in Donetsk – one of two oblasts – had lost') is
    # skipped: the doer stands before it.
    before = re.sub(r"\s[–—]\s[^–—.;:!?]*\s[–—]\s", " ", text[: m.start()])
    before = re.split(r"[.;:!?–—]", before)[-1]
    # A clause opening the sentence ('After Ukraine's counterattack, the regiment pulled back')
    # is not who acts: the doer is named after its comma when words stand there.
    tail = before.rsplit(",", 1)[-1]
    if re.search(r"[A-Za-z]{2,}", tail):
        before = tail
    if _PASSIVE.search(before):
        by = re.match(r"^\s+by\s+((?:\S+\s+){0,3})", text[m.end() :])
        found = actors_in(by.group(1)) if by else []
        return found[0][1] if found and found[0][1] in _SIDES else None
    window = " ".join(before.split()[-AGENT_WORDS:])
    found = [(pos, actor) for pos, actor in actors_in(window) if actor in _SIDES]
    found += [(m.start(), "russia") for m in _RUSSIAN_SIDE.finditer(window)]
    found.sort()
    return found[-1][1] if found else None


def differing_agent(claim: str, sentence: str) -> tuple[str, str] | None:
    """One act, two doers: the claim has one side do what the sentence has the other side do
    ('Russia launched a counterattack' vs 'Kyiv launched a devastating counterattack').

    The verb and a word of its object must be in both; sayings are attributions, not acts.
    """

    def acts(text: str) -> list[tuple[str, set[str], str | None]]:
        out = []
        for m in _VERB.finditer(text):
            if _SAY_VERB.match(m.group(0)):
                continue
            verb = set(extract_terms(m.group(0)).weights)
            obj = set(extract_terms(" ".join(text[m.end() :].split()[:5])).weights)
            out.append((m.group(0), verb, obj, _agent(text, m)))
        return out

    theirs = acts(sentence)
    for word, verb, obj, agent in acts(claim):
        if agent is None or not verb:
            continue
        for word2, verb2, obj2, agent2 in theirs:
            if _same_verb(verb, verb2) and obj & obj2 and agent2 is not None and agent2 != agent:
                return (f"{agent} {word}", f"{agent2} {word2}")
    return None


def _same_verb(a: set[str], b: set[str]) -> bool:
    """One verb in two forms: the stems of 'captured' and the bare 'capture' differ in a letter."""
    return bool(a & b) or any(x[:6] == y[:6] and min(len(x), len(y)) >= 6 for x in a for y in b)


# The two sides of the archive's war, as demonyms and country names (not capitals or leaders,
# whose swap would change where or who rather than which side).
_SIDE_WORDS = {
    "russia": "Ukraine",
    "ukraine": "Russia",
    "russian": "Ukrainian",
    "ukrainian": "Russian",
    "russians": "Ukrainians",
    "ukrainians": "Russians",
}


_SIDE = re.compile(r"\b(" + "|".join(_SIDE_WORDS) + r")\b", re.I)


# A side named as a place, not as who acts: 'in Ukraine', 'eastern Ukraine', 'Ukraine's
# eastern region', 'the Ukrainian city of Lyman'. Swapping it moves the place, not the roles.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|into|across|of|from|to|throughout|inside|within|near|outside|towards?|"
    r"eastern|western|southern|northern|central|occupied|annexed)\s+(?:the\s+)?$",
    re.I,
)


_PLACE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:eastern|western|southern|northern|central|occupied)\s+)?"
    r"(?:region|regions|east|west|south|north|territory|territories|border|borders|city|cities|"
    r"capital|province|provinces|coast|oblast|oblasts|soil|town|towns|village|villages)\b",
    re.I,
)


# How much closer the claim with its sides swapped must read to the sentence than the claim itself.
SIDE_MARGIN = 0.03


def _acting(text: str, m: re.Match) -> bool:
    """The side word names who acts or suffers, not where something is."""
    return not (_PLACE_BEFORE.search(text[: m.start()]) or _PLACE_AFTER.match(text[m.end() :]))


def swap_sides(claim: str) -> str | None:
    """The claim with Russia and Ukraine (and their demonyms) swapped where they name who acts;
    None when no side acts in it. Capitals are not swapped: 'Kyiv's defence ministry' would
    become another source."""
    if not any(_acting(claim, m) for m in _SIDE.finditer(claim)):
        return None

    def swap(m: re.Match) -> str:
        if not _acting(claim, m):
            return m.group(0)
        word = _SIDE_WORDS[m.group(0).lower()]
        return word if m.group(0)[0].isupper() else word.lower()

    return _SIDE.sub(swap, claim)


def sides_swapped(cosine: float, swapped_cosine: float | None) -> bool:
    """The sentence reads clearly more like the claim with its sides swapped than like the claim."""
    if swapped_cosine is None or cosine < CUE_MIN["side"]:
        return False
    return swapped_cosine >= cosine + SIDE_MARGIN
