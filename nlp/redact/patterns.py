"""Structured personal details: emails, postcodes, NHS and NI numbers, dates of birth,
addresses and phone numbers. Each finder appends (start, end, kind) candidates to `out`."""

from __future__ import annotations

import re

from nlp.redact.spans import words

# ---------------------------------------------------------------- email

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# ---------------------------------------------------------------- postcodes

# Postcode areas in use, so "at6 6pm"-like strings are not taken for postcodes.
_AREAS = words(
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
# Polish month names in the genitive ("3 marca 1975") and nominative.
_MONTH_PL = (
    r"(?:stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|"
    r"grudnia|styczeń|luty|marzec|kwiecień|maj|czerwiec|lipiec|sierpień|wrzesień|październik|"
    r"listopad|grudzień)"
)
_DATE_FULL = (
    rf"(?:\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?(?:\d{{4}}|\d{{2}})"
    rf"|{_YEAR}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}"  # ISO 1961-04-02
    rf"|{_ORD}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+{_ORD},?\s+{_YEAR}"
    rf"|\d{{1,2}}\.?\s+{_MONTH_PL}\s+{_YEAR}(?:\s?r\.)?"
    rf"|{_MONTH},?\s+{_YEAR})"
)
# English, Polish (ur. = urodzony/a, data urodzenia, urodził/a się) and Urdu (تاریخ پیدائش
# date of birth, پیدائش birth) cues.
_DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|born|b\.?day|birthday|"
    r"ur\.|urodzon[ya]|urodził[a]?\s+się|data\s+urodzenia|d\.\s?ur\.|"
    r"تاریخ\s+پیدائش|تاریخ\s+ولادت|پیدائش)"
)
# Cue, a few linking words, then a date. A year alone counts only after "born (in)" and the
# Polish and Urdu cues. The cue may end in a full stop ("d.o.b."), so no \b after it.
_DOB = re.compile(
    rf"(?<!\w){_DOB_CUE}(?!\w)(?:\s+in\s+[A-Z][a-z]+(?=\s+in\s))?"
    rf"(?:\s*(?:is|was|on|in|the|:|-|–|=|,|się|dnia|w|ہے|،)\s*|\s+){{0,3}}"
    rf"((?:{_DATE_FULL})|(?<=\bin )(?:{_YEAR})|(?<=born )(?:{_YEAR})|(?<=ur\. )(?:{_YEAR})|"
    rf"(?<=پیدائش )(?:{_YEAR})|(?<=پیدائش، )(?:{_YEAR}))(?![\d/])",
    re.I,
)
# A full date written straight after or before a name ("Doris Pike 14/02/1939, lives alone"):
# with no other reason to be there, it is the person's date of birth.
DATE_ANY = re.compile(rf"(?<![\w/.])(?:{_DATE_FULL})(?![\w/])", re.I)
_NAME_GAP = re.compile(r"^[\s,(\-–]{0,3}$")

# ---------------------------------------------------------------- addresses

