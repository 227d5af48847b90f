"""A draft briefing's figures are built once, and rebuilt as soon as a curation edit, a new note
or a new run changes what they come from."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from config import TestConfig
from listening import create_app
from listening.domain import EditKind, NoteKind, Role
from listening.extensions import db
from listening.models import DraftFigures, Note, NoteTheme, User, Ward
from listening.models.base import utcnow
from listening.services import briefings, capture, privacy, themes
from listening.services.briefings import publishing
from listening.services.core import write
from listening.services.themes import curation
from tests import factories
from tests.pages import PageClient


@pytest.fixture
def setup(app):
    with app.app_context():
        kirkstall = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(kirkstall, repeat=3)
        run = factories.store_run(ids, labels={"park": "Parks", "buses": "Buses", "community": "Community spirit"})
        return {"run": run, "kirkstall": kirkstall.id}


@pytest.fixture
def gathered(monkeypatch):
    """Counts how often the facts are read from the database (the real function still runs)."""
    calls = []
    real = publishing.gather

    def counting(run, **kwargs):
        calls.append(run.id)
        return real(run, **kwargs)

    monkeypatch.setattr(publishing, "gather", counting)
    return calls


def _draft(client):
    token = client.csrf_token("/briefings/")
    response = client.post("/briefings/drafts", data={"csrf_token": token, "scope": "E05011402"})
    assert response.status_code == 302
    return response.location


def test_views_reuse_the_figures_until_a_curation_edit_changes_them(app, setup, client, sign_in, gathered):
    organiser = sign_in(Role.ORGANISER)
    url = _draft(client)
    first = client.page(url).get_text(" ")
    assert "Parks" in first and "Parks and green spaces" not in first
    assert client.page(url).get_text(" ") == first
    assert len(gathered) == 1  # the second view did not read the facts again

    with app.app_context():
        curation.edit(themes.get_run(setup["run"].id), EditKind.RENAME, "park", organiser.id,
                      value="Parks and green spaces")
    renamed = client.page(url).get_text(" ")
    assert "Parks and green spaces" in renamed
    assert len(gathered) == 2

    with app.app_context():
        session = factories.session(db.session.get(Ward, setup["kirkstall"]))
        for n in range(40):  # enough notes to move a shown total
            factories.note(session, f"Another note about the bus station number {n}")
    assert client.page(url).get_text(" ") != renamed
    assert len(gathered) == 3


def test_a_summary_edit_shows_at_once(app, setup, client, sign_in, gathered):
    sign_in(Role.ORGANISER)
    url = _draft(client)
    client.page(url)
    token = client.csrf_token(url)
    briefing_id = url.rsplit("/", 1)[1]
    client.post(f"/briefings/{briefing_id}/summary",
                data={"summary-csrf_token": token, "summary-summary": "Buses are the first worry."})
    assert "Buses are the first worry." in client.page(url).get_text(" ")


# ---- one build per change, for every web process; never a figure or a word out of date -------

PARK_QUOTE = "The park is lovely and the children play there every day"


@pytest.fixture
def drafts(app, setup):
    """A Kirkstall draft and a city draft, and the staff member and organiser who change things."""
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        staff = factories.user(Role.STAFF)
        ward = db.session.get(Ward, setup["kirkstall"])
        return {"ward": briefings.create_draft(ward, organiser.id).id,
                "city": briefings.create_draft(None, organiser.id).id,
                "organiser": organiser.id, "staff": staff.id, "organiser_email": organiser.email}


def _shown(app, briefing_id):
    with app.app_context():
        return publishing.snapshot(publishing.get(briefing_id))


def _fresh(app, briefing_id):
    """What building the figures now, with no cache at all, gives."""
    with app.app_context():
        return json.loads(json.dumps(publishing._build(publishing.get(briefing_id))))


def _cached_words(app) -> str:
    with app.app_context():
        return json.dumps(list(db.session.scalars(select(DraftFigures.snapshot))))


def _same_as_fresh(app, drafts, gathered, scopes=("ward", "city")):
    for scope in scopes:
        built = len(gathered)
        first = _shown(app, drafts[scope])
        assert len(gathered) == built + 1  # the change was seen: built again
        assert _shown(app, drafts[scope]) == first == _fresh(app, drafts[scope])
        assert len(gathered) == built + 2  # the second view read the stored figures (+1: _fresh)


def test_cached_figures_are_the_fresh_figures_after_every_kind_of_change(app, setup, drafts, gathered):
    _same_as_fresh(app, drafts, gathered)

    with app.app_context():  # a session saved
        factories.logged_session(db.session.get(User, drafts["staff"]), db.session.get(Ward, setup["kirkstall"]),
                                 texts=[f"The bus station needs a roof over the stops {n}" for n in range(6)])
    _same_as_fresh(app, drafts, gathered)

    with app.app_context():  # a curation edit
        curation.edit(themes.get_run(setup["run"].id), EditKind.RENAME, "park", drafts["organiser"],
                      value="Parks and green spaces")
    _same_as_fresh(app, drafts, gathered)
    assert "Parks and green spaces" in json.dumps(_shown(app, drafts["ward"]))

    assert PARK_QUOTE in json.dumps(_shown(app, drafts["ward"]))
    with app.app_context():  # an erasure
        privacy.erase(privacy.Criteria(name="lovely"), actor_id=drafts["organiser"])
    _same_as_fresh(app, drafts, gathered)
    assert PARK_QUOTE not in json.dumps(_shown(app, drafts["ward"]))

    with app.app_context():  # a publication: the ward's figures are now protected against the city's
        briefings.publish(publishing.get(drafts["city"]), drafts["organiser"])
    _same_as_fresh(app, drafts, gathered, scopes=("ward",))


def test_a_second_web_process_reads_the_figures_the_first_one_built(app, setup, drafts, client, gathered):
    class SecondProcess(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        INSTANCE_PATH = app.config["INSTANCE_PATH"]
        HUEY_SQLITE_PATH = app.config["HUEY_SQLITE_PATH"]
        EMBEDDING_CACHE_DIR = app.config["EMBEDDING_CACHE_DIR"]
        MODEL_DIR = app.config["MODEL_DIR"]

    other = PageClient(create_app(SecondProcess).test_client())
    url = f"/briefings/{drafts['ward']}"
    client.sign_in(drafts["organiser_email"], factories.PASSWORD)
    other.sign_in(drafts["organiser_email"], factories.PASSWORD)
    seen = client.page(url).select_one("main").get_text(" ")
    assert "Parks" in seen and len(gathered) == 1
    assert other.page(url).select_one("main").get_text(" ") == seen
    assert len(gathered) == 1  # built once for both processes


def test_an_erased_notes_words_leave_the_cached_drafts_at_once(app, setup, drafts, client):
    client.sign_in(drafts["organiser_email"], factories.PASSWORD)
    url = f"/briefings/{drafts['ward']}"
    assert PARK_QUOTE in client.page(url).get_text(" ")
    _shown(app, drafts["city"])
    assert PARK_QUOTE in _cached_words(app)
    with app.app_context():
        privacy.erase(privacy.Criteria(name="lovely"), actor_id=drafts["organiser"])
    assert PARK_QUOTE not in _cached_words(app)  # before anyone views a draft again
    assert PARK_QUOTE not in client.page(url).get_text(" ")
    assert _shown(app, drafts["ward"]) == _fresh(app, drafts["ward"])


def test_the_retention_purge_empties_the_cached_drafts(app, setup, drafts):
    _shown(app, drafts["ward"])
    assert PARK_QUOTE in _cached_words(app)
    with app.app_context():
        assert privacy.purge_raw_text(now=utcnow() + timedelta(days=1), days=0).purged
    assert PARK_QUOTE not in _cached_words(app)
    assert _shown(app, drafts["ward"]) == _fresh(app, drafts["ward"])  # the redacted words are kept


def _edit(note, user):
    capture.update_note(user, note, capture.NoteInput(note.kind, "The park needs a new fence", note.consent))


def _delete(note, user):
    capture.delete_note(user, note)


def _delete_session(note, user):
    capture.delete_session(user, note.session)


@pytest.mark.parametrize("change", [_edit, _delete, _delete_session])
def test_a_note_edited_or_deleted_leaves_the_cached_drafts_at_once(app, setup, drafts, change):
    with app.app_context():
        staff = db.session.get(User, drafts["staff"])
        ids = factories.logged_session(staff, db.session.get(Ward, setup["kirkstall"]),
                                       texts=["Our park café needs to open for lonely neighbours, a lifeline"],
                                       kind=NoteKind.CHANGE)
        note = db.session.scalars(select(Note).where(Note.session_id == ids)).one()
        themes_run = themes.get_run(setup["run"].id)
        park = next(t for t in themes_run.themes if t.key == "park")
        with write():
            db.session.add(NoteTheme(note_id=note.id, theme_id=park.id, score=0.99, rank=0))
    assert "lifeline" in json.dumps(_shown(app, drafts["ward"]))
    assert "lifeline" in _cached_words(app)
    with app.app_context():
        change(db.session.get(Note, note.id), db.session.get(User, drafts["staff"]))
    assert "lifeline" not in _cached_words(app)
    assert _shown(app, drafts["ward"]) == _fresh(app, drafts["ward"])
