"""The demo organiser's curation: before publishing Kirkstall's briefing and the city overview,
they read each theme's notes, keep the machine's name where it says what the notes say, rename it
where it does not, and write a short summary in plain English. Done through the same curation log
an organiser's edits go through (themes.edit), so the theme pages show "The model called it: …".

The demo cannot know in advance which themes the model makes, so each curated entry finds its
theme by what the notes say: the theme with most notes using the entry's words. Where the model
mixed things, the organiser splits off what has no theme yet, moves notes that belong to another
theme there, and calls what stays mixed "(mixed)": honest names, not tidy ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from listening.domain import EditKind, LabelSource
from listening.services import themes

MIN_SHARE = 0.3  # this share of a theme's notes use the entry's words, or it is not that theme
MIN_NOTES = 10
NUMBERED = re.compile(r"Theme \d+")


@dataclass(frozen=True)
class Curated:
    name: str  # the demo's own handle, never shown
    words: tuple[str, ...]  # what the theme's notes say
    label: str  # the organiser's name, used when the machine's is not one of `keep`
    keep: tuple[str, ...]  # machine names the organiser would leave as they are
    summary: str
    unless: tuple[str, ...] = ()  # a note using one of these is not about this entry ("car park")


CURATED = (
    Curated("roads", ("bus", "buses", "traffic", "junction", "speed", "speeding", "crossing", "cross", "road",
                      "lorries", "cycle", "drivers"),
            "Buses, roads and parking", ("Buses and public transport", "Road safety and traffic"),
            "Buses that come late, run full or stop early in the evening; busy main roads with speeding "
            "and too few safe places to cross; and streets full of commuters' and match-day parking."),
    Curated("parks", ("park", "parks", "abbey", "moor", "picnic", "woods", "trail", "trees", "bluebells", "parkrun",
                      "allotments", "chevin",
                      "valley", "green space"),
            "Parks and green space", ("Parks and green space",),
            "The parks, woods and paths people walk in every day, loved above almost anything; what would "
            "make them better is upkeep: play areas, toilets, paths and someone looking after them.",
            unless=("car park", "parking", "retail park", "park on", "parks on", "park outside", "park anywhere",
                    "park here", "bus", "buses", "traffic", "junction", "speeding", "cycle")),
    Curated("young", ("kids", "teenagers", "youth", "young", "school", "children", "lads", "club"),
            "Children and young people", ("Youth activities",),
            "Not enough for teenagers to do since youth clubs closed, and children's safety on the way to "
            "school. Parents praise the youth workers, clubs and holiday schemes that are left."),
    Curated("neighbours", ("neighbours", "neighbour", "neighbourhood", "friendly", "community", "street party",
                           "everyone", "proper", "look out", "each other", "together", "whatsapp"),
            "Neighbours and community spirit", (),
            "What people love most: neighbours who look out for each other, a friendly street and the "
            "groups that bring people together. Some say that spirit is fading as people move in and out."),
    Curated("bins", ("bin", "bins", "litter", "fly-tipping", "fly tipping", "rubbish", "dumped", "tip",
                     "recycling", "mess"),
            "Bins, litter and fly-tipping", ("Bins and street cleaning", "Fly-tipping"),
            "Missed and overflowing bins, rubbish dumped in back alleys and litter on main streets. "
            "People want collections they can rely on and fly-tipping cleared quickly once reported."),
    Curated("jobs", ("job", "jobs", "work", "advice", "course", "classes", "cv", "benefits", "debt", "esol",
                     "employers"),
            "Jobs, money advice and learning", ("Jobs and training",),
            "Help into work and with money: job clubs, English classes and advice sessions people value, "
            "and waiting lists, zero-hours work and debt that hold them back."),
    Curated("housing", ("damp", "mould", "rent", "landlord", "landlords", "repairs", "housing", "flat",
                        "leak", "boiler"),
            "Damp homes, repairs and rents", ("Rents and landlords", "Housing repairs and damp"),
            "Damp and mould that make children ill, repairs that take months, and rents rising faster "
            "than wages. Private landlords are mentioned most."),
    Curated("food", ("food", "pantry", "meal", "meals", "lunch", "fridge", "dinner", "eat"),
            "Food banks and shared meals", ("Food bank", "Cost of living"),
            "Food banks, pantries and lunch clubs keep families and older people going and treat them "
            "with dignity; people say needing them should not be normal."),
    Curated("health", ("gp", "doctor", "dentist", "appointment", "surgery", "mental", "counselling", "nhs",
                       "pharmacy", "health"),
            "GP, dentist and mental health", ("GP and dentist appointments", "Mental health support"),
            "Getting a GP appointment or an NHS dentist is hard, and mental health help comes after "
            "long waits. Pharmacies and practice nurses are praised."),
    Curated("river", ("river", "flood", "flooded", "floods", "towpath", "canal", "riverside"),
            "The river, canal and flooding", (),
            "The river and canal towpath are loved for walks and cycling; people by the river still fear "
            "flooding and want the flood defence works finished."),
    Curated("access", ("scooter", "wheelchair", "pavement", "pavements", "stairs", "stairlift", "dad", "mobility",
                       "pushchairs", "lift", "ambulance"),
            "Getting out and about", (),
            "Older and disabled people, and parents with pushchairs, who struggle to get out: cars and vans "
            "on the pavement, bus stops out of reach, and long waits for help at home."),
    Curated("winter", ("winter", "night", "noise", "cold", "heating", "warm", "lights", "dark"),
            "Cold winters and noisy nights", (),
            "A mixed theme: homes that are cold and costly to heat in winter, noise late at night, dark "
            "paths, and the festivals and Christmas lights people look forward to."),
    Curated("languages", ("english", "languages", "language", "interpreters", "urdu", "punjabi"),
            "Languages and English classes", (),
            "English classes that give people confidence and work, interpreters wanted at the GP, and the "
            "many languages spoken here."),
    Curated("faith", ("church", "mosque", "gurdwara", "temple", "synagogue", "faith", "eid", "diwali", "vaisakhi",
                      "carnival", "festival", "gala", "christmas"),
            "Faith groups and festivals", (),
            "Churches, mosques, gurdwaras and temples that feed and welcome everyone, and the festivals that "
            "bring the whole area out; faith groups ask for help with their buildings."),
    Curated("centres", ("library", "centre", "hub", "class", "classes", "club", "group", "coffee morning"),
            "Community centres, libraries and clubs", ("Libraries and community centres",),
            "Libraries, community centres and the clubs and classes in them: warm, welcoming places people "
            "rely on, and worried about cuts to their hours and funding."),
    Curated("safety", ("police", "crime", "dealing", "drugs", "stolen", "knife", "motorbikes", "bikes", "safe",
                       "scared", "intimidate", "break in"),
            "Crime and feeling safe", ("Crime and community safety", "Antisocial behaviour"),
            "Drug dealing, motorbikes and car crime, and police who are rarely seen; people feel safer where "
            "lights are fixed and neighbours look out for each other."),
    Curated("sport", ("swim", "swimming", "pool", "pitch", "gym", "boxing", "football", "sport", "play"),
            "Sport and places to play", (),
            "Swimming, boxing, football and play areas matter to families; prices, locked pitches and "
            "waiting lists keep some out."),
)


def _uses(text: str, words: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lower) for w in words)


def _fits(text: str, entry: Curated) -> bool:
    return _uses(text, entry.words) and not _uses(text, entry.unless)


def find(run) -> dict[str, str]:
    """Curated entry name -> the key of the theme with most notes using its words (and at least
    MIN_SHARE of its notes; each theme once, each entry once). A theme no entry fits keeps the model's
    name for now. Parts the organiser split off are found by their name."""
    found: dict[str, str] = {}
    shares = []
    for theme in themes.themes_of(run, include_hidden=False):
        if theme.split_from and theme.label_source == LabelSource.PERSON:  # a part the organiser split off
            found.update({e.name: theme.key for e in CURATED if e.label == theme.label and e.name not in found})
            continue
        notes = [n.text for n in themes.notes_of(theme) if n.rank == 0 and n.text]
        if len(notes) < MIN_NOTES:
            continue
        for entry in CURATED:
            share = sum(_fits(text, entry) for text in notes) / len(notes)
            if share >= MIN_SHARE:
                shares.append((round(share * len(notes)), share, entry.name, theme.key))
    for _using, _share, name, key in sorted(shares, reverse=True):  # most notes about it first
        if name not in found and key not in found.values():
            found[name] = key
    return found


# What a mixed theme's name says it holds, entry by entry ("Roads, parks and neighbours (mixed)").
SHORT = {
    "roads": "roads",
    "parks": "parks",
    "young": "young people",
    "neighbours": "neighbours",
    "bins": "litter",
    "jobs": "jobs",
    "housing": "housing",
    "food": "food",
    "health": "health",
    "access": "getting about",
    "winter": "noise",
    "languages": "languages",
    "faith": "faith groups",
    "centres": "community centres",
    "safety": "safety",
    "river": "the river",
    "sport": "sport",
}
MIXED_MIN_SHARE = 0.15  # an entry this much of a mixed theme is about is named in its name
SPLIT_MIN_NOTES = 8  # ... and split off as its own theme when it has this many notes and no theme yet
MIXED_MIN_NOTES = 20  # smaller themes the organiser leaves as the model named them

BY_NAME = {entry.name: entry for entry in CURATED}


def _shares(theme) -> tuple[list, list[tuple[float, str]]]:
    notes = [n for n in themes.notes_of(theme) if n.rank == 0 and n.text]
    total = max(len(notes), 1)
    shares = sorted(((sum(_fits(n.text, e) for n in notes) / total, e.name) for e in CURATED), reverse=True)
    return notes, shares


def _split(run, key: str, entry: Curated, actor_id: int | None) -> str | None:
    """Split the notes about `entry` off a mixed theme into a theme of their own, named and summed up."""
    ids = [n.id for n in themes.notes_of(themes.theme_by_key(run, key)) if n.rank == 0 and _fits(n.text, entry)]
    if len(ids) < SPLIT_MIN_NOTES:
        return None
    edit = themes.edit(run, EditKind.SPLIT, key, actor_id, value=entry.label, note_ids=ids)
    themes.edit(run, EditKind.SUMMARY, edit.target_key, actor_id, value=entry.summary)
    return edit.target_key


def _move(run, key: str, entry: Curated, target: str, actor_id: int | None) -> None:
    """Move the notes about `entry` from a mixed theme into the theme the organiser gave `entry`."""
    ids = [n.id for n in themes.notes_of(themes.theme_by_key(run, key)) if n.rank == 0 and _fits(n.text, entry)]
    if ids:
        themes.edit(run, EditKind.MOVE, key, actor_id, target_key=target, note_ids=ids)


def _tidy(run, key: str, found: dict[str, str], actor_id: int | None) -> None:
    """Split off what a theme also holds that has no theme of its own yet ("Parks" inside a theme
    about roads)."""
    _notes, shares = _shares(themes.theme_by_key(run, key))
    for share, name in shares:
        if share >= MIXED_MIN_SHARE and name not in found and (part := _split(run, key, BY_NAME[name], actor_id)):
            found[name] = part


def _mixed(run, key: str, found: dict[str, str], actor_id: int | None) -> None:
    """A theme no entry fits: the model grouped different things. The organiser splits off what has
    no theme of its own yet, moves notes that belong to another theme there, and names the rest for
    what it holds, saying it is mixed."""
    _tidy(run, key, found, actor_id)
    _notes, shares = _shares(themes.theme_by_key(run, key))
    for share, name in shares:
        if share >= MIXED_MIN_SHARE and name in found and found[name] != key:
            _move(run, key, BY_NAME[name], found[name], actor_id)
    notes, shares = _shares(themes.theme_by_key(run, key))
    rest = [SHORT[name] for share, name in shares if share >= MIXED_MIN_SHARE][:3]
    if not notes:
        return
    named = (f"{rest[0]} and more" if len(rest) == 1 else ", ".join(rest[:-1]) + " and " + rest[-1]) if rest \
        else "other things"
    themes.edit(run, EditKind.RENAME, key, actor_id, value=f"{named[:1].upper()}{named[1:]} (mixed)")
    themes.edit(run, EditKind.SUMMARY, key, actor_id, value=(
        f"The model grouped these notes together, but they are about different things: {named}. "
        "The organiser has moved notes that belong elsewhere; read the rest one by one."))


def curate(run, actor_id: int | None) -> dict[str, str]:
    """Check the themes: rename a weak machine name, write a summary, split off and move what a
    theme holds that belongs elsewhere. Returns entry name -> theme key. Run once, before the first
    publication."""
    found = find(run)
    for entry in CURATED:
        key = found.get(entry.name)
        theme = themes.theme_by_key(run, key) if key else None
        if theme is None:
            continue
        if theme.label_source != LabelSource.PERSON and theme.label not in entry.keep:
            themes.edit(run, EditKind.RENAME, key, actor_id, value=entry.label)
        if not theme.summary:
            themes.edit(run, EditKind.SUMMARY, key, actor_id, value=entry.summary)
    for key in [found[entry.name] for entry in CURATED if entry.name in found]:
        if themes.theme_by_key(run, key).size >= MIXED_MIN_NOTES:
            _tidy(run, key, found, actor_id)
    for theme in themes.themes_of(run, include_hidden=False):
        # A big theme nothing fits, or one the model could find no words for ("Theme 15": no word
        # of its notes is used widely enough to be shown): the organiser reads it and names it.
        if theme.key not in found.values() and (theme.size >= MIXED_MIN_NOTES or NUMBERED.fullmatch(theme.label)):
            _mixed(run, theme.key, found, actor_id)
    return found
