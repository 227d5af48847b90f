"""Draft pages never wait for a build after a change: the page shows the older figures, saying when
they were worked out, while one background job (queued by the change, run here the way the consumer
runs it) builds the current ones. Removing words never waits for that job, and publishing never
publishes figures the organiser was not shown."""

from __future__ import annotations

import contextlib
import json
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from huey.storage import SqliteStorage
from sqlalchemy import select, update

from listening.domain import BriefingStatus, Consent, EditKind, NoteKind, Role, SessionFormat
from listening.extensions import db, huey
from listening.models import DraftFigures, Note, NoteTheme, User, Ward
from listening.models.base import utcnow
from listening.services import accounts, briefings, capture, privacy, themes
from listening.services.briefings import draft_cache, publishing, tasks
from listening.services.core import runners, write
from listening.services.core.runner import RUNNERS_KEY
from listening.services.themes import curation
from tests import factories

NOTICE = "These figures were worked out at"
LIFELINE = "Our park café needs to open for lonely neighbours, a lifeline"


@pytest.fixture
def queue(app):
    """This process's Huey on a file queue (as in production), with a job runner's heartbeat."""
    storage = SqliteStorage(huey.name, filename=str(Path(app.instance_path) / "huey-drafts.db"))
    storage.flush_all()
    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = storage, False
    beat()
    yield storage
    storage.flush_all()
    huey.storage, huey._immediate = saved


def beat():
    """A job runner is running (the consumer writes this every few seconds)."""
    huey.put(RUNNERS_KEY, {"test-consumer": {"at": time.time(), "workers": 1, "executing": []}})


def refresh_jobs() -> list:
    return [t for t in [*huey.pending(), *huey.scheduled()] if t.name == "refresh_drafts_job"]


def run_refresh(app) -> list:
    """What the consumer does once the delay has passed: move due jobs into the queue, then run
    them, highest priority first (only the refresh jobs here: other areas' jobs are dropped)."""
    later = huey._get_timestamp() + timedelta(seconds=tasks.REFRESH_DELAY_S + 1)
    for task in huey.read_schedule(later):
        huey.enqueue(task)
    results = []
    with app.app_context():
        while (task := huey.dequeue()) is not None:
            if task.name == "refresh_drafts_job":
                results.append(huey.execute(task, timestamp=later))
    return results


@pytest.fixture
def setup(app):
    with app.app_context():
        kirkstall = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(kirkstall, repeat=3)
        run = factories.store_run(ids, labels={"park": "Parks", "buses": "Buses", "community": "Community spirit"})
        organiser = factories.user(Role.ORGANISER)
        staff = factories.user(Role.STAFF)
        return {"run": run.id, "kirkstall": kirkstall.id, "organiser": organiser.id, "staff": staff.id,
                "organiser_email": organiser.email}


@pytest.fixture
def gathered(monkeypatch):
    calls = []
    real = publishing.gather

    def counting(run, **kwargs):
        calls.append(run.id)
        return real(run, **kwargs)

    monkeypatch.setattr(publishing, "gather", counting)
    return calls


def _draft(client, scope="E05011402") -> str:
    response = client.submit("/briefings/drafts", {"scope": scope}, form_url="/briefings/")
    assert response.status_code == 302
    return response.location


def _rename(app, setup, label="Parks and green spaces"):
    with app.app_context():
        curation.edit(themes.get_run(setup["run"]), EditKind.RENAME, "park", setup["organiser"], value=label)


def _text(client, url) -> str:
    return client.page(url).select_one("main").get_text(" ")


def _fresh(app, briefing_id):
    with app.app_context():
        return json.loads(json.dumps(publishing._build(publishing.get(briefing_id))))


def test_a_change_shows_the_older_figures_with_a_notice_until_the_refresh_has_run(
        app, queue, setup, client, gathered):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    first = _text(client, url)
    assert "Parks" in first and NOTICE not in first and len(gathered) == 1

    _rename(app, setup)
    assert len(refresh_jobs()) == 1  # the edit queued the refresh
    older = _text(client, url)
    assert NOTICE in older and "Hark is updating them" in older
    assert "Parks and green spaces" not in older
    assert len(gathered) == 1  # the reader did not wait for a build
    assert len(refresh_jobs()) == 1  # and the view did not queue a second one

    assert run_refresh(app) == [1]  # one draft built
    assert len(gathered) == 2
    current = _text(client, url)
    assert "Parks and green spaces" in current and NOTICE not in current
    assert len(gathered) == 2  # read from what the job built
    assert refresh_jobs() == []
    with app.app_context():
        assert publishing.snapshot(publishing.get(int(url.rsplit("/", 1)[1]))) == {
            **_fresh(app, int(url.rsplit("/", 1)[1]))}


