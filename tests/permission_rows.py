"""Rows of the role × route matrix for each area (see tests/test_permissions.py).

Each area adds its routes here: endpoint -> "public" or a set of role names.
"""

S, A, O, AD = "staff", "anchor", "organiser", "admin"  # noqa: E741 - short names keep the matrix readable
ALL = {S, A, O, AD}

EXTRA_ROWS: dict = {}

# Theme runs and curation (issue 5)
EXTRA_ROWS.update({
    "themes.runs": {O, AD},
    "themes.run": {O, AD},
    "themes.run_status": {O, AD},
    "themes.cancel_run": {O, AD},
    "themes.theme": {O, AD},
    "themes.curate": {O, AD},
})
