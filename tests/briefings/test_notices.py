"""Issue 15: publishing a ward briefing mails the anchor members whose organisation serves that
ward (real SMTP, tests/mail.py), in their language, with the link only; mail never stops a publish."""

import re

import pytest

from listening.domain import BriefingStatus, OrgKind, Role
from listening.extensions import db
from listening.models import Briefing, User
from tests import factories
from tests.briefings.test_briefings import _draft, _publish, _setup


@pytest.fixture
def people(app):
    """Kirkstall's anchors (one reads Polish, one is deactivated), Gipton's anchor, Kirkstall's staff."""
    with app.app_context():
        world = _setup()
        kirkstall, gipton = world["kirkstall"], world["gipton"]
        council = factories.org(OrgKind.ANCHOR, name="Council (Kirkstall)", ward_ids=[kirkstall.id])
        trust = factories.org(OrgKind.ANCHOR, name="Trust (Gipton)", ward_ids=[gipton.id])
        hub = factories.org(OrgKind.COMMUNITY, name="Kirkstall Hub", ward_ids=[kirkstall.id])
        made = {
            "polish": factories.user(Role.ANCHOR, organisation=council, email="ola@council.test", name="Ola"),
            "english": factories.user(Role.ANCHOR, organisation=council, email="sam@council.test", name="Sam"),
            "gone": factories.user(Role.ANCHOR, organisation=council, email="gone@council.test", name="Gone"),
            "gipton": factories.user(Role.ANCHOR, organisation=trust, email="gip@trust.test", name="Gip"),
            "staff": factories.user(Role.STAFF, organisation=hub, email="staff@hub.test", name="Stef"),
        }
        db.session.get(User, made["polish"].id).locale = "pl"
        db.session.get(User, made["gone"].id).active = False
        db.session.commit()
        return {k: v.email for k, v in made.items()}


def test_publishing_mails_the_wards_anchors_only_in_their_language(people, client, sign_in, mailbox):
    sign_in(Role.ORGANISER)
    url = _draft(client, "E05011402")
    token = client.csrf_token(url)
    briefing_id = url.rsplit("/", 1)[1]
    client.post(f"/briefings/{briefing_id}/summary", data={"summary-csrf_token": token, "summary-summary": "Parks matter."})
    _publish(client, url)

    mailbox.wait_for(2)
    sent = mailbox.wait_for(3, timeout=0.5)
    assert sorted(m.to for m in sent) == ["ola@council.test", "sam@council.test"]
    for message in sent:
        (link,) = re.findall(r"https?://\S+", message.body)
        assert link == f"http://hark.test/briefings/{briefing_id}"
        text = message.body.replace(link, "")
        assert "Kirkstall" in text and "Parks matter." not in text
        assert not re.search(r"\d", text)  # no counts, no figures: those stay behind the disclosure rules
    (english,) = mailbox.to("sam@council.test")
    assert "A new briefing for Kirkstall ward" in english.subject and "Hello Sam," in english.body
    (polish,) = mailbox.to("ola@council.test")
    assert polish.subject == "Nowy raport dla okręgu Kirkstall" and "opublikowano nowy raport" in polish.body


def test_the_city_overview_mails_nobody(people, client, sign_in, mailbox):
    sign_in(Role.ORGANISER)
    _publish(client, _draft(client, "city"))
    assert mailbox.wait_for(1, timeout=0.5) == []


def test_without_mail_set_up_the_briefing_is_published_and_nothing_is_sent(people, client, sign_in, app):
    assert not app.config["MAIL_SERVER"]
    sign_in(Role.ORGANISER)
    briefing_id = _publish(client, _draft(client, "E05011402"))
    assert "Published. Anchor members can now read this briefing" in client.page(f"/briefings/{briefing_id}").text
    with app.app_context():
        assert db.session.get(Briefing, int(briefing_id)).status == BriefingStatus.PUBLISHED


def test_a_mail_server_that_refuses_never_undoes_the_publication(people, client, sign_in, app, caplog):
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_USE_TLS=False)  # nothing listens there
    try:
        sign_in(Role.ORGANISER)
        briefing_id = _publish(client, _draft(client, "E05011402"))
    finally:
        app.config.update(saved)
    assert "Published." in client.page(f"/briefings/{briefing_id}").text
    with app.app_context():
        assert db.session.get(Briefing, int(briefing_id)).status == BriefingStatus.PUBLISHED
    warning = next(r.getMessage() for r in caplog.records if "notice mails" in r.getMessage())
    assert "0 notice mails sent, 2 failed" in warning and "@" not in warning