def test_a_new_drafts_figures_are_worked_out_as_it_is_created_so_no_view_waits(app, queue, setup, client, gathered):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    assert len(gathered) == 1  # built while the draft was created
    first = _text(client, url)
    assert "Parks" in first and NOTICE not in first
    assert len(gathered) == 1  # the first view read what was stored
    assert _draft(client) == url and len(gathered) == 1  # starting it again opens it, building nothing


def test_the_view_queues_the_refresh_when_no_job_is_waiting(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    _text(client, url)
    _rename(app, setup)
    queue.flush_all()  # the edit's job was lost with its queue
    beat()
    assert NOTICE in _text(client, url)
    assert len(refresh_jobs()) == 1  # the view made sure one is on its way
    run_refresh(app)
    assert "Parks and green spaces" in _text(client, url)


def test_without_a_job_runner_the_page_builds_the_current_figures(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    _text(client, url)
    huey.get(RUNNERS_KEY)  # no consumer has beaten: nothing would refresh the draft
    _rename(app, setup)
    page = _text(client, url)
    assert "Parks and green spaces" in page and NOTICE not in page


def test_a_bulk_of_saves_queues_one_refresh(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    _text(client, _draft(client))
    with app.app_context():
        staff = db.session.get(User, setup["staff"])
        ward = db.session.get(Ward, setup["kirkstall"])
        for i in range(25):  # an import or a busy afternoon of the API
            data = capture.SessionInput(ward_id=ward.id, held_on=date(2026, 3, 1 + i % 28), venue=f"Hall {i}",
                                        format=SessionFormat.DROP_IN)
            notes = [capture.NoteInput(NoteKind.CHANGE, f"The buses are late every morning ({i})", Consent.QUOTE)]
            capture.create_session(staff, data, notes, submission_key=f"bulk-{i}")
    assert len(refresh_jobs()) == 1


def test_no_refresh_is_queued_while_there_is_no_draft(app, queue, setup):
    _rename(app, setup)
    assert refresh_jobs() == []


def _lifeline_note(app, setup) -> int:
    """A consented CHANGE note placed under Parks as its main theme (quoted in the ward's draft)."""
    with app.app_context():
        staff = db.session.get(User, setup["staff"])
        session_id = factories.logged_session(staff, db.session.get(Ward, setup["kirkstall"]), texts=[LIFELINE],
                                              kind=NoteKind.CHANGE)
        note = db.session.scalars(select(Note).where(Note.session_id == session_id)).one()
        park = next(t for t in themes.get_run(setup["run"]).themes if t.key == "park")
        with write():
            db.session.add(NoteTheme(note_id=note.id, theme_id=park.id, score=0.99, rank=0))
        return note.id


def _withdraw_consent(note, user):
    capture.update_note(user, note, capture.NoteInput(note.kind, note.text, Consent.ANALYSIS))


def _edit_words(note, user):
    capture.update_note(user, note, capture.NoteInput(note.kind, "The park needs a new fence", note.consent))


def _delete(note, user):
    capture.delete_note(user, note)


def _delete_session(note, user):
    capture.delete_session(user, note.session)


def _erase(note, user):
    privacy.erase(privacy.Criteria(name="lifeline"), actor_id=user.id)


@pytest.mark.parametrize("removal", [_withdraw_consent, _edit_words, _delete, _delete_session, _erase])
def test_removing_words_never_leaves_an_older_build_that_shows_them(app, queue, setup, client, removal):
    note_id = _lifeline_note(app, setup)
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    assert "lifeline" in _text(client, url)
    with app.app_context():
        assert "lifeline" in json.dumps(list(db.session.scalars(select(DraftFigures.snapshot))))
        actor = db.session.get(User, setup["staff"] if removal is not _erase else setup["organiser"])
        if removal is _erase:
            actor = factories.user(Role.ADMIN)
        removal(db.session.get(Note, note_id), actor)
    with app.app_context():  # gone in the same transaction, before anyone views or the job runs
        assert "lifeline" not in json.dumps(list(db.session.scalars(select(DraftFigures.snapshot))))
    page = _text(client, url)
    assert "lifeline" not in page
    assert NOTICE not in page  # no older build was left to show: the current figures were built


def _later_change_elsewhere(app, note_id):
    """Another note carries a later change time than anything a removal writes (a host whose clock
    is ahead, or a save that flushed later and committed first): the latest change time does not
    move when the lifeline note's words are removed, and a consent withdrawal moves no count."""
    with app.app_context():
        other = db.session.scalars(select(Note).where(Note.id != note_id)).first()
        db.session.execute(update(Note).where(Note.id == other.id)
                           .values(updated_at=utcnow() + timedelta(days=3650)))
        db.session.commit()


def _remover(setup, removal):
    return factories.user(Role.ADMIN) if removal is _erase else db.session.get(User, setup["staff"])


@pytest.mark.parametrize("removal", [_withdraw_consent, _erase])
def test_a_build_under_way_while_words_are_removed_is_never_kept(app, setup, client, removal):
    note_id = _lifeline_note(app, setup)
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    briefing_id = int(url.rsplit("/", 1)[1])
    _later_change_elsewhere(app, note_id)
    with app.app_context():
        run, draft = themes.current_run(), publishing.get(briefing_id)
        built_from = draft_cache.fingerprint(run)  # a build starts
        built = json.loads(json.dumps(publishing._build(draft)))
        assert "lifeline" in json.dumps(built)  # and reads the quote
        with app.app_context():  # another process removes the words meanwhile, and commits
            removal(db.session.get(Note, note_id), _remover(setup, removal))
        key = draft_cache.key_for(briefing_id, publishing._draft_key(draft), built_from)
        assert not draft_cache.store(run, briefing_id, key, built_from, built)  # the build finishes
        assert "lifeline" not in json.dumps(list(db.session.scalars(select(DraftFigures.snapshot))))
    page = _text(client, url)
    assert "lifeline" not in page and NOTICE not in page  # the current figures, built without it


def test_the_refresh_job_never_keeps_a_build_that_read_words_removed_meanwhile(app, queue, setup, client,
                                                                               monkeypatch):
    note_id = _lifeline_note(app, setup)
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    _text(client, url)
    _later_change_elsewhere(app, note_id)
    _rename(app, setup)  # the draft is stale: the refresh job will build it
    real = publishing.gather

    def withdrawn_while_building(run, **kwargs):
        facts = real(run, **kwargs)  # the job has read the quote
        with app.app_context():  # another process withdraws consent and commits
            _withdraw_consent(db.session.get(Note, note_id), db.session.get(User, setup["staff"]))
        return facts

    monkeypatch.setattr(publishing, "gather", withdrawn_while_building)
    assert run_refresh(app)[0] == 0  # built, and not kept (the withdrawal's own refresh follows)
    monkeypatch.setattr(publishing, "gather", real)
    with app.app_context():
        assert "lifeline" not in json.dumps(list(db.session.scalars(select(DraftFigures.snapshot))))
    page = _text(client, url)
    assert "lifeline" not in page and "Parks and green spaces" in page


def test_publishing_after_an_older_view_shows_the_current_figures_first(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    briefing_id = int(url.rsplit("/", 1)[1])
    _text(client, url)
    _rename(app, setup)
    page = client.page(url)
    assert NOTICE in page.get_text(" ") and "Parks and green spaces" not in page.get_text(" ")
    seen = page.select_one("input[name='publish-seen']")["value"]
    token = page.select_one("input[name='publish-csrf_token']")["value"]

    response = client.post(f"/briefings/{briefing_id}/publish",
                           data={"publish-csrf_token": token, "publish-seen": seen})
    assert response.status_code == 302
    shown = client.page(url)
    text = shown.select_one("main").get_text(" ")
    assert "The figures have changed since this page was shown, so the briefing has not been published" in text
    assert "Parks and green spaces" in text and NOTICE not in text  # the current figures, to check
    with app.app_context():
        assert publishing.get(briefing_id).status == BriefingStatus.DRAFT

    seen = shown.select_one("input[name='publish-seen']")["value"]
    token = shown.select_one("input[name='publish-csrf_token']")["value"]
    response = client.post(f"/briefings/{briefing_id}/publish",
                           data={"publish-csrf_token": token, "publish-seen": seen})
    assert response.status_code == 302
    assert "Published." in client.page(url).get_text(" ")
    with app.app_context():
        published = publishing.get(briefing_id)
        assert published.status == BriefingStatus.PUBLISHED
        frozen = {k: v for k, v in published.snapshot.items() if k not in ("version", "published_at")}
        assert briefings.digest(frozen) == seen  # exactly the figures the organiser was shown
        assert "Parks and green spaces" in json.dumps(published.snapshot)


# ---- with the real consumer ---------------------------------------------------------------------


@pytest.fixture
def consumer(app):
    """The real Huey consumer on this test's database and file queue (as tests/themes does)."""
    from tests.themes.conftest import Consumer

    storage = SqliteStorage(huey.name, filename=str(Path(app.instance_path) / "huey.db"))
    storage.flush_all()
    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = storage, False
    running = Consumer(app).start()
    yield running
    running.stop()
    storage.flush_all()
    huey.storage, huey._immediate = saved


def _wait(app, predicate, what, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    log = (Path(app.instance_path) / "consumer.log").read_text(errors="replace")[-3000:]
    raise AssertionError(f"{what}; consumer log:\n{log}")


def test_the_real_consumer_refreshes_the_draft_after_a_change(app, setup, client, consumer):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    assert NOTICE not in _text(client, url)
    with app.app_context():
        _wait(app, lambda: bool(runners()), "the consumer never wrote its heartbeat")
        # Creating the draft queued a refresh of its own: let it finish first, so the refresh after
        # the rename is the only one (debounced REFRESH_DELAY_S), and the next view comes before it.
        _wait(app, lambda: huey.get(tasks.REFRESH_QUEUED, peek=True) is None and not tasks._refresh_waiting()
              and not huey.get(tasks.STALE_SINCE, peek=True), "the draft's first refresh never finished")
    _rename(app, setup)
    older = _text(client, url)
    assert NOTICE in older and "Parks and green spaces" not in older
    _wait(app, lambda: "Parks and green spaces" in _text(client, url), "the draft was never refreshed")
    assert NOTICE not in _text(client, url)


def test_one_refresh_builds_every_stale_draft_from_one_gathering_as_a_view_would(
        app, queue, setup, client, gathered):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    urls = [_draft(client), _draft(client, "city")]
    for url in urls:
        _text(client, url)
    with app.app_context():  # a session saved in another ward, quoted under Parks: both drafts are stale
        armley = factories.ward("E05011389", "Armley")
        session_id = factories.logged_session(db.session.get(User, setup["staff"]), armley, texts=[
            f"Armley park is the best place in the city for children {n}" for n in range(6)])
        park = next(t for t in themes.get_run(setup["run"]).themes if t.key == "park")
        with write():
            for note_id in db.session.scalars(select(Note.id).where(Note.session_id == session_id)):
                db.session.add(NoteTheme(note_id=note_id, theme_id=park.id, score=0.999, rank=0))
    before = len(gathered)
    assert run_refresh(app) == [2]
    assert len(gathered) == before + 1  # the city's facts, gathered once for both drafts
    for url in urls:
        briefing_id = int(url.rsplit("/", 1)[1])
        with app.app_context():
            assert publishing.snapshot(publishing.get(briefing_id)) == _fresh(app, briefing_id)
        assert NOTICE not in _text(client, url)
    assert "Armley park" not in _text(client, urls[0])  # the ward draft quotes its own ward only
    assert "Armley park" in _text(client, urls[1])
    assert len(gathered) == before + 1 + 2  # (+2: _fresh) the views read what the job stored


def test_a_new_runs_results_queue_the_refresh(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    assert "Parks" in _text(client, url)
    queue.flush_all()  # only what the run's results queue counts here
    beat()
    with app.app_context():
        groups = {}
        for note_id, text in db.session.execute(select(Note.id, Note.text)):
            groups.setdefault("green" if "park" in text.lower() else "other", []).append(note_id)
        factories.store_run(groups, labels={"green": "Green spaces", "other": "Everything else"})
    assert len(refresh_jobs()) == 1
    older = _text(client, url)
    assert NOTICE in older and "Green spaces" not in older
    run_refresh(app)
    current = _text(client, url)
    assert "Green spaces" in current and NOTICE not in current


# ---- how long older figures may be shown ---------------------------------------------------------


def _clock(monkeypatch):
    """The time the refresh's bookkeeping reads (a list: move it on with now[0] += seconds)."""
    now = [time.time()]
    monkeypatch.setattr(tasks.time, "time", lambda: now[0])
    return now


def _run_one_refresh(app):
    """The consumer runs the first refresh job due (not the one it queues for later)."""
    later = huey._get_timestamp() + timedelta(seconds=tasks.REFRESH_DELAY_S + 1)
    for task in huey.read_schedule(later):
        huey.enqueue(task)
    with app.app_context():
        task = huey.dequeue()
        assert task.name == "refresh_drafts_job"
        return huey.execute(task, timestamp=later)


def _run_failing_refresh(app):
    """The consumer runs the job; it fails (the consumer logs the error and carries on)."""
    with contextlib.suppress(RuntimeError):
        run_refresh(app)


def test_after_a_refresh_fails_the_page_builds_the_current_figures(app, queue, setup, client, monkeypatch):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    _text(client, url)
    _rename(app, setup)
    assert NOTICE in _text(client, url)  # the refresh is on its way

    real = tasks.refresh.refresh_stale

    def broken(**_kwargs):
        raise RuntimeError("the refresh job fails")

    monkeypatch.setattr(tasks.refresh, "refresh_stale", broken)
    _run_failing_refresh(app)
    page = _text(client, url)  # no waiting for a job that fails: built while the reader waits
    assert "Parks and green spaces" in page and NOTICE not in page
    for label in ("Parks and play", "Parks and paths"):  # every later change, until a refresh completes
        _rename(app, setup, label)
        _run_failing_refresh(app)
        beat()
        page = _text(client, url)
        assert label in page and NOTICE not in page

    monkeypatch.setattr(tasks.refresh, "refresh_stale", real)
    run_refresh(app)  # a refresh completes: older figures may be shown again while the next one runs
    _rename(app, setup, "Parks at last")
    page = _text(client, url)
    assert NOTICE in page and "Parks at last" not in page


def test_one_draft_that_cannot_be_built_does_not_stop_the_others(app, queue, setup, client, monkeypatch, caplog):
    _lifeline_note(app, setup)
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    ward_url, city_url = _draft(client), _draft(client, "city")
    for url in (ward_url, city_url):
        _text(client, url)
    _rename(app, setup)
    real = tasks.refresh._build

    def ward_fails(briefing, facts=None):
        if briefing.ward_id is not None:
            raise ValueError(f"cannot place the quote {LIFELINE!r}")  # a message quoting a resident
        return real(briefing, facts)

    monkeypatch.setattr(tasks.refresh, "_build", ward_fails)
    assert run_refresh(app) == [1]  # the city draft was built all the same
    assert "could not be built (ValueError)" in caplog.text
    assert "lonely neighbours" not in caplog.text  # the error's kind and place are logged, never its message
    page = _text(client, city_url)
    assert "Parks and green spaces" in page and NOTICE not in page
    monkeypatch.setattr(tasks.refresh, "_build", real)
    page = _text(client, ward_url)  # a refresh failed: the reader does not wait for it
    assert "Parks and green spaces" in page and NOTICE not in page


def test_older_figures_are_shown_no_longer_than_the_patience_after_the_change(app, queue, setup, client,
                                                                              monkeypatch):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    _text(client, url)
    now = _clock(monkeypatch)
    _rename(app, setup)
    monkeypatch.setattr(tasks, "_other_work_waiting", lambda: True)  # a busy import keeps the queue full
    now[0] += tasks.PATIENCE_S - 10
    assert _run_one_refresh(app) == 0  # gave way before building, and queued itself again
    assert len(refresh_jobs()) == 1
    beat()
    assert NOTICE in _text(client, url)  # within the patience
    now[0] += 20
    assert _run_one_refresh(app) == 0  # gave way again: re-queueing does not restart the patience
    beat()
    page = _text(client, url)
    assert "Parks and green spaces" in page and NOTICE not in page  # built while the reader waits
    assert len(refresh_jobs()) == 1  # and the refresh is still on its way for the other drafts


def test_a_flag_left_without_its_job_is_cleared_and_the_refresh_queued(app, queue, setup, client, monkeypatch):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    _text(client, url)
    now = _clock(monkeypatch)
    _rename(app, setup)
    # A process killed between the flag and the queue, or a queue that lost its job: the flag is left
    # set with no job behind it.
    queue.flush_queue()
    queue.flush_schedule()
    assert refresh_jobs() == []
    _rename(app, setup, "Parks one")
    assert refresh_jobs() == []  # the flag says a refresh is queued: the change queues none
    assert NOTICE in _text(client, url)  # within the patience, the page trusts the flag
    now[0] += tasks.PATIENCE_S + 1
    beat()
    page = _text(client, url)
    assert "Parks one" in page and NOTICE not in page  # past it: built while the reader waits
    assert len(refresh_jobs()) == 1  # and the refresh is queued again
    run_refresh(app)
    _rename(app, setup, "Parks two")  # a later change queues its refresh as before
    assert len(refresh_jobs()) == 1
    page = _text(client, url)
    assert NOTICE in page and "Parks two" not in page
    run_refresh(app)
    assert "Parks two" in _text(client, url)


def test_a_rule_change_never_shows_figures_protected_by_the_old_rule(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    assert NOTICE not in _text(client, url)
    k = app.config["SUPPRESSION_THRESHOLD"]
    app.config["SUPPRESSION_THRESHOLD"] = k + 2
    try:
        page = _text(client, url)
    finally:
        app.config["SUPPRESSION_THRESHOLD"] = k
    assert NOTICE not in page  # the figures under the rule in force, built while the reader waits


def test_mail_queued_after_the_refresh_is_sent_before_it(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    _text(client, _draft(client))
    queue.flush_queue()
    assert tasks.queue_refresh(delay=0)
    with app.app_context():
        accounts.request_password_reset(setup["organiser_email"])  # a mail job, at the default priority
    assert [huey.dequeue().name for _ in range(2)] == ["send_password_reset_job", "refresh_drafts_job"]


def _publish(client, briefing_id, page, seen=None):
    token = page.select_one("input[name='publish-csrf_token']")["value"]
    if seen is None:
        seen = page.select_one("input[name='publish-seen']")["value"]
    return client.post(f"/briefings/{briefing_id}/publish", data={"publish-csrf_token": token, "publish-seen": seen})


def test_publishing_from_a_form_without_the_figures_shown_asks_to_check_the_current_ones(app, queue, setup, client):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    briefing_id = int(url.rsplit("/", 1)[1])
    _text(client, url)
    _rename(app, setup)
    page = client.page(url)
    assert NOTICE in page.get_text(" ")  # older figures on the page

    assert _publish(client, briefing_id, page, seen="").status_code == 302  # a form without the digest
    shown = client.page(url)
    text = shown.select_one("main").get_text(" ")
    assert "The briefing has not been published: this page did not say which figures you checked" in text
    assert "Parks and green spaces" in text and NOTICE not in text  # the current figures, to check
    with app.app_context():
        assert publishing.get(briefing_id).status == BriefingStatus.DRAFT

    assert _publish(client, briefing_id, shown).status_code == 302
    with app.app_context():
        published = publishing.get(briefing_id)
        assert published.status == BriefingStatus.PUBLISHED
        assert "Parks and green spaces" in json.dumps(published.snapshot)


def test_when_the_figures_change_again_while_publishing_the_page_still_shows_the_current_ones(
        app, queue, setup, client, monkeypatch):
    client.sign_in(setup["organiser_email"], factories.PASSWORD)
    url = _draft(client)
    briefing_id = int(url.rsplit("/", 1)[1])
    _text(client, url)
    _rename(app, setup)
    page = client.page(url)
    assert NOTICE in page.get_text(" ")
    real = draft_cache.store

    def renamed_meanwhile(*args):  # a curation edit commits between the check and keeping its figures
        _rename(app, setup, "Parks renamed again")
        return real(*args)

    monkeypatch.setattr(draft_cache, "store", renamed_meanwhile)
    assert _publish(client, briefing_id, page).status_code == 302
    monkeypatch.setattr(draft_cache, "store", real)
    text = _text(client, url)
    assert "The figures have changed since this page was shown" in text
    assert "Parks renamed again" in text and NOTICE not in text  # the current figures, as it says
