"""Notes in no theme are shown honestly, never dropped (issue 12): "not yet grouped" notes and notes
said in another language with no English ("needs a translation", never themed) are counted and
listed on the run page, tagged on their session, counted in briefings through the disclosure
rules; a translated note is quoted in its own words with the English."""

from datetime import date, time

import pytest
from sqlalchemy import select

from listening.domain import Consent, NoteKind, OrgKind, Role, RunStatus, SessionFormat
from listening.extensions import db
from listening.models import Note, NoteTheme
from listening.services import capture, disclosure, themes
from listening.services.briefings import publishing as briefings
from tests import factories

POLISH = [  # what residents said, with nobody's English yet
    "Autobusy do szpitala zawsze się spóźniają",
    "Park jest brudny, a huśtawki są zepsute",
    "Nie ma miejsca w przychodni dla mojej mamy",
    "Chodniki są dziurawe i niebezpieczne",
    "Brakuje zajęć dla młodzieży wieczorem",
]


def _session(staff, ward, notes, held_on=date(2026, 3, 4)):
    data = capture.SessionInput(ward_id=ward.id, held_on=held_on, venue="Community hall", format=SessionFormat.DROP_IN,
                                participants=len(notes), languages=["pl", "en"])
    return capture.create_session(staff, data, notes)[0]


def _polish(texts, consent=Consent.QUOTE):
    return [capture.NoteInput(NoteKind.CHANGE, t, consent, "pl") for t in texts]


@pytest.fixture
def world(app_ctx):
    kirkstall = factories.ward("E05011402", "Kirkstall")
    gipton = factories.ward("E05011394", "Gipton & Harehills")
    polish_club = factories.org(OrgKind.COMMUNITY, name="Polish Saturday Club")
    staff = factories.user(Role.STAFF, organisation=polish_club)
    ids = factories.corpus(kirkstall, repeat=3)
    untranslated = _session(staff, kirkstall, _polish(POLISH))  # 5 in Kirkstall
    few = _session(staff, gipton, _polish(POLISH[:2]))  # 2 in Gipton
    translated = _session(staff, kirkstall, [capture.NoteInput(
        NoteKind.CHANGE, "Autobusy są przepełnione rano", Consent.QUOTE, "pl",
        "The buses are packed in the morning")])
    private = _session(staff, kirkstall, [capture.NoteInput(
        NoteKind.CHANGE, "Autobus numer 50 jest zawsze pełny", Consent.ANALYSIS, "pl", "Bus 50 is always full")])
    # The run themes the English notes; six park notes fit no theme (not yet grouped). The
    # translated notes are the buses theme's first suggested quotes; one may not be quoted.
    ungrouped = ids["park"][:6]
    groups = {"park": ids["park"][6:], "buses": [private.notes[0].id, translated.notes[0].id] + ids["buses"],
              "community": ids["community"]}
    run = factories.store_run(groups, labels={"park": "Parks", "buses": "Buses", "community": "Community spirit"})
    return {"run_id": run.id, "staff": staff.email, "untranslated": [n.id for n in untranslated.notes],
            "few": [n.id for n in few.notes], "translated": translated.notes[0].id, "ungrouped": ungrouped,
            "untranslated_session": untranslated.id, "kirkstall": kirkstall, "gipton": gipton}


def test_the_run_page_counts_and_lists_the_notes_in_no_theme(world, client, sign_in, app):
    sign_in(Role.ORGANISER)
    index = client.page("/themes/")
    assert index.find("a", href=f"/themes/runs/{world['run_id']}#not-yet-grouped", string="6 notes not yet grouped")
    assert index.find("a", href=f"/themes/runs/{world['run_id']}#needs-a-translation", string="7 notes need a translation")
    page = client.page(f"/themes/runs/{world['run_id']}")
    text = page.get_text(" ")
    assert "6 notes are in no theme" in text and "7 notes were written down in another language" in text
    grouped = page.find(id="not-yet-grouped").find_next("ul")
    assert len(grouped.find_all("li")) == 6 and "The park" in grouped.get_text()
    waiting = page.find(id="needs-a-translation").find_next("ul")
    assert "Autobusy do szpitala" in waiting.get_text() and waiting.find("span", lang="pl")
    # An organiser may read the words but not change another organisation's note: they are sent
    # to the session; the note's own staff (and admins) get the link to add the English.
    links = {a["href"] for a in waiting.find_all("a")}
    assert not any("/edit" in href for href in links)
    assert f"/sessions/{world['untranslated_session']}#note-{world['untranslated'][0]}" in links
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/")})
    sign_in(Role.ADMIN)  # an administrator may correct any note: the link to add the English
    waiting = client.page(f"/themes/runs/{world['run_id']}").find(id="needs-a-translation").find_next("ul")
    assert f"/sessions/notes/{world['untranslated'][0]}/edit" in {a["href"] for a in waiting.find_all("a")}


