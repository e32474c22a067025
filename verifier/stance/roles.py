"""Roles as contradiction cues: two parties the other way round, or a thing given another owner.

'The KMT will hand the reins to the DPP' against 'the DPP hands over the reins to the KMT', and
'a Russian counteroffensive' against 'another Ukrainian counteroffensive': the same words, the
same names, and what each party does or owns swapped. A small NLI model reads these as support.
"""

from __future__ import annotations

import re

from verifier.extract.quantities import parse_quantities
from verifier.overlap import extract_terms
from verifier.stance.cue import Cue
from verifier.stance.figures import is_telling
from verifier.stance.names import mentioned, names_of
from verifier.stance.subject import actors_in

# Verbs whose two parties may be named in either order: 'A met B' is 'B met A'.
_SYMMETRIC = re.compile(
    r"\b(?:met|meet|meets|meeting|talk\w*|negotiat\w*|clash\w*|fought|fight\w*|play\w*|drew|"
    r"draw\w*|tied?|merg\w*|marri\w*|compet\w*|debat\w*|spoke|speak\w*|and|versus|vs|between|"
    r"with|against|both)\b",
    re.I,
)
# A passive ('were killed', 'was handed over'): its subject is what is acted on.
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?(?:\w+ed|\w+en|\w+wn|put|hit|shot|"
    r"struck|sent|held|led|left|lost|made|taken|won|seized|spun)\b",
    re.I,
)
# Whose words they are is an attribution, not a role ('..., according to Ukrainian figures').
_ATTRIBUTION = re.compile(
    r"\b(?:according|said|says|say|told|tells|estimat\w*|report\w*|claim\w*|cited|citing)\b", re.I
)


def _parties(text: str) -> dict[str, list[tuple[int, int]]]:
    """Each named party (an actor under any alias, else a capitalised name) -> its (start, end) spans."""
    found: dict[str, list[tuple[int, int]]] = {}
    for pos, actor in actors_in(text):
        m = re.match(r"[\w-]+", text[pos:])
        found.setdefault(actor, []).append((pos, pos + len(m.group(0)) if m else pos + 1))
    for name in dict.fromkeys(names_of(text, initial=True)):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.setdefault(name.lower(), []).append((m.start(), m.end()))
    return found


def _relation(text: str, start: int, end: int) -> set[str]:
    """The content words between two parties (what one does to the other)."""
    between = text[start:end]
    if (
        _SYMMETRIC.search(between)
        or _ATTRIBUTION.search(between)
        or re.search(r"[,;:.!?(–—]", between)
    ):
        return set()
    return {t for t in extract_terms(between).weights if not t.startswith("#")}


def reversed_roles(claim: str, sentence: str) -> Cue | None:
    """Two parties named once each, either side of the same words, in the opposite order."""
    mine = {k: v[0] for k, v in _parties(claim).items() if len(v) == 1}
    theirs = {k: v[0] for k, v in _parties(sentence).items() if len(v) == 1}
    both = sorted(set(mine) & set(theirs), key=lambda k: mine[k][0])
    for i, a in enumerate(both):
        for b in both[i + 1 :]:
            if theirs[b][0] > theirs[a][0]:
                continue
            said = claim[mine[a][1] : mine[b][0]]
            told = sentence[theirs[b][1] : theirs[a][0]]
            # A passive turns the order round without turning the roles ('was handed ... by').
            if bool(_PASSIVE.search(said)) != bool(_PASSIVE.search(told)):
                continue
            if _relation(claim, mine[a][1], mine[b][0]) & _relation(
                sentence, theirs[b][1], theirs[a][0]
            ):
                return Cue(
                    "role",
                    f"{claim[slice(*mine[a])]} … {claim[slice(*mine[b])]}",
                    f"{sentence[slice(*theirs[b])]} … {sentence[slice(*theirs[a])]}",
                )
    return None


# Words between an owner and what it owns: 'Ukraine's 109th regiment', 'Russian elite units'.
_OWNED_GAP = r"(?:\s+(?:\d+\w*|[a-z]+(?:-[a-z]+)?)){0,2}?\s+"


def _owned(text: str) -> dict[str, set[str]]:
    """Noun stem -> the parties written as owning it ('Ukrainian counteroffensive', 'regiment of the DPR')."""
    out: dict[str, set[str]] = {}
    parties = _parties(text)
    spans = sorted((s, e, key) for key, found in parties.items() for s, e in found)
    for s, e, key in spans:
        # Before the noun: 'Ukrainian counteroffensive', 'Ukraine's 109th regiment'.
        after = re.match(rf"(?:['’]s)?({_OWNED_GAP})([a-z][a-z-]+)\b", text[e:])
        if after and (text[e : e + 2] in ("'s", "’s") or _adjective(text[s:e])):
            if _one_of_a_kind(after.group(1), after.group(2)):
                _add(out, after.group(2), key)
        # After it: 'the 109th regiment of the Donetsk People's Republic'.
        before = re.search(r"(\S+\s+)?([a-z][a-z-]+)\s+of\s+(?:the\s+)?$", text[:s])
        if before and _one_of_a_kind(before.group(1) or "", before.group(2)):
            _add(out, before.group(2), key)
    return out


