"""Build listening/data/demo_notes.csv: synthetic notes written for Hark's demo.

Every note comes from scripts/demo_note_bank.py, written for the project (none is copied from a
dataset or from evaluation data). The city is uneven, as a real one is: the wards where the demo's
community groups run sessions are heard a lot, the rest a little or once. Each ward leans towards
what its residents would raise (flooding by the river in Kirkstall, students' houses in Headingley),
a note is used at most twice across the city, and some are typed with the slips staff make at a
busy drop-in. A fixed seed makes the file the same every time:

    python scripts/build_demo_notes.py
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_note_bank import LOCAL, MIXED, OTHER_LANGUAGES, TOPICS, WITH_DETAILS

SEED = 20261130
OUT = Path(__file__).resolve().parent.parent / "listening" / "data" / "demo_notes.csv"
MAX_USES = 2  # a note may be heard in two wards (with their own places), never more
MIXED_SHARE = 0.09
SLIP_SHARE = 0.16
ANALYSIS_SHARE = 0.18

# Ward code -> (notes, local places, topics its residents raise more). Places are public landmarks.
WARDS: dict[str, tuple[int, dict[str, str], dict[str, int]]] = {
    "E05011394": (76, {"park": "Banstead Park", "centre": "the community hub", "road": "Roundhay Road",
                       "shops": "Harehills Road", "bus": "the 49", "library": "the Compton Centre library"},
                  {"bins and recycling": 4, "fly-tipping and litter": 4, "rents and housing": 3, "damp and repairs": 3,
                   "safety": 2, "cost of living": 2, "youth": 2, "festivals and faith": 2}),
    "E05011402": (84, {"park": "the abbey grounds", "centre": "the neighbourhood centre", "road": "Kirkstall Road",
                       "shops": "the shops by the bridge", "bus": "the 33", "library": "Kirkstall library"},
                  {"traffic and crossings": 8, "parks": 7, "river and flooding": 6, "buses": 5, "parking": 3,
                   "centres and libraries": 3, "air and noise": 2}),
    "E05011386": (52, {"park": "Cross Flatts Park", "centre": "the Holbeck community centre", "road": "Dewsbury Road",
                       "shops": "Tempest Road", "bus": "the 1", "library": "Beeston library"},
                  {"damp and repairs": 3, "safety": 3, "fly-tipping and litter": 3, "cost of living": 2, "youth": 2,
                   "parking": 2}),
    "E05011400": (44, {"park": "the big field by the ring road", "centre": "the family centre", "road": "York Road",
                       "shops": "Seacroft Green", "bus": "the 19", "library": "Seacroft library"},
                  {"cost of living": 3, "food banks": 3, "youth": 3, "damp and repairs": 2, "safety": 2,
                   "GP and dentist": 2}),
    "E05011390": (40, {"park": "Potternewton Park", "centre": "the West Indian Centre", "road": "Chapeltown Road",
                       "shops": "the Chapel Allerton shops", "bus": "the 2", "library": "Chapeltown library"},
                  {"festivals and faith": 4, "neighbours": 3, "safety": 2, "older people": 2, "GP and dentist": 2}),
    "E05011385": (38, {"park": "Armley Park", "centre": "the Armley community centre", "road": "Armley Road",
                       "shops": "Town Street", "bus": "the 16", "library": "Armley library"},
                  {"shops": 3, "traffic and crossings": 2, "centres and libraries": 2, "damp and repairs": 2}),
    "E05011397": (34, {"park": "Woodhouse Moor", "centre": "the church hall", "road": "Otley Road",
                       "shops": "Hyde Park Corner", "bus": "the 56", "library": "Headingley library"},
                  {"rents and housing": 4, "bins and recycling": 4, "air and noise": 3, "parking": 2,
                   "mental health": 2}),
    "E05011404": (30, {"park": "Middleton Park", "centre": "the Middleton community centre", "road": "the ring road",
                       "shops": "the Middleton shops", "bus": "the 74", "library": "Middleton library"},
                  {"parks": 3, "youth": 3, "safety": 2, "buses": 2, "cost of living": 2}),
    "E05011399": (28, {"park": "the riverside path", "centre": "the Hunslet club", "road": "Hunslet Road",
                       "shops": "the Hunslet shops", "bus": "the 12", "library": "the library at the hub"},
                  {"river and flooding": 2, "jobs": 3, "rents and housing": 2, "buses": 2}),
    "E05011412": (24, {"park": "Temple Newsam", "centre": "the Halton Moor centre", "road": "Selby Road",
                       "shops": "the Halton shops", "bus": "the 19", "library": "Halton library"},
                  {"parks": 3, "older people": 2, "buses": 2}),
    "E05011388": (22, {"park": "East End Park", "centre": "the Shakespeare centre", "road": "York Road",
                       "shops": "the Burmantofts shops", "bus": "the 4", "library": "the local library"},
                  {"damp and repairs": 3, "safety": 2, "GP and dentist": 2, "cost of living": 2}),
    "E05011403": (18, {"park": "Woodhouse Moor", "centre": "the Little London centre", "road": "Meanwood Road",
                       "shops": "the Woodhouse shops", "bus": "the 6", "library": "the local library"},
                  {"rents and housing": 2, "safety": 2, "youth": 2}),
    "E05011392": (12, {"park": "Farnley Park", "centre": "the Wortley community centre", "road": "Tong Road",
                       "shops": "the Wortley shops", "bus": "the 5", "library": "Wortley library"},
                  {"older people": 2, "buses": 2}),
    "E05011391": (10, {"park": "Manston Park", "centre": "the Cross Gates centre", "road": "Austhorpe Road",
                       "shops": "the Cross Gates shops", "bus": "the 56", "library": "Cross Gates library"},
                  {"shops": 2, "traffic and crossings": 2}),
}

SLOT = re.compile(r"\{(\w+)\}")

# Slips staff make typing at a busy drop-in: one or two per slipped note.
MISSPELT = {
    "definitely": "definately", "because": "becuase", "really": "realy", "council": "counsil",
    "neighbours": "nieghbours", "appointment": "appointmnet", "separate": "seperate", "library": "libary",
    "their": "there", "a lot": "alot", "which": "wich", "people": "poeple", "received": "recieved",
    "weeks": "weks", "should": "shoud", "nothing": "nothign",
}
APOSTROPHES = {"don't": "dont", "can't": "cant", "it's": "its", "there's": "theres",
               "won't": "wont", "I'm": "im", "isn't": "isnt", "I've": "ive", "didn't": "didnt"}


def _slip(text: str, rng: random.Random, places: set[str]) -> str:
    slips = [k for k in (*MISSPELT, *APOSTROPHES) if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text)]
    for word in rng.sample(slips, min(len(slips), rng.choice((1, 1, 2)))):
        fixed = MISSPELT.get(word) or APOSTROPHES[word]
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fixed, text, count=1)
    first = text.split(" ", 1)[0]
    if not slips or rng.random() < 0.5:
        # Lower-case start and no full stop, unless the note starts with a name or a place.
        if first[:1].isupper() and first[1:].islower() and first not in places and first != "I":
            text = text[0].lower() + text[1:]
        text = text.rstrip(".")
    return text


def _fill(text: str, places: dict[str, str]) -> str:
    filled = SLOT.sub(lambda m: places[m.group(1)], text)
    return filled[0].upper() + filled[1:] if text.startswith("{") else filled


def _text(choice: tuple[str, int]) -> tuple[str, str]:
    return MIXED[choice[1]] if choice[0] == "mixed" else TOPICS[choice[0]][choice[1]]


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)  # noqa: S311 - a repeatable demo, not security
    uses: dict[tuple[str, str], int] = {}
    rows: list[dict] = []

    def add(code: str, kind: str, text: str, language: str = "en", english: str = "", consent: str | None = None):
        if consent is None:
            consent = "analysis" if rng.random() < ANALYSIS_SHARE else "quote"
        rows.append({"ward": code, "kind": kind, "consent": consent, "language": language, "text": text,
                     "english": english})

    for code, kind, language, said, english in OTHER_LANGUAGES:
        add(code, kind, said, language, english, consent="quote")
    for code, kind, text in WITH_DETAILS:
        add(code, kind, text, consent="quote")
    for code, notes in LOCAL.items():
        for kind, text in notes:
            add(code, kind, text)

    topics = sorted(TOPICS)
    for code, (count, places, leaning) in WARDS.items():
        place_words = {w for p in places.values() for w in p.split()}
        heard_here: set[str] = set()
        made = sum(1 for r in rows if r["ward"] == code)
        while made < count:
            if rng.random() < MIXED_SHARE:
                pool = [("mixed", i) for i in range(len(MIXED))]
            else:
                weights = [leaning.get(t, 1) for t in topics]
                topic = rng.choices(topics, weights=weights)[0]
                pool = [(topic, i) for i in range(len(TOPICS[topic]))]
            pool = [p for p in pool if uses.get(p, 0) < MAX_USES and p not in heard_here]
            # Fresh notes first; heard again elsewhere only when the topic is used up, and then
            # preferably one that takes this ward's own places.
            pool = ([p for p in pool if p not in uses] or [p for p in pool if "{" in _text(p)[1]] or pool)
            if not pool:
                continue
            choice = rng.choice(pool)
            kind, text = _text(choice)
            uses[choice] = uses.get(choice, 0) + 1
            heard_here.add(choice)
            note = _fill(text, places)
            if rng.random() < SLIP_SHARE:
                note = _slip(note, rng, place_words)
            add(code, kind, note)
            made += 1
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["ward", "kind", "consent", "language", "text", "english"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} notes written to {OUT}")


if __name__ == "__main__":
    main()
