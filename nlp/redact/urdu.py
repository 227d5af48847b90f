"""Names written in Arabic script (Urdu notes): a known name, or any word with a context word.

Urdu has no capital letters, so evidence is the name list and the words around: a title before
(مسز Mrs, ڈاکٹر Dr), a relationship before (میرے پڑوسی my neighbour, میری بیٹی my daughter,
میرا نام my name), an honorific after (صاحب sahib, بھائی bhai, باجی baji) or a verb of saying or
contacting after (نے کہا said, سے رابطہ contact). Names that are also ordinary words (ثنا
praise, ملک country) count only with such a word. A word after حضرت (the honorific for
prophets and saints) is never a resident's name."""

from __future__ import annotations

import re

from nlp.redact.lexicon import keep_phrases, urdu_name_lists, world_places, zipf
from nlp.redact.spans import words

_TOKEN = re.compile(r"[\u0621-\u063A\u0641-\u065F\u0670-\u06D3\u06D5\u06FA-\u06FF\u0750-\u077F\u200c\u200d]+")
_TITLES = words("مسز مسٹر ڈاکٹر جناب محترمہ محترم حاجی مولانا پروفیسر میڈم آنٹی انکل")
_CUE_BEFORE = words(
    """پڑوسی پڑوسن ہمسایہ ہمسائی بیٹی بیٹے بیٹا شوہر بیوی بہن بھائی والد والدہ امی ابو دوست
    سہیلی کزن بھتیجا بھتیجی بھانجا بھانجی پوتا پوتی نواسہ نواسی دادی نانی دادا نانا ساس سسر نام"""
)
_CUE_AFTER = words("صاحب صاحبہ بھائی باجی آپا جی بیگم خانم")
# "X said", "contact X", "ring X": the particle and the verb after the name.
_VERB_AFTER = {
    ("نے", "کہا"),
    ("نے", "بتایا"),
    ("سے", "رابطہ"),
    ("سے", "بات"),
    ("کو", "فون"),
    ("کو", "لکھیں"),
    ("کو", "بتائیں"),
}
_SACRED = words("حضرت رسول نبی اللہ امام")
# Grammatical words that never follow a title as a name ("ڈاکٹر نے کہا": the doctor said).
_PARTICLES = words(
    "کے کی کا کو نے سے میں پر ہے ہیں تھا تھی تھے اور بھی تو یہ وہ جو کہ ایک ہم آپ میرا میری میرے ہمارا ہماری صاحب"
)


def find_urdu_names(text: str, out: list) -> None:
    names, ambiguous = urdu_name_lists()
    places, longest = world_places()
    keep, keep_longest = keep_phrases()
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    n = len(toks)
    if not n:
        return
    w = [t[2] for t in toks]
    protected = [False] * n
    for i in range(n):
        # Multi-word places (اسلام آباد) and kept figures and festivals (علامہ اقبال, عید الفطر).
        for size in range(min(max(longest, keep_longest), n - i), 1, -1):
            phrase = tuple(w[i : i + size])
            if phrase in places or phrase in keep:
                for j in range(i, i + size):
                    protected[j] = True
                break
        if i and w[i - 1] in _SACRED:
            protected[i] = True

    def plausible(k: int, ceiling: float) -> bool:
        word = w[k]
        return word not in _PARTICLES and (word in names or zipf(word, "ur") < ceiling)

    is_name = [False] * n
    for k in range(n):
        if protected[k] or w[k] in _PARTICLES:
            continue
        before = w[k - 1] if k else ""
        after = w[k + 1] if k + 1 < n else ""
        after2 = (after, w[k + 2]) if k + 2 < n else ("", "")
        is_name[k] = (
            (before in _TITLES and plausible(k, 5.0))
            or (before in _CUE_BEFORE and before != "نام" and plausible(k, 4.5))
            or (before == "نام" and (w[k] in names or zipf(w[k], "ur") < 4.0))
            or ((after in _CUE_AFTER or after2 in _VERB_AFTER) and plausible(k, 3.5))
            or (w[k] in names and w[k] not in ambiguous)
        )
    # A family name straight after a found name joins it: محمد اسلم، نسرین قریشی.
    for k in range(n - 1):
        if is_name[k] and not is_name[k + 1] and w[k + 1] in names and not protected[k + 1]:
            is_name[k + 1] = True
    k = 0
    while k < n:
        if not is_name[k]:
            k += 1
            continue
        j = k
        while j + 1 < n and is_name[j + 1] and toks[j + 1][0] - toks[j][1] <= 1:
            j += 1
        out.append((toks[k][0], toks[j][1], "NAME"))
        k = j + 1
