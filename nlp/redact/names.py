"""Names: token rules over capitalisation, name lists, the English lexicon and context words."""

from __future__ import annotations

import re

from nlp.redact.lexicon import english, first_names, keep_phrases, proper_nouns, spacy_pipeline, surnames
from nlp.redact.patterns import STREET_TYPE
from nlp.redact.spans import PLACEHOLDER, words

# ---------------------------------------------------------------- names

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’\-]*")

_TITLES = words("mr mrs ms miss mx dr cllr councillor fr rev reverend revd prof")
# Also ordinary words ("my sister went"): only a title when the next word looks like a name.
_SOFT_TITLES = words("sister father aunty auntie uncle imam pastor professor sir dame lady lord nurse")
# Ordinary words that are never names on their own, even when capitalised mid-sentence.
_STOP = words(
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
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun january february march april may june july august september october november december
    ok okay hi hello thanks thank bus buses road
    street lane avenue park centre center shop shops school tram train station flat flats house
    estate area ward city town village market hospital surgery pharmacy library church mosque
    cafe club pub bar gym pool can't won't don't didn't doesn't isn't wasn't couldn't wouldn't
    shouldn't haven't hasn't hadn't aren't weren't ain't he's we've they've you've he'd she'd
    they'd we'd it'll he'll she'll we'll they'll estate estates st saint"""
)
_MONTHS_DAYS = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec"""
)
# Context just before a name: "my neighbour Rose", "a lady called Joy", "ask for Priya".
_CUE_BEFORE = re.compile(
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
_STRONG_CUE = re.compile(
    r"\b(?:neighbou?r|called|named|name\s+is|name's|known\s+as|ask\s+for|speak\s+to|"
    r"spoke\s+to|spoke\s+with|talked\s+to|landlord|landlady|"
    r"son|daughter|husband|wife|mum|dad|carer|grandson|granddaughter|nan|grandad|partner)"
    r"\s*[,:\-]?\s*$",
    re.I,
)
# Context just after a name: "Rose said", "Tomasz from number 12", "Aisha (age 70)".
_CUE_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:\(\s*(?:age|aged)?\s*\d+\s*\)|,?\s*(?:said|says|told|tells|asked|rang|"
    r"phoned|called|emailed|texted|mentioned|reported|explained|thinks|thought|feels|felt|wants|"
    r"wanted|lives|lived|who\s+lives|from\s+(?:no\.?|number|flat)|at\s+(?:no\.?|number|flat)|"
    r"next\s+door|across\s+the\s+road|aged?\s+\d+|\d+\s*y/?o\b|is\s+\d+\b|,\s*\d+\b|"
    r"from\b|at\s+(?:the\b|no\b|number\b|\d)|and\s+(?:her|his)\b|brings|brought|gave|runs|"
    r"helps|helped|came|comes|who\b|does|did|has\s+lived))",
    re.I,
)
# Heads of place names: the capitalised words before them are a street or a building.
_PLACE_HEAD = re.compile(
    rf"(?:{STREET_TYPE}|estate|centre|center|school|primary|academy|college|church|chapel|"
    r"mosque|masjid|temple|gurdwara|mandir|hall|library|surgery|practice|hospital|market|club|"
    r"stadium|pool|baths|station|pub|arms|inn|tavern|store|stores|shop|cafe|community)",
    re.I,
)
_SENT_END = re.compile(r"(?:^|[.!?:;\n\"“(•*]|\s-|^\s*-)\s*$")

def _case_mode(text: str) -> str:
    """'mixed' when capitals carry information; 'upper'/'lower' when staff typed in one case."""
    letters = [c for c in PLACEHOLDER.sub("", text) if c.isalpha()]
    if len(letters) < 6:
        return "mixed"
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.6:
        return "upper"
    # "i" on its own and the odd capital do not make a note mixed-case.
    caps_words = [w for w in _WORD.findall(text) if w[0].isupper() and w != "I"]
    if not caps_words:
        return "lower"
    return "mixed"


def find_names(text: str, out: list) -> None:
    first, ambiguous = first_names()
    surname_set = surnames()
    keep, keep_max = keep_phrases()
    english_words = english()
    proper = proper_nouns()
    mode = _case_mode(text)

    toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    n = len(toks)
    norms = []
    for _s, _e, w in toks:
        low = w.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        norms.append(low.strip("'-"))

    # Tokens inside a kept place/organisation phrase (longest match first) are never names.
    protected = [False] * n
    i = 0
    while i < n:
        for size in range(min(keep_max, n - i), 0, -1):
            phrase = tuple(norms[i : i + size])
            raw = tuple(t[2].lower() for t in toks[i : i + size])
            if phrase in keep or raw in keep:
                for j in range(i, i + size):
                    protected[j] = True
                i += size - 1
                break
        i += 1
    # Capitalised words before "Road", "Court", "Centre"... name a place, as do words after "St".
    for k in range(1, n):
        if _PLACE_HEAD.fullmatch(norms[k]):
            j = k - 1
            while j >= 0 and k - j <= 3 and (toks[j][2][0].isupper() or mode != "mixed"):
                if norms[j] in _STOP or norms[j].rstrip(".") in _TITLES or toks[j][2].endswith(("'s", "’s")):
                    break
                if text[toks[j][1] : toks[j + 1][0]].strip():
                    break
                protected[j] = True
                j -= 1
        if norms[k - 1] in ("st", "saint") and toks[k][2][0].isupper():
            protected[k] = True

    def sent_start(k: int) -> bool:
        s = toks[k][0]
        return bool(_SENT_END.search(text[max(0, s - 4) : s]))

    def capitalised(k: int) -> bool:
        w = toks[k][2]
        # "HMOs", "GP": acronyms are not names
        return mode == "mixed" and w[0].isupper() and not re.match(r"[A-Z]{2}", w)

    def title_before(k: int) -> bool:
        if k == 0 or toks[k][0] - toks[k - 1][1] > 2:
            return False
        prev = norms[k - 1].rstrip(".")
        if prev in _TITLES:
            return True
        if prev in _SOFT_TITLES:
            low = norms[k]
            if mode == "mixed":
                return toks[k][2][0].isupper() and low not in english_words or low in first or low in surname_set
            return low in first or low in surname_set or low not in english_words
        return False

    def after(k: int) -> str:
        return text[toks[k][1] : toks[k][1] + 40]

    def before(k: int) -> str:
        return text[max(0, toks[k][0] - 40) : toks[k][0]]

    is_name = [False] * n
    for k in range(n):
        low = norms[k]
        if not low or len(low) < 2 or low in _STOP or low.rstrip(".") in _TITLES:
            continue
        # A title makes the next word a name even if it is a place or an ordinary word.
        if title_before(k):
            is_name[k] = True
            continue
        if protected[k]:
            continue
        cap = capitalised(k)
        start = sent_start(k)
        if low in first:
            # Rose, Joy, Bill, May: only with a capital mid-sentence or a context word.
            signalled = (cap or mode != "mixed") and (
                bool(_STRONG_CUE.search(before(k))) or bool(_CUE_AFTER.match(after(k)))
            )
            is_name[k] = low not in ambiguous or (cap and not start and low not in _MONTHS_DAYS) or signalled
            continue
        if low in _MONTHS_DAYS or low[:-1] in _MONTHS_DAYS:  # "Sundays"
            continue
        unknown = low not in english_words
        propn = unknown or low in proper
        # A proper noun capitalised mid-sentence, or at the start with "said", "from"... after it;
        # a word unknown to the lexicon capitalised at the start of a sentence is a name too.
        by_case = cap and propn and (not start or unknown or bool(_CUE_AFTER.match(after(k))))
        # "thanks to Jasmine", "with Grace": an English word capitalised mid-sentence after a cue.
        by_case = by_case or (cap and not start and bool(_CUE_BEFORE.search(before(k))))
        by_cue = (propn or low in surname_set) and (cap or mode != "mixed") and bool(_STRONG_CUE.search(before(k)))
        is_name[k] = by_case or by_cue

    def joined(k: int) -> bool:  # k and k+1 are separated by a single space or nothing
        return toks[k + 1][0] - toks[k][1] <= 1 and not toks[k][2].endswith(("'s", "’s"))

    # Grow names over following surname-like tokens ("Priya Sharma", "mrs khan", "DAVID HOLMES").
    for k in range(n - 1):
        if is_name[k] and not is_name[k + 1] and joined(k):
            nxt = k + 1
            low = norms[nxt]
            if not low or low in _STOP or protected[nxt] or low.rstrip(".") in _TITLES:
                continue
            by_case = capitalised(nxt) and low not in _MONTHS_DAYS and not _PLACE_HEAD.fullmatch(low)
            # One-case notes: HOLMES, khan, sharma -- a surname, proper noun or unknown word.
            by_word = mode != "mixed" and (low in surname_set or low in proper or low not in english_words)
            is_name[nxt] = by_case or by_word
    # ...and backwards over a capitalised first name or unknown word ("Mark Okafor", "Ngozi Eze").
    for k in range(n - 2, -1, -1):
        if (
            is_name[k + 1]
            and not is_name[k]
            and joined(k)
            and not protected[k]
            and (norms[k] in first or (capitalised(k) and norms[k] not in english_words))
            and (capitalised(k) or mode != "mixed")
            and norms[k] not in _STOP
            and norms[k].rstrip(".") not in _TITLES | _SOFT_TITLES
            and norms[k] not in _MONTHS_DAYS
        ):
            is_name[k] = True

    # "Rose and Bill": a first name joined to a found name is a name too.
    for k in range(n - 2):
        if norms[k + 1] in ("and", "&") and (is_name[k] != is_name[k + 2]):
            other = k if not is_name[k] else k + 2
            if norms[other] in first and (capitalised(other) or mode != "mixed") and not protected[other]:
                is_name[other] = True

    k = 0
    while k < n:
        if not is_name[k]:
            k += 1
            continue
        j = k
        while j + 1 < n and is_name[j + 1] and joined(j):
            j += 1
        s, e = toks[k][0], toks[j][1]
        word = text[s:e]
        for suffix in ("'s", "’s", "'", "’"):
            if word.endswith(suffix):
                e -= len(suffix)
                break
        out.append((s, e, "NAME"))
        k = j + 1

    nlp = spacy_pipeline()
    if nlp is not None:
        for ent in nlp(text).ents:
            if ent.label_ == "PERSON":
                words = tuple(w.lower() for w in _WORD.findall(ent.text))
                if words and words not in keep and not all(w in _STOP for w in words):
                    out.append((ent.start_char, ent.end_char, "NAME"))