def test_staff_of_the_notes_organisation_are_shown_where_to_add_the_english(world, client):
    client.sign_in(world["staff"], factories.PASSWORD)
    page = client.page(f"/sessions/{world['untranslated_session']}")
    card = page.find(id=f"note-{world['untranslated'][0]}")
    assert "Needs a translation" in card.get_text()
    links = card.find_all("a", href=f"/sessions/notes/{world['untranslated'][0]}/edit")
    assert any("Add the English" in a.get_text() for a in links)


def test_the_counts_and_each_notes_reason(world):
    run = themes.current_run()
    assert themes.unthemed.counts(run) == {"ungrouped": 6, "untranslated": 7}
    note_id, park = world["untranslated"][0], world["ungrouped"][0]
    assert themes.unthemed.of_notes(run, [note_id, park, world["translated"]]) == {
        note_id: "untranslated", park: "ungrouped"}


@pytest.mark.slow
def test_a_note_without_its_english_is_never_themed_until_it_has_one(app_ctx):
    kirkstall = factories.ward("E05011402", "Kirkstall")
    staff = factories.user(Role.STAFF, organisation=factories.org(OrgKind.COMMUNITY, name="Polish club (real run)"))
    factories.corpus(kirkstall, repeat=2)
    waiting = _session(staff, kirkstall, _polish(POLISH[:2])).notes
    translated = _session(staff, kirkstall, [capture.NoteInput(
        NoteKind.CHANGE, "Autobusy są przepełnione rano", Consent.QUOTE, "pl", "The buses are always late and crowded")]).notes
    run = themes.start_run(None, enqueue=False)
    assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error

    def placed(note_id):
        db.session.expire_all()
        return db.session.scalars(select(NoteTheme.id).where(NoteTheme.note_id == note_id)).all()

    assert not placed(waiting[0].id) and not placed(waiting[1].id)  # not misread by the English model
    assert placed(translated[0].id)  # themed through its English
    # Saved after the run: the saved model gives provisional themes to notes with English only.
    later = _session(staff, kirkstall, _polish(["Autobusy nie jeżdżą w niedzielę"]), held_on=date(2026, 4, 1)).notes[0]
    assert not placed(later.id)
    note = db.session.get(Note, later.id)
    capture.update_note(staff, note, capture.NoteInput(NoteKind.CHANGE, "Autobusy nie jeżdżą w niedzielę",
                                                      Consent.QUOTE, "pl", "There are no buses on Sundays"))
    assert placed(later.id)


def test_briefings_count_notes_in_no_theme_through_the_disclosure_rules(world, client, sign_in, app):
    organiser = factories.user(Role.ORGANISER)
    kirkstall = briefings.publish(briefings.create_draft(world["kirkstall"], organiser.id), organiser.id)
    gipton = briefings.publish(briefings.create_draft(world["gipton"], organiser.id), organiser.id)
    city = briefings.publish(briefings.create_draft(None, organiser.id), organiser.id)
    notes = kirkstall.snapshot["notes"]
    # 6 not yet grouped and 5 waiting for English in Kirkstall: published rounded, like every figure.
    assert notes["not_yet_grouped"] == 5 and notes["needs_translation"] == 5
    assert notes["total"] == 60  # 54 English + 5 Polish + 2 translated (61, rounded): none dropped
    assert gipton.snapshot["notes"]["needs_translation"] in ("<5", None)  # 2: never shown as a number
    assert gipton.snapshot["notes"]["not_yet_grouped"] == 0
    assert city.snapshot["notes"]["needs_translation"] in (5, 10, None)
    assert disclosure.audit_published() == []
    kirkstall_id = kirkstall.id
    sign_in(Role.ANCHOR)
    text = client.page(f"/briefings/{kirkstall_id}").get_text(" ")
    assert "in no theme yet: 5 not yet grouped" in text and "5 needing a translation" in text


