"""Deterministic parsing of the figures a sentence states: 12,730 a month, nearly 60,000, 55 percent."""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas

from verifier.periods import rate_period
from verifier.schemas import Qualifier, Quantity

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}  # fmt: skip
_CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR"}
# A currency named after the figure: '800,000 rupees', '10,190 U.S. dollars', '3 million euros'.
_CURRENCY_WORDS = [
    (r"(?:u\.?s\.?|american)\s+dollars?|dollars?", "USD"),
    (r"euros?", "EUR"),
    (r"pounds?\s+sterling|pounds?(?!\s+of\b)", "GBP"),
    (r"(?:indian\s+|sri\s+lankan\s+|pakistani\s+)?rupees?", "INR"),
    (r"yen", "JPY"),
    (r"yuan|renminbi", "CNY"),
    (r"roubles?|rubles?", "RUB"),
    (r"hryvnias?|hryvnia", "UAH"),
    (r"rand", "ZAR"),
]
_CURRENCY_AFTER = re.compile(
    r"^\s+(?:(" + "|".join(f"(?:{p})" for p, _ in _CURRENCY_WORDS) + r"))\b", re.I
)


def _currency_after(after: str) -> str | None:
    """The currency code of a currency named right after a figure, else None."""
    found = _CURRENCY_AFTER.match(after)
    if not found:
        return None
    return next(code for p, code in _CURRENCY_WORDS if re.fullmatch(p, found.group(1), re.I))


_ATTACHED_UNITS = {"mm", "cm", "km", "kg", "m"}  # written straight after the digits: 7.62mm
# '370m people' is 370 million; '100m sprint' or '50m deep' are metres.
_MILLION_AFTER = re.compile(
    r"\s+(?!(?:race|sprint|hurdles|freestyle|relay|dash|final|tall|high|long|deep|wide|away|"
    r"above|below|from|of|in|to|metres?|meters?)\b)[a-z]{3,}",
    re.I,
)

_NUMBER = re.compile(
    r"(?<![\w.,\-/:])"  # not inside a word, a version, a range or a time
    r"(?P<cur>[£$€])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suffix>bn|mn|tn|k|mm|cm|km|kg|m|st|nd|rd|th)?"
    r"(?P<pct>\s?%|\s(?:percent|per\s?cent)\b)?"
    r"(?:\s(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?![\w\-/:]|\.\d|,\d)",
    re.IGNORECASE,
)
# A share written as a fraction ("more than a quarter of them"): a percentage in words.
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
_FRACTION = re.compile(
    r"\b(?P<count>a|one|two|three|four)?[\s-]?(?P<part>half|third|quarter|fifth|tenth)s?"
    r"\s+(?:of|the)\b(?!\s+(?:an?\s+)?(?:hour|century|mile|second|minute|hundred|thousand|million|billion))",
    re.IGNORECASE,
)
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# Under a hundred in words: 'fifty-seven', 'twenty one', 'twelve' ('one' alone is no figure).
_SMALL = rf"(?:(?:{_TENS})(?:[\s-]+(?:{_ONES})\b)?|{_TEENS}|{_ONES})"
# A figure in words: 'six', 'fifty-seven', 'eight hundred', 'two hundred and forty thousand'.
_WORD_NUMBER = re.compile(
    rf"\b(?P<num>{_SMALL}(?:\s+hundred\b(?:\s+(?:and\s+)?{_SMALL})?)?|hundred|dozen)"
    r"(?:\s(?P<scale>thousand|million|billion)\b)?\b",
    re.IGNORECASE,
)
# A round figure in words: 'half a million', 'a quarter of a million', 'a hundred thousand'.
_SCALE_PHRASE = re.compile(
    r"\b(?:(?P<part>half|a quarter of|three quarters of)\s+)?(?:a|one)\s+"
    r"(?P<scale>hundred thousand|thousand|million|billion)\b",
    re.IGNORECASE,
)
_PARTS = {"half": 0.5, "a quarter of": 0.25, "three quarters of": 0.75}
# Qualifier phrases written just before the number, longest first.
_QUALIFIERS: list[tuple[str, Qualifier]] = [
    ("no fewer than", "at least"), ("no less than", "at least"), ("at least", "at least"),
    ("more than", "more than"), ("in excess of", "more than"), ("upwards of", "more than"),
    ("over", "more than"), ("above", "more than"), ("exceeding", "more than"),
    ("exceeded", "more than"), ("topping", "more than"), ("nearly", "nearly"), ("almost", "nearly"),
    ("close to", "nearly"), ("just under", "nearly"), ("about", "about"), ("around", "about"),
    ("approximately", "about"), ("roughly", "about"), ("some", "about"), ("an estimated", "about"),
    ("estimated", "about"), ("up to", "up to"), ("as many as", "up to"),
    ("fewer than", "less than"), ("less than", "less than"), ("under", "less than"),
    ("below", "less than"),
]  # fmt: skip
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*(?:of\s+)?(?:{MONTHS})\b", re.IGNORECASE)
# Words before a year: "in 2022", "since 1959", and a full date, "February 24, 2022".
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|of|until|till|from|to|before|after|during|early|late|mid)\s*$"
    rf"|\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,\s*$",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(r"(?<![.!?]\s)\b[A-Z][a-zA-Z]*\s$")  # "World War 2", "Article 5"
