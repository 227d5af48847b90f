"""A deterministic corpus of hostile CSV/XLSX uploads (>= 500 files) for the notes import.

Each item: (name, filename, data, rows) where `rows` is how many notes the file holds if it
were imported whole (0 when it must be refused). The rule the import must keep: a clear
message and nothing saved, or exactly `rows` notes saved; never a partial import, never a 500.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from openpyxl import Workbook

HEADER = ["ward", "date", "venue", "format", "participants", "facilitator", "kind", "text", "consent", "language", "english"]


@dataclass(frozen=True)
class Item:
    name: str
    filename: str
    data: bytes
    rows: int


def _row(i: int, text: str | None = None, rng: random.Random | None = None) -> list[str]:
    day = 1 + i % 27
    return ["E05011402", f"2026-03-{day:02d}", f"Venue {i % 5}", "drop-in", str(3 + i % 7), "",
            "love" if i % 2 else "change", text or f"The park bench {i} needs painting", "quote", "", ""]


def _csv(rows: list[list[str]], *, sep=",", eol="\r\n", header=HEADER) -> str:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in (sep, '"', "\n", "\r")) else v

    return eol.join(sep.join(cell(v) for v in r) for r in [header, *rows]) + eol


def _xlsx(rows: list[list], header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _texts(seed: int, n: int) -> list[list[str]]:
    return [_row(seed * 1000 + i) for i in range(n)]


def generate() -> Iterator[Item]:
    rng = random.Random(20260314)
    # 1. BOMs and encodings (valid content: imported whole or refused with a message)
    for s in range(20):
        rows = _texts(s, 1 + s % 4)
        text = _csv(rows)
        yield Item(f"bom-utf8-{s}", "notes.csv", "\ufeff".encode() + text.encode(), len(rows))
        yield Item(f"utf16le-bom-{s}", "notes.csv", text.encode("utf-16"), len(rows))
        yield Item(f"utf16be-{s}", "notes.csv", text.encode("utf-16-be"), len(rows))
        yield Item(f"cp1252-{s}", "notes.csv", _csv(_texts(s, 2) + [_row(s, "Café naïve – £5 “quoted”")]).encode("cp1252"), 3)
        mixed = _csv(_texts(s, 2)).encode() + ",".join(_row(s, "Crème brûlée")).encode("latin-1") + b"\r\n"
        yield Item(f"mixed-encoding-{s}", "notes.csv", mixed, 3)
    # 2. NUL bytes and control characters at random places
    for s in range(60):
        data = bytearray(_csv(_texts(s, 3)).encode())
        for _ in range(1 + s % 5):
            data.insert(rng.randrange(len(data)), 0)
        yield Item(f"nul-{s}", "notes.csv", bytes(data), 3)
        ctrl = _csv(_texts(s, 2) + [_row(s, "bell\x07 escape\x1b[31m vertical\x0b tab")])
        yield Item(f"control-chars-{s}", "notes.csv", ctrl.encode(), 3)
    # 3. Ragged rows: too few or too many cells
    for s in range(60):
        rows = _texts(s, 4)
        k = s % 4
        rows[k] = rows[k][: rng.randrange(1, len(HEADER))] if s % 2 else rows[k] + ["extra"] * (1 + s % 3)
        yield Item(f"ragged-{s}", "notes.csv", _csv(rows).encode(), 4)
    # 4. Huge cells (1 MB), long lines, unclosed quotes
    for s in range(15):
        yield Item(f"megabyte-cell-{s}", "notes.csv", _csv(_texts(s, 1) + [_row(s, "x" * (1024 * 1024 + s))]).encode(), 2)
        yield Item(f"unclosed-quote-{s}", "notes.csv", (_csv(_texts(s, 2)) + '"E05011402,2026-03-01,oops\r\n' * (1 + s)).encode(), 2 + 1 + s)
        yield Item(f"megabyte-xlsx-cell-{s}", "notes.xlsx", _xlsx([_row(s, "y" * (32000 + s))] + _texts(s, 2)), 3)
    # 5. Too many rows (100k+) and too many columns
    for s in range(3):
        small = ["E05011402", "2026-03-01", "V", "drop-in", "1", "", "love", "a", "quote", "", ""]
        body = "\n".join([",".join(HEADER)] + [",".join(small)] * (100_000 + s)) + "\n"
        yield Item(f"rows-100k-{s}", "notes.csv", body.encode(), 100_000 + s)
        yield Item(f"columns-500-{s}", "notes.csv", _csv([_row(i) + ["z"] * 500 for i in range(2)],
                                                          header=HEADER + [f"c{i}" for i in range(500)]).encode(), 2)
    # 6. Formula cells (valid: imported whole, kept as text)
    formulas = ["=1+1", "=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(1)", '=HYPERLINK("http://x","y")', "\t=1", "=" * 50]
    for s in range(40):
        f = formulas[s % len(formulas)]
        rows = _texts(s, 2) + [_row(s, f)]
        if s % 2:
            yield Item(f"formula-csv-{s}", "notes.csv", _csv(rows).encode(), 3)
        else:
            yield Item(f"formula-xlsx-{s}", "notes.xlsx", _xlsx(rows), 3)
    # 7. Zip bombs disguised as XLSX, truncated zips, XML bombs, XLSX with junk parts
    for s in range(25):
        if s < 4:  # compressing 60 MB takes a while: four real bombs are enough
            yield Item(f"zip-bomb-{s}", "notes.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                                             "xl/worksheets/sheet1.xml": b"<" + b"a" * (60 * 1024 * 1024 + s)}), 0)
        good = _xlsx(_texts(s, 3))
        yield Item(f"truncated-xlsx-{s}", "notes.xlsx", good[: len(good) * (s + 1) // 27], 0)
        laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
                  + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
        with zipfile.ZipFile(io.BytesIO(good)) as archive:
            members = {n: archive.read(n) for n in archive.namelist()}
        members["xl/worksheets/sheet1.xml"] = laughs.encode()
        yield Item(f"xml-bomb-{s}", "notes.xlsx", _zip(members), 0)
        ext = dict(members)
        ext["xl/worksheets/sheet1.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                          b'<sheetData><row><c t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')
        yield Item(f"xxe-{s}", "notes.xlsx", _zip(ext), 0)
    # 8. Wrong extensions, empty, header-only, binary junk
    for s in range(40):
        yield Item(f"xlsx-named-csv-{s}", "notes.csv", _xlsx(_texts(s, 2)), 2)
        yield Item(f"csv-named-xlsx-{s}", "notes.xlsx", _csv(_texts(s, 2)).encode(), 2)
        yield Item(f"junk-{s}", ["notes.csv", "notes.xlsx", "notes.txt", "notes"][s % 4], rng.randbytes(64 + s * 97), 0)
    for name in ("notes.csv", "notes.xlsx", ".csv", "a" * 300 + ".csv", "../../etc/passwd.csv", "notes.csv\x00.exe"):
        yield Item(f"empty-{name[:20]}", name, b"", 0)
        yield Item(f"header-only-{name[:20]}", name, _csv([]).encode(), 0)
        yield Item(f"pdf-as-{name[:20]}", name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF", 0)


@cache
def corpus() -> tuple[Item, ...]:
    return tuple(generate())


def sample(items, n: int = 60) -> list[Item]:
    """A spread over every category, the same every run."""
    step = max(1, len(items) // n)
    return list(items[::step][:n])
