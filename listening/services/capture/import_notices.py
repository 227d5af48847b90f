"""What the import tells a person about their file beyond cell errors: rows that are the template's
examples (refused), and rows put in one session although written a little differently (said)."""

from __future__ import annotations

from flask_babel import gettext as _


def example_rows(rows: list[tuple[int, list[str]]], examples: list[list[str]], width: int) -> list[int]:
    """Row numbers of rows that are the template's hint or example rows, cell for cell."""
    known = {tuple(str(c).strip().lower() for c in row) for row in examples}
    return [n for n, cells in rows if tuple(str(c).strip().lower() for c in cells[:width]) in known]


def merged_notices(spellings: dict[tuple, dict[tuple, list[int]]]) -> list[str]:
    """Say when rows were put in one session although their venue or facilitator was written
    differently (spaces at the ends, capital letters): a person should know, not guess."""
    notices = []
    for forms in spellings.values():
        if len(forms) < 2:
            continue
        shown = "; ".join(
            _("rows %(rows)s: “%(venue)s”", rows=", ".join(str(n) for n in rows[:5]) + ("…" if len(rows) > 5 else ""),
              venue=venue)
            for (venue, _facilitator), rows in forms.items()
        )
        notices.append(_("These rows were put in one session because their venue and facilitator differ only in "
                         "spaces or capital letters: %(rows)s", rows=shown))
    return notices
