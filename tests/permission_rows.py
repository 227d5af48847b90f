"""Rows of the role × route matrix for each area (see tests/test_permissions.py).

Each area adds its routes here: endpoint -> "public" or a set of role names.
"""

S, A, O, AD = "staff", "anchor", "organiser", "admin"  # noqa: E741 - short names keep the matrix readable
ALL = {S, A, O, AD}

EXTRA_ROWS: dict = {}