STREET_TYPE = (
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
_STREET_NAME = rf"{_STREET_WORD}(?:\s+{_STREET_WORD}){{0,2}}\s+{STREET_TYPE}(?![A-Za-z])"
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
# Polish: "z numeru 15", "spod numeru 8", "mieszkanie 4" (a flat).
_HOUSE_NUMBER_PL = re.compile(
    r"\b(?:z|spod|pod|przy|od)\s+((?:numeru|numerze|nr\.?)\s*\d{1,4}[a-z]?|mieszkani[ae]\s*(?:nr\.?\s*)?\d{1,4}[a-z]?)(?![\d\w])"
    r"|\b(mieszkani[ae]|mieszkaniu)\s+(?:nr\.?\s*)?(\d{1,4}[a-z]?)(?![\d\w])",
    re.I,
)
_STREET_ANY = re.compile(rf"(?<![\w'])(?:{_STREET_NAME})", re.I)
# A street with no number counts as an address only when it is where someone lives.
ADDRESS_CUE = re.compile(
    rf"\b(?:lives?|living|lived|moved|moving|stays?|staying|resides?|address(?:\s+is)?|"
    rf"house\s+(?:is\s+)?on|home\s+(?:is\s+)?on)\s+(?:(?:on|at|in|to|down|up|off|near)\s+)?(?:the\s+)?"
    rf"({_STREET_NAME})",
    re.I,
)

# ---------------------------------------------------------------- detectors


def find_emails(text: str, out: list) -> None:
    for m in EMAIL.finditer(text):
        out.append((m.start(), m.end(), "EMAIL"))


def find_postcodes(text: str, out: list) -> None:
    for m in _POSTCODE.finditer(text):
        out.append((m.start(), m.end(), "POSTCODE"))
    for m in _POSTCODE_OUTWARD_CTX.finditer(text):
        out.append((m.start(1), m.end(1), "POSTCODE"))


def find_ni(text: str, out: list) -> None:
    for m in _NI.finditer(text):
        if m.group(1).upper() in _NI_BAD_PREFIX:
            continue
        # Without the final letter it is only an NI number when introduced as one.
        if m.group(5) is None and not _NI_CTX.search(text, 0, m.start()):
            continue
        out.append((m.start(), m.end(), "NI_NUMBER"))


def find_nhs(text: str, out: list) -> None:
    for m in _TEN_DIGITS.finditer(text):
        digits = "".join(m.groups())
        context = _NHS_CTX.search(text[max(0, m.start() - 40) : m.start()])
        # A leading 0 is a UK phone number unless staff said it is the NHS number.
        if context or (digits[0] != "0" and _nhs_checksum_ok(digits)):
            out.append((m.start(), m.end(), "NHS_NUMBER"))


_PHONE_CTX = re.compile(r"\b(?:tel|telephone|phone|mob|mobile|ring|call|text|whatsapp|number|no)\b\W*$", re.I)


def find_phones(text: str, out: list) -> None:
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


def find_dobs(text: str, out: list) -> None:
    for m in _DOB.finditer(text):
        out.append((m.start(1), m.end(1), "DOB"))


# A house number straight after a name: "Rahim no. 8 says", "Joan, number 14, ...".
_NUMBER_AFTER_NAME = re.compile(r"[\s,]{1,2}((?:no\.?|number|num|#)\s*\d{1,4}[a-z]?)(?![\w/:.]\d|\d)", re.I)


def find_house_numbers_beside_names(text: str, out: list) -> None:
    for _s, e, kind in list(out):
        if kind == "NAME":
            m = _NUMBER_AFTER_NAME.match(text, e)
            if m:
                out.append((m.start(1), m.end(1), "ADDRESS"))


def find_dates_beside_names(text: str, out: list) -> None:
    """A full date next to a found name, with nothing else found there, is a date of birth."""
    names = [(s, e) for s, e, kind in out if kind == "NAME"]
    if not names:
        return
    taken = [(s, e) for s, e, kind in out if kind != "NAME"]
    for m in DATE_ANY.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        for s, e in names:
            if (e <= m.start() and _NAME_GAP.match(text[e : m.start()])) or (
                m.end() <= s and _NAME_GAP.match(text[m.end() : s])
            ):
                out.append((m.start(), m.end(), "DOB"))
                break


def find_addresses(text: str, out: list) -> None:
    for rx in (_ADDRESS_NUM, _ADDRESS_FLAT):
        for m in rx.finditer(text):
            out.append((m.start(), m.end(), "ADDRESS"))
    for m in ADDRESS_CUE.finditer(text):
        out.append((m.start(1), m.end(1), "ADDRESS"))
    houses = list(_HOUSE_NUMBER.finditer(text))
    for m in houses:
        out.append((m.start(1), m.end(1), "ADDRESS"))
    for m in _HOUSE_NUMBER_PL.finditer(text):
        start = m.start(1) if m.group(1) else m.start(2)
        out.append((start, m.end(), "ADDRESS"))
    if houses:
        for m in _STREET_ANY.finditer(text):
            if m.group()[0].isupper():
                out.append((m.start(), m.end(), "ADDRESS"))
