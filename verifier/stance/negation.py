"""Negation as a contradiction cue, where it bears on what both texts say."""

from __future__ import annotations

import re

from verifier.overlap import extract_terms
from verifier.stance.names import NAME, mentioned
from verifier.stance.rules import NEGATION

# Words that negate what follows them, beyond 'not' and 'no': 'without breaking a bone',
# 'doubted Moscow was finished', 'failed to take', 'no longer', 'lack confidence'.
NEGATORS = re.compile(
    r"\b(?:without|doubts?|doubted|fail(?:s|ed)? to|unable to|no longer|ruled out|"
    r"(?:advis|warn|recommend|urg|caution)\w*(?:\s+[\w'’-]+){0,8}?\s+against|"
    r"lack(?:s|ed|ing)?(?: of)?)\b",
    re.I,
)


# A doubt is its holder's: 'Zelensky doubted Moscow was finished' does not deny that Moscow said so.
_DOUBT = re.compile(r"\bdoubt", re.I)


# Verbs that say in one word what a negation says in two: 'could lose all momentum' is
# 'no longer any momentum', not its opposite.
_PRIVATIVE = re.compile(
    r"\b(?:los(?:e|es|ing)|lost|stop(?:s|ped|ping)?|halt(?:s|ed|ing)?|ceas(?:e|es|ed|ing)|"
    r"exhaust(?:s|ed|ing)?|ran out|run(?:s|ning)? out|end(?:s|ed|ing)?|"
    # breaking a rule is not conforming to it: 'broke the rules' / 'did not conform'
    r"violat(?:e|es|ed|ing)|breach(?:es|ed|ing)?|flout(?:s|ed|ing)?|infring(?:e|es|ed|ing)|"
    r"contraven(?:e|es|ed|ing)|turn(?:s|ed|ing)?\s+down|(?:broke|breaks?|breaking|broken)\s+(?:the|a|an|its|their)\s+"
    r"(?:rules?|laws?|regulations?|ceasefire|truce|agreement|deal|embargo|sanctions?))\b",
    re.I,
)


def _privatives(text: str) -> set[str]:
    return {m.group(0).lower()[:4] for m in _PRIVATIVE.finditer(text)}


def negation_in_other_words(claim: str, sentence: str) -> bool:
    """Both negate the same thing in other words: the sentence's 'no longer' is the claim's
    privative 'lose', or 'no confidence' is 'lack of confidence'."""
    negated = NEGATION.search(sentence) or NEGATORS.search(sentence)
    if negated and _privatives(claim) - _privatives(sentence):
        return True
    # What each negates (the words after its negators) is the same: 'confidence'.
    return bool(_negated(claim) & _negated(sentence))


def _negated(text: str) -> set[str]:
    """The words (as roots) that the text's negators scope over."""
    out: set[str] = set()
    for pattern in (NEGATION, NEGATORS):
        for m in pattern.finditer(text):
            out |= _roots(" ".join(text[m.end() :].split()[:5]))
    return out


def differing_negation(claim: str, sentence: str) -> tuple[str, str] | None:
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
        if _bearing(NEGATORS, text, other, claim) or _privatives(text) - _privatives(other):
            return None
        # What the claim negates must be in the sentence: 'no confidence' is not flipped by a
        # sentence that never speaks of confidence. (A sentence's 'no casualties' may still deny
        # the claim's 'dozens injured' in other words.)
        if cn and not _bearing(NEGATION, claim, sentence):
            return None
        # What the sentence negates must be something the claim asserts: its 'should not take
        # aspirin' denies nothing of a claim that guidelines on aspirin were released.
        if sn and not any(
            _predicate(sentence, m) & _roots(claim) for m in NEGATION.finditer(sentence)
        ):
            return None
        return (cn.group(0) if cn else "", sn.group(0) if sn else "")
    # The wider negators count where they bear on what both say ('without breaking a bone').
    cb = _bearing(NEGATORS, claim, sentence, claim)
    sb = _bearing(NEGATORS, sentence, claim, claim)
    if bool(cb) == bool(sb):
        return None
    return (cb or "", sb or "")


def _bearing(pattern: re.Pattern, text: str, other: str, claim: str | None = None) -> str | None:
    """The first negator of text that bears on what the other text says: a word it scopes over
    is in the other text ('wounded without breaking a bone' says nothing of a claim without a
    bone). A doubt counts only when the claim names whoever holds it."""
    other_words = _roots(other)
    for m in pattern.finditer(text):
        if not _roots(" ".join(text[m.end() :].split()[:5])) & other_words:
            continue
        # A doubt in both texts is one negation, whoever holds it ('Ukraine's president doubted').
        if (
            claim is not None
            and _DOUBT.match(m.group(0))
            and text is not claim
            and not _DOUBT.search(claim)
        ):
            # Whoever is named last before the doubt holds it, literally ('Zelensky', not Ukraine).
            holder = [n.group(0).split()[-1] for n in NAME.finditer(text[: m.start()])][-1:]
            if not holder or not mentioned(holder[0], claim.lower()):
                continue
        return m.group(0)
    return None


def _roots(text: str) -> set[str]:
    """The text's terms cut to five letters: 'preparing' and 'preparation' are one word here."""
    return {t if t.startswith("#") else t[:5] for t in extract_terms(text).weights}


# Words for harm to people, one thing for a negation: 'no casualties' denies 'dozens injured'.
_HARMED = frozenset("casua injur wound hurt kille dead death died victi fatal".split())


def _predicate(text: str, m: re.Match) -> set[str]:
    """The first word a negator scopes over, as a root ('not take aspirin': take), with its kin."""
    words = extract_terms(" ".join(text[m.end() :].split()[:5])).weights
    roots = [t if t.startswith("#") else t[:5] for t in words]
    if not roots:
        return set()
    first = {roots[0]}
    return first | _HARMED if first & _HARMED else first
