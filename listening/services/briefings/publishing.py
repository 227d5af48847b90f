"""Ward briefings and the city overview: drafts that follow the current themes, and
published versions frozen as snapshots (later runs and curation never change them)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from listening.domain import BriefingScope, BriefingStatus, Consent
from listening.extensions import db
from listening.i18n import number as format_number
from listening.models import Briefing, ListeningSession, Note, NoteTheme, Organisation, Theme, ThemeRun, Ward
from listening.models.base import utcnow
from listening.services import disclosure, themes
from listening.services.briefings import draft_cache, notices
from listening.services.briefings.snapshot import Facts, QuoteFact, SessionFact, ThemeFact, build
from listening.services.core import audit, live_note, live_session, one_at_a_time, write

CITY = "city"
PUBLISHING = "hark.briefings.publish"  # the lock every publication takes
SUMMARY_MAX = 4000


class BriefingError(ValueError):
    """A request about briefings that cannot be carried out; the message is safe to show."""


def threshold() -> int:
    return int(current_app.config["SUPPRESSION_THRESHOLD"])


def title(briefing: Briefing) -> str:
    """How the audit names a version (English: it is printed by a command, not shown on a page)."""
    place = f"{briefing.ward.name} ward briefing" if briefing.ward else "City overview"
    return f"{place}, version {briefing.version}"


# ---- facts from the database ---------------------------------------------------------------


def _in_scope(query, run: ThemeRun):
    query = query.where(live_note())
    if run.date_from:
        query = query.where(Note.held_on >= run.date_from)
    if run.date_to:
        query = query.where(Note.held_on <= run.date_to)
    return query


def gather(run: ThemeRun, quotes_from: str | None = None) -> Facts:
    """Everything a briefing is built from, for one run: counts, totals, quote candidates, sessions.
    `quotes_from`: a ward briefing's ward, the only one it quotes (the city quotes every ward)."""
    visible = (Theme.run_id == run.id, Theme.hidden.is_(False), Theme.merged_into.is_(None))
    theme_rows = db.session.scalars(select(Theme).where(*visible).order_by(Theme.size.desc(), Theme.label))
    facts = Facts(
        run_id=run.id,
        wards={w.code: w.name for w in db.session.scalars(select(Ward))},
        themes=[ThemeFact(t.key, t.label, t.summary, tuple(int(i) for i in t.quote_ids or ())) for t in theme_rows],
        counts={},
        totals={},
    )
    counted = (
        # One theme per key in a run and one link per note and theme: each note counts once, no
        # DISTINCT needed (it sorted every link of the run).
        select(Theme.key, Ward.code, Note.kind, func.count(NoteTheme.id))
        .select_from(NoteTheme)
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .join(Note, Note.id == NoteTheme.note_id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Ward, Ward.id == Note.ward_id)
        .where(*visible)
        .group_by(Theme.key, Ward.code, Note.kind)
    )
    for key, code, kind, n in db.session.execute(_in_scope(counted, run)):
        facts.counts[(key, code, kind.value)] = n
    totals = (
        select(Ward.code, Note.kind, func.count(Note.id))
        .select_from(Note)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Ward, Ward.id == Note.ward_id)
        .group_by(Ward.code, Note.kind)
    )
    for code, kind, n in db.session.execute(_in_scope(totals, run)):
        facts.totals[(code, kind.value)] = n
    quotable = (  # the kind as stored (its value): tens of thousands of rows at city scale
        select(Theme.key, Ward.code, Note.id, Note.text, type_coerce(Note.kind, String), NoteTheme.score,
               Note.session_id, NoteTheme.provisional, Note.original_redacted, Note.language)
        .select_from(NoteTheme)
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .join(Note, Note.id == NoteTheme.note_id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Ward, Ward.id == Note.ward_id)
        # A quote sits only under its note's main theme (issue 12): a note that also touches a
        # theme is counted there, never quoted there ("a street party" under buses and roads).
        .where(*visible, Note.consent == Consent.QUOTE, NoteTheme.rank == 0)
    )
    if quotes_from is not None:
        quotable = quotable.where(Ward.code == quotes_from)
    facts.quotes = [
        QuoteFact(key, code, note_id, text, Consent.QUOTE.value, kind, float(score or 0), session_id,
                  bool(provisional), original or None, language or "en")
        for key, code, note_id, text, kind, score, session_id, provisional, original, language
        in db.session.execute(_in_scope(quotable, run))
    ]
    provisional = (
        select(Ward.code, func.count(func.distinct(Note.id)))
        .select_from(NoteTheme)
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .join(Note, Note.id == NoteTheme.note_id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Ward, Ward.id == Note.ward_id)
        .where(*visible, NoteTheme.provisional.is_(True))
        .group_by(Ward.code)
    )
    facts.provisional = dict(db.session.execute(_in_scope(provisional, run)).all())
    facts.unthemed = themes.unthemed.by_ward(run)
    sessions = (
        select(Ward.code, Organisation.name, ListeningSession.format, ListeningSession.participants,
               ListeningSession.languages)
        .select_from(ListeningSession)
        .join(Ward, Ward.id == ListeningSession.ward_id)
        .join(Organisation, Organisation.id == ListeningSession.organisation_id)
        .where(live_session())
        .where(ListeningSession.id.in_(_in_scope(select(Note.session_id).join(
            ListeningSession, ListeningSession.id == Note.session_id), run)))
    )
    facts.sessions = [
        SessionFact(code, name, fmt.value, participants or 0, tuple(languages or ()))
        for code, name, fmt, participants, languages in db.session.execute(sessions)
    ]
    return facts


