"""Names as contradiction cues: another person or place in the same role, another title, who is quoted."""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from verifier.overlap import STOPWORDS
from verifier.stance.cue import Cue, claim_share
from verifier.stance.dates import MONTH, WEEKDAY
from verifier.stance.subject import actor_of, starts_sentence

NAME = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*")


# Capitalised words that name no one: abbreviations of common nouns.
_NOT_NAMES = {
    "TV",
    "GDP",
    "CEO",
    "PM",
    "AM",
    "OK",
    "ID",
    "DNA",
    "PhD",
    "AI",
    "HQ",
    "MP",
    "MPs",
    "VIP",
    "POW",
    "POWs",
    # Titles written short before a name: 'Gen. Gerasimov'.
    *"Gen Lt Col Maj Capt Sgt Cpl Dr Mr Mrs Ms Prof Sen Rep Gov Adm Cmdr Brig Mt St Jr Sr".split(),
}


# Words shouted in capitals are emphasis, not names: 'did NOTHING', 'BREAKING:'.
_SHOUTED = frozenset(
    "breaking exclusive update urgent confirmed fake huge massive just now nothing never only all "
    "every none nobody really totally".split()
)


def _shouted(word: str) -> bool:
    return word.isupper() and (word.lower() in _SHOUTED or word.lower() in STOPWORDS)


def names_of(text: str, initial: bool = False) -> list[str]:
    """Capitalised names of a text that are not actors' aliases nor (unless `initial`)
    sentence-initial words."""
    names = []
    for m in NAME.finditer(text):
        words = m.group(0).split()
        # A sentence's first word is capitalised anyway: a name only where no dictionary knows it
        # ('Saddam Hussein threw ...' keeps Saddam; 'Fewer generals ...' drops Fewer).
        if starts_sentence(text, m.start()) and not initial and _common(words[0]):
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
        if words and not MONTH.fullmatch(words[0]) and not WEEKDAY.fullmatch(words[0]):
            names.append(" ".join(words))
    return names


def other_names(claim: str, sentence: str) -> bool:
    """The claim names something the sentence does not, and the sentence names something else."""
    return bool(differing_names(claim, sentence, sentence))


def differing_names(claim: str, sentence: str, passage: str) -> list[Cue]:
    """A name of the claim the passage never mentions, where the sentence has another of its own."""
    passage_l = passage.lower()
    claim_l = claim.lower()
    missing = [n for n in names_of(claim) if not mentioned(n, passage_l)]
    # Whoever is quoted is the sentence's source, not a name in the claim's role.
    extra = [
        n for n in names_of(sentence) if not mentioned(n, claim_l) and not is_speaker(n, sentence)
    ]
    if missing and extra:
        return [Cue("name", missing[0], extra[0])]
    # A near copy of the sentence with one name put for another ('Hamas gunmen breach ...' for
    # 'Four Islamic Jihad gunmen breached ...'): a swap, though the article names both elsewhere.
    if extra and claim_share(claim, sentence) >= NEAR_COPY_NAMES:
        # The claim's first word may be the name ('BREAKING: Hamas gunmen breach ...') where the
        # article writes it as one mid-sentence ('Another' it never does).
        named = set(names_of(claim)) | {
            n
            for n in names_of(claim, initial=True)
            if re.search(rf"\b[a-z]\w*,? {re.escape(n)}\b", passage)
        }
        swapped = [n for n in named if not mentioned(n, sentence.lower())]
        if swapped:
            return [Cue("name", swapped[0], extra[0])]
    return differing_titles(claim, passage)


# The share of the claim's words a sentence repeats for a missing name there to be a swap.
NEAR_COPY_NAMES = 0.75


# A title written before a name: 'Defence Minister Sergei Shoigu', 'Prime Minister Boris Johnson'.
_TITLED = re.compile(
    r"\b((?:[A-Z][a-z]+\s+){0,2}(?:Minister|Secretary|President|Chancellor|General|Governor|"
    r"Mayor|Ambassador|Spokesman|Spokeswoman|Commander|Director|Chief))\s+"
    r"((?:[A-Z][\w’'-]+\s?){1,3})"
)


def differing_titles(claim: str, passage: str) -> list[Cue]:
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


