"""Every template seen outside the notes' organisation writes counts only through the one formatter
(`|figure`): a grep over every `{{ … }}` for count fields written any other way. Templates of inside
pages (theme curation for organisers, a staff member's own sessions, admin) are listed with why."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "templates"
# Folders whose pages only the notes' own organisation, organisers curating notes, or admins see.
INSIDE = {
    "themes": "organisers curating the notes themselves",
    "capture": "a staff member's own organisation's sessions and imports",
    "admin": "admins managing accounts",
    "privacy": "admins answering access and erasure requests",
    "auth": "sign-in: no counts",
    "errors": "error pages: no counts",
    "macros": "form macros: no counts",
}
# Single pages of the notes' own organisation in folders otherwise seen outside it.
INSIDE_FILES = {
    "main/home_staff.html": "a staff member's home: their own organisation's draft sessions",
}
COUNT = re.compile(
    r"\.(love|change|size|notes|notes_total|sessions|people|participants|count|cells|total)\b(?!\s*\()"
    r"|\[\s*kind\s*\]|^n\b|\|\s*length"
)
# Fragments that match the pattern but are not counts of residents, and why.
NOT_COUNTS = {
    "e.notes": "the organiser's own notes about the event (text)",
    "rows|length": "commitments (institutions' actions), not residents",
    "history|length": "versions of a briefing",
    "languages|length": "interface languages",
    "page.threshold": "the threshold itself",
    "keys|length": "the number of themes in the city table",
    "chunk|length": "the number of themes in one part of the printed table",
    "page.notes_total not in (none, 0)": "whether the 'Based on' line shows at all (not when withheld or none)",
    "gathered.sessions|length": "the reader's own organisation's sessions (others are a figure)",
    "gathered.sessions": "the reader's own organisation's sessions, listed (others are a figure)",
}


def _outside_templates():
    for path in sorted(ROOT.rglob("*.html")):
        folder = path.relative_to(ROOT).parts[0] if len(path.relative_to(ROOT).parts) > 1 else ""
        if folder not in INSIDE and path.relative_to(ROOT).as_posix() not in INSIDE_FILES:
            yield path


def _expressions(text: str):
    for match in re.finditer(r"\{\{(.*?)\}\}|\{%-?\s*(?:if|elif|set)\s(.*?)%\}", text, re.S):
        yield (match.group(1) or match.group(2)).strip()


def test_every_count_in_an_outside_template_goes_through_the_formatter():
    raw = []
    for path in _outside_templates():
        for expression in _expressions(path.read_text(encoding="utf-8")):
            rest = expression
            for fragment in NOT_COUNTS:  # whole names only: "e.notes" is not "page.notes_total"
                rest = re.sub(r"(?<![\w.])" + re.escape(fragment) + r"(?!\w)", "", rest)
            rest = re.sub(r'(?<![\w.])_\("(?:[^"\\]|\\.)*"', "", rest)  # message text itself
            if COUNT.search(rest) and "figure" not in rest:
                raw.append(f"{path.relative_to(ROOT)}: {{{{ {expression} }}}}")
    assert not raw, "Counts written without |figure:\n" + "\n".join(raw)


def test_the_walk_would_catch_a_raw_count():
    template = '<td>{{ row[kind] }}</td><p>{{ s.heard.sessions }}</p><p>{{ _("Based on %(n)s", n=page.notes_total) }}</p>'
    assert all(COUNT.search(e) and "figure" not in e for e in _expressions(template))
    assert not any(COUNT.search(e) and "figure" not in e for e in _expressions("{{ row[kind]|figure(s) }}"))


API = Path(__file__).resolve().parents[2] / "listening" / "api"
# The sessions API answers a staff member about their own organisation's sessions only.
API_INSIDE = {"sessions.py", "sessions_schema.py"}
COUNT_FIELD = re.compile(r'"(love|change|size|notes|sessions|people|count|cells)":\s*(?!\[)')
THROUGH_FORMATTER = ("count(", "machine", "disclosure.", "published.get(", "COUNT", "$ref", '"type"', "# raw: organisers only")


def test_every_count_in_an_api_serializer_goes_through_the_formatter():
    raw = []
    for path in sorted(API.glob("*.py")):
        if path.name in API_INSIDE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if COUNT_FIELD.search(line) and not any(mark in line for mark in THROUGH_FORMATTER):
                raw.append(f"{path.name}:{number}: {line.strip()}")
    assert not raw, "API counts not through the formatter:\n" + "\n".join(raw)
    assert COUNT_FIELD.search('{"love": t.love}')  # and it would see one