# ---- reading -------------------------------------------------------------------------------


def get(briefing_id: int) -> Briefing | None:
    return db.session.get(Briefing, briefing_id)


def versions(scope_key: str) -> list[Briefing]:
    return list(db.session.scalars(select(Briefing).where(Briefing.scope_key == scope_key).order_by(Briefing.version.desc())))


def latest_published(scope_key: str) -> Briefing | None:
    return db.session.scalar(
        select(Briefing)
        .where(Briefing.scope_key == scope_key, Briefing.status == BriefingStatus.PUBLISHED)
        .order_by(Briefing.version.desc())
    )


def published_city_figures() -> dict[str, dict]:
    """theme key -> its city love, change and size as the latest published briefing (ward or city)
    gave them: what anchors may read about a theme outside a briefing, never a live count."""
    latest = db.session.scalar(
        select(Briefing).where(Briefing.status == BriefingStatus.PUBLISHED, Briefing.snapshot.is_not(None))
        .order_by(Briefing.published_at.desc(), Briefing.id.desc()))
    if latest is None:
        return {}
    snap = latest.snapshot

    def machine(value):
        return disclosure.figure(value, snap).machine

    return {row["key"]: {"love": machine(row.get("city_love", row.get("love"))),
                         "change": machine(row.get("city_change", row.get("change"))),
                         "size": machine(row["city_size"]) if "city_size" in row else None}
            for row in snap.get("themes", [])}


def draft_for(scope_key: str) -> Briefing | None:
    return db.session.scalar(
        select(Briefing).where(Briefing.scope_key == scope_key, Briefing.status == BriefingStatus.DRAFT)
    )


def index(include_drafts: bool) -> list[Briefing]:
    """The latest published briefing of each ward and the city, plus drafts when allowed."""
    latest = (
        select(Briefing.scope_key, func.max(Briefing.version))
        .where(Briefing.status == BriefingStatus.PUBLISHED)
        .group_by(Briefing.scope_key)
    )
    wanted = set(db.session.execute(latest).all())
    # Not their snapshots (read only when a version is shown): every published version is in here.
    rows = [b for b in db.session.scalars(select(Briefing).options(defer(Briefing.snapshot)))
            if (b.scope_key, b.version) in wanted]
    if include_drafts:
        rows += list(db.session.scalars(select(Briefing).where(Briefing.status == BriefingStatus.DRAFT)))
    return sorted(rows, key=lambda b: (b.scope != BriefingScope.CITY, b.ward.name if b.ward else "", -b.version))