# Things one party's and not the other's: an operation, a battle's turn. A president, an army or
# a ministry each side has its own, so another owner is another one, not a contradiction.
_EVENTS = re.compile(
    r"(?:counter)?(?:offensive|attack|assault|strike|advance|retreat|withdrawal|invasion|victory|"
    r"defeat|bombardment|shelling|blockade|incursion|raid|ambush|ceasefire|proposal|bid|offer)s?",
    re.I,
)


def _one_of_a_kind(modifiers: str, noun: str) -> bool:
    """The noun names one thing: an operation, or a unit with its number ('the 109th regiment')."""
    return bool(_EVENTS.fullmatch(noun) or re.search(r"\d", modifiers))


def _adjective(word: str) -> bool:
    """'Ukrainian', 'Russian', 'Taiwanese': a party named as an adjective."""
    return re.fullmatch(r"[A-Z][a-z]+(?:ian|ish|ese|an|i)", word) is not None


def _add(out: dict[str, set[str]], noun: str, key: str) -> None:
    terms = [t for t in extract_terms(noun).weights if not t.startswith("#")]
    if terms:
        out.setdefault(terms[0], set()).add(key)


def _doer_of(text: str, noun: str) -> str | None:
    """The one party named before an unowned 'a counteroffensive' in its clause ('Russian troops
    are pressing a counteroffensive' -> russia), None when none or several are."""
    for m in re.finditer(r"\b(?:an?|its|their)\s+(\w+)", text):
        terms = list(extract_terms(m.group(1)).weights)
        if terms and terms[0] == noun:
            clause = re.split(r"[,;:.!?]", text[: m.start()])[-1]
            named = {a for _, a in actors_in(clause)}
            return named.pop() if len(named) == 1 else None
    return None


def other_owner(claim: str, sentence: str) -> Cue | None:
    """The sentence gives a thing the claim speaks of to another party than the claim does."""
    mine, theirs = _owned(claim), _owned(sentence)
    for noun, owners in theirs.items():
        if len(owners) != 1:
            continue
        claimed = mine.get(noun) or ({d} if (d := _doer_of(claim, noun)) else set())
        if len(claimed) == 1 and not any(_one_party(c, o) for c in claimed for o in owners):
            return Cue("role", f"{next(iter(claimed))}'s {noun}", f"{next(iter(owners))}'s {noun}")
    return None


def _one_party(a: str, b: str) -> bool:
    """'dnipro' and 'dnipro river' name one party: either name mentions the other."""
    return a == b or mentioned(a, b) or mentioned(b, a)


# Where one clause of a sentence ends and the next begins: 'X went to A, while Y went to B'.
_CLAUSES = re.compile(r"[;,]\s+(?:while|whereas|and|but)?\s*|\s+(?:while|whereas)\s+", re.I)


def _bindings(text: str) -> list[tuple[set[float], set[str]]]:
    """Per clause: the telling figures it states and the names it gives."""
    out = []
    for clause in _CLAUSES.split(text):
        values = {q.value for q in parse_quantities(clause) if is_telling(q)}
        names = {n.lower() for n in names_of(clause, initial=True)}
        if values or names:
            out.append((values, names))
    return out


def figure_elsewhere(claim: str, sentence: str) -> Cue | None:
    """The claim's figure, which the sentence gives to another name, put with a name the sentence
    gives another figure ('43,000 went to Kazakhstan' / '98,000 to Kazakhstan, 43,000 to Finland')."""
    clauses = _bindings(sentence)
    if len(clauses) < 2:
        return None
    for values, names in _bindings(claim):
        for value in values:
            for name in names:
                with_value = [n for v, n in clauses if value in v]
                with_name = [v for v, n in clauses if any(_one_party(name, x) for x in n)]
                if (
                    len(with_value) == 1
                    and with_value[0]
                    and not any(_one_party(name, x) for x in with_value[0])
                    and with_name
                    and all(v and value not in v for v in with_name)
                ):
                    return Cue(
                        "role",
                        f"{value:,.0f} … {name}",
                        f"{value:,.0f} … {sorted(with_value[0])[0]}",
                    )
    return None
