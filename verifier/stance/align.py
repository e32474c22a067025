"""Contradiction cues between a claim and the sentence that says the same thing in other words.

A sentence that reads like the claim (high embedding cosine) but differs in one checkable detail
contradicts it: the negation flipped, an antonym ('finished' vs 'would continue'), another date
for the same figure or event, another place or person in the same role, or the two sides of a
war swapped. Small NLI models miss these because topic similarity reads as entailment; the cues
are read only once the two texts have been aligned by meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from verifier.extract.quantities import parse_quantities
from verifier.overlap import STOPWORDS, extract_terms
from verifier.stance.counts import differing_count
from verifier.stance.figures import (
    _interval,
    _overlaps,
    compare_figures,
    is_telling,
    part_words,
)
from verifier.stance.rules import NEGATION, Decision, Span
from verifier.stance.subject import actor_of, actors_in, sources_in, starts_sentence

# Pairs of opposites as stems (overlap._stem: 'captured' -> 'captur'); either order.
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
]
OPPOSITE = {}
for _a, _b in _OPPOSITES:
    OPPOSITE.setdefault(_a, set()).add(_b)
    OPPOSITE.setdefault(_b, set()).add(_a)

MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + "|".join(m.title() for m in MONTHS) + r"|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?"
)
_SHORT = {m[:3]: m for m in MONTHS} | {"sept": "september"}
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b", re.I)
_NAME = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*")


@dataclass(frozen=True)
class Cue:
    """One detail in which the claim and the aligned sentence differ."""

    kind: str  # negation, opposite, date, name, side, count
    claim: str
    passage: str

    def describe(self) -> str:
        """In words, for the evidence rationale."""
        if self.kind == "negation":
            return f"the negation differs ({self.claim or 'none'} vs {self.passage or 'none'})"
        return f"the claim says {self.claim!r} where the passage says {self.passage!r}"


_SUFFIX = r"(?:s|es|ed|d|ing|e|er|ers|ion|ions|y|ies|ied|ment|n|ly)?"


def _has(text_l: str, stem: str) -> bool:
    """The stem as a word with at most a grammatical ending ('ban' is not in 'bank')."""
    return re.search(r"\b" + re.escape(stem) + _SUFFIX + r"\b", text_l) is not None


# The cosine (claim, sentence) at which each kind of differing detail reads as a contradiction,
# not as another statement: measured on the news dev split (bench/newsdev, dev half).
CUE_MIN = {
    "negation": 0.55,
    "opposite": 0.55,
    "date": 0.6,
    "name": 0.7,
    "side": 0.55,
    "count": 0.7,
}


def find_cues(
    claim: str, sentence: str, passage: str | None = None, cosine: float = 1.0
) -> list[Cue]:
    """Details in which the claim contradicts a sentence that says its thing (see the module)."""
    return [c for c in _all_cues(claim, sentence, passage) if cosine >= CUE_MIN[c.kind]]


# Clauses joined by a contrast say two things; a cue counts in the one that says the claim's.
_CONTRAST = re.compile(r",?\s+(?:but|while|whereas|although|though|yet)\s+|;\s+", re.I)


def focus(claim: str, sentence: str) -> str:
    """The clause of a contrasting sentence that repeats most of the claim's words (else all of it)."""
    parts = [p for p in _CONTRAST.split(sentence) if p.strip()]
    if len(parts) < 2:
        return sentence
    shares = [_share(claim, p, figures=True) for p in parts]
    best = max(range(len(parts)), key=shares.__getitem__)
    # A tie reads the whole sentence: nothing says which clause is the claim's.
    return sentence if shares.count(shares[best]) > 1 else parts[best]


def _all_cues(claim: str, sentence: str, passage: str | None) -> list[Cue]:
    passage = passage or sentence
    cues = []
    negation = _negation_differs(claim, sentence)
    if negation:
        cues.append(Cue("negation", *negation))
    # An opposite counts in the claim's clause ('robberies came down but bank robberies rose').
    cues += _opposites(claim, focus(claim, sentence))
    cues += _dates(claim, sentence)
    count = differing_count(claim, sentence)
    if count:
        cues.append(Cue("count", *count))
    cues += _names(claim, sentence, passage)
    agents = differing_agent(claim, sentence)
    if agents:
        cues.append(Cue("side", *agents))
    return cues


