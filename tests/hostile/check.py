"""Post one hostile file through the real import and judge the outcome (shared with bench)."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import Note
from tests.hostile.corpus import Item


def note_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Note)) or 0


def post(client, item: Item):
    """Upload; a file that passes the checks is confirmed on its preview page, as a person would."""
    token = client.csrf_token("/sessions/import")
    response = client.raw.post("/sessions/import", data={"csrf_token": token, "file": (io.BytesIO(item.data), item.filename)},
                               content_type="multipart/form-data")
    if response.status_code == 302 and "/sessions/import/" in response.location:
        preview = client.raw.get(response.location)
        assert preview.status_code < 500, f"{item.name}: preview {preview.status_code}"
        if preview.status_code != 200:
            return preview
        token = client.csrf_token(response.location)
        response = client.raw.post(response.location, data={"csrf_token": token})
    return response


def judge(app, client, item: Item) -> str:
    """'imported' or 'refused'; raises AssertionError on a 5xx, a partial import or a silent refusal."""
    before = note_count(app)
    response = post(client, item)
    added = note_count(app) - before
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{item.name}: {response.status_code}"
    if added:
        assert response.status_code == 200 and "imported" in body.lower(), f"{item.name}: added {added} but said {response.status_code}"
        assert added == item.rows, f"{item.name}: partial import, {added} of {item.rows} notes"
        return "imported"
    assert response.status_code in (400, 413, 422), f"{item.name}: nothing saved but status {response.status_code}"
    assert "<title>Error:" in body, f"{item.name}: refused without saying so in the title"
    message = re.search(r'class="govuk-error-(?:summary__list|message)"(.*?)</(?:ul|p)>', body, re.S)
    said = bool(message and re.sub(r"<[^>]+>", "", message.group(1)).replace("Error:", "").strip())
    assert said or "Nothing was imported" in body, f"{item.name}: refused without a message"
    return "refused"
