"""Issue 15: the daily mail to anchor members about their own institution's commitments due or
overdue (real SMTP, tests/mail.py): one mail a person, their commitments only, once a day."""

from datetime import date, timedelta

from listening.domain import CommitmentStatus, OrgKind, Role
from listening.extensions import db
from listening.models import Commitment
from listening.services import commitments
from listening.services.commitments import tasks
from tests import factories

TODAY = date(2027, 3, 10)


def _world():
    council = factories.org(OrgKind.ANCHOR, name="City Council (test)")
    trust = factories.org(OrgKind.ANCHOR, name="Hospital Trust (test)")
    quiet = factories.org(OrgKind.ANCHOR, name="University (test)")
    for email, org in [("a@council.test", council), ("b@council.test", council), ("c@trust.test", trust),
                       ("d@uni.test", quiet)]:
        factories.user(Role.ANCHOR, organisation=org, email=email)
    factories.user(Role.STAFF, email="staff@hub.test")
    rows = [
        (council, "Fix the canal lights", TODAY - timedelta(days=3), CommitmentStatus.IN_PROGRESS),
        (council, "Open the library on Sundays", TODAY, CommitmentStatus.PROPOSED),
        (council, "Repaint the bandstand", TODAY + timedelta(days=7), CommitmentStatus.IN_PROGRESS),
        (council, "Plant the orchard", TODAY - timedelta(days=9), CommitmentStatus.DONE),
        (trust, "Weekend GP hours", TODAY - timedelta(days=1), CommitmentStatus.IN_PROGRESS),
        (quiet, "Student volunteering", TODAY + timedelta(days=30), CommitmentStatus.PROPOSED),
    ]
    for org, title, due_on, status in rows:
        db.session.add(Commitment(organisation_id=org.id, title=title, due_on=due_on, status=status))
    db.session.commit()


def test_each_anchor_gets_one_mail_with_only_their_commitments_once_a_day(app, mailbox):
    with app.app_context():
        _world()
        assert commitments.send_due_digests(TODAY) == 3
    sent = mailbox.wait_for(4, timeout=1.0)
    assert sorted(m.to for m in sent) == ["a@council.test", "b@council.test", "c@trust.test"]
    for email in ("a@council.test", "b@council.test"):
        (message,) = mailbox.to(email)
        assert "Fix the canal lights" in message.body and "Open the library on Sundays" in message.body
        assert message.body.index("Overdue") < message.body.index("Fix the canal lights") < message.body.index("Due today")
        for other in ("Repaint the bandstand", "Plant the orchard", "Weekend GP hours"):
            assert other not in message.body
        assert "http://hark.test/commitments/" in message.body
    (trust,) = mailbox.to("c@trust.test")
    assert "Weekend GP hours" in trust.body and "Fix the canal lights" not in trust.body

    with app.app_context():  # the same day again: nobody is mailed twice
        assert commitments.send_due_digests(TODAY) == 0
    assert len(mailbox.wait_for(4, timeout=0.5)) == 3

    with app.app_context():  # the next day the still-open ones come round again
        assert commitments.send_due_digests(TODAY + timedelta(days=1)) == 3
    assert len(mailbox.wait_for(6)) == 6


def test_the_daily_task_sends_nothing_when_mail_is_not_set_up(app):
    with app.app_context():
        _world()
        assert not app.config["MAIL_SERVER"]
        assert tasks.commitments_due_job.call_local() == 0
