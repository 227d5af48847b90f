"""Context words and stop-lists the name finder reads (English, with Roman Urdu honorifics)."""

from __future__ import annotations

import re

from nlp.redact.patterns import STREET_TYPE
from nlp.redact.spans import words

WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’\-]*")

TITLES = words("mr mrs ms miss mx dr cllr councillor fr rev reverend revd prof")
# Also ordinary words ("my sister went"): only a title when the next word looks like a name.
SOFT_TITLES = words("sister father aunty auntie uncle imam pastor professor sir dame lady lord nurse")
# Ordinary words that are never names on their own, even when capitalised mid-sentence.
STOP = words(
    """a about above after again against all also always am an and any are around as at be because
    been before being below between both but by can could did do does doing don't down during each
    even ever every few for from further get gets got had has have having he her here hers herself
    him himself his how however i i'm i've i'd i'll if in into is isn't it it's its itself just
    let's like lot lots many me more most much must my myself no nor not now of off often on once
    only or other our ours ourselves out over own please quite rather really same she she's should
    since so some someone somebody something sometimes still such than that that's the their
    theirs them themselves then there there's these they they're this those though through to too
    under until up upon us very was wasn't we we're were what when where which while who whom whose
    why will with within without would yes yet you you're your yours yourself anyone everyone
    nobody noone none another everybody anybody thing things people person lady man woman girl boy
    lad lads kids kid children child family mum mam dad nan nana grandma grandad son daughter
    husband wife brother sister neighbour neighbours neighbor friend friends partner
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thur thurs fri
    sat sun january february march april may june july august september october november december
    ok okay hi hello thanks thank bus buses road
    street lane avenue park centre center shop shops school tram train station flat flats house
    estate area ward city town village market hospital surgery pharmacy library church mosque
    cafe club pub bar gym pool can't won't don't didn't doesn't isn't wasn't couldn't wouldn't
    shouldn't haven't hasn't hadn't aren't weren't ain't he's we've they've you've he'd she'd
    they'd we'd it'll he'll she'll we'll they'll estate estates st saint"""
)
# Hurried notes drop apostrophes and abbreviate: "my mum doesnt", "tbh", "ppl", "appt". These are
# words, never names, even straight after "my mum" (each checked against the name lists).
INFORMAL = frozenset(w.replace("'", "") for w in STOP if "'" in w) | words(
    """mustnt neednt shant wouldve couldve shouldve mightve mustve im youre theyre hes shes thats
    theres heres whats wheres whos hows itll youll theyll itd youd theyd yall innit gonna wanna
    gotta dunno kinda sorta lemme gimme pls plz ppl tbh abt esp appt appts approx tmrw tmw tomoz
    thru tho cos coz cuz ur yrs hrs mins wks mth mths govt dept asap fyi imo btw thx mtg mtgs
    cllrs nowt owt summat xmas luv wud cud shud dint wiv gunna nuffin"""
)
# Misspelt contractions keep their shape: "wudnt", "cudnt", "shudnt", "doesnt", "wasnt".
CONTRACTION_ENDS = ("dnt", "snt")
STOP = STOP | INFORMAL
MONTHS_DAYS = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec"""
)
# Context just before a name: "my neighbour Rose", "a lady called Joy", "ask for Priya".
CUE_BEFORE = re.compile(
    r"(?:\b(?:neighbou?rs?|neighbou?r's|called|named|name\s+is|name's|names\s+are|known\s+as|"
    r"son|daughter|husband|wife|hubby|mum|mam|mom|mother|dad|father|brother|sister|bro|sis|"
    r"friend|mate|pal|carer|grandson|granddaughter|grandma|grandmother|gran|nan|nana|nanna|"
    r"grandad|granddad|grandpa|partner|boyfriend|girlfriend|fiance|fiancee|cousin|nephew|niece|"
    r"landlord|landlady|tenant|lodger|ask\s+for|speak\s+to|talk\s+to|spoke\s+to|spoke\s+with|"
    r"talked\s+to|contact|ring|call|email|text|thanks\s+to|thank\s+you|according\s+to|"
    r"signed|from|with|and|&|by|for|visited|visit|met|meet|told|tell|asked|ask|helped)"
    r"\s*[,:\-]?\s*(?:\([^)]*\)\s*)?$)",
    re.I,
)
# Strong cues: the next word is a name even if it is an ordinary word ("my neighbour Joy").
STRONG_CUE = re.compile(
    r"\b(?:neighbou?r|called|named|name\s+is|name's|known\s+as|ask\s+for|speak\s+to|"
    r"spoke\s+to|spoke\s+with|talked\s+to|landlord|landlady|"
    r"son|daughter|husband|wife|mum|dad|carer|grandson|granddaughter|nan|grandad|partner)"
    r"\s*[,:\-]?\s*$",
    re.I,
)
# Context just after a name: "Rose said", "Tomasz from number 12", "Aisha (age 70)".
CUE_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:\(\s*(?:age|aged)?\s*\d+\s*\)|,?\s*(?:said|says|told|tells|asked|rang|"
    r"phoned|called|emailed|texted|mentioned|reported|explained|thinks|thought|feels|felt|wants|"
    r"wanted|lives|lived|who\s+lives|from\s+(?:no\.?|number|flat)|at\s+(?:no\.?|number|flat)|"
    r"next\s+door|across\s+the\s+road|aged?\s+\d+|\d+\s*y/?o\b|is\s+\d+\b|,\s*\d+\b|"
    # A phone number after a name: "ring sue on 07700 900461".
    r"on\s+(?:\+|0)\d(?:[\s\-]?\d){8}|"
    r"from\b|at\s+(?:the\b|no\b|number\b|\d)|and\s+(?:her|his)\b|brings|brought|gave|runs|"
    r"helps|helped|came|comes|who\b|does|did|has\s+lived|"
    # Roman Urdu honorifics and "said": "Imran bhai", "Rukhsana aunty", "Shazia ne kaha".
    r"bhai\b|bhaiya\b|bhaijan\b|sahib\b|sahab\b|saab\b|baji\b|apa\b|aunty\b|auntie\b|uncle\b|"
    r"ji\b|ne\s+(?:kaha|bataya|bola)\b|"
    # Roman Urdu possessive before a personal detail or a relative: "X ki dob", "X ka number".
    r"k[aie]\s+(?:dob|number|phone|address|beti|beta|bhai|behen|shohar|biwi|ammi|abbu)\b))",
    re.I,
)
# Context after a word that says little on its own when the note gives no capitals to go on.
WEAK_AFTER = re.compile(
    r"^\s*(?:from\s+(?!no\b|no\.|number\b|flat\b)|at\s+the\b|who\b|does\b|did\b|came\b|comes\b|"
    r"gave\b|brings\b|brought\b|runs\b|helps\b|helped\b|and\s+(?:her|his)\b)",
    re.I,
)
# Heads of place names: the capitalised words before them are a street or a building.
PLACE_HEAD = re.compile(
    rf"(?:{STREET_TYPE}|estate|centre|center|school|primary|academy|college|church|chapel|"
    r"mosque|masjid|temple|gurdwara|mandir|hall|library|surgery|practice|hospital|market|club|"
    r"stadium|pool|baths|station|pub|arms|inn|tavern|store|stores|shop|cafe|community|"
    # Named events: "Interfaith Week", "Black History Month", "Leeds Mela Festival".
    r"week|month|fortnight|festival|fair|gala|carnival|"
    # Open spaces and water: "Harehills Park", "Adel Beck", "the Fearnville grounds", "Cross Flatts Rec".
    r"rec|recreation|grounds?|fields|woods?|forest|beck|brook|river|canal|moors?|reservoir|"
    r"valley|lake|pond|dam|falls|quarry|allotments?|cemetery|meadows?)",
    re.I,
)
# Words before a place's name: "the river Wharfe", "Lake Windermere", "Loch Ness".
PLACE_BEFORE = words("river rivers lake loch")
SENT_END = re.compile(r"(?:^|[.!?:;\n\"“(•*]|\s-|^\s*-)\s*$")
