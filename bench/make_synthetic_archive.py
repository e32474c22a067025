"""Generate a deterministic synthetic news archive: N articles with names, places, dates and figures.

    .venv/bin/python -m bench.make_synthetic_archive OUT [--n 10000] [--seed 7] [--format txt|jsonl]

`txt` writes OUT/00000.txt ... (title line, blank line, paragraphs), `jsonl` writes one file OUT
(title/text/outlet/published per line). Lengths vary from 3 to ~40 sentences; every article is
unique (its number is in the title and text), and about one in six re-reports a figure of an
earlier story (same subject, same or a different number) so cross-checks find both agreement and
conflict. The same seed always gives byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

FIRST = [
    "Anna",
    "Pavel",
    "Maria",
    "Oleh",
    "Sofia",
    "James",
    "Amara",
    "Lukas",
    "Chen",
    "Priya",
    "Tomas",
    "Leila",
    "Marek",
    "Hana",
    "Diego",
    "Ingrid",
    "Yusuf",
    "Elena",
    "Kofi",
    "Mei",
]
LAST = [
    "Kovalenko",
    "Novak",
    "Schmidt",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Tanaka",
    "Petrov",
    "Silva",
    "Brennan",
    "Nakamura",
    "Horvat",
    "Mensah",
    "Duarte",
    "Varga",
]
PLACES = [
    "Kherson",
    "Lviv",
    "Gdansk",
    "Porto",
    "Tampere",
    "Brno",
    "Cluj",
    "Varna",
    "Split",
    "Kaunas",
    "Ghent",
    "Bergen",
    "Aarhus",
    "Graz",
    "Turin",
    "Malaga",
    "Leeds",
    "Cork",
]
BODIES = [
    "city council",
    "health ministry",
    "port authority",
    "university hospital",
    "regional water board",
    "transport agency",
    "statistics office",
    "energy regulator",
]
THINGS = [
    ("buses", "new electric buses"),
    ("beds", "hospital beds"),
    ("homes", "affordable homes"),
    ("jobs", "factory jobs"),
    ("trees", "street trees"),
    ("teachers", "new teachers"),
    ("wells", "water wells"),
    ("stations", "charging stations"),
]
VERBS = ["approved", "announced", "delivered", "cut", "promised", "counted", "reported", "opened"]
OUTLETS = ["Daily Ledger", "Morning Wire", "Harbour Times", "Civic Post", "The Meridian"]
FILLER = [
    "Residents interviewed on Tuesday were divided about the plan.",
    "Critics argued that the timetable was unrealistic and the costs were understated.",
    "The opposition called for an independent audit before any money is spent.",
    "Officials declined to comment on the details of the tender.",
    "Local businesses said they had not been consulted.",
    "The decision follows months of negotiations between the parties.",
    "A spokesperson said further updates would follow next month.",
    "Union representatives welcomed the announcement but asked for guarantees.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _story(rng: random.Random, i: int, earlier: list[tuple], max_extra: int = 36) -> dict:
    """One article: a headline fact with a figure, quotes, context and filler of random length."""
    if earlier and rng.random() < 1 / 6:
        place, body, thing, amount = rng.choice(earlier)
        if rng.random() < 0.5:  # a conflicting figure for the same fact
            amount = amount + rng.choice([-1, 1]) * rng.randint(5, 50)
    else:
        place, body, thing = rng.choice(PLACES), rng.choice(BODIES), rng.choice(THINGS)
        amount = rng.randint(12, 4000)
        earlier.append((place, body, thing, amount))
        del earlier[:-200]  # keep the pool of facts to re-report small
    verb = rng.choice(VERBS)
    year = rng.randint(2019, 2025)
    month = rng.choice(["January", "March", "May", "July", "September", "November"])
    who, expert = _person(rng), _person(rng)
    budget = rng.randint(2, 900)
    sentences = [
        f"The {body} of {place} {verb} {amount:,} {thing[1]} in {month} {year}, officials said.",
        f"\u201cThis is the largest programme of its kind in a decade,\u201d said {who}, who leads the {body}.",
        f"The programme will cost about {budget} million euros over {rng.randint(2, 9)} years.",
        f"According to {expert}, an analyst at the University of {rng.choice(PLACES)}, "
        f"{rng.randint(5, 95)} percent of the money is already committed.",
    ]
    for _ in range(rng.randint(0, max_extra)):
        roll = rng.random()
        if roll < 0.35:
            sentences.append(rng.choice(FILLER))
        elif roll < 0.7:
            sentences.append(
                f"In {rng.choice(PLACES)}, {rng.randint(2, 900):,} {rng.choice(THINGS)[1]} were "
                f"{rng.choice(VERBS)} last year, according to the {rng.choice(BODIES)}."
            )
        else:
            sentences.append(
                f"{_person(rng)} said the {rng.choice(BODIES)} expects {rng.randint(2, 60)} percent "
                f"growth by {year + rng.randint(1, 5)}."
            )
    paragraphs, k = [], 0
    while k < len(sentences):
        step = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[k : k + step]))
        k += step
    title = f"{place} {body} {verb} {amount:,} {thing[0]} (report {i})"
    return {
        "title": title,
        "text": "\n\n".join(paragraphs) + f"\n\nThis is report number {i} of the series.",
        "outlet": rng.choice(OUTLETS),
        "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def iter_articles(n: int, seed: int = 7, max_extra: int = 36) -> Iterator[dict]:
    """N synthetic articles, generated lazily (constant memory); max_extra bounds their length."""
    rng, earlier = random.Random(seed), []
    for i in range(n):
        yield _story(rng, i, earlier, max_extra)


def write_archive(
    out: Path, n: int = 10_000, seed: int = 7, fmt: str = "txt", max_extra: int = 36
) -> Path:
    """Write the archive to OUT (a folder of .txt files, or one .jsonl file); returns OUT."""
    out = Path(out)
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as handle:
            for article in iter_articles(n, seed, max_extra):
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n - 1)))
    for i, article in enumerate(iter_articles(n, seed, max_extra)):
        (out / f"{i:0{width}d}.txt").write_text(
            f"{article['title']}\n\n{article['text']}\n", encoding="utf-8"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    args = parser.parse_args()
    path = write_archive(args.out, args.n, args.seed, args.format)
    print(f"wrote {args.n} articles to {path}")


if __name__ == "__main__":
    main()
