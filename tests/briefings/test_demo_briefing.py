"""The demo as a councillor first meets it (issue 12): `flask demo seed` runs the real theme run over
the demo notes, the organiser curates it, and Kirkstall's page and the city overview read as a
person checked them; the Gipton & Harehills draft is left as the organiser's next job.

One seed (the embedding model and a full theme run: about two minutes) for every check here."""

from __future__ import annotations

import re

import pytest

from listening.domain import LabelSource
from listening.services import briefings, commitments, themes

KIRKSTALL = "E05011402"
NUMBERED = re.compile(r"\bTheme \d+\b")


@pytest.fixture
def seeded(app, runner):
    assert runner.invoke(args=["wards", "seed"]).exit_code == 0
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    return app


def test_the_demo_publishes_curated_briefings_and_leaves_a_draft(seeded, client):
    with seeded.app_context():
        run = themes.current_run()
        by_key = {t.key: t for t in themes.themes_of(run, include_hidden=False)}
        kirkstall = briefings.latest_published(KIRKSTALL)
        city = briefings.latest_published(briefings.CITY)
        assert kirkstall is not None and city is not None
        for snapshot in (kirkstall.snapshot, city.snapshot):
            assert snapshot["summary"]  # the organiser's own words on top
            top = snapshot["top_love"] + snapshot["top_change"]
            assert top
            for key in top:  # every top theme checked by a person: named (or kept) and summed up
                theme = by_key[key]
                assert theme.summary, theme.label
                assert not NUMBERED.search(theme.label)
            assert not any(NUMBERED.search(t["label"]) for t in snapshot["themes"])
        renamed = [t for t in by_key.values() if t.label_source == LabelSource.PERSON]
        assert renamed and any(t.model_label != t.label for t in renamed)  # the model's name is kept beside
        gipton = briefings.draft_for("E05011394")
        assert gipton is not None and not gipton.summary  # the next job, as the machine left it

        # Commitments answer themes that exist and that Kirkstall's published briefing shows.
        shown = {t["key"] for t in kirkstall.snapshot["themes"]}
        made = commitments.search(commitments.Filters())
        assert made
        for commitment in made:
            for key in commitment.theme_keys:
                assert key in by_key and key in shown, (commitment.title, key)
        summary = kirkstall.snapshot["summary"].split("\n")[0]

    page = client.get(f"/wards/{KIRKSTALL}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert summary[:60] in html
    assert not NUMBERED.search(html)