def _previous_snapshot(scope_key: str, before_version: int) -> dict | None:
    earlier = db.session.scalar(
        select(Briefing)
        .where(Briefing.scope_key == scope_key, Briefing.status == BriefingStatus.PUBLISHED,
               Briefing.version < before_version)
        .order_by(Briefing.version.desc())
    )
    if earlier is None or not earlier.snapshot:
        return None
    return {**earlier.snapshot, "version": earlier.version}


def _draft_key(briefing: Briefing) -> tuple:
    rule = disclosure.rule()
    return (briefing.version, rule.k, rule.base)


def _with_summary(snapshot: dict, briefing: Briefing) -> dict:
    """The organiser's summary as it is now (not part of the cached figures: saving it changes none)."""
    return {**snapshot, "summary": briefing.summary or ""}


def snapshot(briefing: Briefing) -> dict:
    """What the briefing shows: the frozen snapshot once published; the current figures while a
    draft (built once until what they come from changes: draft_cache)."""
    if briefing.status == BriefingStatus.PUBLISHED and briefing.snapshot:
        return briefing.snapshot
    run = themes.current_run()
    if run is None:
        return _build(briefing)  # says there are no themes yet
    return _with_summary(draft_cache.cached(run, briefing.id, _draft_key(briefing), lambda: _build(briefing)), briefing)


def prepare_figures(briefing: Briefing) -> None:
    """Work out a new draft's figures as it is created, so that no view of its page waits for them
    (later changes are rebuilt in the background: tasks.py). A draft already built is left alone."""
    if briefing.status == BriefingStatus.DRAFT and themes.current_run() is not None \
            and not draft_cache.built(briefing.id):
        snapshot(briefing)


def draft_figures(briefing: Briefing, older_ok: Callable[[dict], bool]) -> draft_cache.Figures:
    """A draft's figures for its page: current when built; else its older build when `older_ok`
    allows (a refresh is on its way) and it was protected by the rule in force; else built now."""
    run = themes.current_run()
    if run is None:
        return draft_cache.Figures(_build(briefing), None, True)  # says there are no themes yet
    rule = disclosure.rule()

    def showable(older: dict) -> bool:
        same_rule = (older.get("disclosure") or {}).get("k") == rule.k and older["disclosure"].get("base") == rule.base
        return same_rule and older_ok(older)

    figures = draft_cache.view(run, briefing.id, _draft_key(briefing), lambda: _build(briefing), showable)
    return draft_cache.Figures(_with_summary(figures.snapshot, briefing), figures.built_at, figures.current)


def digest(snapshot: dict) -> str:
    """Names what a reader sees of a draft's figures (the publish form carries it): equal digests,
    the same page. The disclosure generation (an internal hash of the exact counts) is left out, so
    a change that moves no shown figure does not count as a change."""
    plain = json.loads(json.dumps(snapshot))
    (plain.get("disclosure") or {}).pop("generation", None)
    for volatile in ("version", "published_at"):
        plain.pop(volatile, None)
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def for_place(facts: Facts, ward: str | None) -> Facts:
    """The city's facts as a ward briefing gathers them: only its own ward's quote candidates (the
    order of candidates does not matter: quotes are picked by a total order ending in the note id,
    and only from the briefing's own place)."""
    return facts if ward is None else replace(facts, quotes=[q for q in facts.quotes if q.ward == ward])


def _build(briefing: Briefing, facts: Facts | None = None) -> dict:
    """Build a draft's figures now; `facts`: the whole city's, gathered once for several drafts."""
    run = themes.current_run()
    if run is None:
        raise BriefingError(_("There are no themes yet. Run the themes before writing a briefing."))
    ward = briefing.ward.code if briefing.ward else None
    return build(
        for_place(facts, ward) if facts is not None else gather(run, quotes_from=ward),
        ward=ward,
        rule=disclosure.rule(),
        summary=briefing.summary,
        previous=_previous_snapshot(briefing.scope_key, briefing.version),
        history=disclosure.history(exclude_id=briefing.id),  # its figures are checked against all published
        secret=disclosure.secret(),
        name=title(briefing),
    )


# ---- writing -------------------------------------------------------------------------------


