"""Synthetic residents' notes written for the project (tests, benches, demos). Not real people.

Each theme has love and change phrasings with slots; combining them gives many distinct notes.
Some notes join two themes ("... but ..."), as residents do.
"""

from __future__ import annotations

import random

from nlp.types import Document

THEMES: dict[str, dict[str, list[str]]] = {
    "bins": {
        "love": ["The {w} bin collection is always on time", "Recycling collections are reliable on our {s}",
                 "The council bin crews are friendly and tidy up after the {w} collection"],
        "change": ["Bins on our {s} were not collected for {n} weeks", "Overflowing bins attract rats near the {p}",
                   "Fly-tipping of mattresses by the {p} is never cleared", "Missed {w} bin collections again this month"],
    },
    "buses": {
        "love": ["The number {r} bus into town is quick and cheap", "Bus drivers on route {r} are really helpful",
                 "The new bus shelter by the {p} keeps us dry"],
        "change": ["The {r} bus is late every morning and often cancelled", "Buses stop running after {h} so I cannot get home from work",
                   "The bus timetable at the {p} stop is never right", "Route {r} was cut and now there is no bus to the hospital"],
    },
    "parks": {
        "love": ["The park by the {p} has lovely flower beds and trees", "We walk the dog in the park every {d} and it is well kept",
                 "The playground in the park is great for the kids"],
        "change": ["The park gates are broken and the grass is never cut", "Dog fouling all over the park paths near the {p}",
                   "The play area swings in the park have been broken for {n} months"],
    },
    "potholes": {
        "love": ["The road on our {s} was finally resurfaced", "Pavements near the {p} were repaired quickly"],
        "change": ["Huge potholes on the {s} damaged my car tyre", "The pothole outside the {p} has been reported {n} times",
                   "Cracked pavements and potholes make it dangerous for wheelchairs", "Potholes on the main road need filling before winter"],
    },
    "youth": {
        "love": ["The youth club on {d} evenings keeps teenagers busy", "Youth workers at the centre run brilliant football sessions"],
        "change": ["There is nothing for teenagers to do since the youth club closed", "Young people hang around the {p} because there is no youth centre",
                   "We need more youth club sessions in the school holidays"],
    },
    "gp": {
        "love": ["Our GP surgery gets you an appointment the same day", "The nurses at the health centre are kind and patient"],
        "change": ["It takes {n} weeks to get a GP appointment", "You cannot get through to the doctors surgery on the phone at 8am",
                   "The GP practice closed and the nearest surgery is {n} miles away", "Waiting lists for the dentist and GP are far too long"],
    },
    "safety": {
        "love": ["I feel safe walking home because of the new street lights", "Police community support officers are visible on the {s}"],
        "change": ["Drug dealing near the {p} makes people scared at night", "Street lights on the {s} are broken and it feels unsafe after dark",
                   "Car break-ins and antisocial behaviour near the {p} every weekend", "We never see a police officer on patrol"],
    },
    "housing": {
        "love": ["Our housing association fixed the damp in the flat quickly", "The new council houses on the {s} are warm and well built"],
        "change": ["Rents are too high and young families cannot afford a home", "Damp and mould in our council flat has not been fixed for {n} months",
                   "The landlord ignores repairs and the heating is broken", "There are not enough affordable homes for local families"],
    },
}

SLOTS = {
    "w": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "fortnightly", "weekly"],
    "s": ["street", "road", "estate", "close", "avenue", "terrace", "lane"],
    "p": ["library", "shops", "school", "church", "station", "community centre", "canal", "leisure centre"],
    "n": ["two", "three", "four", "five", "six"],
    "r": ["4", "7", "16", "19", "33", "42", "56", "X84"],
    "h": ["7pm", "8pm", "9pm", "10pm"],
    "d": ["morning", "Saturday", "Sunday", "evening", "Friday"],
}

OPENERS = ["", "", "", "Honestly, ", "As a parent, ", "I have lived here for years and ", "My neighbour says ",
           "Since last year ", "Please note: "]
CLOSERS = ["", "", "", ".", "!", " - please sort it out.", ", it makes a big difference.", " which matters to us."]
WARDS = ["E05001420", "E05001421", "E05001422", "E05001423", "E05001424", "E05001425"]
PERIODS = ["2026-09", "2026-10", "2026-11"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(**{k: rng.choice(v) for k, v in SLOTS.items()})


def generate_notes(n: int, seed: int = 0, mix: float = 0.15,
                   themes: list[str] | None = None) -> tuple[list[Document], list[str]]:
    """`n` notes and, per note, its true theme (the first one for two-theme notes)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test text, not security
    names = themes or sorted(THEMES)
    docs: list[Document] = []
    truth: list[str] = []
    for i in range(n):
        theme = names[i % len(names)]
        kind = "change" if rng.random() < 0.6 else "love"
        text = _fill(rng.choice(THEMES[theme][kind]), rng)
        if rng.random() < mix:
            other = rng.choice([t for t in names if t != theme])
            second = _fill(rng.choice(THEMES[other]["change"]), rng)
            text = f"{text} but {second[0].lower()}{second[1:]}"
        opener = rng.choice(OPENERS)
        if opener and opener[-1] == " " and not opener.endswith(": "):
            text = opener + text[0].lower() + text[1:]
        else:
            text = opener + text
        text += rng.choice(CLOSERS)
        docs.append(Document(id=f"n{i}", text=text, kind=kind, ward=rng.choice(WARDS),
                             consent="quote" if rng.random() < 0.5 else "analysis",
                             period=rng.choice(PERIODS)))
        truth.append(theme)
    return docs, truth
