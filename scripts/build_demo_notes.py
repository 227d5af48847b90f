"""Build listening/data/demo_notes.csv: synthetic notes written for Hark's demo.

Every sentence below was written for the project (none is copied from a dataset).
Sentences with {slots} take a ward's local places, so the same worry reads naturally
in different wards. A fixed seed makes the file the same every time:

    python scripts/build_demo_notes.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260314
OUT = Path(__file__).resolve().parent.parent / "listening" / "data" / "demo_notes.csv"

# Ward code -> (how many notes, local places). Place names are public landmarks.
WARDS = {
    "E05011402": (86, {"park": "the Abbey grounds", "centre": "the community centre", "street": "Kirkstall Lane",
                       "shops": "the shops by the bridge", "bus": "the 33", "library": "Kirkstall library"}),
    "E05011394": (96, {"park": "Banstead Park", "centre": "the community hub", "street": "Harehills Lane",
                       "shops": "Harehills Road", "bus": "the 49", "library": "Harehills library"}),
    "E05011400": (58, {"park": "the big field by the ring road", "centre": "the family centre", "street": "York Road",
                       "shops": "the Seacroft shops", "bus": "the 56", "library": "the library at the Compton Centre"}),
    "E05011397": (50, {"park": "Woodhouse Moor", "centre": "the church hall", "street": "Brudenell Road",
                       "shops": "Hyde Park Corner", "bus": "the 56", "library": "Headingley library"}),
    "E05011412": (44, {"park": "Temple Newsam", "centre": "the Halton Moor centre", "street": "Selby Road",
                       "shops": "the Halton shops", "bus": "the 19", "library": "Halton library"}),
    "E05011386": (64, {"park": "Cross Flatts Park", "centre": "the Holbeck community centre", "street": "Dewsbury Road",
                       "shops": "Tempest Road", "bus": "the 1", "library": "Beeston library"}),
    "E05011399": (44, {"park": "the riverside path", "centre": "the Hunslet club", "street": "Balm Road",
                       "shops": "the Hunslet shops", "bus": "the 12", "library": "the hub library"}),
    "E05011390": (58, {"park": "Potternewton Park", "centre": "the West Indian Centre", "street": "Chapeltown Road",
                       "shops": "the Chapel Allerton shops", "bus": "the 2", "library": "Chapeltown library"}),
    "E05011385": (54, {"park": "Armley Park", "centre": "the Armley community centre", "street": "Town Street",
                       "shops": "Town Street", "bus": "the 16", "library": "Armley library"}),
    "E05011404": (44, {"park": "Middleton woods", "centre": "the Middleton community centre", "street": "the ring road",
                       "shops": "the Middleton shops", "bus": "the 74", "library": "Middleton library"}),
}

L, C = "love", "change"

# Theme -> sentences. Written to sound like notes taken at a drop-in or a street stall.
BANK = {
    "bins": [
        (C, "Bins on {street} get missed every other week and the foxes have the rest"),
        (C, "The bin collection changed days and nobody told us, so bags sat out for a fortnight"),
        (C, "We need more litter bins near {shops}, the ones there are always overflowing"),
        (C, "Recycling is confusing, half the street doesn't know which bin is which"),
        (C, "Bring back the free bulky waste collection, people can't afford to pay for it"),
        (C, "The communal bins behind the flats are a disgrace and attract rats"),
        (L, "The bin crew on our street are brilliant, always friendly and tidy up after"),
    ],
    "fly-tipping": [
        (C, "Fly-tipping in the back alleys is getting worse, mattresses and fridges dumped every week"),
        (C, "Someone dumped a whole kitchen by {park} and it was there for a month"),
        (C, "Cameras on the ginnels would stop the fly-tippers, they know nobody is watching"),
        (C, "When you report fly-tipping online it says closed but the rubbish is still there"),
        (L, "The litter pick group clears the alleys every month and it makes such a difference"),
        (C, "The corner by the garages is a tip, it makes the whole area look neglected"),
    ],
    "buses": [
        (C, "{bus} is never on time and in the evening it just doesn't turn up"),
        (C, "Buses into town are packed in the morning, they drive past full"),
        (C, "There's no bus to the hospital without changing twice, it's hard for older people"),
        (C, "Bus fares are too much for a family, it's cheaper to get a taxi with three kids"),
        (L, "{bus} gets me into town in twenty minutes, I couldn't work without it"),
        (C, "The bus shelter on {street} has no roof and no timetable"),
        (C, "After 7pm you're stuck, there's no bus back from town"),
        (L, "The £2 fare cap has really helped me get to work"),
    ],
    "parks and green space": [
        (L, "{park} is the best thing about living here, I walk the dog there every morning"),
        (L, "The kids love {park}, especially in the summer holidays"),
        (L, "Having green space so close makes a real difference to my mental health"),
        (C, "The play area in {park} has broken swings and glass on the floor"),
        (C, "{park} needs better lighting, it feels unsafe after dark"),
        (L, "The Friends of the park group do amazing work planting bulbs and clearing paths"),
        (C, "The paths in {park} flood every winter and you can't get a pushchair through"),
        (L, "I love the trees on our road, they make it feel calm"),
        (C, "We need more benches in {park} so older people can stop and rest"),
        (L, "The allotments are a lifeline, I've made friends there and grow my own veg"),
        (C, "The toilets in {park} have been locked for years"),
    ],
    "GP and health": [
        (C, "You can't get a GP appointment, you ring at 8am and they're all gone by 8.10"),
        (C, "The surgery wants everything online but my mum doesn't have a smartphone"),
        (C, "Waiting three weeks to see a doctor isn't right when your child is poorly"),
        (C, "There's no NHS dentist taking new patients anywhere near here"),
        (L, "The pharmacy on {street} is brilliant, they know everyone by name"),
        (L, "The nurses at our surgery are lovely and take their time with you"),
        (C, "Mental health support for young people has a waiting list of over a year"),
        (C, "We need interpreters at the surgery, people don't understand what they're told"),
        (L, "The health bus that comes to {centre} is great for checks without an appointment"),
    ],
    "youth provision": [
        (C, "There's nothing for teenagers to do round here, so they hang about on {street}"),
        (C, "Bring back the youth club, it closed years ago and nothing replaced it"),
        (L, "The boxing club keeps my son out of trouble, the coaches are like family"),
        (C, "Young people need somewhere warm and safe to go after school"),
        (L, "The youth workers at {centre} really listen to the kids"),
        (C, "Football pitches cost too much to hire, the lads just want a kickabout"),
        (L, "The holiday club with free lunches got my kids through the summer"),
        (C, "More apprenticeships for young people here, not just in the city centre"),
    ],
    "housing repairs and damp": [
        (C, "Our flat has black mould in every room and the landlord just says open a window"),
        (C, "Damp is making my children's asthma worse, we've reported it four times"),
        (C, "Repairs take months, we waited since January for a new boiler"),
        (C, "Private landlords round here get away with anything, nobody checks on them"),
        (C, "The windows in our block are single glazed and the heating bills are frightening"),
        (L, "Our housing officer actually came out and sorted the leak in a week"),
        (C, "There's nowhere affordable for young families to rent any more"),
        (C, "Overcrowding is a real problem, three kids in one bedroom"),
        (C, "Empty houses on {street} have been boarded up for years while people wait for homes"),
    ],
    "street lighting": [
        (C, "Half the street lights on {street} are out and it's pitch black walking home"),
        (C, "The ginnel behind the houses has no lights at all, women won't use it at night"),
        (C, "The new street lights are so dim you can't see faces"),
        (L, "Since they fixed the lights by {shops} it feels much safer"),
    ],
    "potholes and roads": [
        (C, "The potholes on {street} are dangerous, my car's been damaged twice"),
        (C, "Pavements are cracked and uneven, my dad fell and broke his wrist"),
        (C, "Cars speed down {street} like it's a racetrack, we need speed bumps"),
        (C, "The crossing near the school needs a lollipop person or a zebra crossing"),
        (C, "Pavement parking means I have to push the pram into the road"),
        (C, "The road was resurfaced and dug up again a month later"),
        (L, "The new cycle lane means I can cycle to work safely"),
        (C, "School run traffic blocks the whole street twice a day"),
    ],
    "community centres and libraries": [
        (L, "{centre} is the heart of this community, everyone is welcome"),
        (L, "{library} is warm and quiet, I go there to use the computers and read the paper"),
        (L, "The staff at {library} helped me fill in my benefits form"),
        (C, "Library opening hours have been cut, it's shut when working people could go"),
        (L, "The coffee morning at {centre} got me out of the house after my husband died"),
        (C, "Community centres need proper funding, they run on volunteers who are exhausted"),
        (L, "The English classes at {centre} gave me confidence to speak to my neighbours"),
        (C, "Hiring a room at {centre} is too expensive for small groups"),
        (L, "Rhyme time at {library} is the highlight of our week"),
        (L, "The warm space at {centre} kept me going last winter"),
    ],
    "safety and anti-social behaviour": [
        (C, "Motorbikes race round the estate at night, it's dangerous and noisy"),
        (C, "Drug dealing happens openly on {street}, everyone knows but nothing changes"),
        (C, "We never see a police officer walking round any more"),
        (C, "Groups of lads on bikes intimidate people outside {shops}"),
        (C, "Car crime is constant, catalytic converters stolen on our road"),
        (L, "PCSOs came to the residents meeting and actually followed up"),
        (C, "I don't let my kids walk to school alone because of the dealing"),
        (C, "Fireworks go off every night for weeks around Bonfire Night"),
        (L, "I feel safe here, neighbours look out for each other"),
        (C, "Knife crime worries parents, we need more for young people and more patrols"),
    ],
    "air quality": [
        (C, "The air on {street} is thick with fumes at rush hour, you can taste it"),
        (C, "My son's asthma is worse since the traffic got heavier"),
        (C, "Lorries idling outside the school should be stopped"),
        (C, "Bonfires in gardens and wood burners make the air smoky all winter"),
        (L, "It's nice that more people walk and cycle now, the air feels cleaner on Sundays"),
    ],
    "cost of living": [
        (C, "Energy bills have doubled, I sit in a coat rather than put the heating on"),
        (C, "Food prices are shocking, I skip meals so the kids can eat"),
        (C, "Working two jobs and still can't make the rent"),
        (C, "Advice on benefits is hard to find, people don't claim what they're owed"),
        (L, "The money advice sessions at {centre} saved me hundreds on my bills"),
        (C, "Prepayment meters are a rip off for the poorest families"),
        (C, "Childcare costs more than I'd earn, so I can't go back to work"),
        (L, "The school uniform swap saved us a fortune"),
    ],
    "food banks": [
        (L, "The food bank volunteers never make you feel ashamed"),
        (C, "The food bank is the only thing keeping some families going, that shouldn't be normal"),
        (L, "The community pantry is brilliant, you pay a little and get a full bag"),
        (C, "Food banks need more fresh fruit and veg, not just tins"),
        (C, "The food bank is only open on weekday mornings when people are at work"),
        (L, "The community fridge at {centre} means food doesn't go to waste"),
    ],
    "neighbours and community spirit": [
        (L, "My neighbours are the best, we look after each other's kids"),
        (L, "Everyone says hello, it's a proper community"),
        (L, "When I was ill the neighbours brought food every day"),
        (L, "People from all over the world live here and we get on"),
        (C, "People don't know their neighbours any more, there's no street parties like there used to be"),
        (L, "The street WhatsApp group means no one is left on their own"),
        (C, "Lots of older people live alone and nobody knocks on their door"),
        (L, "The diversity here is what I love, you hear ten languages on the bus"),
    ],
    "local shops": [
        (L, "{shops} has everything, and the shopkeepers know you"),
        (L, "I love the independent shops and cafes, it has character"),
        (C, "Too many betting shops and vape shops on {shops}"),
        (C, "The bank closed so older people have nowhere to get cash"),
        (C, "The post office closed and now we have to go into town"),
        (L, "You can get food from every country on {shops}"),
        (C, "Empty shop units make {shops} look run down"),
    ],
    "schools": [
        (L, "Our primary school is fantastic, the teachers really care"),
        (C, "There aren't enough secondary school places, kids travel miles"),
        (C, "Special needs support is hard to get, we waited two years for an assessment"),
        (L, "The breakfast club at school means my kids start the day with a meal"),
        (C, "Class sizes are too big and teachers are stretched"),
        (L, "The school is the centre of our community, parents meet at the gate"),
    ],
    "faith and festivals": [
        (L, "The mosque opens its doors to everyone, they fed the whole street during Ramadan"),
        (L, "The church runs a lunch club for older people that's always full"),
        (L, "The gurdwara langar feeds anyone who walks in"),
        (L, "The Carnival is the best weekend of the year, it brings everyone together"),
        (L, "Eid in the park was wonderful, families from all backgrounds came"),
        (L, "The temple organised a Diwali celebration that everyone was invited to"),
        (C, "We need more events that bring different communities together"),
        (L, "The summer gala in {park} is something everyone looks forward to"),
        (C, "Faith groups do so much but get no help with their buildings"),
        (L, "The Christmas lights switch on brings the whole area out"),
    ],
    "jobs and skills": [
        (C, "There are no decent jobs locally, everything is zero hours"),
        (C, "Adult learning classes have gone, I wanted to retrain"),
        (L, "The job club at {library} helped me write a CV and I got a job"),
        (C, "Employers need to recognise qualifications from other countries"),
    ],
    "older people and loneliness": [
        (C, "Older people are lonely, the day centre closed and nothing replaced it"),
        (L, "The befriending calls mean my mum has someone to talk to every week"),
        (C, "Dropped kerbs are missing so mobility scooters can't get along {street}"),
        (L, "The lunch club at {centre} is the only hot meal some people get"),
    ],
    "dog fouling and cleanliness": [
        (C, "Dog mess everywhere on the pavements, owners don't pick it up"),
        (C, "Street cleaning hardly ever happens, the gutters are full of leaves and litter"),
        (L, "The street looks lovely since neighbours started planting in the tubs"),
        (C, "Graffiti on {street} has been there for years"),
    ],
    "traffic and parking": [
        (C, "Parking is impossible, people from outside the area park here all day"),
        (C, "We need residents' parking on {street}"),
        (C, "Too many HMOs means too many cars on narrow streets"),
        (L, "It's easy to get anywhere from here, on the bus or by car"),
    ],
}

# Notes said in another language, each with an English rendering written alongside.
OTHER_LANGUAGES = [
    ("E05011394", C, "pl", "Chciałabym, żeby autobusy jeździły częściej wieczorem.", "I would like the buses to run more often in the evening."),
    ("E05011394", L, "pl", "Sąsiedzi są bardzo życzliwi i pomocni.", "The neighbours are very kind and helpful."),
    ("E05011394", C, "ur", "گلی میں کوڑا ہر ہفتے پڑا رہتا ہے۔", "Rubbish is left lying in the street every week."),
    ("E05011394", L, "ur", "مسجد سب کے لیے کھلی ہے اور سب کی مدد کرتی ہے۔", "The mosque is open to everyone and helps everyone."),
    ("E05011394", C, "ro", "Chiriile sunt prea mari pentru salariile noastre.", "Rents are too high for our wages."),
    ("E05011394", L, "ar", "أحب الحديقة، أطفالي يلعبون هناك كل يوم.", "I love the park, my children play there every day."),
    ("E05011402", C, "pl", "Na ulicy jest za dużo dziur, to niebezpieczne dla rowerzystów.", "There are too many potholes in the street, it is dangerous for cyclists."),
    ("E05011402", L, "pl", "Uwielbiam bibliotekę, dzieci chodzą tam na zajęcia.", "I love the library, the children go there for activities."),
    ("E05011390", C, "pa", "Sade bazurgan lai koi thaan nahin jithe oh mil sakan.", "There is nowhere for our elders to meet."),
    ("E05011390", L, "pa", "Gurdwara sahib vich langar sab lai hai.", "The langar at the gurdwara is for everyone."),
    ("E05011386", C, "ro", "Nu găsesc un medic de familie care să ia pacienți noi.", "I can't find a GP who is taking new patients."),
    ("E05011386", C, "ku", "Ji bo zarokan li vir tiştek tune ye.", "There is nothing here for children."),
    ("E05011400", C, "so", "Guryaha waa qoyan yihiin oo caaryaa ku jirtaa.", "The houses are damp and there is mould."),
    ("E05011385", L, "pl", "Park jest piękny latem.", "The park is beautiful in summer."),
    ("E05011397", C, "zh", "晚上路灯太暗了，走路回家不安全。", "The street lights are too dim at night, walking home is not safe."),
]

# A few notes as staff might first type them, with details that redaction removes on save.
WITH_DETAILS = [
    ("E05011402", C, "Mrs Patterson at number 14 has been waiting since March for her damp to be looked at"),
    ("E05011394", L, "Ask for Yasmin at the food bank, she helped me sort my electric bill"),
    ("E05011386", C, "Please ring me on 0113 496 0123 about the pothole outside the school"),
]

OPENERS = ["", "", "", "", "I think ", "Honestly, ", "For me, ", "To be honest, ", "Really, "]


def _lower_first(text: str) -> str:
    keep = ("I ", "I'", "{", "Bring", "Eid", "Carnival")
    return text if text.startswith(keep) or text[:2].isupper() else text[0].lower() + text[1:]


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)  # noqa: S311 - a repeatable demo, not security
    sentences = [(theme, kind, text) for theme, items in BANK.items() for kind, text in items]
    rows, seen = [], set()
    for code, (count, places) in WARDS.items():
        extra = [r for r in OTHER_LANGUAGES if r[0] == code] + [(c, k, "en", t, "") for c, k, t in WITH_DETAILS if c == code]
        for _code, kind, language, text, english in extra:
            rows.append({"ward": code, "kind": kind, "consent": "quote", "language": language, "text": text, "english": english})
        made, attempts = len(extra), 0
        while made < count and attempts < count * 50:
            attempts += 1
            _theme, kind, text = rng.choice(sentences)
            opener = rng.choice(OPENERS)
            filled = text.format(**places)
            note = opener + _lower_first(filled) if opener else filled
            note = note[0].upper() + note[1:]
            if (code, note) in seen or (code, filled) in seen:
                continue
            seen.add((code, note))
            seen.add((code, filled))
            consent = "analysis" if rng.random() < 0.18 else "quote"
            rows.append({"ward": code, "kind": kind, "consent": consent, "language": "en", "text": note, "english": ""})
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
