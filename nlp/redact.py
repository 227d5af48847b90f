"""Find and redact personal details in free-text notes.

    find_pii(text) -> list[Span]   # non-overlapping, sorted by start
    redact(text) -> str            # each span replaced by "[KIND]"

Rules first (regexes, phonenumbers, context words, name lists, the English lookup
tables from spacy-lookups-data). If SPACY_MODEL names an installed trained pipeline,
its PERSON entities are added to the rule-based names. Everything heavy is loaded
lazily and once; importing this module is cheap. See docs/redaction.md for figures
and known gaps.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

KINDS = ("NAME", "PHONE", "EMAIL", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "ADDRESS", "DOB")

# Lower wins when two candidates overlap: structured identifiers are more certain than names.
_PRIORITY = {
    "EMAIL": 0,
    "NHS_NUMBER": 1,
    "NI_NUMBER": 1,
    "POSTCODE": 2,
    "PHONE": 3,
    "DOB": 4,
    "ADDRESS": 5,
    "NAME": 6,
}

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    text: str


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# ---------------------------------------------------------------- placeholders

_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r")\]")

# ---------------------------------------------------------------- email

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# ---------------------------------------------------------------- postcodes

# Postcode areas in use, so "at6 6pm"-like strings are not taken for postcodes.
_AREAS = _words(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE "
    "LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL "
    "SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
_AREA_RE = "(?:" + "|".join(sorted(_AREAS, key=len, reverse=True)) + ")"
_OUTWARD = _AREA_RE + r"[0-9](?:[0-9]|[A-Z])?"
_POSTCODE = re.compile(rf"(?<![A-Za-z0-9])({_OUTWARD}) ?([0-9][A-Z]{{2}})(?![A-Za-z0-9])", re.I)
# An outward code alone ("LS8") is a district, not personal, unless it is given as a postcode.
_POSTCODE_OUTWARD_CTX = re.compile(rf"\b(?:post\s?code|p/?code)\s*(?:is|was|:|-)?\s*({_OUTWARD})(?![A-Za-z0-9])", re.I)

# ---------------------------------------------------------------- NHS numbers

_TEN_DIGITS = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_NHS_CTX = re.compile(r"\bnhs\b[^\d\n]{0,25}$", re.I)


def _nhs_checksum_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# ---------------------------------------------------------------- NI numbers

# HMRC rules: first letter not D F I Q U V, second not D F I O Q U V; some prefixes never issued.
_NI = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])?(?![A-Za-z0-9])",
    re.I,
)
_NI_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NI_CTX = re.compile(r"\b(?:ni|nino|n\.i\.|national insurance)\b[^\n]{0,25}$", re.I)

# ---------------------------------------------------------------- dates of birth

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE_FULL = (
    rf"(?:\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?(?:\d{{4}}|\d{{2}})"
    rf"|{_ORD}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+{_ORD},?\s+{_YEAR}"
    rf"|{_MONTH},?\s+{_YEAR})"
)
_DOB_CUE = r"(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s?date|born|b\.?day|birthday)"
# Cue, a few linking words, then a date. A year alone counts only after "born (in)".
_DOB = re.compile(
    rf"\b{_DOB_CUE}\b(?:\s+in\s+[A-Z][a-z]+(?=\s+in\s))?(?:\s*(?:is|was|on|in|the|:|-|=|,)\s*|\s+){{0,3}}((?:{_DATE_FULL})|(?<=\bin )(?:{_YEAR})|(?<=born )(?:{_YEAR}))(?![\d/])",
    re.I,
)

# ---------------------------------------------------------------- addresses

_STREET_TYPE = (
    r"(?:street|st|road|rd|lane|ln|avenue|ave|terrace|terr|ter|crescent|cres|close|cl|drive|dr|"
    r"grove|gr|gardens|gdns|garth|place|pl|way|walk|view|mount|mt|court|ct|square|sq|row|rise|"
    r"mews|parade|vale|fold|approach|croft|wharf|yard|gate|heights|house|towers?|point|"
    r"hill|green|park|side|bank|lea|boulevard|circus|chase|glade|hollow|dene|crest)\.?"
)
# Words that cannot be part of a street name: stops "3 kids on the road" being an address.
_ADDR_STOP = (
    r"(?:the|a|an|and|or|of|to|on|in|at|for|with|by|from|my|his|her|their|our|your|its|is|was|"
    r"are|were|be|been|has|have|had|it|this|that|these|those|no|not|number|who|which|we|they|she|"
    r"he|i|you|me|us|them|minutes?|mins?|hours?|hrs?|years?|yrs?|days?|weeks?|months?|times?|"
    r"kids|children|people|buses|bus|houses|doors|pounds|quid|pence|percent|am|pm|more|less|"
    r"very|so|too|just|only|about|over|under|up|down|out|off|then|than|when|while|after|before|"
    r"every|each|all|some|any|new|old|big|small|lots?|car|cars|steps|stops?|mile|miles|metres?|"
    r"floors?|flats?|blocks?|storeys?|bedrooms?|bed|beds|family|families|streets|roads|same|whole|next|"
    r"other|main|local|busy|quiet|top|bottom|end|side)"
)
_STREET_WORD = rf"(?!{_ADDR_STOP}\b)[A-Za-z][A-Za-z'\-]*"
_STREET_NAME = rf"{_STREET_WORD}(?:\s+{_STREET_WORD}){{0,2}}\s+{_STREET_TYPE}(?![A-Za-z])"
_FLAT = r"(?:flat|apt|apartment|unit)\s*\d+[a-z]?"
_ADDRESS_NUM = re.compile(
    rf"(?<![\w£$.,])(?:{_FLAT}\s*,?\s*)?(?:(?:no\.?|number|num|#)\s*)?\d{{1,4}}[a-z]?\s*,?\s*"
    rf"(?:(?:on|in|at)\s+)?(?:the\s+)?{_STREET_NAME}",
    re.I,
)
# A flat in a named block with no street number: "flat 12 Lovell Park Towers".
_ADDRESS_FLAT = re.compile(rf"\b{_FLAT}\s*,?\s*(?:{_STREET_NAME})?", re.I)
# A house given only by its number ("Leroy from number 40") is an address; it also makes any
# street named in the same note part of the address.
_HOUSE_NUMBER = re.compile(
    r"\b(?:at|from|in|lives\s+at|live\s+at|to)\s+((?:no\.?|number|num|#)\s*\d{1,4}[a-z]?)(?![\w/:.]\d)",
    re.I,
)
_STREET_ANY = re.compile(rf"(?<![\w'])(?:{_STREET_NAME})", re.I)
# A street with no number counts as an address only when it is where someone lives.
_ADDRESS_CUE = re.compile(
    rf"\b(?:lives?|living|lived|moved|moving|stays?|staying|resides?|address(?:\s+is)?|"
    rf"house\s+(?:is\s+)?on|home\s+(?:is\s+)?on)\s+(?:(?:on|at|in|to|down|up|off|near)\s+)?(?:the\s+)?"
    rf"({_STREET_NAME})",
    re.I,
)

# ---------------------------------------------------------------- names

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’\-]*")

_TITLES = _words("mr mrs ms miss mx dr cllr councillor fr rev reverend revd prof")
# Also ordinary words ("my sister went"): only a title when the next word looks like a name.
_SOFT_TITLES = _words("sister father aunty auntie uncle imam pastor professor sir dame lady lord nurse")
# Ordinary words that are never names on their own, even when capitalised mid-sentence.
_STOP = _words(
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
_MONTHS_DAYS = _words(
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
    rf"(?:{_STREET_TYPE}|estate|centre|center|school|primary|academy|college|church|chapel|"
    r"mosque|masjid|temple|gurdwara|mandir|hall|library|surgery|practice|hospital|market|club|"
    r"stadium|pool|baths|station|pub|arms|inn|tavern|store|stores|shop|cafe|community)",
    re.I,
)
_SENT_END = re.compile(r"(?:^|[.!?:;\n\"“(•*]|\s-|^\s*-)\s*$")


def _read_list(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return (all entries, entries marked ' *' as also being ordinary words)."""
    words, ambiguous = set(), set()
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith(" *"):
            line = line[:-2].strip()
            ambiguous.add(line)
        words.add(line)
    return frozenset(words), frozenset(ambiguous)


