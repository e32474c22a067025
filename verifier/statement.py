"""What a pasted claim states, once a reader's hedge or a newsroom tag in front of it is set aside.

'I read that Russia announced the end of its call-up on a Monday' states that Russia announced
it on a Monday; 'BREAKING: Hamas gunmen breach the border' that they breached it. The hedge is
how the user came to the claim, not part of what is checked: left in, its words dilute every
comparison with the archive ('read', 'remember' are in no article).
"""

from __future__ import annotations

import re

# Tags of wire copy and social media, and interjections, written before the claim.
_TAG = re.compile(
    r"^(?:(?:breaking(?:\s+news)?|just\s+in|update|exclusive|urgent|developing|fact[\s-]?check|"
    r"script\s+check|reminder|psa|fyi)\s*[:!–—-]+|"
    r"(?:lol|lmao|wow|ouch|omg|whoa|ok|okay|hmm)(?=[\s,.!:])[,.!:]*)\s*",
    re.IGNORECASE,
)
# How the reader came to the claim: 'I read that', 'If I remember right,', 'Is it true that'.
_HEDGE = re.compile(
    r"^(?:i(?:'ve| have)?\s+(?:read|heard|seen|saw|was\s+told)(?:\s+(?:somewhere|online|"
    r"on\s+(?:twitter|x|facebook|the\s+news)|in\s+the\s+(?:news|paper)))?\s+that|"
    r"someone\s+(?:told\s+me|said)\s+that|"
    r"if\s+i(?:'m|\s+am)\s+not\s+mistaken|"
    r"if\s+i\s+(?:remember|recall)(?:\s+(?:right|rightly|correctly|well))?|"
    r"correct\s+me\s+if\s+i(?:'m|\s+am)\s+wrong(?:,?\s+but)?|"
    r"as\s+far\s+as\s+i\s+know|is\s+it\s+true\s+that|"
    r"i\s+(?:think|believe|guess)(?:\s+that)?)\b[,:]?\s*",
    re.IGNORECASE,
)


def state_claim(text: str) -> str:
    """The claim without a leading hedge or tag ('I read that ...', 'BREAKING: ...'); the text
    itself when nothing is set aside or nothing would be left."""
    statement = text.strip()
    while True:
        stripped = _HEDGE.sub("", _TAG.sub("", statement, count=1), count=1)
        if stripped == statement:
            break
        statement = stripped
    if statement.endswith("?") and _HEDGE.match(text.strip()):
        statement = statement[:-1].rstrip() + "."  # 'Is it true that ...?' states '...'
    if len(statement.split()) < 3:
        return text.strip()
    return statement[0].upper() + statement[1:]
