"""The GOV.UK day/month/year date input, safe against a posted date with other than three parts.

A browser always sends three values; a hand-made request may send one, two or four. The field
answers that with a form error, and the widget is always given three parts to redraw. No browser
sends such a request, so the redrawn page is answered 400 (init_app) rather than 200 or a 500.
"""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField
from wtforms.utils import unset_value

WRONG_PARTS = _l("Enter the date as a day, a month and a year, for example 27 3 2026")


class DateInput(GovDateInput):
    """GovDateInput with translated part labels."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item, label in zip(params["items"], (_l("Day"), _l("Month"), _l("Year")), strict=True):
            item["label"] = str(label)
        return params


class ThreePartDateField(DateField):
    """A DateField posted as day, month and year. Subclasses may parse differently; the
    part count is checked after them, so their messages stand for three-part input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(*args, **kwargs)

    def process(self, formdata, data=unset_value, extra_filters=None):
        posted = formdata.getlist(self.name) if formdata is not None and self.name in formdata else None
        super().process(formdata, data, extra_filters)
        if formdata is not None and posted is None:
            self.raw_data = ["", "", ""]  # not posted at all: three empty boxes (required checks still apply)
            return
        if posted is None or len(posted) == 3:
            return
        posted = [part for part in posted if isinstance(part, str)]
        self.raw_data = (posted + ["", "", ""])[:3]
        if any(part.strip() for part in posted):
            self.data = None
            self.process_errors = [str(WRONG_PARTS)]
            g.malformed_date = True


class DayMonthYearField(ThreePartDateField):
    """The date field of every form: three boxes left empty give no date and no error (the field's
    validators say whether a date is needed: Optional, or InputRequired with its own message), and
    a date that is not real says `invalid`, a sentence naming the field."""

    def __init__(self, label=None, validators=None, *, invalid, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        if not any((part or "").strip() for part in valuelist):
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(self.invalid)) from None


def _answer_malformed_with_400(response):
    if g.pop("malformed_date", False) and response.status_code == 200:
        response.status_code = 400
    return response


def init_app(app) -> None:
    app.after_request(_answer_malformed_with_400)