def create_draft(ward: Ward | None, actor_id: int | None) -> Briefing:
    """A new draft for a ward (or the city when ward is None); an existing draft is returned."""
    if themes.current_run() is None:
        raise BriefingError(_("There are no themes yet. Run the themes before writing a briefing."))
    scope_key = ward.code if ward else CITY
    existing = draft_for(scope_key)
    if existing:
        return existing
    try:
        with write():
            version = (db.session.scalar(
                select(func.max(Briefing.version)).where(Briefing.scope_key == scope_key)) or 0) + 1
            briefing = Briefing(
                scope=BriefingScope.WARD if ward else BriefingScope.CITY,
                scope_key=scope_key,
                ward_id=ward.id if ward else None,
                version=version,
                status=BriefingStatus.DRAFT,
                created_by_id=actor_id,
            )
            db.session.add(briefing)
            db.session.flush()
            audit.record("briefing.draft", actor_id, briefing, scope_key=scope_key, version=version)
    except IntegrityError:
        raise BriefingError(_("Someone else has just started this briefing; open it from the list.")) from None
    return briefing


def _draft(briefing: Briefing) -> None:
    if briefing.status != BriefingStatus.DRAFT:
        raise BriefingError(_("A published briefing cannot be changed. Start a new draft instead."))


def update_summary(briefing: Briefing, summary: str, actor_id: int | None) -> Briefing:
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise BriefingError(_("The summary must be %(most)s characters or fewer.", most=format_number(SUMMARY_MAX)))
    with write():
        db.session.refresh(briefing)
        _draft(briefing)
        briefing.summary = summary or None
        audit.record("briefing.summary", actor_id, briefing)
    return briefing


def heard_nobody(snapshot: dict) -> bool:
    """No listening session at all behind this briefing: no figure in it means anything yet."""
    return (snapshot.get("heard") or {}).get("sessions") in (0, None)


class FiguresChanged(BriefingError):
    """The draft's figures are not the ones the person publishing was shown: nothing is published,
    and the current figures are kept for the page to show (and publish on the next confirmation)."""


def publish(briefing: Briefing, actor_id: int | None, seen: str | None = None) -> Briefing:
    """Freeze the draft's current figures as an immutable snapshot and publish it. `seen`: the
    digest of the figures the page showed; when the current figures differ (the page showed an
    older build, or something changed since), nothing is published (FiguresChanged)."""
    run = themes.current_run()
    if run is None:
        raise BriefingError(_("There are no themes yet. Run the themes before publishing a briefing."))
    changed = None
    with write():  # built inside the write: no other publication lands between the check and this one
        # Every publication is protected against all those before it (ward and city alike), so
        # publications take turns: the next one reads this one as published, or finds its draft gone.
        one_at_a_time(PUBLISHING)
        db.session.refresh(briefing)
        _draft(briefing)
        built_from = draft_cache.fingerprint(run)
        frozen = _build(briefing)
        if briefing.ward_id is not None and heard_nobody(frozen):
            raise BriefingError(_("Nobody has been heard in this ward yet, so there is nothing to publish. "
                                  "Publish it once a listening session has been logged here."))
        if seen is not None and digest(frozen) != seen:
            changed = frozen  # nothing written: the transaction ends empty
        else:
            briefing.snapshot = {**frozen, "version": briefing.version, "published_at": utcnow().isoformat()}
            draft_cache.forget(briefing.id)  # no longer a draft
            briefing.run_id = run.id
            briefing.status = BriefingStatus.PUBLISHED
            briefing.published_at = utcnow()
            briefing.published_by_id = actor_id
            audit.record("briefing.publish", actor_id, briefing, scope_key=briefing.scope_key,
                         version=briefing.version)
    if changed is not None:
        key = draft_cache.key_for(briefing.id, _draft_key(briefing), built_from)
        draft_cache.store(run, briefing.id, key, built_from, json.loads(json.dumps(changed)))
        raise FiguresChanged(_("The figures have changed since this page was shown, so the briefing has not "
                               "been published. The current figures are shown below: check them, then "
                               "publish again."))
    notices.briefing_published(briefing)  # after the commit: a mail never undoes a publication
    return briefing


def published_at(briefing: Briefing) -> datetime | None:
    moment = briefing.published_at
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
