"""An organiser's decisions follow a theme through its lineage (issue 12): a name or summary goes to
the one theme it merged into when that theme has none of its own, and is offered for review
otherwise or when the theme split; links to a gone theme lead to where it went."""

import pytest

from listening.domain import CommitmentStatus, EditKind, LabelSource, OrgKind, Role
from listening.extensions import db
from listening.services import commitments, themes
from listening.services.briefings import publishing as briefings
from listening.services.themes import curation
from tests import factories


def _rerun(groups, lineage, labels=None, date_from=None, date_to=None):
    result = factories.fake_result(groups, labels)
    result.lineage = lineage
    run = themes.start_run(None, date_from, date_to, enqueue=False)
    assert themes.claim_run(run.id)
    themes.store_results(run.id, result, "", note_count=sum(len(v) for v in groups.values()))
    db.session.expire_all()
    return themes.get_run(run.id)


@pytest.fixture
def curated(app_ctx):
    """A current run with the park theme named, summarised and translated by an organiser."""
    ward = factories.ward("E05011402", "Kirkstall")
    ids = factories.corpus(ward, repeat=2)
    run = factories.store_run(ids)
    organiser = factories.user(Role.ORGANISER)
    curation.edit(run, EditKind.RENAME, "park", organiser.id, value="Parks and play areas")
    curation.edit(run, EditKind.SUMMARY, "park", organiser.id, value="People love the park but want the swings mended.")
    themes.translations.save_translations(organiser.id, "park", {"pl": ("Parki i place zabaw", ""), "ur": ("", "")})
    return {"ids": ids, "ward": ward, "organiser": organiser}


def test_a_name_summary_and_translation_go_to_the_theme_it_merged_into(curated):
    ids = curated["ids"]
    rerun = _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
                   {"park": {"how": "merged", "into": ["community"]}})

    community = themes.theme_by_key(rerun, "community")
    assert community.label == "Parks and play areas" and community.label_source == LabelSource.PERSON
    assert community.summary == "People love the park but want the swings mended."
    assert themes.translations.translations_for("community")["pl"].label == "Parki i place zabaw"
    carried = [e for e in themes.edits("community") if e.carried]
    assert {e.carried["from"] for e in carried} == {"park"} and all(e.review is None for e in carried)
    # Kept by the next run like any decision.
    again = _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]}, {})
    assert themes.theme_by_key(again, "community").label == "Parks and play areas"


def test_a_theme_with_its_own_name_is_offered_the_merged_one_to_review(curated, client, sign_in, app):
    ids, organiser = curated["ids"], curated["organiser"]
    run = themes.current_run()
    curation.edit(run, EditKind.RENAME, "community", organiser.id, value="Neighbours")
    curation.edit(run, EditKind.HIDE, "park", organiser.id, flag=True)
    rerun = _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
                   {"park": {"how": "merged", "into": ["community"]}})
    community = themes.theme_by_key(rerun, "community")
    assert community.label == "Neighbours" and not community.hidden  # nothing silently overwritten or hidden
    assert community.summary == "People love the park but want the swings mended."  # it had none of its own
    offered = {e.kind: e for e in themes.carried_offers("community")}
    assert set(offered) == {EditKind.RENAME, EditKind.HIDE}
    run_id, rename_id, hide_id = rerun.id, offered[EditKind.RENAME].id, offered[EditKind.HIDE].id

    sign_in(Role.ORGANISER)
    home = client.page("/").find(id="waiting")
    assert home.find("a", href=f"/themes/runs/{run_id}", string=lambda s: s and "Review decisions" in s)
    assert "2 to review" in home.get_text()
    text = client.page(f"/themes/runs/{run_id}").get_text()
    assert "Review what to keep" in text and "2 decisions to review" in text
    url = f"/themes/runs/{run_id}/themes/community"
    text = client.page(url).get_text()
    assert "From “Parks and play areas”, a theme that merged into this one" in text
    assert "Its name: “Parks and play areas”" in text and "It was hidden from briefings." in text
    token = client.csrf_token(url)
    response = client.post(f"{url}/carried/{rename_id}", data={"carried-csrf_token": token, "use": "yes"})
    assert response.status_code == 302
    response = client.post(f"{url}/carried/{hide_id}", data={"carried-csrf_token": token, "use": "no"})
    assert response.status_code == 302
    page = client.page(url)
    assert page.h1.get_text(strip=True) == "Parks and play areas" and "Decisions from earlier themes" not in page.get_text()
    assert client.post(f"{url}/carried/{hide_id}", data={"carried-csrf_token": token, "use": "yes"}).status_code == 404
    with app.app_context():
        assert themes.translations.translations_for("community")["pl"].label == "Parki i place zabaw"
        again = _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]}, {})
        community = themes.theme_by_key(again, "community")
        assert community.label == "Parks and play areas" and not community.hidden


def test_a_split_theme_offers_its_decisions_on_every_part_and_copies_none(curated):
    ids = curated["ids"]
    half = len(ids["park"]) // 2
    rerun = _rerun({"play": ids["park"][:half], "trees": ids["park"][half:], "buses": ids["buses"],
                    "community": ids["community"]},
                   {"park": {"how": "split", "into": ["play", "trees"]}})
    for key in ("play", "trees"):
        theme = themes.theme_by_key(rerun, key)
        assert theme.label == key.title() and theme.summary is None
        assert {e.kind for e in themes.carried_offers(key)} == {EditKind.RENAME, EditKind.SUMMARY}
        assert all(e.carried["how"] == "split" for e in themes.carried_offers(key))
    assert themes.translations.translations_for("play") == {}


