"""Admins manage people, organisations and wards through the GOV.UK-pattern pages."""

from listening.domain import OrgKind, Role
from listening.services.accounts import users
from listening.services.core import audit
from listening.services.places import wards
from tests.mail import link_in


def test_admin_invites_someone_and_the_link_sets_their_password(app, client, sign_in, make, mailbox):
    admin = sign_in(Role.ADMIN)
    org = make.org(OrgKind.COMMUNITY, name="Chapeltown Youth Project")
    soup = client.page("/admin/users/invite")
    assert soup.find("select", id="organisation")
    response = client.submit(
        "/admin/users/invite",
        {"name": "Priya Patel", "email": "Priya@Example.org", "role": "staff", "organisation": org.id},
    )
    assert response.status_code == 302
    detail = client.page(response.location)
    assert "Priya Patel has been invited" in detail.text
    assert "priya@example.org" in detail.text  # stored lower-case
    # The link arrives by mail (issue 15: it used to be written to the application log).
    (sent,) = mailbox.wait_for(1)
    assert sent.to == "priya@example.org"
    path = link_in(sent)
    client.sign_out()
    done = client.submit(path, {"password": "a-long-pass-phrase", "confirm": "a-long-pass-phrase"})
    assert done.status_code == 302
    client.sign_in("priya@example.org", "a-long-pass-phrase")
    with app.app_context():
        actions = [e.action for e in audit.recent(50)]
        assert {"user.created", "user.invited", "user.invitation_used"} <= set(actions)
        created = next(e for e in audit.recent(50) if e.action == "user.created")
        assert created.actor_id == admin.id


def test_invite_form_explains_each_problem(client, sign_in, make):
    sign_in(Role.ADMIN)
    response = client.submit("/admin/users/invite", {"name": "", "email": "not-an-email", "role": "", "organisation": 0})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error:" in body
    for message in ["Enter the person", "Enter an email address in the correct format", "Select a role"]:
        assert message in body


def test_a_role_must_fit_the_kind_of_organisation(client, sign_in, make):
    sign_in(Role.ADMIN)
    anchor_org = make.org(OrgKind.ANCHOR, name="Hospital Trust Test")
    response = client.submit(
        "/admin/users/invite",
        {"name": "Wrong Place", "email": "wrong@example.org", "role": "staff", "organisation": anchor_org.id},
    )
    body = response.get_data(as_text=True)
    assert "Community centre staff must belong to a community organisation, and Hospital Trust Test is an anchor institution." in body
    assert "<title>Error:" in body


def test_duplicate_email_is_refused_plainly(client, sign_in, make):
    sign_in(Role.ADMIN)
    existing = make.user(Role.STAFF)
    response = client.submit(
        "/admin/users/invite",
        {"name": "Again", "email": existing.email, "role": "staff", "organisation": existing.organisation_id},
    )
    assert "There is already an account for" in response.get_data(as_text=True)


def test_admin_changes_a_role_and_deactivates(app, client, sign_in, make):
    sign_in(Role.ADMIN)
    person = make.user(Role.STAFF)
    network = make.org(OrgKind.NETWORK)
    response = client.submit(f"/admin/users/{person.id}/role", {"role": "organiser", "organisation": network.id})
    assert response.status_code == 302
    response = client.submit(f"/admin/users/{person.id}/deactivate", {}, form_url=f"/admin/users/{person.id}")
    assert response.status_code == 302
    with app.app_context():
        saved = users.get_user(person.id)
        assert saved.role == Role.ORGANISER and not saved.active
        assert {e.action for e in audit.for_object(saved)} >= {"user.role_changed", "user.deactivated"}


def test_admin_cannot_deactivate_themselves(app, client, sign_in):
    admin = sign_in(Role.ADMIN)
    client.submit(f"/admin/users/{admin.id}/deactivate", {}, form_url=f"/admin/users/{admin.id}")
    with app.app_context():
        assert users.get_user(admin.id).active


def test_organisations_with_wards(app, client, sign_in, make):
    sign_in(Role.ADMIN)
    ward = make.ward(name="Kirkstall Test")
    response = client.submit(
        "/admin/organisations/new", {"name": "Kirkstall Food Bank", "kind": "community", "wards": [ward.id], "active": "y"}
    )
    assert response.status_code == 302
    soup = client.page("/admin/organisations")
    assert "Kirkstall Food Bank" in soup.text
    duplicate = client.submit("/admin/organisations/new", {"name": "kirkstall food bank", "kind": "community"})
    assert "There is already an organisation with this name" in duplicate.get_data(as_text=True)
    with app.app_context():
        org = wards.get_organisation_by_name("Kirkstall Food Bank")
        assert [w.name for w in org.wards] == ["Kirkstall Test"]


def test_ward_can_be_renamed_and_retired(app, client, sign_in, make):
    sign_in(Role.ADMIN)
    ward = make.ward(name="Old Name")
    response = client.submit(f"/admin/wards/{ward.id}", {"name": "New Name"})
    assert response.status_code == 302
    with app.app_context():
        saved = wards.get_ward(ward.id)
        assert saved.name == "New Name" and not saved.active
    client.page("/admin/wards/999999", status=404)


def test_admin_pages_render_for_admins(client, sign_in):
    sign_in(Role.ADMIN)
    for url in ["/admin/users", "/admin/organisations", "/admin/wards", "/admin/audit", "/admin/organisations/new"]:
        client.page(url)


def test_admin_resets_two_factor_for_someone_who_lost_their_phone(app, client, sign_in, make):
    sign_in(Role.ADMIN)
    organiser = make.user(Role.ORGANISER)
    detail = client.page(f"/admin/users/{organiser.id}")
    assert "Reset two-factor sign-in" in detail.text
    response = client.submit(f"/admin/users/{organiser.id}/reset-two-factor", {}, form_url=f"/admin/users/{organiser.id}")
    assert response.status_code == 302
    assert "will set it up again at their next sign-in" in client.page(response.location).text
    client.sign_out()
    # Their next sign-in goes straight to setting up a new authenticator.
    first = client.submit("/sign-in", {"email": organiser.email, "password": make.PASSWORD})
    assert first.location.endswith("/sign-in/set-up-code")
    with app.app_context():
        assert "mfa.turned_off" in [e.action for e in audit.for_object(users.get_user(organiser.id))]
