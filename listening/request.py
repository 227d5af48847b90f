"""The app's request class: form fields and query parameters never carry a NUL character.

No person means a NUL, PostgreSQL cannot store one in text (saving a pasted one was a 500), and
SQLite would keep it as invisible garbage. Werkzeug builds `request.args`, `request.form` and
`request.files` with `parameter_storage_class`, so cleaning there covers every view and form.
"""

from __future__ import annotations

import re
from itertools import accumulate

from flask import Request, abort, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import BadRequest

# Hark's deepest body is three levels (a session, its notes, a note); 32 leaves room and stays
# far below Python's recursion limit, which `[` x 1000 reached inside the parser (a 500).
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


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


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, in one linear pass (strings skipped)."""
    steps = (1 if b in "[{" else -1 for b in _BRACKETS.findall(_JSON_STRING.sub("", text)))
    return max(accumulate(steps, initial=0))


def check_json_depth(text: str) -> None:
    """ValueError, with a message for the sender, when the JSON nests deeper than Hark reads."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ValueError(_("the JSON nests arrays or objects more than %(n)d levels deep", n=MAX_JSON_DEPTH))


class HarkRequest(Request):
    parameter_storage_class = NulFreeMultiDict

    def get_json(self, force=False, silent=False, cache=True):
        """Refuse too-deep JSON with a 400 and a message before the parser recurses."""
        if force or self.is_json:
            try:
                check_json_depth(self.get_data(cache=True, as_text=True))
            except ValueError as error:
                raise BadRequest(_("The body is not valid JSON: %(error)s", error=str(error))) from None
        return super().get_json(force=force, silent=silent, cache=cache)


def refuse_nul_in_path() -> None:
    """A NUL in the path (`/wards/%00`) reaches no page: 404 before a view passes it to the database."""
    if "\x00" in request.path:
        abort(404)
