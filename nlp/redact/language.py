"""Which language a note is in, so the right word lists are asked (en, pl or ur).

Staff pick a language when they log a note in another language; when the caller does not pass
it, a light guess from the script and function words is good enough: Arabic-script letters mean
Urdu; Polish function words or lower-case words with Polish letters outnumbering English
function words mean Polish; a note of four or more words with no English function word and
mostly words English does not know is "other" (Romanian, Somali, Roman Punjabi...), where a
capitalised unknown word at the start of a sentence says nothing about names; anything else is
English (the rules' home ground)."""

from __future__ import annotations

import re

from nlp.redact.lexicon import english as english_words
from nlp.redact.spans import words

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_WORDS = re.compile(r"[^\W\d_]+")
_LETTERS = re.compile(r"[^\W\d_]")
_PL = words(
    """się nie jest są na że do od przy dla oraz bardzo mam mamy ma mój moja moje nasz nasza
    jak już tylko proszę czy może który która które ze we po za ale także też albo lub gdzie
    kiedy jego jej ich nam nas mi mnie go jej było była był będzie tak nic nikt bo żeby w z"""
)
_EN = words(
    """the and is are to of in for with on at was were it this that have has not from my our
    they she he we you but there their be been will would can"""
)
_PL_LETTERS = frozenset("ąćęłńóśźż")
LANGUAGES = ("en", "pl", "ur", "other")


def detect_language(text: str) -> str:
    if not text.isascii():
        arabic = len(_ARABIC.findall(text))
        if arabic and arabic / max(1, len(_LETTERS.findall(text))) > 0.3:
            return "ur"
    words = _WORDS.findall(text)
    pl = en = 0
    for w in words:
        low = w.lower()
        if low in _PL:
            pl += 1
        elif low in _EN:
            en += 1
        elif w.islower() and not _PL_LETTERS.isdisjoint(w):
            pl += 1
    if pl > en and (pl >= 2 or en == 0):
        return "pl"
    if en == 0 and len(words) >= 4:
        known = english_words()
        if known and sum(w.lower() in known for w in words) * 2 < len(words):
            return "other"
    return "en"