def is_speaker(name: str, sentence: str) -> bool:
    """The name is who says the sentence: '..., said Golam Kibria', 'Kibria said'."""
    n = re.escape(name)
    return bool(
        re.search(rf"\b{_SAID}\s+(?:\w+\s+){{0,3}}{n}\b", sentence)
        or re.search(rf"\b{n}(?:\s*,[^,]{{0,60}},)?\s+{_SAID}\b", sentence)
    )


def mentioned(name: str, text_l: str) -> bool:
    """A word of the name (its first five letters: 'Georgia' / 'Georgian') is in the text, or
    the name is the initials of words in it ('AP' / 'Associated Press')."""
    if 2 <= len(name) <= 5 and name.isalpha() and name.isupper() and _initials_in(name, text_l):
        return True
    country = _COUNTRY_OF.get(name.lower().replace(".", ""))
    if country and re.search(_COUNTRIES[country], text_l):
        return True
    # A capital stands for its country and the country for its capital ('Pyongyang' / 'North Korea').
    for capital, country in _CAPITALS.items():
        low = name.lower()
        if low in (capital, country) and re.search(rf"\b(?:{capital}|{country})\b", text_l):
            return True
    words = [w.lower().removesuffix("’s").removesuffix("'s")[:5] for w in name.split()]
    words = [w for w in words if len(w) > 2] or [name.lower()]
    return any(re.search(r"\b" + re.escape(w), text_l) for w in words)


# Countries written many ways: 'USA' is 'US', 'U.S.', 'America', 'the United States'.
_COUNTRIES = {
    "us": r"\b(?:u\.?s\.?a?\.?|america|american|americans|united states)(?![\w])",
    "uk": r"\b(?:u\.?k\.?|britain|british|united kingdom|england)(?![\w])",
}
_COUNTRY_OF = {
    alias: country
    for country, aliases in {
        "us": ("us", "usa", "america", "american", "united states"),
        "uk": ("uk", "britain", "british", "united kingdom", "great britain"),
    }.items()
    for alias in aliases
}


def _common(word: str) -> bool:
    """A word the lexicon knows in lower case: 'Fewer', 'Police', not 'Saddam'."""
    low = word.strip("'’\"“”‘-").lower()
    return low in STOPWORDS or low in _NUMBER_WORDS or bool(getAllLemmas(low))


_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million dozens hundreds thousands millions".split()
)


def _initials_in(acronym: str, text_l: str) -> bool:
    # Small words between are not in the initials: 'CDC' / 'Centers for Disease Control'.
    words = r"\s+(?:(?:of|for|and|the|on|in|de)\s+)*".join(rf"{c.lower()}\w+" for c in acronym)
    return re.search(rf"\b{words}\b", text_l) is not None


# Capitals written for their countries in news copy (metonymy): 'Pyongyang agreed', 'Seoul said'.
_CAPITALS = {
    "pyongyang": "north korea", "seoul": "south korea", "beijing": "china", "tokyo": "japan",
    "taipei": "taiwan", "paris": "france", "berlin": "germany", "rome": "italy",
    "madrid": "spain", "tehran": "iran", "baghdad": "iraq", "damascus": "syria",
    "kabul": "afghanistan", "islamabad": "pakistan", "new delhi": "india", "cairo": "egypt",
    "ankara": "turkey", "hanoi": "vietnam", "manila": "philippines", "jakarta": "indonesia",
    "bangkok": "thailand", "canberra": "australia", "ottawa": "canada", "caracas": "venezuela",
    "havana": "cuba", "nairobi": "kenya", "khartoum": "sudan", "abuja": "nigeria",
    "pretoria": "south africa", "warsaw": "poland", "tbilisi": "georgia", "riyadh": "saudi arabia",
    "kuala lumpur": "malaysia", "colombo": "sri lanka", "dhaka": "bangladesh", "beirut": "lebanon",
    "amman": "jordan", "tripoli": "libya", "monrovia": "liberia", "kinshasa": "congo",
    "brazzaville": "congo", "lima": "peru", "bogota": "colombia", "buenos aires": "argentina",
    "santiago": "chile", "harare": "zimbabwe", "addis ababa": "ethiopia", "mogadishu": "somalia",
}  # fmt: skip
