"""A theme's name and summary in Polish or Urdu, given by an organiser, kept by theme key (so they
outlive reruns), and read by the public pages; without one a page shows the English, marked so."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from listening.extensions import db
from listening.models import ThemeTranslation
from listening.services.core import audit, write

LANGUAGES = ("pl", "ur")
LABEL_MAX = 200
SUMMARY_MAX = 2000


class TranslationError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class Shown:
    label: str
    summary: str | None
    language: str  # the language the name is in: the page's, or "en" when nobody translated it
    summary_language: str


def translations_for(key: str) -> dict[str, ThemeTranslation]:
    rows = db.session.scalars(select(ThemeTranslation).where(ThemeTranslation.theme_key == key))
    return {row.language: row for row in rows}


def save_translations(actor_id: int | None, key: str, given: dict[str, tuple[str, str]]) -> None:
    """`given` maps a language to (name, summary); an empty name removes that language's words.
    Every problem is found before anything is saved."""
    problems = []
    for lang, (label, summary) in given.items():
        if lang not in LANGUAGES:
            problems.append(TranslationError(f"label_{lang}", _("Hark has no pages in that language")))
        if len(label.strip()) > LABEL_MAX:
            problems.append(TranslationError(f"label_{lang}", _("The name must be %(most)s characters or fewer", most=LABEL_MAX)))
        if len(summary.strip()) > SUMMARY_MAX:
            problems.append(TranslationError(f"summary_{lang}", _("The summary must be %(most)s characters or fewer", most=SUMMARY_MAX)))
        if summary.strip() and not label.strip():
            problems.append(TranslationError(f"label_{lang}", _("Enter the name in this language as well as the summary")))
    if problems:
        raise ExceptionGroup("translation problems", problems)
    with write():
        existing = translations_for(key)
        for lang, (label, summary) in given.items():
            row = existing.get(lang)
            if not label.strip():
                if row is not None:
                    db.session.delete(row)
                continue
            if row is None:
                row = ThemeTranslation(theme_key=key, language=lang, label="")
                db.session.add(row)
            row.label, row.summary, row.updated_by_id = label.strip(), summary.strip() or None, actor_id
        audit.record("theme.translated", actor_id, None, theme=key, languages=sorted(given))


def shown(label: str, summary: str | None, row: ThemeTranslation | None) -> Shown:
    """The words a page shows for a theme: the organiser's translation, else the English (so marked)."""
    if row is None:
        return Shown(label, summary, "en", "en")
    if row.summary:
        return Shown(row.label, row.summary, row.language, row.language)
    return Shown(row.label, summary, row.language, "en")


def for_language(keys: list[str], language: str) -> dict[str, ThemeTranslation]:
    if language not in LANGUAGES or not keys:
        return {}
    rows = db.session.scalars(select(ThemeTranslation).where(
        ThemeTranslation.theme_key.in_(keys), ThemeTranslation.language == language))
    return {row.theme_key: row for row in rows}
