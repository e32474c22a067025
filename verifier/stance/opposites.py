"""Opposite words as contradiction cues: 'captured' / 'lost', 'killed' / 'wounded', the left bank / the right."""

from __future__ import annotations

import re

from verifier.overlap import extract_terms
from verifier.stance.cue import SUFFIX, Cue, has_word

_OPPOSITES = [
    ("rise", "fall"),
    ("rose", "fell"),
    ("grew", "fell"),
    ("grow", "fall"),
    ("grew", "declin"),
    ("grow", "declin"),
    ("rise", "declin"),
    ("rose", "declin"),
    ("climb", "fell"),
    ("climb", "fall"),
    ("climb", "declin"),
    ("climb", "drop"),
    ("jump", "drop"),
    ("jump", "fell"),
    ("surg", "plung"),
    ("increas", "declin"),
    ("gain", "fell"),
    ("kept", "lost"),
    ("kept", "knock"),
    ("kept", "cut"),
    ("increas", "decreas"),
    ("increas", "fell"),
    ("increas", "drop"),
    ("grow", "shrink"),
    ("gain", "los"),
    ("gain", "lost"),
    ("won", "lost"),
    ("win", "los"),
    ("victory", "defeat"),
    ("advanc", "retreat"),
    ("captur", "lost"),
    ("took", "lost"),
    ("tak", "los"),
    ("seiz", "lost"),
    ("open", "clos"),
    ("start", "end"),
    ("start", "finish"),
    ("began", "finish"),
    ("began", "ended"),
    ("continu", "finish"),
    ("continu", "end"),
    ("continu", "stop"),
    ("continu", "halt"),
    ("confirm", "deny"),
    ("confirm", "denied"),
    ("accept", "reject"),
    ("agre", "refus"),
    ("approv", "reject"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("support", "oppos"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("more", "less"),
    ("larger", "smaller"),
    ("bigger", "smaller"),
    ("expand", "shrank"),
    ("strengthen", "weaken"),
    ("success", "fail"),
    ("succeed", "fail"),
    ("likely", "unlikely"),
    ("achievable", "unachievable"),
    ("won", "runner"),
    ("win", "runner"),
    ("victory", "runner"),
    ("within reach", "unachievable"),
    ("possible", "impossible"),
    ("pick up", "slow"),
    ("accelerat", "slow"),
    ("speed", "slow"),
    ("improv", "worsen"),
    ("better", "worse"),
    ("safe", "unsafe"),
    ("safe", "danger"),
    ("legal", "illegal"),
    ("arriv", "left"),
    ("enter", "left"),
    ("join", "left"),
    ("hir", "fir"),
    ("promot", "demot"),
    ("appoint", "dismiss"),
    ("appoint", "sack"),
    ("releas", "detain"),
    ("releas", "arrest"),
    ("friend", "enemy"),
    ("ally", "enemy"),
    ("peace", "war"),
    ("ceasefire", "offensive"),
    ("taken", "hand"),
    ("took", "hand"),
    ("tak", "hand"),
    ("tak", "giv"),
    ("took", "gave"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("import", "export"),
    ("north", "south"),
    ("east", "west"),
    ("earli", "late"),
    ("first", "last"),
    ("most", "few"),
    ("all", "none"),
    ("always", "never"),
    ("alive", "dead"),
    ("surviv", "kill"),
    ("surviv", "died"),
    ("attack", "defend"),
    ("offens", "defens"),
    ("inflow", "outflow"),
    ("pump", "drain"),
    ("lift", "impos"),
    ("rais", "cut"),
    ("rais", "lower"),
    ("hike", "cut"),
    ("up", "down"),
    ("above", "below"),
    ("over", "under"),
    ("high", "low"),
    ("strong", "weak"),
    ("heavy", "light"),
    ("major", "minor"),
    # Degree: 'made major headway' is not 'made little headway'.
    ("major", "little"),
    ("significant", "little"),
    ("considerabl", "little"),
    ("substantial", "little"),
    ("easy", "hard"),
    ("easi", "difficult"),
    ("full", "empty"),
    ("mutiny", "loyal"),
    ("desert", "loyal"),
    ("shortage", "surplus"),
    ("deficit", "surplus"),
    ("boost", "cut"),
    ("profit", "loss"),
    ("took", "retreat"),
    ("tak", "retreat"),
    ("reach", "retreat"),
    ("captur", "retreat"),
    ("captur", "los"),
    ("recaptur", "los"),
    ("recaptur", "lost"),
    ("sped", "halt"),
    ("speed", "halt"),
    ("accelerat", "halt"),
    ("well", "poor"),
    ("full", "partial"),
    ("complet", "partial"),
    ("total", "partial"),
    ("unhurt", "wounded"),
    ("unhurt", "injur"),
    ("unharm", "wounded"),
    ("unharm", "injur"),
    ("held", "retreat"),
    ("held", "withdr"),
    ("held", "lost"),
    ("stay", "fle"),
    ("remain", "fled"),
    ("defend", "abandon"),
    ("same", "different"),
    ("accept", "declin"),
    ("expand", "reduc"),
    ("increas", "reduc"),
    ("prais", "criticis"),
    ("welcom", "condemn"),
    ("deliberat", "accident"),
    ("true", "false"),
    ("guilty", "innocent"),
    ("convict", "acquit"),
    ("cheap", "expensive"),
    ("inside", "outside"),
    ("domestic", "foreign"),
    ("minor", "serious"),
    ("minor", "severe"),
    ("climb", "came down"),
    ("rose", "came down"),
    ("rise", "came down"),
    ("increas", "came down"),
    ("went up", "came down"),
    ("picked up speed", "halt"),
    ("pick up speed", "halt"),
    ("accelerat", "halt"),
    ("accelerat", "slow"),
    ("picked up speed", "slow"),
    ("killed", "wounded"),
    ("killed", "injured"),
    ("killed", "survived"),
    ("killed", "escap"),
    ("went up", "went down"),
    ("go up", "go down"),
    ("ahead", "behind"),
    # A market or a count that moved: up words against down words not paired above.
    *[
        (up, down)
        for up in ("rebound", "bounc", "rall", "soar", "recover")
        for down in ("slump", "plung", "tumbl", "fell", "fall", "drop", "declin", "sank", "slid")
    ],
    *[
        (up, down)
        for up in ("rise", "rose", "climb", "jump", "gain", "surg", "increas")
        for down in ("slump", "plung", "tumbl", "sank", "slid")
    ],
    ("lead", "trail"),
]


OPPOSITE = {}


for _a, _b in _OPPOSITES:
    OPPOSITE.setdefault(_a, set()).add(_b)
    OPPOSITE.setdefault(_b, set()).add(_a)


# Words around an opposite that may name what it is about: its object mostly follows it.
OPPOSITE_BEFORE, OPPOSITE_AFTER = 3, 6


def _near_claim(claim: str, sentence_l: str, stem: str) -> bool:
    """The opposite word stands by something the claim talks about ('losing Lyman' is no
    opposite of 'captured Luhansk', whose sentence also has 'losing the city of Lyman')."""
    claim_terms = set(extract_terms(claim).weights)
    for m in re.finditer(r"\b" + re.escape(stem) + SUFFIX + r"\b", sentence_l):
        before = sentence_l[: m.start()].split()[-OPPOSITE_BEFORE:]
        after = sentence_l[m.end() :].split()[:OPPOSITE_AFTER]
        if set(extract_terms(" ".join(before + after)).weights) & claim_terms:
            return True
    return False


def differing_opposites(claim: str, sentence: str) -> list[Cue]:
    c, s = claim.lower(), sentence.lower()
    found = []
    for a, others in OPPOSITE.items():
        if not has_word(c, a) or has_word(s, a):
            continue
        for b in others:
            if has_word(s, b) and not has_word(c, b) and _near_claim(claim, s, b):
                if not _said_otherwise(c, a, b):
                    found.append(Cue("opposite", a, b))
    found += _sides_of_body(c, s)
    found += _rank(c, s)
    found += _compass(c, s)
    # Short words ('up', 'over', 'more') are everywhere: count them only beside another cue.
    # A change said in a short verb ('rose' / 'fell', 'won' / 'lost') is no such word.
    strong = [f for f in found if len(f.claim) > 4 or len(f.passage) > 4 or _changes(f)]
    return strong[:1]


# Rose or fell, won or lost: what the claim says changed, in two short words. Not 'losing'
# against 'gaining', whose objects differ too often ('losing 400 men', 'gaining ground').
_CHANGES = {
    frozenset(p)
    for p in [("rise", "fall"), ("rose", "fell"), ("grew", "fell"), ("grow", "fall"),
              ("gain", "fell"), ("jump", "drop"), ("jump", "fell"), ("won", "lost")]
}  # fmt: skip


def _changes(cue: Cue) -> bool:
    return frozenset((cue.claim, cue.passage)) in _CHANGES


# A compass direction, in one word or two: 'northwest', 'north-west', 'North Western', 'south'.
_COMPASS = re.compile(
    r"\b(north|south)?[\s-]?(east|west)(?:ern)?\b|\b(north|south)(?:ern)?\b", re.I
)


def _directions(text_l: str) -> dict[str, set[str]]:
    """Word after a direction ('of', 'province') -> the directions written before it."""
    out: dict[str, set[str]] = {}
    for m in _COMPASS.finditer(text_l):
        after = re.match(r"\s+(\w+)", text_l[m.end() :])
        direction = m.group(3) or (m.group(1) or "") + m.group(2)
        out.setdefault(after.group(1) if after else "", set()).add(direction)
    return out


def _compass(claim_l: str, sentence_l: str) -> list[Cue]:
    """'southeast of Tbilisi' where the sentence has only 'northwest of the capital Tbilisi';
    the same word must follow ('of', 'province'): 'West Bank' and 'east Jerusalem' are names."""
    mine, theirs = _directions(claim_l), _directions(sentence_l)
    every = set().union(*theirs.values()) if theirs else set()
    for word, directions in mine.items():
        if word and word in theirs and not directions & every:
            return [Cue("opposite", sorted(directions)[0], sorted(theirs[word])[0])]
    return []


def _said_otherwise(claim_l: str, a: str, b: str) -> bool:
    """The claim says the passage's word in another one: 'hike' for 'raise' (both the opposite
    of 'cut'), so its 'lower' is about something else ('sent the market lower')."""
    kin = OPPOSITE.get(b, set())
    return any(
        has_word(claim_l, w) for w in OPPOSITE if w not in (a, b) and OPPOSITE[w] & kin - {a}
    )


_SIDED = r"(bank|arm|leg|hand|foot|shin|knee|side|flank|wing|eye|shoulder)"


def _sides_of_body(claim_l: str, sentence_l: str) -> list[Cue]:
    """'the left bank' where the sentence has only 'the right bank' (a river, a wound)."""
    for a, b in (("left", "right"), ("right", "left")):
        mine = re.search(rf"\b{a} {_SIDED}\b", claim_l)
        theirs = re.search(rf"\b{b} {_SIDED}\b", sentence_l)
        if mine and theirs and not re.search(rf"\b{a} {_SIDED}\b", sentence_l):
            return [Cue("opposite", mine.group(0), theirs.group(0))]
    return []


_ORDINAL = r"(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
# A superlative: 'most-watched', 'largest', 'deadliest' ('the most' alone is a quantity).
_SUPERLATIVE = r"((?:most|least)[\s-]\w+|\w{3,}est)"


def _rank(claim_l: str, sentence_l: str) -> list[Cue]:
    """'the most-watched sport' where the sentence has 'the second most-watched': another rank."""
    for m in re.finditer(rf"\b{_ORDINAL}[\s-]+{_SUPERLATIVE}\b", sentence_l):
        superlative = m.group(2).replace("-", " ")
        words = r"[\s-]".join(map(re.escape, superlative.split()))
        said = re.search(rf"\b(\w+)[\s-]+{words}\b", claim_l)
        if said and said.group(1) in ("the", "first", "its", "their", "his", "her"):
            return [Cue("opposite", said.group(0), m.group(0))]
    return []