@functools.cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    return _read_list("redaction_first_names.txt")


@functools.cache
def _surnames() -> frozenset[str]:
    return _read_list("redaction_surnames.txt")[0]


@functools.cache
def _keep() -> tuple[frozenset[tuple[str, ...]], int]:
    """Place/organisation phrases (as word tuples) that are never names, and the longest length."""
    phrases = {tuple(p.split()) for p in _read_list("redaction_keep.txt")[0]}
    return frozenset(phrases), max(len(p) for p in phrases)


@functools.cache
def _english() -> frozenset[str]:
    """Lowercased English words from spacy-lookups-data (lemma tables). Empty if not installed.

    The tables come from WordNet, so they also hold famous names (john, khan): a word being
    English is evidence against a name, never proof; the name lists override it.
    """
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - the dependency is pinned; degrade, don't crash
        return frozenset()
    base = Path(spacy_lookups_data.__file__).parent / "data"
    words: set[str] = set()
    with gzip.open(base / "en_lemma_lookup.json.gz", "rt", encoding="utf-8") as fh:
        lookup = json.load(fh)
    words.update(lookup)
    words.update(lookup.values())
    for table in ("en_lemma_index.json.gz", "en_lemma_exc.json.gz"):
        with gzip.open(base / table, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        for pos in data.values():
            words.update(pos)
    return frozenset(w.lower() for w in words)


@functools.cache
def _proper() -> frozenset[str]:
    """Lowercased words seen more often Capitalised than not in spacy-lookups-data's lexeme
    probabilities (web text): holmes, burton, khan, but not wants, brown, rose. Loaded once
    (about 1.5 s); only the derived set is kept."""
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover
        return frozenset()
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        prob = json.load(fh)
    out = set()
    for word, p in prob.items():
        if word[:1].isupper() and word[1:].islower() and word.isalpha():
            low = prob.get(word.lower())
            # log probabilities: capitalised at least e times more frequent than lowercase
            if low is None or p - low >= 1.0:
                out.add(word.lower())
    return frozenset(out)


@functools.cache
def _spacy_nlp():
    """A trained pipeline named by SPACY_MODEL, or None. Never required."""
    name = os.environ.get("SPACY_MODEL", "").strip()
    if not name:
        return None
    try:
        import spacy

        return spacy.load(name, disable=["parser", "lemmatizer", "textcat"])
    except (ImportError, OSError, ValueError):
        return None


# ---------------------------------------------------------------- detectors


def _find_emails(text: str, out: list) -> None:
    for m in _EMAIL.finditer(text):
        out.append((m.start(), m.end(), "EMAIL"))


def _find_postcodes(text: str, out: list) -> None:
    for m in _POSTCODE.finditer(text):
        out.append((m.start(), m.end(), "POSTCODE"))
    for m in _POSTCODE_OUTWARD_CTX.finditer(text):
        out.append((m.start(1), m.end(1), "POSTCODE"))


def _find_ni(text: str, out: list) -> None:
    for m in _NI.finditer(text):
        if m.group(1).upper() in _NI_BAD_PREFIX:
            continue
        # Without the final letter it is only an NI number when introduced as one.
        if m.group(5) is None and not _NI_CTX.search(text, 0, m.start()):
            continue
        out.append((m.start(), m.end(), "NI_NUMBER"))


def _find_nhs(text: str, out: list) -> None:
    for m in _TEN_DIGITS.finditer(text):
        digits = "".join(m.groups())
        context = _NHS_CTX.search(text[max(0, m.start() - 40) : m.start()])
        # A leading 0 is a UK phone number unless staff said it is the NHS number.
        if context or (digits[0] != "0" and _nhs_checksum_ok(digits)):
            out.append((m.start(), m.end(), "NHS_NUMBER"))


_PHONE_CTX = re.compile(r"\b(?:tel|telephone|phone|mob|mobile|ring|call|text|whatsapp|number|no)\b\W*$", re.I)


def _find_phones(text: str, out: list) -> None:
    import phonenumbers

    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for m in matcher:
        raw = m.raw_string
        digits = sum(c.isdigit() for c in raw)
        number = m.number
        valid = phonenumbers.is_valid_number(number)
        # Valid numbers always; merely possible ones (Ofcom drama ranges, a digit short from a
        # typo) only when they look dialled: a leading 0 or +, and enough digits.
        dialled = raw.lstrip("(").startswith(("0", "+"))
        # Staff write UK numbers with a leading 0 or +44; a bare 10-digit string is more often
        # a reference number, so it needs a phone word before it.
        if (valid and (dialled or _PHONE_CTX.search(text, max(0, m.start - 30), m.start))) or (
            dialled and digits >= 10
        ):
            out.append((m.start, m.end, "PHONE"))


def _find_dobs(text: str, out: list) -> None:
    for m in _DOB.finditer(text):
        out.append((m.start(1), m.end(1), "DOB"))


def _find_addresses(text: str, out: list) -> None:
    for rx in (_ADDRESS_NUM, _ADDRESS_FLAT):
        for m in rx.finditer(text):
            out.append((m.start(), m.end(), "ADDRESS"))
    for m in _ADDRESS_CUE.finditer(text):
        out.append((m.start(1), m.end(1), "ADDRESS"))
    houses = list(_HOUSE_NUMBER.finditer(text))
    for m in houses:
        out.append((m.start(1), m.end(1), "ADDRESS"))
    if houses:
        for m in _STREET_ANY.finditer(text):
            if m.group()[0].isupper():
                out.append((m.start(), m.end(), "ADDRESS"))


def _case_mode(text: str) -> str:
    """'mixed' when capitals carry information; 'upper'/'lower' when staff typed in one case."""
    letters = [c for c in _PLACEHOLDER.sub("", text) if c.isalpha()]
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


def _find_names(text: str, out: list) -> None:
    first, ambiguous = _first_names()
    surnames = _surnames()
    keep, keep_max = _keep()
    english = _english()
    proper = _proper()
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
                return toks[k][2][0].isupper() and low not in english or low in first or low in surnames
            return low in first or low in surnames or low not in english
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
        unknown = low not in english
        propn = unknown or low in proper
        # A proper noun capitalised mid-sentence, or at the start with "said", "from"... after it;
        # a word unknown to the lexicon capitalised at the start of a sentence is a name too.
        by_case = cap and propn and (not start or unknown or bool(_CUE_AFTER.match(after(k))))
        # "thanks to Jasmine", "with Grace": an English word capitalised mid-sentence after a cue.
        by_case = by_case or (cap and not start and bool(_CUE_BEFORE.search(before(k))))
        by_cue = (propn or low in surnames) and (cap or mode != "mixed") and bool(_STRONG_CUE.search(before(k)))
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
            by_word = mode != "mixed" and (low in surnames or low in proper or low not in english)
            is_name[nxt] = by_case or by_word
    # ...and backwards over a capitalised first name or unknown word ("Mark Okafor", "Ngozi Eze").
    for k in range(n - 2, -1, -1):
        if (
            is_name[k + 1]
            and not is_name[k]
            and joined(k)
            and not protected[k]
            and (norms[k] in first or (capitalised(k) and norms[k] not in english))
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

    nlp = _spacy_nlp()
    if nlp is not None:
        for ent in nlp(text).ents:
            if ent.label_ == "PERSON":
                words = tuple(w.lower() for w in _WORD.findall(ent.text))
                if words and words not in keep and not all(w in _STOP for w in words):
                    out.append((ent.start_char, ent.end_char, "NAME"))


_HAS_DIGIT_RUN = re.compile(r"\d(?:[\s\-().]*\d){6}")


def find_pii(text: str) -> list[Span]:
    """Personal details in `text`, as non-overlapping spans sorted by start."""
    if not text or not text.strip():
        return []
    cands: list[tuple[int, int, str]] = []
    if "@" in text:
        _find_emails(text, cands)
    has_digits = any(c.isdigit() for c in text)
    if has_digits:
        _find_postcodes(text, cands)
        _find_ni(text, cands)
        _find_dobs(text, cands)
        _find_addresses(text, cands)
        if _HAS_DIGIT_RUN.search(text):
            _find_nhs(text, cands)
            _find_phones(text, cands)
    else:
        for m in _ADDRESS_CUE.finditer(text):
            cands.append((m.start(1), m.end(1), "ADDRESS"))
    _find_names(text, cands)

    blocked = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    cands.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = list(blocked)
    chosen: list[Span] = []
    for s, e, kind in cands:
        # Trim stray spaces and punctuation the regexes may have swallowed at the edges.
        while s < e and text[s] in " \t,.;:":
            s += 1
        while e > s and text[e - 1] in " \t,;:":
            e -= 1
        if e <= s or any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(Span(s, e, kind, text[s:e]))
    chosen.sort(key=lambda sp: sp.start)
    return chosen


def _redact_once(text: str) -> str:
    parts, pos = [], 0
    for sp in find_pii(text):
        parts.append(text[pos : sp.start])
        parts.append(f"[{sp.kind}]")
        pos = sp.end
    parts.append(text[pos:])
    return "".join(parts)


def redact(text: str) -> str:
    """`text` with every personal detail replaced by "[KIND]"."""
    if not text:
        return text
    # Replacing a span can change its neighbours' context; repeat until nothing changes so
    # redact(redact(x)) == redact(x) holds. Almost every note settles after one pass.
    out = _redact_once(text)
    for _ in range(3):
        again = _redact_once(out)
        if again == out:
            break
        out = again
    return out


__all__ = ["KINDS", "Span", "find_pii", "redact"]
