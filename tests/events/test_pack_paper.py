"""The event pack on paper (issue 17, "the event pack's sign-up sheet spills its last row onto a page
of its own"): the sign-up sheet, every row of it, ends the pack on its own single page."""

from __future__ import annotations

import io

from pypdf import PdfReader

from listening.services import events
from tests.events.test_events import _event_id, _plan, world  # noqa: F401 - fixture
from tests.factories import PASSWORD


def test_the_sign_up_sheet_fits_on_one_page_with_no_orphan_row(world, client, app):  # noqa: F811
    client.sign_in(world["organiser"], PASSWORD)
    eid = _event_id(_plan(client, world))
    response = client.get(f"/events/{eid}/pack.pdf")
    assert response.status_code == 200
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    sign_up = [i for i, text in enumerate(pages) if "Sign-up sheet" in text]
    assert sign_up == [len(pages) - 1], f"the sign-up sheet is on pages {sign_up} of {len(pages)}"
    assert f"Row {events.SIGN_UP_ROWS}" in pages[-1]  # its last row is on the same page
    notes = [i for i, text in enumerate(pages) if "Notes sheet" in text]
    assert notes and f"Row {events.SIGN_UP_ROWS}" in pages[notes[-1]]  # the notes sheet too