_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
# Words that end the search for a counted noun: verbs, prepositions, time words.
_STOP = set(
    "a an the and or but of in on at to from for with by since until as than that this these those "
    "had have has was were is are be been being will would could may might can did do does said "
    "says who which while after before during per each every day days week weeks month months "
    "year years daily already further just more less only also about nearly around so it its their "
    "they he she we you i".split()
)
_ADJECTIVES = set(
    "russian ukrainian american british european chinese newly mobilised mobilized new additional "
    "extra other enemy civilian elite more fresh young old former active retired regular reserve "
    "front-line frontline wounded dead armed".split()
)


def _qualifier(before: str) -> Qualifier:
    """The qualifier phrase ending right before the number, if any."""
    tail = before.lower().rstrip()
    for phrase, qualifier in _QUALIFIERS:
        if re.search(rf"(?:^|\W){re.escape(phrase)}$", tail):
            return qualifier
    return "exact"


def _counted_noun(after: str) -> str:
    """The noun counted by a number: '400 soldiers a day' -> 'soldiers'."""
    clause = re.split(r"[,.;:!?()“”\"–—]", after[:60], maxsplit=1)[0]
    words = _WORD.findall(clause)[:3]
    for i, word in enumerate(words):
        low = word.lower().strip("’'")
        if low in _STOP or low.endswith("ing"):
            return ""
        # Skip adjectives in front of the noun ("13,000 Russian soldiers"), not a lone "Russians".
        if i < len(words) - 1 and (
            low in _ADJECTIVES
            or re.fullmatch(r"[a-z]+(?:ian|ish|ese)", low)
            or _modifies(low, words[i + 1].lower())
        ):
            continue
        return low
    return ""


