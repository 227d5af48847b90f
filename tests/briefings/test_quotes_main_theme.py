"""Quotes that belong (issue 12): a note is quoted only under its main theme. A note that also
touches another theme counts there, but a quote there would sit under the wrong heading (on the
demo: "Neighbours organised a litter pick and a street party" under buses and roads)."""

from __future__ import annotations

from listening.domain import Role
from listening.services import briefings, themes
from listening.services.themes import analysis
from tests import factories


def test_a_note_is_quoted_under_its_main_theme_only(app):
    with app.app_context():
        kirkstall = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(kirkstall, repeat=3)
        result = factories.fake_result(ids)
        # Every park note also touches buses (a second theme, rank 1), as a note mixing two topics does.
        also = [analysis.Placement(nid, "buses", 0.6, 1) for nid in ids["park"]]
        result.placements.extend(also)
        run = themes.start_run(None, enqueue=False)
        assert themes.claim_run(run.id)
        themes.store_results(run.id, result, "", note_count=sum(len(v) for v in ids.values()))
        organiser = factories.user(Role.ORGANISER)
        snapshot = briefings.snapshot(briefings.create_draft(kirkstall, organiser.id))
        rows = {t["key"]: t for t in snapshot["themes"]}
        quoted = {q["note_id"] for q in rows["buses"]["love_quotes"] + rows["buses"]["change_quotes"]}
        assert quoted and not quoted & set(ids["park"])  # quoted only from the buses notes themselves
        assert quoted <= set(ids["buses"])
        park_quoted = {q["note_id"] for q in rows["park"]["love_quotes"] + rows["park"]["change_quotes"]}
        assert park_quoted and park_quoted <= set(ids["park"])  # still quoted under their own theme
