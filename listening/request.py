"""The app's request class: form fields and query parameters never carry a NUL character.

No person means a NUL, PostgreSQL cannot store one in text (saving a pasted one was a 500), and
SQLite would keep it as invisible garbage. Werkzeug builds `request.args`, `request.form` and
`request.files` with `parameter_storage_class`, so cleaning there covers every view and form.
"""

from __future__ import annotations

from flask import Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict


def _clean(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def _pairs(mapping):
    if isinstance(mapping, MultiDict):
        yield from mapping.items(multi=True)
    elif isinstance(mapping, dict):
        for key, value in mapping.items():
            if isinstance(value, (list, tuple)):
                yield from ((key, v) for v in value)
            else:
                yield key, value
    else:
        yield from mapping


class NulFreeMultiDict(ImmutableMultiDict):
    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
        else:
            super().__init__([(_clean(k), _clean(v)) for k, v in _pairs(mapping)])


class HarkRequest(Request):
    parameter_storage_class = NulFreeMultiDict


def refuse_nul_in_path() -> None:
    """A NUL in the path (`/wards/%00`) reaches no page: 404 before a view passes it to the database."""
    if "\x00" in request.path:
        abort(404)