# A toll named before its figure: 'the death toll among Russian troops to at least 71,200'.
_COUNTED_BEFORE = re.compile(
    r"\b(?:toll|number|total|tally|count)\s+(?:of|among|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"([a-z]+)\s+(?:(?:has|had|have|now|to|at|reached|rose|climbed|stood|stands|is|was|risen|"
    r"jumped|hit|passed|least|more|than|nearly|almost|about|some|over|around)\s+){1,4}$",
    re.I,
)


def _counted_before(before: str) -> str:
    """The noun a toll counts, named before its figure ('the toll among Russian troops to 71,200')."""
    m = _COUNTED_BEFORE.search(before[-100:])
    if m is None or m.group(1).lower() in _STOP:
        return ""
    return m.group(1).lower()


@lru_cache(maxsize=4096)
def _modifies(word: str, following: str) -> bool:
    """An adjective before a noun or another adjective ('two modern nuclear reactors'), from the lexicon."""
    if following in _STOP or "ADJ" not in getAllLemmas(word):
        return False
    # A word the lexicon lacks ('boatloads') is most often a noun.
    after = getAllLemmas(following)
    return not after or "NOUN" in after or "ADJ" in after


def _is_date_or_label(text: str, start: int, end: int, raw: str, has_unit: bool) -> bool:
    """True for dates (May 9, 24 February), years (1959) and labels (World War 2)."""
    before, after = text[:start], text[end:]
    if _DATE_BEFORE.search(before) or _DATE_AFTER.search(after):
        return True
    plain = raw.isdigit()
    if plain and len(raw) == 4 and 1000 <= int(raw) <= 2100 and not has_unit:
        return True  # a year: counted things after it would make it a count ("1959 soldiers")
    if plain and len(raw) == 4 and _YEAR_BEFORE.search(before) and 1000 <= int(raw) <= 2100:
        return True
    return plain and not has_unit and bool(_LABEL_BEFORE.search(before))


def parse_quantities(text: str) -> list[Quantity]:
    """Every figure stated in `text`, normalised; dates, years, ordinals and labels are left out."""
    found: list[tuple[int, Quantity]] = []
    for m in _NUMBER.finditer(text):
        suffix = (m.group("suffix") or "").lower()
        if suffix in {"st", "nd", "rd", "th"}:
            continue  # ordinals: 83rd brigade, September 21st
        raw = m.group("num")
        value = float(raw.replace(",", ""))
        scale = (m.group("scale") or "").lower()
        if suffix in {"k", "mn", "bn", "tn"} or (
            suffix == "m" and (m.group("cur") or _MILLION_AFTER.match(text[m.end() :]))
        ):
            value *= _SCALES[suffix]
            suffix = ""
        if scale:
            value *= _SCALES[scale]
        after = text[m.end() :]
        if m.group("pct"):
            unit = "percent"
        elif m.group("cur"):
            unit = _CURRENCIES[m.group("cur")]
        elif suffix in _ATTACHED_UNITS:
            unit = suffix
        else:
            unit = _currency_after(after) or _counted_noun(after)
        if _is_date_or_label(text, m.start(), m.end(), raw, bool(unit) or bool(m.group("pct"))):
            continue
        before = text[: m.start()]
        if not unit:
            unit = _counted_before(before)
        found.append(
            (
                m.start(),
                Quantity(
                    text=m.group(0).strip(),
                    value=value,
                    unit=unit,
                    per=rate_period(before, after),
                    qualifier=_qualifier(before),
                ),
            )
        )
    for m in _WORD_NUMBER.finditer(text):
        after = text[m.end() :]
        unit = _currency_after(after) or _counted_noun(after)
        # Number words count only when a noun follows: "six people", not "one of them".
        if not unit or unit in _SCALES or after.lstrip().lower().startswith("of"):
            continue
        if _FRACTION.match(text, m.start()):
            continue  # 'two-thirds of': a share, read by _fractions
        if m.group("num").lower() == "one":
            continue  # 'one of', 'one day': read elsewhere when it counts (counts.py)
        value = _words_value(m.group("num"))
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        before = text[: m.start()]
        quantity = Quantity(
            text=m.group(0),
            value=value,
            unit=unit,
            per=rate_period(before, after),
            qualifier=_qualifier(before),
        )
        found.append((m.start(), quantity))
    found.extend(_fractions(text))
    found.extend(_scale_phrases(text))
    return [q for _, q in sorted(found, key=lambda item: item[0])]


def _words_value(words: str) -> float:
    """The value of a figure in words under a thousand: 'fifty-seven' 57, 'eight hundred' 800."""
    total = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "hundred":
            total = (total or 1.0) * 100
        elif word != "and":
            total += _WORD_NUMBERS.get(word, 1.0 if word == "one" else 0.0)
    return total


_HALF_PERCENT = re.compile(r"\bhalf an? (?:percent|per cent|percentage point)\b", re.IGNORECASE)


def _scale_phrases(text: str) -> list[tuple[int, Quantity]]:
    """Round figures in words: 'half a million reservists' is 500,000 reservists, 'half a
    percent' 0.5 percent."""
    found = []
    for m in _HALF_PERCENT.finditer(text):
        quantity = Quantity(
            text=m.group(0), value=0.5, unit="percent", qualifier=_qualifier(text[: m.start()])
        )
        found.append((m.start(), quantity))
    for m in _SCALE_PHRASE.finditer(text):
        scale = m.group("scale").lower()
        value = 1e5 if scale == "hundred thousand" else _SCALES[scale]
        value *= _PARTS.get((m.group("part") or "").lower(), 1.0)
        after, before = text[m.end() :], text[: m.start()]
        quantity = Quantity(
            text=m.group(0),
            value=value,
            unit=_currency_after(after) or _counted_noun(after),
            per=rate_period(before, after),
            qualifier=_qualifier(before),
        )
        found.append((m.start(), quantity))
    return found


def _fractions(text: str) -> list[tuple[int, Quantity]]:
    """Shares in words: 'a quarter of them' is 25 percent, 'two-thirds of' 66.7 percent."""
    found = []
    for m in _FRACTION.finditer(text):
        count = (m.group("count") or "a").lower()
        times = 1.0 if count in ("a", "one") else float(_WORD_NUMBERS[count])
        if m.group("part").lower() == "half" and times != 1.0:
            continue  # 'two half of' is no share
        value = round(times * _FRACTIONS[m.group("part").lower()], 1)
        words = text[m.start() : m.end()].rsplit(None, 1)[0].strip(" -")
        quantity = Quantity(
            text=words, value=value, unit="percent", qualifier=_qualifier(text[: m.start()])
        )
        found.append((m.start(), quantity))
    return found
