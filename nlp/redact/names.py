"""Names in Latin script: evidence from name lists, word frequency, context and keep-lists.

A capitalised word is not a name because it is capitalised. It is a name when it is a known
given or family name (the project's curated lists, then the US census given names), or a word
that is neither an ordinary word of the note's language (spaCy's English tables, wordfreq for
English and Polish) nor a kept place, organisation or festival, nor a place abroad; and a
context word ("my neighbour", "Mrs", "called", "ask for", "pani", "sąsiad") can make an
ordinary word a name ("my neighbour Joy"). Arabic-script names are found in nlp.redact.urdu.
"""

from __future__ import annotations

import functools
import re

from nlp.redact import polish
from nlp.redact.lexicon import (
    COMMON_ZIPF,
    english,
    extra_keep,
    first_names,
    given_names,
    keep_phrases,
    phrase_starts,
    proper_nouns,
    spacy_pipeline,
    surnames,
    world_places,
    zipf,
)
from nlp.redact.name_cues import (
    CONTRACTION_ENDS,
    CUE_AFTER,
    CUE_BEFORE,
    MONTHS_DAYS,
    PLACE_BEFORE,
    PLACE_HEAD,
    SENT_END,
    SOFT_TITLES,
    STOP,
    STRONG_CUE,
    TITLES,
    WEAK_AFTER,
    WORD,
)
from nlp.redact.patterns import EMAIL
from nlp.redact.spans import PLACEHOLDER
from nlp.redact.urdu import find_urdu_names

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ACRONYM = re.compile(r"[A-Z]{2}")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
# Places abroad are looked up as phrases of up to this many words ("Rio de Janeiro").
_PLACE_WORDS = 4
_DETERMINERS = frozenset(("the", "a", "an", "this", "that", "our", "their", "every"))


@functools.lru_cache(maxsize=65536)
def _place_head(word: str) -> bool:
    """ "Road", "Park", "Beck"...: words repeat from note to note, so each is matched once."""
    return bool(PLACE_HEAD.fullmatch(word))


def _contraction(low: str) -> bool:
    """Shaped like a misspelt contraction: "wudnt", "cudnt", "shudnt"."""
    return len(low) >= 5 and low.endswith(CONTRACTION_ENDS)


def _case_mode(text: str) -> str:
    """'mixed' when capitals carry information; 'upper'/'lower'/'title' when staff typed in one case."""
    plain = PLACEHOLDER.sub("", text)
    upper = len(_UPPER.findall(plain))
    letters = upper + len(_LOWER.findall(plain))
    if letters < 6:
        return "mixed"
    if upper / letters > 0.6:
        return "upper"
    # "i" on its own and the odd capital do not make a note mixed-case.
    all_words = WORD.findall(plain)
    caps_words = [w for w in all_words if w[0].isupper() and w != "I"]
    if not caps_words:
        return "lower"
    # Phones that capitalise Every Word ("Dad Says The Bins Are Late"): capitals say nothing.
    if len(all_words) >= 4 and len(caps_words) >= 0.9 * len(all_words):
        return "title"
    return "mixed"


def _phrase_marks(norms: list[str], raws: list[str], phrases: frozenset, longest: int) -> list[bool]:
    """Tokens inside a listed phrase (longest match first)."""
    n = len(norms)
    marks = [False] * n
    starts = phrase_starts(phrases)
    i = 0
    while i < n:
        if norms[i] not in starts and raws[i] not in starts:
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            if tuple(norms[i : i + size]) in phrases or tuple(raws[i : i + size]) in phrases:
                for j in range(i, i + size):
                    marks[j] = True
                i += size - 1
                break
        i += 1
    return marks