# Verbs as written: a regular past or -ing form, or a common irregular past.
_VERB = re.compile(
    r"\b(?:\w{3,}(?:ed|ing)|took|won|lost|made|sent|gave|began|fought|hit|struck|shot|seized|"
    r"led|held|fell|drove|beat|broke|withdrew|retook|overran|bore|met)\b",
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
# How far before a verb its subject may be named, in words, within one clause.
AGENT_WORDS = 15


def _agent(text: str, m: re.Match) -> str | None:
    """The side that does what the verb says: named before it (or after 'by' when passive)."""
    before = re.split(r"[.;:!?–—]", text[: m.start()])[-1]
    if _PASSIVE.search(before):
        by = re.match(r"^\s+by\s+((?:\S+\s+){0,3})", text[m.end() :])
        found = actors_in(by.group(1)) if by else []
        return found[0][1] if found and found[0][1] in _SIDES else None
    window = " ".join(before.split()[-AGENT_WORDS:])
    found = [(pos, actor) for pos, actor in actors_in(window) if actor in _SIDES]
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
            if verb & verb2 and obj & obj2 and agent2 is not None and agent2 != agent:
                return (f"{agent} {word}", f"{agent2} {word2}")
    return None


# Words that negate what follows them, beyond 'not' and 'no': 'without breaking a bone',
# 'doubted Moscow was finished', 'failed to take', 'no longer', 'lack confidence'.
_NEGATORS = re.compile(
    r"\b(?:without|doubts?|doubted|fail(?:s|ed)? to|unable to|no longer|ruled out|"
    r"lack(?:s|ed|ing)?(?: of)?)\b",
    re.I,
)
# A doubt is its holder's: 'Zelensky doubted Moscow was finished' does not deny that Moscow said so.
_DOUBT = re.compile(r"\bdoubt", re.I)
# Verbs that say in one word what a negation says in two: 'could lose all momentum' is
# 'no longer any momentum', not its opposite.
_PRIVATIVE = re.compile(
    r"\b(?:los(?:e|es|ing)|lost|stop(?:s|ped|ping)?|halt(?:s|ed|ing)?|ceas(?:e|es|ed|ing)|"
    r"exhaust(?:s|ed|ing)?|ran out|run(?:s|ning)? out|end(?:s|ed|ing)?)\b",
    re.I,
)


def _privatives(text: str) -> set[str]:
    return {m.group(0).lower()[:4] for m in _PRIVATIVE.finditer(text)}


def _negation_in_other_words(claim: str, sentence: str) -> bool:
    """The sentence negates what the claim says with a privative verb ('no longer' / 'lose')."""
    negated = NEGATION.search(sentence) or _NEGATORS.search(sentence)
    return bool(negated) and bool(_privatives(claim) - _privatives(sentence))


def _negation_differs(claim: str, sentence: str) -> tuple[str, str] | None:
    """The negators of the two texts, where one negates what both say and the other does not."""
    cn, sn = NEGATION.search(claim), NEGATION.search(sentence)
    if cn and sn:
        # Both negate something: a difference only where one negates what both say and the
        # other negates something else ('denied any mistakes' vs 'had not carried out a mobilisation').
        cb, sb = _bearing(NEGATION, claim, sentence), _bearing(NEGATION, sentence, claim)
        if bool(cb) == bool(sb):
            return None
        return (cb or "", sb or "")
    if cn or sn:
        # 'no bone was broken' is 'without breaking a bone'; 'could lose all momentum' is 'no longer'.
        text, other = (sentence, claim) if cn else (claim, sentence)
        if _bearing(_NEGATORS, text, other, claim) or _privatives(text) - _privatives(other):
            return None
        return (cn.group(0) if cn else "", sn.group(0) if sn else "")
    # The wider negators count where they bear on what both say ('without breaking a bone').
    cb = _bearing(_NEGATORS, claim, sentence, claim)
    sb = _bearing(_NEGATORS, sentence, claim, claim)
    if bool(cb) == bool(sb):
        return None
    return (cb or "", sb or "")


def _bearing(pattern: re.Pattern, text: str, other: str, claim: str | None = None) -> str | None:
    """The first negator of text that bears on what the other text says: a word it scopes over
    is in the other text ('wounded without breaking a bone' says nothing of a claim without a
    bone). A doubt counts only when the claim names whoever holds it."""
    other_words = set(extract_terms(other).weights)
    for m in pattern.finditer(text):
        scope = set(extract_terms(" ".join(text[m.end() :].split()[:5])).weights)
        if not scope & other_words:
            continue
        # A doubt in both texts is one negation, whoever holds it ('Ukraine's president doubted').
        if (
            claim is not None
            and _DOUBT.match(m.group(0))
            and text is not claim
            and not _DOUBT.search(claim)
        ):
            # Whoever is named last before the doubt holds it, literally ('Zelensky', not Ukraine).
            holder = [n.group(0).split()[-1] for n in _NAME.finditer(text[: m.start()])][-1:]
            if not holder or not _mentioned(holder[0], claim.lower()):
                continue
        return m.group(0)
    return None


# Words around an opposite that may name what it is about: its object mostly follows it.
OPPOSITE_BEFORE, OPPOSITE_AFTER = 3, 6


def _near_claim(claim: str, sentence_l: str, stem: str) -> bool:
    """The opposite word stands by something the claim talks about ('losing Lyman' is no
    opposite of 'captured Luhansk', whose sentence also has 'losing the city of Lyman')."""
    claim_terms = set(extract_terms(claim).weights)
    for m in re.finditer(r"\b" + re.escape(stem) + _SUFFIX + r"\b", sentence_l):
        before = sentence_l[: m.start()].split()[-OPPOSITE_BEFORE:]
        after = sentence_l[m.end() :].split()[:OPPOSITE_AFTER]
        if set(extract_terms(" ".join(before + after)).weights) & claim_terms:
            return True
    return False


def _opposites(claim: str, sentence: str) -> list[Cue]:
    c, s = claim.lower(), sentence.lower()
    found = []
    for a, others in OPPOSITE.items():
        if not _has(c, a) or _has(s, a):
            continue
        for b in others:
            if _has(s, b) and not _has(c, b) and _near_claim(claim, s, b):
                found.append(Cue("opposite", a, b))
    found += _sides_of_body(c, s)
    # Short words ('up', 'over', 'more') are everywhere: count them only beside another cue.
    strong = [f for f in found if len(f.claim) > 4 or len(f.passage) > 4]
    return strong[:1]


_SIDED = r"(bank|arm|leg|hand|foot|shin|knee|side|flank|wing|eye|shoulder)"


def _sides_of_body(claim_l: str, sentence_l: str) -> list[Cue]:
    """'the left bank' where the sentence has only 'the right bank' (a river, a wound)."""
    for a, b in (("left", "right"), ("right", "left")):
        mine = re.search(rf"\b{a} {_SIDED}\b", claim_l)
        theirs = re.search(rf"\b{b} {_SIDED}\b", sentence_l)
        if mine and theirs and not re.search(rf"\b{a} {_SIDED}\b", sentence_l):
            return [Cue("opposite", mine.group(0), theirs.group(0))]
    return []


def _month_days(text: str) -> list[tuple[str, int | None]]:
    out = []
    for m in _MONTH.finditer(text):
        month = m.group(2).lower().rstrip(".")
        month = _SHORT.get(month[:4] if month.startswith("sept") else month[:3], month)
        day = m.group(1) or m.group(3)
        if month == "may" and not day:
            continue  # the verb 'may'
        out.append((month, int(day) if day else None))
    return out


def _dates(claim: str, sentence: str) -> list[Cue]:
    # A date differing next to a differing figure is a running total at another time, not a
    # contradiction ('60,000 in September' vs '71,200 in November'): the figure rules decide.
    told = [q for q in parse_quantities(claim) if is_telling(q)]
    stated = {q.value for q in parse_quantities(sentence)}
    if any(q.value not in stated for q in told):
        return []
    cues = []
    for q in told:
        # The claim's figure stated for another year ('1.74 million in 1993, 10.3 million in
        # 1995' against '10.3 million in 1993'): the year the figure goes with differs.
        mine = _year_of(claim, q.text)
        theirs = {
            _year_of(sentence, b.text) for b in parse_quantities(sentence) if b.value == q.value
        }
        theirs.discard(None)
        if mine and theirs and mine not in theirs:
            return [Cue("date", f"{q.text} in {mine}", f"{q.text} in {', '.join(sorted(theirs))}")]
    cm, sm = _month_days(claim), _month_days(sentence)
    if cm and sm:
        s_months = {m for m, _ in sm}
        for month, day in cm:
            if month not in s_months:
                cues.append(Cue("date", month, ", ".join(sorted(s_months))))
                break
            s_days = {d for m, d in sm if m == month and d}
            if day and s_days and day not in s_days:
                cues.append(Cue("date", f"{day} {month}", f"{min(s_days)} {month}"))
                break
    for pattern in (_YEAR, _WEEKDAY, _SEASON):
        a = {x.lower() for x in pattern.findall(claim)}
        b = {x.lower() for x in pattern.findall(sentence)}
        if a and b and not a & b:
            cues.append(Cue("date", ", ".join(sorted(a)), ", ".join(sorted(b))))
    return cues[:1]


def _year_of(text: str, figure: str) -> str | None:
    """The year a figure goes with: the one after it in its clause, else one before it and no other figure."""
    at = text.find(figure)
    if at < 0:
        return None
    after = re.split(r"[,;.](?:\s|$)", text[at + len(figure) :], maxsplit=1)[0]
    found = _YEAR.search(after)
    if found:
        return found.group(1)
    before = re.split(r"[,;.]\s", text[:at])[-1]
    found = list(_YEAR.finditer(before))
    # A year that follows another figure is that figure's ('from 1.74 million in 1993 to 10.3
    # million two years later').
    if not found or re.search(r"\d", before[: found[-1].start()]):
        return None
    return found[-1].group(1)


def figures_stated(claim: str, text: str) -> bool:
    """Every figure of the claim, small ones and years included, is stated (or agreed with) in the text.

    A support must state the claim's numbers: 'three crew members' is not corroborated by 'one
    crew member', a 1993 figure not by another year's.
    """
    stated = parse_quantities(text)
    for a in parse_quantities(claim):
        if any(
            _overlaps(_interval(a.value, a.qualifier), _interval(b.value, b.qualifier))
            for b in stated
        ):
            continue
        if is_telling(a) and compare_figures(claim, [a], text, stated).finding in (
            "match",
            "window",
        ):
            continue
        return False
    return True


# Capitalised words that name no one: abbreviations of common nouns.
_NOT_NAMES = {"TV", "GDP", "CEO", "PM", "AM", "OK", "ID", "DNA", "PhD", "AI"}
# Words shouted in capitals are emphasis, not names: 'did NOTHING', 'BREAKING:'.
_SHOUTED = frozenset(
    "breaking exclusive update urgent confirmed fake huge massive just now nothing never only all "
    "every none nobody really totally".split()
)


def _shouted(word: str) -> bool:
    return word.isupper() and (word.lower() in _SHOUTED or word.lower() in STOPWORDS)


def dates_stated(claim: str, text: str) -> bool:
    """Every month, year and weekday of the claim is in the text: a support states the claim's dates."""
    months = {m for m, _ in _month_days(text)}
    if any(m not in months for m, _ in _month_days(claim)):
        return False
    for pattern in (_YEAR, _WEEKDAY):
        said = {x.lower() for x in pattern.findall(text)}
        if any(x.lower() not in said for x in pattern.findall(claim)):
            return False
    return True


def names_of(text: str) -> list[str]:
    """Capitalised names of a text that are not actors' aliases nor sentence-initial words."""
    names = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if starts_sentence(text, m.start()):
            words = words[1:]
        words = [w.strip("'’\"“”‘-") for w in words]
        words = [
            w
            for w in words
            if w
            and w.lower() not in STOPWORDS
            and w not in _NOT_NAMES
            and not _shouted(w)
            and actor_of(w) is None
        ]
        if words and not _MONTH.fullmatch(words[0]) and not _WEEKDAY.fullmatch(words[0]):
            names.append(" ".join(words))
    return names


def other_names(claim: str, sentence: str) -> bool:
    """The claim names something the sentence does not, and the sentence names something else."""
    return bool(_names(claim, sentence, sentence))


def _names(claim: str, sentence: str, passage: str) -> list[Cue]:
    """A name of the claim the passage never mentions, where the sentence has another of its own."""
    passage_l = passage.lower()
    claim_l = claim.lower()
    missing = [n for n in names_of(claim) if not _mentioned(n, passage_l)]
    # Whoever is quoted is the sentence's source, not a name in the claim's role.
    extra = [
        n for n in names_of(sentence) if not _mentioned(n, claim_l) and not _speaker(n, sentence)
    ]
    if missing and extra:
        return [Cue("name", missing[0], extra[0])]
    return _titles(claim, passage)


# A title written before a name: 'Defence Minister Sergei Shoigu', 'Prime Minister Boris Johnson'.
_TITLED = re.compile(
    r"\b((?:[A-Z][a-z]+\s+){0,2}(?:Minister|Secretary|President|Chancellor|General|Governor|"
    r"Mayor|Ambassador|Spokesman|Spokeswoman|Commander|Director|Chief))\s+"
    r"((?:[A-Z][\w’'-]+\s?){1,3})"
)


def _titles(claim: str, passage: str) -> list[Cue]:
    """The claim gives a person another title than the article does ('Foreign Minister Shoigu')."""
    theirs: dict[str, set[str]] = {}
    for m in _TITLED.finditer(passage):
        theirs.setdefault(m.group(2).split()[-1], set()).add(m.group(1).lower())
    for m in _TITLED.finditer(claim):
        title, surname = m.group(1).lower(), m.group(2).split()[-1]
        known = theirs.get(surname)
        # 'Minister' for 'Defence Minister' is the same title, said shorter.
        if known and not any(title in t or t in title for t in known):
            return [Cue("name", m.group(1), sorted(known)[0].title())]
    return []


_SAID = r"(?:said|says|told|added|wrote|tweeted|according to)"


def _speaker(name: str, sentence: str) -> bool:
    """The name is who says the sentence: '..., said Golam Kibria', 'Kibria said'."""
    n = re.escape(name)
    return bool(
        re.search(rf"\b{_SAID}\s+(?:\w+\s+){{0,3}}{n}\b", sentence)
        or re.search(rf"\b{n}(?:\s*,[^,]{{0,60}},)?\s+{_SAID}\b", sentence)
    )


def _mentioned(name: str, text_l: str) -> bool:
    """A word of the name (its first five letters: 'Georgia' / 'Georgian') is in the text, or
    the name is the initials of words in it ('AP' / 'Associated Press')."""
    if 2 <= len(name) <= 5 and name.isalpha() and name.isupper() and _initials_in(name, text_l):
        return True
    words = [w.lower().removesuffix("’s").removesuffix("'s")[:5] for w in name.split()]
    words = [w for w in words if len(w) > 2] or [name.lower()]
    return any(re.search(r"\b" + re.escape(w), text_l) for w in words)


def _initials_in(acronym: str, text_l: str) -> bool:
    words = r"\s+".join(rf"{c.lower()}\w+" for c in acronym)
    return re.search(rf"\b{words}\b", text_l) is not None


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


# Measured on the news dev split (bench/newsdev, dev half of both sets; bench/tune_alignment.py):
# a sentence reading this much like the claim says its thing when its names and figures are the
# claim's; between LOW and HIGH it must also repeat a share of the claim's words and the
# classifier must not read it as a contradiction.
SUPPORT_HIGH = 0.82
SUPPORT_LOW = 0.66
SUPPORT_SHARE = 0.5
# A near copy (three quarters of the claim's words, its names, figures and dates, no differing
# detail) corroborates whatever the small classifier reads.
NEAR_COPY_SHARE = 0.75
# Nearly all of the claim's words, in a sentence that reads like it: a close copy corroborates too.
CLOSE_COPY_SHARE = 0.85
# Below LOW, the classifier's likeliest 'supports' and a larger share of the claim's words.
SUPPORT_AGREED = 0.62
SUPPORT_AGREED_SHARE = 0.4
PAIR_MARGIN = 0.05
CUE_SHARE = 0.4
# Where no cue and no paraphrase decide, the classifier's contradiction stands when it is its
# likeliest reading at this probability, on a sentence this close to the claim (dev split).
CLASSIFIER_CONTRADICTS = 0.45
CLASSIFIER_COSINE = 0.65
# Below the relevance bar, a cue and the classifier's contradiction together decide down to here.
CONSENSUS_COSINE = 0.5


def judge_by_alignment(
    claim: str,
    passage_text: str,
    spans: list[Span],
    singles: set,
    relevant: float,
    classifier_name: str = "classifier",
    agreement: Decision | None = None,
    article_text: str | None = None,
) -> Decision:
    """Stance from the sentence most like the claim by meaning: a differing detail, a paraphrase, or nothing.

    The classifier's probabilities (on the spans) veto a weak paraphrase, and its likeliest
    'contradicts' decides a sentence close to the claim that nothing else decided.
    """
    clean = [s for s in spans if not s.injected] or spans
    one = [s for s in clean if (s.start, s.end) in singles or s.clause] or clean
    best = max(one, key=lambda s: s.cosine)
    pair = max(
        (s for s in clean if (s.start, s.end) not in singles and not s.clause),
        key=lambda s: s.cosine,
        default=None,
    )
    if pair is not None and pair.cosine >= best.cosine + PAIR_MARGIN:
        best = pair
    cos = best.cosine
    # A clause lends its closer cosine; what it says is read in its whole sentence (a 'no' in
    # the other clause is still said).
    clause, best = best, parent_of(best, clean)
    if cos < relevant and agreement is None:
        agreed = _consensus(claim, article_text or passage_text, clean, classifier_name)
        if agreed is not None:
            return agreed
        return Decision(
            best,
            "unrelated",
            round(1.0 - cos, 3),
            "rule:meaning",
            f"no sentence says what the claim says (closest cosine {cos:.3f}, below {relevant:.2f})",
        )
    # A differing detail counts only in a counterpart: a sentence that repeats a good share of
    # the claim's words, not one that merely reads alike on a one-topic archive.
    counterpart = _share(claim, best.said) >= CUE_SHARE
    # Sides swapped around another figure is another statement ('6,000 civilians' is not the
    # swapped '71,200 troops'): the swap decides only where the claim's figures are stated.
    # Literal words here: with aliases, 'Ukraine killed' and 'Russia lost' share both sides.
    if (
        cos >= relevant
        and _share(claim, best.said, aliases=False) >= CUE_SHARE
        and sides_swapped(best.cosine, best.swapped)
        and figures_stated(claim, best.said)
    ):
        return Decision(
            best,
            "contradicts",
            0.7,
            "rule:sides",
            f"the passage reads as the claim with Russia and Ukraine swapped (cosine {best.swapped:.2f} "
            f"against {cos:.2f}){_read_as(best)}",
        )
    # A name the claim gives is missing only when the whole article never mentions it.
    where = article_text or passage_text
    cues = find_cues(claim, best.said, where, cos) if counterpart and cos >= relevant else []
    if cues:
        return Decision(best, "contradicts", 0.7, f"rule:{cues[0].kind}", cues[0].describe())
    if agreement is not None:
        # The same count with the same figure supports, unless that sentence flips the claim.
        counted = agreement.span
        share = _share(claim, counted.said)
        # The same count makes it the claim's counterpart: any differing detail contradicts.
        flips = find_cues(claim, counted.said, where, counted.cosine)
        if flips:
            return Decision(
                counted, "contradicts", 0.7, f"rule:{flips[0].kind}", flips[0].describe()
            )
        reading = _likeliest(counted.probs)
        # The figure alone is not the claim: the sentence must also say the rest of it.
        if reading != "contradicts" and (
            share >= SUPPORT_SHARE or counted.cosine >= SUPPORT_LOW or reading == "supports"
        ):
            return agreement
        # The same count, the same figure, most of the claim's words, in a sentence that reads
        # like it: the small classifier's doubt does not outweigh that.
        if (
            share >= SUPPORT_SHARE
            and counted.cosine >= SUPPORT_LOW
            and _uncovered_clause(claim, counted.said) is None
            and all(_mentioned(n, passage_text.lower()) for n in names_of(claim))
        ):
            return agreement
        if cos < relevant:
            return _consensus(claim, where, clean, classifier_name) or Decision(
                best,
                "unrelated",
                0.5,
                "rule:meaning",
                "the same figure, but not the claim's statement",
            )
    context = " ".join(s.said for s in spans if s.start <= best.start and s.end >= best.end)
    why = _support_gap(claim, replace(best, cosine=cos), context, passage_text, article_text)
    if why is None:
        return Decision(
            clause,
            "supports",
            round(min(0.95, cos), 3),
            "rule:paraphrase",
            f"the sentence says what the claim says (cosine {cos:.2f}), with its names and figures",
        )
    p = best.probs or {}
    # A claim with a figure against a sentence with none: what the classifier reads as a
    # contradiction is another count ('several thousand deployed' beside '300,000 mobilised').
    if (
        _likeliest(p) == "contradicts"
        and p["contradicts"] >= CLASSIFIER_CONTRADICTS
        and cos >= CLASSIFIER_COSINE
        and (_telling(best.said) or not _telling(claim))
        # The sentence's 'no longer' is the claim's 'could lose': a small model reads the
        # negation as a contradiction that the two texts do not have.
        and not _negation_in_other_words(claim, best.said)
    ):
        return Decision(
            best,
            "contradicts",
            round(p["contradicts"], 3),
            classifier_name,
            f"the classifier gives contradicts p={p['contradicts']:.2f} (cosine {cos:.2f})",
        )
    return Decision(best, "unrelated", 0.5, "rule:meaning", f"on the claim's topic, but {why}")


def _read_as(span: Span) -> str:
    """How an opening pronoun was read, for the rationale ('; "It" read as Russia')."""
    if not span.reading:
        return ""
    pronoun = span.text.split()[0]
    actor = span.reading[: len(span.reading) - (len(span.text) - len(pronoun))]
    return f"; '{pronoun}' read as {actor}, from the sentence before"


def parent_of(span: Span, spans: list[Span]) -> Span:
    """The sentence a clause belongs to (the span itself when it is no clause)."""
    return next((s for s in spans if (s.start, s.end) == span.within), span)


def _consensus(
    claim: str, passage_text: str, spans: list[Span], classifier_name: str
) -> Decision | None:
    """A differing detail the classifier also reads as a contradiction, in a sentence below the bar.

    A long sentence says more than the claim and reads less like it by cosine; a counterpart
    (repeating the claim's words) with a cue that the classifier independently confirms is a
    contradiction there too: two signals agreeing, each too weak alone.
    """
    for span in sorted(spans, key=lambda s: -s.cosine):
        if span.cosine < CONSENSUS_COSINE:
            break
        p = span.probs or {}
        if _likeliest(p) != "contradicts" or p["contradicts"] < CLASSIFIER_CONTRADICTS:
            continue
        if _share(claim, span.said) < CUE_SHARE:
            continue
        cues = _all_cues(claim, span.said, passage_text)
        if cues:
            return Decision(
                span,
                "contradicts",
                0.6,
                f"rule:{cues[0].kind}",
                f"{cues[0].describe()}, and the classifier reads a contradiction "
                f"(p={p['contradicts']:.2f}, cosine {span.cosine:.2f})",
            )
    return None


def _support_gap(
    claim: str, best: Span, context: str, passage_text: str, article_text: str | None = None
) -> str | None:
    """Why the sentence does not corroborate the claim, or None when it does."""
    if not figures_stated(claim, context):
        return "it does not state the claim's figures"
    if not dates_stated(claim, context):
        return "it does not state the claim's dates"
    part = _part_unstated(claim, context)
    if part:
        return f"it states the figure, not what the claim says of {part}"
    uncovered = _uncovered_clause(claim, context)
    if uncovered:
        return f"it does not say that {uncovered}"
    # A differing detail too weak to contradict (a low cosine) still keeps it from corroborating.
    differs = _all_cues(claim, best.said, article_text or passage_text)
    if differs:
        return differs[0].describe()
    missing = [n for n in names_of(claim) if not _mentioned(n, passage_text.lower())]
    if missing:
        return f"it does not name {', '.join(missing[:3])}"
    # The passage, not the whole article: on a one-topic archive every article names both sides.
    # The claim's source may be named elsewhere in the article ('the MoD' of a British report).
    named = {a for _, a in actors_in(passage_text)}
    if article_text:
        named |= sources_in(claim) & {a for _, a in actors_in(article_text)}
    absent = sorted({a for _, a in actors_in(claim)} - named)
    if absent:
        return f"the passage does not mention {', '.join(absent)}"
    share = _share(claim, best.said)
    if best.cosine >= SUPPORT_HIGH and (
        _likeliest(best.probs) != "contradicts" or share >= NEAR_COPY_SHARE
    ):
        return None
    if best.cosine >= SUPPORT_LOW and share >= CLOSE_COPY_SHARE:
        return None
    if (
        best.cosine >= SUPPORT_LOW
        and share >= SUPPORT_SHARE
        and _likeliest(best.probs) != "contradicts"
    ):
        return None
    if (
        best.cosine >= SUPPORT_AGREED
        and _share(claim, best.said) >= SUPPORT_AGREED_SHARE
        and _likeliest(best.probs) == "supports"
    ):
        return None
    return f"it reads only partly like the claim (cosine {best.cosine:.2f})"


# Two statements joined in one claim: each needs its own support.
_JOINED = re.compile(r",?\s+(?:and|but|while|whereas)\s+|;\s+", re.I)
CLAUSE_SHARE = 0.34
_SOURCE_TAIL = re.compile(r",?\s+(?:per|according to)\s+.*$|,\s+[^,]*\b(?:says?|said)\s*$", re.I)


def _uncovered_clause(claim: str, text: str) -> str | None:
    """A clause of a claim joining two statements that the text does not repeat ('Russia invaded
    on February 24 and had Kyiv under its control within weeks': the second half)."""
    # Who says it is the claim's source, not a statement of its own ('..., per Victor Kovalenko').
    parts = [_SOURCE_TAIL.sub("", p).strip(" .") for p in _JOINED.split(claim)]
    if len(parts) < 2:
        return None
    words = set(extract_terms(text).weights)
    for part in parts:
        terms = set(extract_terms(part).weights)
        if len(terms) >= 3 and len(terms & words) / len(terms) < CLAUSE_SHARE:
            return part
    return None


def _part_unstated(claim: str, text: str) -> str | None:
    """'most of the 950' when the text gives the 950 but not what 'most' of them did."""
    for q in parse_quantities(claim):
        part = part_words(claim, q) if is_telling(q) else None
        if part:
            # The quantifier itself ('most', '82,000'), not the words joining it to the figure.
            quantifier = part.split()[0]
            if not re.search(rf"(?<![\w,.]){re.escape(quantifier.lower())}(?![\w,])", text.lower()):
                return f"{part} {q.text}"
    return None


def _telling(claim: str) -> bool:
    return any(is_telling(q) for q in parse_quantities(claim))


def _likeliest(probs: dict | None) -> str | None:
    """The classifier's likeliest stance for a span, None when it was not scored."""
    return max(probs, key=probs.get) if probs else None


def _share(claim: str, text: str, aliases: bool = True, figures: bool = False) -> float:
    """Share of the claim's words the text repeats; an actor's alias counts ('Putin' for 'Russian')."""
    words = {t for t in extract_terms(claim).weights if figures or not t.startswith("#")}
    said = set(extract_terms(text).weights)
    actors = {a for _, a in actors_in(text)} if aliases else set()
    shared = [w for w in words if w in said or actor_of(w) in actors]
    return len(shared) / max(1, len(words))