def test_links_to_a_gone_theme_lead_to_where_it_went(curated, client, sign_in, app):
    ids = curated["ids"]
    merged = _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
                    {"park": {"how": "merged", "into": ["community"]}})
    sign_in(Role.ORGANISER)
    response = client.get(f"/themes/runs/{merged.id}/themes/park")
    assert response.status_code == 302 and response.location.endswith(f"/themes/runs/{merged.id}/themes/community")
    with app.app_context():
        half = len(ids["buses"]) // 2
        split = _rerun({"community": ids["park"] + ids["community"], "fares": ids["buses"][:half],
                        "routes": ids["buses"][half:]},
                       {"buses": {"how": "split", "into": ["fares", "routes"]}}, labels={"fares": "Bus fares"})
        split_id = split.id
    page = client.page(f"/themes/runs/{split_id}/themes/buses", status=404)
    assert "“Buses” is now in other themes" in page.get_text()
    assert {a["href"] for a in page.select("main li a")} == {
        f"/themes/runs/{split_id}/themes/fares", f"/themes/runs/{split_id}/themes/routes"}
    # A key with no lineage is still a plain 404.
    client.page(f"/themes/runs/{split_id}/themes/nothing-here", status=404)


def test_the_public_page_keeps_a_published_themes_commitments_after_it_merged(curated, client):
    ids, ward, organiser = curated["ids"], curated["ward"], curated["organiser"]
    anchor = factories.user(Role.ANCHOR, organisation=factories.org(OrgKind.ANCHOR, name="Council (lineage page)"))
    email = anchor.email
    swings = commitments.create(anchor, commitments.CommitmentInput(
        title="Mend the swings", theme_keys=["park"], ward_ids=[ward.id], status=CommitmentStatus.IN_PROGRESS))
    published_id = briefings.publish(briefings.create_draft(ward, organiser.id), organiser.id).id
    _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
           {"park": {"how": "merged", "into": ["community"]}})
    assert commitments.get(swings.id).theme_keys == ["community"]
    db.session.commit()

    page = client.page("/wards/E05011402")
    section = page.find("h3", string=lambda s: s and "Parks and play areas" in s).find_parent("section")
    assert "Mend the swings" in section.get_text()
    assert "Other things local organisations are doing here" not in page.get_text()
    # The anchors' filter by the published key finds the commitment under its new key.
    assert [c.id for c in commitments.search(commitments.Filters(theme_key="park"))] == [swings.id]
    # So does the published briefing, under the theme it published (its figures stay as they were).
    db.session.commit()
    client.sign_in(email, factories.PASSWORD)
    page = client.page(f"/briefings/{published_id}")
    heading = page.select_one("#commitments").find_next("h3", string="Parks and play areas")
    assert heading is not None and "Mend the swings" in heading.find_next("ul").get_text()


def test_a_date_range_run_moves_nothing_along_its_lineage(curated):
    ids, ward = curated["ids"], curated["ward"]
    anchor = factories.user(Role.ANCHOR, organisation=factories.org(OrgKind.ANCHOR, name="Council (range)"))
    parks = commitments.create(anchor, commitments.CommitmentInput(title="Park survey", theme_keys=["park"],
                                                                   ward_ids=[ward.id]))
    from datetime import date
    _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
           {"park": {"how": "merged", "into": ["community"]}}, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    # Only part of the notes: the city's park theme is not gone.
    assert commitments.get(parks.id).theme_keys == ["park"]
    assert themes.carried_offers("community") == [] and themes.resolve("park") == ["park"]


def test_a_split_and_a_move_follow_their_theme_through_its_lineage(curated):
    ids, organiser = curated["ids"], curated["organiser"]
    run = themes.current_run()
    fares = curation.edit(run, EditKind.SPLIT, "buses", organiser.id, value="Bus fares", note_ids=ids["buses"][:3])
    curation.edit(run, EditKind.MOVE, "park", organiser.id, target_key="community", note_ids=ids["park"][:2])

    # Buses merged into community; the park split into two.
    half = len(ids["park"]) // 2
    rerun = _rerun({"community": ids["buses"] + ids["community"], "play": ids["park"][:half],
                    "trees": ids["park"][half:]},
                   {"buses": {"how": "merged", "into": ["community"]},
                    "park": {"how": "split", "into": ["play", "trees"]}})
    split = themes.theme_by_key(rerun, fares.target_key)
    assert split is not None and split.label == "Bus fares" and split.size == 3 and split.split_from == "community"
    assert {n.id for n in themes.notes_of(split)} == set(ids["buses"][:3])
    community = {n.id for n in themes.notes_of(themes.theme_by_key(rerun, "community"))}
    assert set(ids["park"][:2]) <= community  # the notes a person moved stay where they were moved
    assert not set(ids["park"][:2]) & {n.id for n in themes.notes_of(themes.theme_by_key(rerun, "play"))}


def test_a_commitment_made_later_for_a_gone_theme_answers_where_it_went(curated):
    ids, ward = curated["ids"], curated["ward"]
    _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
           {"park": {"how": "merged", "into": ["community"]}})
    anchor = factories.user(Role.ANCHOR, organisation=factories.org(OrgKind.ANCHOR, name="Council (late)"))
    # An API client that still holds the published key "park".
    late = commitments.create(anchor, commitments.CommitmentInput(title="Park benches", theme_keys=["park", "buses"],
                                                                  ward_ids=[ward.id]))
    assert sorted(commitments.get(late.id).theme_keys) == ["buses", "community"]
