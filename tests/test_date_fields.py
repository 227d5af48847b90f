"""One date field for every form (listening.date_input.DayMonthYearField): each form keeps its own
message for a date that is not real and for a required date left empty, an optional date left
empty is no error, and a real date is read as that day."""

from __future__ import annotations

from datetime import date

import pytest

from listening.admin.audit_log import AuditFilterForm
from listening.capture.forms import SessionDetailsForm
from listening.commitments.forms import CommitmentForm
from listening.events.forms import EventForm

FORMS = [  # form, field, message for 31 2 2027, message when left empty (None: optional)
    (CommitmentForm, "due", "The due date must be a real date, for example 31 3 2027", None),
    (EventForm, "held_on", "The date must be a real date, for example 14 5 2027",
     "Enter the date of the event, for example 14 5 2027"),
    (SessionDetailsForm, "held_on", "The date of the session must be a real date, for example 27 3 2026",
     "Enter the date of the session, for example 27 3 2026"),
    (AuditFilterForm, "date_from", "Enter a real date, for example 14 3 2026", None),
]


def _errors(app, form_class, name, parts):
    with app.test_request_context(method="POST", data={name: parts}):
        form = form_class(meta={"csrf": False})
        field = getattr(form, name)
        field.validate(form)
        return field.data, field.errors


@pytest.mark.parametrize(("form_class", "name", "unreal", "empty"), FORMS)
def test_each_form_keeps_its_own_date_messages(app, form_class, name, unreal, empty):
    assert _errors(app, form_class, name, ["31", "2", "2027"]) == (None, [unreal])
    assert _errors(app, form_class, name, ["", "", ""]) == (None, [empty] if empty else [])
    assert _errors(app, form_class, name, ["14", "3", "2026"]) == (date(2026, 3, 14), [])