def test_a_translated_note_is_quoted_in_its_own_words_with_the_english(world, client, sign_in, app):
    organiser = factories.user(Role.ORGANISER)
    published = briefings.publish(briefings.create_draft(world["kirkstall"], organiser.id), organiser.id)
    buses = next(r for r in published.snapshot["themes"] if r["key"] == "buses")
    quoted = [q for q in buses["change_quotes"] if q["note_id"] == world["translated"]]
    assert quoted, buses["change_quotes"]
    assert quoted[0]["original"] == "Autobusy są przepełnione rano" and quoted[0]["language"] == "pl"
    briefing_id = published.id
    anchor = sign_in(Role.ANCHOR)
    token = factories.token(anchor.email)
    api = client.raw.get("/api/v1/wards/E05011402/briefing", headers={"Authorization": f"Bearer {token}"}).get_json()
    quotes = [q for row in api["themes"] if row["key"] == "buses" for q in row["quotes"]]
    assert {"text": "The buses are packed in the morning", "kind": "change", "original": "Autobusy są przepełnione rano",
            "language": "pl"} in quotes
    assert api["notes"]["needs_translation"] == 5 and api["notes"]["not_yet_grouped"] == 5
    page = client.page(f"/briefings/{briefing_id}")
    original = page.find("p", lang="pl", string=lambda s: s and "Autobusy są przepełnione rano" in s)
    assert original is not None and "The buses are packed in the morning" in original.find_parent("blockquote").get_text()
    # A note whose resident agreed to analysis only is never quoted, in any language.
    assert "Autobus numer 50" not in page.get_text() and "Bus 50" not in page.get_text()
    public = client.page("/wards/E05011402")
    assert "Autobus numer 50" not in public.get_text() and "Bus 50" not in public.get_text()
    original = public.find("p", lang="pl", string=lambda s: s and "Autobusy są przepełnione rano" in s)
    assert original is not None and "The buses are packed in the morning" in original.find_parent("blockquote").get_text()


def test_a_staff_members_home_lists_their_own_sessions_with_notes_waiting_for_english(world, client, sign_in):
    client.sign_in(world["staff"], factories.PASSWORD)
    page = client.page("/")
    waiting = page.find(id="needs-a-translation").find_next("ul")
    links = {a["href"]: a.find_parent("li").get_text(" ", strip=True) for a in waiting.find_all("a")}
    assert "5 notes" in links[f"/sessions/{world['untranslated_session']}"]
    assert len(links) == 2  # Kirkstall's five and Gipton's two; the translated notes wait for nothing
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/")})
    sign_in(Role.STAFF)  # another organisation's staff member
    assert client.page("/").find(id="needs-a-translation") is None


def test_an_event_pack_reads_out_a_translated_quote_in_its_own_words_too(world):
    from listening.models import EngagementEvent
    from listening.services import events

    organiser = factories.user(Role.ORGANISER)
    briefings.publish(briefings.create_draft(world["kirkstall"], organiser.id), organiser.id)
    event = EngagementEvent(uid="left-out-pack", title="Buses evening", held_on=date(2026, 12, 5), starts_at=time(18, 0), venue="Hall",
                            theme_keys=["buses"], wards=[world["kirkstall"]])
    db.session.add(event)
    db.session.commit()
    buses = next(t for t in events.draft_pack(event).themes if t.key == "buses")
    assert {"text": "The buses are packed in the morning", "original": "Autobusy są przepełnione rano",
            "language": "pl"} in buses.quotes
    assert not any("Bus 50" in q["text"] for q in buses.quotes)  # analysis only: never quoted
