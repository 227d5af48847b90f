"""Importing notes from a spreadsheet: every row is checked first, and nothing is saved
unless every row is valid; a valid file is saved in one transaction.

One row is one note. Rows with the same ward, date, venue, format and facilitator
are one listening session.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from listening.domain import Consent, NoteKind, SessionFormat
from listening.i18n import number as format_number
from listening.services import places
from listening.services.capture import rules
from listening.services.capture import sessions as capture
from listening.services.capture.import_notices import example_rows, merged_notices
from listening.services.capture.spreadsheets import FileProblem, Limits, Table, read_table
from listening.services.core import safe_cell

# The template's columns, in order: (name, required, what goes in it, an example).
COLUMNS = [
    ("ward", True, _l("The ward's name or ONS code"), "Kirkstall"),
    ("date", True, _l("The date of the session: YYYY-MM-DD or DD/MM/YYYY"), "2026-03-14"),
    ("venue", True, _l("Where the session was held"), "Kirkstall Community Centre"),
    ("format", True, _l("drop-in, group-conversation, one-to-one, street-stall, online or event"), "drop-in"),
    ("participants", False, _l("How many people the session heard from (the same on every row of a session)"), "12"),
    ("facilitator", False, _l("Who ran the session"), ""),
    ("kind", True, _l("love or change"), "love"),
    ("text", True, _l("What they said (up to 2,000 characters). No names, phone numbers or addresses"), "The library is warm and the staff are kind"),
    ("consent", True, _l("quote (may be quoted anonymously) or analysis (analysis only)"), "quote"),
    ("language", False, _l("The language it was said in: a name like Urdu or a code like ur. Blank means English"), "en"),
    ("english", False, _l("An English rendering, when it was said in another language"), ""),
]
COLUMN_NAMES = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[1]]
EXAMPLE_ROWS = [
    [c[3] for c in COLUMNS],
    ["Kirkstall", "2026-03-14", "Kirkstall Community Centre", "drop-in", "12", "", "change",
     "The buses into town are too crowded in the morning", "analysis", "en", ""],
    ["Gipton and Harehills", "14/03/2026", "Harehills Library", "group-conversation", "8", "", "change",
     "Gali mein kooda har hafte pada rehta hai", "quote", "Urdu", "Rubbish is left in the street every week"],
]
_ALIASES = {
    "ward_code": "ward", "ward_name": "ward", "session_date": "date", "date_of_session": "date",
    "people": "participants", "people_heard_from": "participants", "number_of_people": "participants",
    "love_or_change": "kind", "type": "kind", "note": "text", "what_they_said": "text", "comment": "text",
    "in_english": "english", "english_text": "english", "english_rendering": "english", "translation": "english",
}
MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number as the spreadsheet shows it (the header is row 1)
    column: str | None
    message: str


@dataclass(frozen=True)
class PreviewSession:
    """One session a checked file would create, as the preview page lists it."""
    ward: str
    held_on: date
    venue: str
    format: SessionFormat
    love: int
    change: int


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    sessions: list = field(default_factory=list)
    notes: int = 0
    rows: int = 0
    encoding: str = ""
    preview: list[PreviewSession] = field(default_factory=list)
    table: Table | None = None  # the rows read, kept for the preview step (never re-read from the file)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _column_name(header: str) -> str:
    name = "_".join(header.strip().lower().replace("-", " ").replace("/", " ").split())
    return _ALIASES.get(name, name)


def _ward_lookup() -> dict[str, int]:
    lookup = {}
    for ward in places.list_wards():
        lookup[ward.code.lower()] = ward.id
        lookup[ward.name.lower()] = ward.id
        lookup[ward.name.lower().replace("&", "and")] = ward.id
    return lookup


def _kind(value: str) -> NoteKind | None:
    text = value.strip().lower()
    if text in ("love", "loves", "like", "likes"):
        return NoteKind.LOVE
    if text in ("change", "would change", "changes"):
        return NoteKind.CHANGE
    return None


def _consent(value: str) -> Consent | None:
    text = value.strip().lower()
    if text in ("quote", "may be quoted", "quote anonymously", "yes"):
        return Consent.QUOTE
    if text in ("analysis", "analysis only", "no"):
        return Consent.ANALYSIS
    return None


def _check_row(number: int, cells: list[str], index: dict, ward_ids: dict, limits: Limits):
    """(values, problems) for one row; values is None when the row has problems."""
    def cell(name: str) -> str:
        i = index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    row_problems = []

    def problem(column: str, message: str) -> None:
        row_problems.append(Problem(number, column, message))

    for name, i in index.items():
        if len(cells[i]) > limits.max_cell_chars:
            problem(name, _("This cell is %(length)s characters long; the most a cell can hold is %(most)s",
                                  length=format_number(len(cells[i])), most=format_number(limits.max_cell_chars)))

    ward_text = cell("ward")
    ward_id = ward_ids.get(ward_text.lower()) or ward_ids.get(ward_text.lower().replace("&", "and"))
    if not ward_text:
        problem("ward", _("Enter the ward: its name or ONS code"))
    elif ward_id is None:
        problem("ward", _("\u2018%(value)s\u2019 is not a ward Hark knows. Use a name or code from the Wards list", value=ward_text[:60]))

    date_text = cell("date")
    held_on = rules.parse_date(date_text)
    if not date_text:
        problem("date", _("Enter the date of the session"))
    elif held_on is None:
        problem("date", _("\u2018%(value)s\u2019 is not a date. Write it as YYYY-MM-DD or DD/MM/YYYY, like 2026-03-14", value=date_text[:30]))
    elif (date_message := rules.date_problem(held_on)) is not None:
        problem("date", date_message)

    venue = cell("venue")
    if not venue:
        problem("venue", _("Enter where the session was held"))
    elif len(venue) > rules.VENUE_MAX_CHARS:
        problem("venue", _("Venue must be 200 characters or fewer"))

    format_text = cell("format")
    session_format = rules.format_from_text(format_text)
    if not format_text:
        problem("format", _("Enter the format of the session, for example drop-in"))
    elif session_format is None:
        problem("format", _("\u2018%(value)s\u2019 is not a format. Use one of: drop-in, group-conversation, one-to-one, street-stall, online, event",
                            value=format_text[:40]))

    participants = 0
    participants_text = cell("participants")
    if participants_text:
        try:
            participants = int(float(participants_text)) if float(participants_text).is_integer() else -1
        except ValueError:
            participants = -1
        if not 0 <= participants <= rules.PARTICIPANTS_MAX:
            problem("participants", _("People heard from must be a whole number between 0 and 10,000, like 12"))

    facilitator = cell("facilitator")
    if len(facilitator) > rules.FACILITATOR_MAX_CHARS:
        problem("facilitator", _("Facilitator must be 200 characters or fewer"))

    kind_text = cell("kind")
    kind = _kind(kind_text)
    if not kind_text:
        problem("kind", _("Enter love or change"))
    elif kind is None:
        problem("kind", _("\u2018%(value)s\u2019 is not love or change", value=kind_text[:30]))

    text = cell("text")
    if not text:
        problem("text", _("Enter what they said"))
    elif len(text) > rules.NOTE_MAX_CHARS:
        problem("text", _("What they said is %(length)s characters long; it must be 2,000 characters or fewer",
                            length=format_number(len(text))))

    consent_text = cell("consent")
    consent = _consent(consent_text)
    if not consent_text:
        problem("consent", _("Enter quote or analysis"))
    elif consent is None:
        problem("consent", _("\u2018%(value)s\u2019 is not quote or analysis", value=consent_text[:30]))

    language = rules.language_code(cell("language"))
    if language is None:
        problem("language", _("\u2018%(value)s\u2019 is not a language. Use a name like Urdu or a code like ur",
                              value=cell("language")[:30]))

    english = cell("english")
    if len(english) > rules.NOTE_MAX_CHARS:
        problem("english", _("The English must be 2,000 characters or fewer"))

    if row_problems:
        return None, row_problems
    return (ward_id, held_on, venue, session_format, participants, facilitator, kind, text, consent, language, english), []


def validate(table: Table, limits: Limits) -> tuple[list, list[Problem], list[str]]:
    """Check every row; returns (session groups, problems, notices). Saves nothing."""
    problems: list[Problem] = []
    notices: list[str] = []
    names = [_column_name(h) for h in table.header]
    index: dict[str, int] = {}
    ignored = []
    for i, name in enumerate(names):
        if name in COLUMN_NAMES and name not in index:
            index[name] = i
        else:
            ignored.append(table.header[i] or _("column %(number)s", number=i + 1))
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        problems.append(Problem(1, None, _(
            "The file has no column for %(columns)s. The first row must name the columns, as in the template",
            columns=", ".join(missing))))
        return [], problems, notices
    if ignored:
        notices.append(_("These columns were ignored: %(columns)s", columns=", ".join(ignored)))
    if not table.rows:
        problems.append(Problem(None, None, _("The file has no rows of notes under the column names")))
        return [], problems, notices

    ward_ids = _ward_lookup()
    groups: dict[tuple, tuple[capture.SessionInput, list[capture.NoteInput]]] = {}
    spellings: dict[tuple, dict[tuple, list[int]]] = {}  # how each session's venue was written, by row
    for number, cells in table.rows:
        values, row_problems = _check_row(number, cells, index, ward_ids, limits)
        if values is None:
            problems.extend(row_problems)
            continue
        ward_id, held_on, venue, session_format, participants, facilitator, kind, text, consent, language, english = values
        key = (ward_id, held_on, venue.lower(), session_format, facilitator.lower())
        written = tuple(cells[index[c]] if c in index and index[c] < len(cells) else "" for c in ("venue", "facilitator"))
        spellings.setdefault(key, {}).setdefault(written, []).append(number)
        if key not in groups:
            groups[key] = (
                capture.SessionInput(ward_id=ward_id, held_on=held_on, venue=venue, format=session_format,
                                     participants=participants, facilitator=facilitator or None),
                [],
            )
        data, notes = groups[key]
        data.participants = max(data.participants, participants)
        if language not in data.languages:
            data.languages.append(language)
        notes.append(capture.NoteInput(kind, text, consent, language, english or None))
    notices += merged_notices(spellings)
    return list(groups.values()), problems, notices




def _read_and_check(filename: str, data: bytes) -> tuple[Outcome, list]:
    limits = Limits.from_config(current_app.config)
    try:
        table = read_table(filename, data, limits)
    except FileProblem as error:
        return Outcome(problems=[Problem(None, None, str(error))]), []
    return check_table(table)


def check_table(table: Table) -> tuple[Outcome, list]:
    """Check every row of a table already read; returns (outcome, session groups)."""
    outcome = Outcome(encoding=table.encoding, rows=len(table.rows), table=table)
    examples = example_rows(table.rows, EXAMPLE_ROWS, len(COLUMNS))
    if examples:  # the template uploaded unchanged would import made-up notes as real ones
        outcome.problems.append(Problem(None, None, _(
            "Rows %(rows)s are the template's examples, not real notes. Delete them, add the notes you heard, "
            "and upload the file again.", rows=", ".join(str(n) for n in examples))))
        return outcome, []
    groups, problems, notices = validate(table, Limits.from_config(current_app.config))
    outcome.notices = table.notices + notices
    outcome.problems = problems
    return outcome, groups


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:40]


def _keyed(user, digest: str, groups: list) -> list:
    # Keys from the file's bytes: the same file uploaded twice maps to the same sessions.
    return [(s, notes, f"import:{user.organisation_id}:{digest}:{i}") for i, (s, notes) in enumerate(groups)]


def already_imported(user, digest: str) -> bool:
    return capture.submission_key_used(f"import:{user.organisation_id}:{digest}:0")


def check_file(user, filename: str, data: bytes) -> Outcome:
    """Read and check every row, saving nothing. On success `preview` lists the sessions the
    file would create (for the "check before you import" page) and `table` holds the rows read."""
    outcome, groups = _read_and_check(filename, data)
    if not outcome.ok:
        return outcome
    outcome.digest = file_digest(data)
    if already_imported(user, outcome.digest):
        outcome.problems.append(Problem(None, None, _("This file has already been imported")))
        return outcome
    names = {w.id: w.name for w in places.list_wards()}
    outcome.preview = [
        PreviewSession(names.get(s.ward_id, ""), s.held_on, s.venue, s.format,
                       sum(1 for n in notes if n.kind == NoteKind.LOVE),
                       sum(1 for n in notes if n.kind == NoteKind.CHANGE))
        for s, notes in groups
    ]
    outcome.notes = sum(len(notes) for _session, notes in groups)
    return outcome


def import_file(user, filename: str, data: bytes) -> Outcome:
    """Read, check and (only if every row is valid) save. Never saves part of a file."""
    outcome, groups = _read_and_check(filename, data)
    return _save(user, outcome, groups, file_digest(data))


def import_table(user, table: Table, digest: str) -> Outcome:
    """Check again (wards may have changed since the preview) and save rows read earlier."""
    outcome, groups = check_table(table)
    return _save(user, outcome, groups, digest)


def _save(user, outcome: Outcome, groups: list, digest: str) -> Outcome:
    if not outcome.ok:
        return outcome
    keyed = _keyed(user, digest, groups)
    try:
        outcome.sessions = capture.create_many(user, keyed, source="import")
    except capture.CaptureError as error:
        outcome.problems.append(Problem(None, None, error.message))
        return outcome
    outcome.notes = sum(len(notes) for _session, notes, _key in keyed)
    return outcome


def template_rows() -> tuple[list[str], list[list[str]]]:
    return COLUMN_NAMES, EXAMPLE_ROWS


def template_xlsx() -> bytes:
    """The template as an Excel workbook: a Notes sheet, a Guide sheet and the Wards list."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font


    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(COLUMN_NAMES)
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        notes.append([safe_cell(v) for v in row])
    guide = book.create_sheet("Guide")
    guide.append(["column", "required", "what goes in it"])
    for name, required, help_text, _example in COLUMNS:
        guide.append([name, "yes" if required else "no", str(help_text)])
    ward_sheet = book.create_sheet("Wards")
    ward_sheet.append(["code", "name"])
    for ward in places.list_wards():
        ward_sheet.append([ward.code, safe_cell(ward.name)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
