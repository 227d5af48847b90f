"""Subject access and erasure find names written with letters outside ASCII, in any case."""

from __future__ import annotations

from listening.domain import Role
from listening.services import privacy
from tests.privacy.test_privacy import _search, _session, staff  # noqa: F401 - fixture


def test_subject_access_and_erasure_find_non_ascii_names_in_any_case(app, client, sign_in, staff):  # noqa: F811
    """Finding 7: SQLite's lower() folds ASCII only, so subject-access and erasure searches for
    Łukasz, Ömer or Émile found nothing on the default database."""
    user, ward = staff
    _session(app, user, ward, ["ŁUKASZ says the tram stop is dark", "ömer wants a bench",
                               "Émile ran the stall", "Nobody named here"])
    sign_in(Role.ADMIN)
    for typed in ("Łukasz", "łukasz", "ÖMER", "émile", "ÉMILE"):
        page = _search(client, name=typed)
        assert "1 note found" in page.text, typed
    with app.app_context():
        assert len(privacy.find_notes(privacy.Criteria(name="Ömer"))) == 1
    confirm = client.submit("/admin/privacy/erase", {"name": "łukasz"}, form_url="/admin/privacy/")
    assert confirm.status_code == 200 and "Erase 1 note" in confirm.get_data(as_text=True)