def find_names(text: str, out: list, lang: str = "en", keep_words: frozenset[str] = frozenset()) -> None:
    if _ARABIC.search(text):
        find_urdu_names(text, out)
    curated, _ = first_names()
    first, ambiguous = given_names()
    surname_set = surnames()
    keep, keep_max = extra_keep(keep_words) if keep_words else keep_phrases()
    places, _ = world_places()
    english_words = english()
    proper = proper_nouns()
    mode = _case_mode(text)
    is_polish = lang == "pl"
    foreign = lang != "en"  # Polish, Urdu notes' Latin words, Romanian, Somali...

    toks = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    n = len(toks)
    if not n:
        return
    norms = []
    for _s, _e, w in toks:
        low = w.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        norms.append(low.strip("'-"))
    raws = [t[2].lower() for t in toks]

    # Kept places/organisations are never names; places abroad are not names unless a title or
    # a strong context word says otherwise ("Mrs Florence" is a person, "from Kharkiv" is not).
    protected = _phrase_marks(norms, raws, keep, keep_max)
    # Words inside an email address belong to the email.
    for m in EMAIL.finditer(text) if "@" in text else ():
        for k in range(n):
            if toks[k][0] < m.end() and m.start() < toks[k][1]:
                protected[k] = True
    abroad = _phrase_marks(norms, raws, places, _PLACE_WORDS)
    # Letters joined by "&" are a thing, not a person: B&B, B&Bs, M&S, A&E, B&Q, AT&T.
    if "&" in text:
        for k in range(n - 1):
            if text[toks[k][1] : toks[k + 1][0]] == "&" and min(len(toks[k][2]), len(toks[k + 1][2])) == 1:
                protected[k] = protected[k + 1] = True
    # Capitalised words before "Road", "Court", "Centre", "Park", "Beck"... name a place, as do
    # words after "St" and "river". A given name before a head that is also a family name is a
    # person ("Sandra Hill said", "Dave Wood"), unless a determiner says a place ("the Sandra Hill").
    for k in range(1, n):
        if norms[k - 1] in PLACE_BEFORE and (toks[k][2][0].isupper() or mode != "mixed"):
            # "River Jones said" is a person named River: a known name after it needs "the" before
            # it ("the River Don") or a lower-case "river" in a mixed-case note.
            named = norms[k] in first or norms[k] in surname_set
            the = k > 1 and norms[k - 2] in _DETERMINERS
            lower_cue = mode == "mixed" and toks[k - 1][2][0].islower()
            if norms[k] not in STOP and (not named or the or lower_cue):
                protected[k] = True
        person = (
            norms[k] in surname_set
            and norms[k - 1] in first
            and (k < 2 or norms[k - 2] not in _DETERMINERS)
            and not text[toks[k - 1][1] : toks[k][0]].strip()
        )
        if _place_head(norms[k]) and not person:
            j = k - 1
            while j >= 0 and k - j <= 3 and (toks[j][2][0].isupper() or mode != "mixed"):
                if norms[j] in STOP or norms[j].rstrip(".") in TITLES or toks[j][2].endswith(("'s", "’s")):
                    break
                if text[toks[j][1] : toks[j + 1][0]].strip():
                    break
                protected[j] = True
                j -= 1
            # ...and the head itself belongs to the place ("Adel Beck": Beck is a singer's name too).
            protected[k] = protected[k] or j < k - 1
        if norms[k - 1] in ("st", "saint") and toks[k][2][0].isupper():
            protected[k] = True

    def ordinary(low: str) -> bool:
        """An ordinary word of the note's language (names are words to wordfreq too, so a
        word mostly written capitalised, like Nguyen or Khan, is not ordinary)."""
        if foreign:
            return zipf(low, lang) >= COMMON_ZIPF or low in english_words and zipf(low, "en") >= 4.0
        if low in english_words:
            return True
        parts = [p for p in low.split("-") if p]
        if len(parts) > 1:
            return all(p in english_words or zipf(p, "en") >= COMMON_ZIPF for p in parts)
        return zipf(low, "en") >= COMMON_ZIPF and low not in proper

    def compound(low: str) -> bool:
        """A hyphenated word whose parts are letters or ordinary words, none a known name."""
        parts = [p for p in low.split("-") if p]
        return len(parts) > 1 and all(
            (len(p) == 1 or p in english_words or zipf(p, "en") >= COMMON_ZIPF)
            and p not in first
            and p not in surname_set
            for p in parts
        )

    def sent_start(k: int) -> bool:
        s = toks[k][0]
        return bool(SENT_END.search(text[max(0, s - 4) : s]))

    def capitalised(k: int) -> bool:
        w = toks[k][2]
        # "HMOs", "GP": acronyms are not names
        return mode == "mixed" and w[0].isupper() and not _ACRONYM.match(w)

    def title_before(k: int) -> bool:
        if k == 0 or toks[k][0] - toks[k - 1][1] > 2:
            return False
        prev = norms[k - 1].rstrip(".")
        low = norms[k]
        if prev in TITLES:
            return True
        if prev in polish.TITLES:
            return toks[k][2][0].isupper() and not (zipf(low, "pl") >= 4.5 and low not in first)
        if prev in SOFT_TITLES:
            if mode == "mixed":
                return toks[k][2][0].isupper() and low not in english_words or low in first or low in surname_set
            return low in first or low in surname_set or low not in english_words
        return False

    def after(k: int) -> str:
        return text[toks[k][1] : toks[k][1] + 40]

    def before(k: int) -> str:
        return text[max(0, toks[k][0] - 40) : toks[k][0]]

    def polish_cue(k: int) -> bool:
        return k > 0 and norms[k - 1] in polish.CUES

    def foreign_name(k: int, low: str, cap: bool, start: bool) -> bool:
        """Outside English the English tables say nothing: a known (or, in Polish, inflected)
        name, a Polish family-name shape, or a context word is needed."""
        if not cap and mode == "mixed":
            return False
        if is_polish:
            direct, inflected = polish.known_name(low, curated | surname_set)
        else:
            direct, inflected = low in curated or low in surname_set, False
        if direct or low in first:
            if is_polish:
                return low not in ambiguous or not start or polish_cue(k)
            # Elsewhere a short name can be a word of the note's language (Punjabi "sade",
            # our): at the start of a sentence it needs a context word or a second name.
            joined_name = k + 1 < n and toks[k + 1][2][0].isupper() and norms[k + 1] in surname_set | first
            return (not start and low not in ambiguous) or bool(CUE_AFTER.match(after(k))) or joined_name
        if abroad[k]:
            return False
        if inflected:
            return not start or polish_cue(k)
        if ordinary(low):
            return False
        # Roman Urdu and Punjabi honorifics and "said" after a name: "Imran bhai", "Shazia ne kaha".
        if not abroad[k] and CUE_AFTER.match(after(k)):
            return True
        if not is_polish:
            return False
        return bool(polish.SURNAME_SHAPE.search(low)) and not start or polish_cue(k)

    is_name = [False] * n
    for k in range(n):
        low = norms[k]
        if not low or len(low) < 2 or low in STOP or low.rstrip(".") in TITLES or _contraction(low):
            continue
        # A title makes the next word a name even if it is a place or an ordinary word.
        if title_before(k):
            is_name[k] = True
            continue
        if protected[k] or low in polish.TITLES:
            continue
        # "the Abbey", "a Moroccan cafe": a determiner means a thing or a place, not a person.
        if k and norms[k - 1] in _DETERMINERS and toks[k][0] - toks[k - 1][1] <= 1:
            continue
        cap = capitalised(k)
        start = sent_start(k)
        if foreign:
            is_name[k] = foreign_name(k, low, cap, start)
            continue
        cue_after = bool(CUE_AFTER.match(after(k)))
        strong = bool(STRONG_CUE.search(before(k)))
        if low in curated or (low in first and (cap or mode != "mixed")):
            # Rose, Joy, Bill, May: only with a capital mid-sentence or a context word.
            # In a note typed in one case, "from", "at the", "comes"... after a word that is also a
            # name, mid-sentence with no cue before it, prove nothing ("walked miles from home",
            # "aloe vera from the market"); "rose from the allotments said", "thanks to will from
            # the council" keep their signal.
            if mode != "mixed" and cue_after and not start and WEAK_AFTER.match(after(k)):
                cue_after = bool(CUE_BEFORE.search(before(k)))
            signalled = (cap or mode != "mixed") and (strong or cue_after)
            is_name[k] = low not in ambiguous or (cap and not start and low not in MONTHS_DAYS) or signalled
            continue
        if low in MONTHS_DAYS or low[:-1] in MONTHS_DAYS:  # "Sundays"
            continue
        unknown = not ordinary(low)
        propn = (unknown or low in proper) and not abroad[k]
        # A proper noun capitalised mid-sentence, or at the start with "said", "from"... after it;
        # a word unknown to the lexicon capitalised at the start of a sentence is a name too.
        by_case = cap and propn and (not start or unknown or cue_after)
        # "thanks to Jasmine", "with Grace": an English word capitalised mid-sentence after a cue.
        # Not a hyphenated compound of words or letters ("with A-boards", "for E-scooters", "T-junction"):
        # a hyphenated name has a name in it ("Mary-Jane", "Smith-Jones").
        by_case = by_case or (
            cap and not start and not abroad[k] and not compound(low) and bool(CUE_BEFORE.search(before(k)))
        )
        by_cue = (propn or low in surname_set) and (cap or mode != "mixed") and strong
        is_name[k] = by_case or by_cue

    def joined(k: int) -> bool:  # k and k+1 are separated by a single space or nothing
        return toks[k + 1][0] - toks[k][1] <= 1 and not toks[k][2].endswith(("'s", "’s"))

    # A given name that is also a word, followed by a family name, is a full name
    # ("Precious Moyo", "Hope Mensah"): the pair is the signal the word alone lacked.
    for k in range(n - 1):
        nxt = k + 1
        if (
            not is_name[k]
            and norms[k] in ambiguous
            and capitalised(k)
            and joined(k)
            and capitalised(nxt)
            and not protected[k]
            and not protected[nxt]
            and norms[nxt] not in STOP
            and not _place_head(norms[nxt])
            and (norms[nxt] in surname_set or not ordinary(norms[nxt]))
        ):
            is_name[k] = is_name[nxt] = True
    # A name written just before its owner's email ("Conor conor.byrne@...").
    for m in EMAIL.finditer(text) if "@" in text else ():
        local = m.group().split("@")[0].lower()
        for k in range(n):
            if toks[k][1] <= m.start() and m.start() - toks[k][1] <= 2 and len(norms[k]) >= 3 and norms[k] in local:
                is_name[k] = is_name[k] or not protected[k]
    # Grow names over following surname-like tokens ("Priya Sharma", "mrs khan", "DAVID HOLMES").
    for k in range(n - 1):
        if is_name[k] and not is_name[k + 1] and joined(k):
            nxt = k + 1
            low = norms[nxt]
            if not low or low in STOP or protected[nxt] or low.rstrip(".") in TITLES or _contraction(low):
                continue
            place_word = _place_head(low) and low not in surname_set  # "Sandra Hill" is a person
            by_case = capitalised(nxt) and low not in MONTHS_DAYS and not place_word
            if foreign and by_case and ordinary(low):
                by_case = any(polish.known_name(low, curated | surname_set))
            # One-case notes: HOLMES, khan, sharma -- a surname, proper noun or unknown word.
            by_word = mode != "mixed" and (low in surname_set or low in proper or low not in english_words)
            is_name[nxt] = by_case or by_word
    # ...and backwards over a capitalised first name or unknown word ("Mark Okafor", "Thu Trang").
    for k in range(n - 2, -1, -1):
        if (
            is_name[k + 1]
            and not is_name[k]
            and joined(k)
            and not protected[k]
            and (norms[k] in first or (capitalised(k) and not ordinary(norms[k]) and not abroad[k]))
            and (capitalised(k) or mode != "mixed")
            and norms[k] not in STOP
            and norms[k].rstrip(".") not in TITLES | SOFT_TITLES | polish.TITLES
            and (norms[k] not in MONTHS_DAYS or norms[k] in first)
        ):
            is_name[k] = True

    # "Rose and Bill", "dave n sue": a first name joined to a found name is a name too.
    for k in range(n - 2):
        if norms[k + 1] in ("and", "&", "i", "n") and (is_name[k] != is_name[k + 2]):
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
                ent_words = tuple(w.lower() for w in WORD.findall(ent.text))
                if ent_words and ent_words not in keep and not all(w in STOP for w in ent_words):
                    out.append((ent.start_char, ent.end_char, "NAME"))
