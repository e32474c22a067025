"""Contradicting rewrites of supported training claims: a changed figure, year or named entity.

The errors a news fact-checker meets most ("Russia mobilised 500,000 reservists" against the
Kremlin's 300,000; the wrong city; the wrong year) are minimal edits of a true claim. Made from
training pairs only: a claim its premise supports, edited where the premise states the edited
token, so the premise now says something else about the same subject.
"""

from __future__ import annotations

import random
import re

NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-]|[.,]\d)")
# A bound before a figure decides which way a change makes the claim false.
ABOVE = re.compile(r"\b(more than|over|at least|above|exceed(?:s|ed|ing)?|upwards of)\s+$", re.I)
BELOW = re.compile(r"\b(less than|fewer than|under|below|at most|up to)\s+$", re.I)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# A capitalised word not at the start of the claim: a name, place or organisation.
NAME = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})*)")
NOT_NAMES = {
    "The", "This", "That", "These", "Those", "There", "They", "It", "He", "She", "We", "In",
    "On", "At", "For", "And", "But", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "English", "American",
}  # fmt: skip


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _format_like(original: str, value: float) -> str:
    if "." in original:
        decimals = len(original.split(".")[1])
        return f"{value:.{decimals}f}"
    value = int(round(value))
    return f"{value:,}" if "," in original else str(value)


def change_figure(premise: str, claim: str, rng: random.Random) -> str | None:
    """The claim with one figure that the premise also states replaced by a clearly different one."""
    found = [m for m in NUMBER.finditer(claim) if not YEAR.fullmatch(m.group(1))]
    found = [
        m for m in found if re.search(rf"(?<![\d,.]){re.escape(m.group(1))}(?![\d,]|\.\d)", premise)
    ]
    if not found:
        return None
    m = rng.choice(found)
    old = _value(m.group(1))
    if old == 0:
        new = float(rng.choice([3, 5, 10, 12]))
    else:
        before = claim[: m.start()]
        if ABOVE.search(before):  # "more than 100" stays true of 127 if lowered: raise it
            factor = rng.choice([2, 3, 5, 10])
        elif BELOW.search(before):
            factor = rng.choice([0.1, 0.2, 0.3, 0.5])
        else:
            factor = rng.choice([0.3, 0.5, 0.6, 1.5, 1.7, 2, 3, 10])
        new = old * factor
        if "." not in m.group(1):
            new = round(new) if new >= 10 else max(1, round(new))
        if new == old or _format_like(m.group(1), new) == m.group(1):
            new = old + rng.choice([2, 3, 5]) * (1 if old >= 1 else 0.1)
    return claim[: m.start()] + _format_like(m.group(1), new) + claim[m.end() :]


def change_year(premise: str, claim: str, rng: random.Random) -> str | None:
    """The claim with a year that the premise also states moved by a few years."""
    found = [m for m in YEAR.finditer(claim) if m.group(1) in premise]
    if not found:
        return None
    m = rng.choice(found)
    year = int(m.group(1)) + rng.choice([-5, -3, -2, -1, 1, 2, 3, 6])
    return claim[: m.start()] + str(year) + claim[m.end() :]


def names_of(text: str) -> list[str]:
    """Capitalised names inside a sentence (not its first word), as candidates for a swap."""
    return [m.group(1) for m in NAME.finditer(text) if m.group(1).split()[0] not in NOT_NAMES]


def swap_entity(premise: str, claim: str, pool: list[str], rng: random.Random) -> str | None:
    """The claim with a name that the premise states replaced by another name from `pool`."""
    found = [n for n in names_of(claim) if n in premise]
    if not found or not pool:
        return None
    old = rng.choice(found)
    for _ in range(5):
        new = rng.choice(pool)
        if new != old and new not in premise and new not in claim:
            return re.sub(rf"\b{re.escape(old)}\b", new, claim)
    return None


def perturbed_pairs(rows: list[dict], rng: random.Random, *, per_kind: int) -> list[dict]:
    """Up to `per_kind` contradicting rewrites of each kind from the supporting rows."""
    support = [r for r in rows if r["label"] == "supports"]
    rng.shuffle(support)
    pool = sorted({n for r in support[:20000] for n in names_of(r["hypothesis"])})
    made = {"figure": [], "year": [], "entity": []}
    for r in support:
        if all(len(v) >= per_kind for v in made.values()):
            break
        premise, claim = r["premise"], r["hypothesis"]
        for kind, edit, extra in (
            ("figure", change_figure, ()),
            ("year", change_year, ()),
            ("entity", swap_entity, (pool,)),
        ):
            if (
                len(made[kind]) < per_kind
                and (new := edit(premise, claim, *extra, rng))
                and new != claim
            ):
                made[kind].append(
                    {
                        "premise": premise,
                        "hypothesis": new,
                        "label": "contradicts",
                        "source": f"{r['source']}-{kind}",
                    }
                )
                break
    return [row for rows_ in made.values() for row in rows_]
