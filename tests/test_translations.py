"""The message catalogs are complete for the pages residents read, and hold nothing stale.

Messages are re-extracted into a temporary POT with their locations (pybabel, as `make
messages` does), so the check always follows the code. TRANSLATED_SCOPE names the files whose
messages must be translated in every language in REQUIRED_LANGUAGES: the whole app.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_LANGUAGES = ("pl", "ur")
# Files (glob patterns, relative to the repository) whose every message must be translated.
TRANSLATED_SCOPE = ("listening/*", "templates/*")  # the whole app (fnmatch's * crosses folders)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("messages") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "--quiet", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def _catalog(lang: str):
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no catalog for {lang}: run pybabel init -i translations/messages.pot -d translations -l {lang}"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _in_scope(message) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for path, _line in message.locations for pattern in TRANSLATED_SCOPE)


def _forms(value) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [value]


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_every_message_in_scope_is_translated(extracted, lang):
    catalog = _catalog(lang)
    missing = []
    for message in extracted:
        if not message.id or not _in_scope(message):
            continue
        found = catalog.get(message.id)
        if found is None or not all(_forms(found.string)) or found.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == [], f"{lang}: untranslated messages (run `make messages`, then translate):\n" + "\n".join(
        sorted(missing))


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_no_message_in_the_catalog_is_unused(extracted, lang):
    catalog = _catalog(lang)
    used = {m.id for m in extracted if m.id}
    stale = [m.id for m in catalog if m.id and m.id not in used]
    assert stale == [], f"{lang}: messages no longer used (run `make messages`): {stale}"
    assert not catalog.obsolete, f"{lang}: obsolete (#~) entries left in the catalog: {list(catalog.obsolete)}"


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_translations_keep_their_placeholders(lang):
    for message in _catalog(lang):
        if not message.id or not message.string:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_forms(message.id))))
        for form in _forms(message.string):
            if form:
                assert set(PLACEHOLDER.findall(form)) == wanted, (lang, message.id, form)


def test_the_scope_is_not_empty(extracted):
    assert sum(1 for m in extracted if m.id and _in_scope(m)) > 800


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_plural_messages_have_every_form_of_the_language(lang):
    catalog = _catalog(lang)
    for message in catalog:
        if message.id and isinstance(message.id, tuple | list):
            assert len(_forms(message.string)) == catalog.num_plurals, (lang, message.id)


def test_api_errors_follow_accept_language(client):
    body = {"error": "unauthorised"}
    for lang, expected in (("pl", "Wyślij token API"), ("ur", "API ٹوکن")):
        response = client.get("/api/v1/sessions", headers={"Accept-Language": lang})
        body = response.get_json()
        assert response.status_code == 401 and expected in body["error"]["message"], body
    english = client.get("/api/v1/sessions", headers={"Accept-Language": "en-GB"}).get_json()
    assert english["error"]["message"] == "Send an API token in the Authorization header: 'Bearer <token>'"
