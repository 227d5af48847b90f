"""Command line: python -m nlp themes INPUT.csv --text-column text --out OUT.csv [...]

OUT.csv has columns id,theme_id,theme_label,score: one row per (note, theme), a note's rows by
score (its first row is its main theme), theme_id -1 with an empty label when a note fits none.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from nlp.types import Document, ThemeConfig


class InputError(Exception):
    """A problem with the user's file; printed as one line, never a traceback."""


def read_notes(path: Path, text_col: str, id_col: str | None, kind_col: str | None
               ) -> list[Document]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a CSV file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path} does not look like a CSV file (it contains binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text; save it as CSV UTF-8 and try again") from exc
    if not text.strip():
        raise InputError(f"{path} is empty")
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise InputError(f"{path} is not a valid CSV file: {exc}") from exc
    header, body = [h.strip() for h in rows[0]], rows[1:]
    wanted = [("--text-column", text_col), ("--id-column", id_col), ("--kind-column", kind_col)]
    for flag, col in wanted:
        if col is not None and col not in header:
            raise InputError(f"{path}: {flag} '{col}' is not a column; the columns are: "
                             f"{', '.join(header) or '(none)'}")
    body = [r for r in body if any(cell.strip() for cell in r)]
    if not body:
        raise InputError(f"{path} has a header but no notes")
    index = {name: i for i, name in enumerate(header)}

    def cell(row: list[str], col: str | None) -> str | None:
        if col is None:
            return None
        i = index[col]
        return row[i] if i < len(row) else ""

    docs = []
    seen: set[str] = set()
    for n, row in enumerate(body):
        doc_id = cell(row, id_col) if id_col else str(n)
        if doc_id in seen:
            raise InputError(f"{path}: id '{doc_id}' appears more than once in '{id_col}'")
        seen.add(doc_id)
        kind = (cell(row, kind_col) or "").strip().lower() or None
        docs.append(Document(id=doc_id, text=cell(row, text_col) or "", kind=kind))
    return docs


def write_assignments(path: Path, result) -> None:
    labels = {t.key: t.label for t in result.themes}
    ids = {t.key: i for i, t in enumerate(result.themes)}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "theme_id", "theme_label", "score"])
        for a in result.assignments:
            if a.theme_key is None:
                out.writerow([a.doc_id, -1, "", "0.0000"])
            else:
                out.writerow([a.doc_id, ids[a.theme_key], labels[a.theme_key], f"{a.score:.4f}"])


def write_themes(path: Path, result) -> None:
    themes = []
    for i, t in enumerate(result.themes):
        data = t.to_dict()
        data["theme_id"] = i
        themes.append(data)
    payload = {"model": result.model_id, "stats": result.stats, "themes": themes,
               "lineage": getattr(result, "lineage", {})}
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp", description="Hark themes")
    sub = parser.add_subparsers(dest="command", required=True)
    themes = sub.add_parser("themes", help="find themes in a CSV of notes")
    themes.add_argument("input", type=Path, metavar="INPUT.csv")
    themes.add_argument("--text-column", required=True)
    themes.add_argument("--id-column")
    themes.add_argument("--kind-column")
    themes.add_argument("--out", required=True, type=Path, metavar="OUT.csv")
    themes.add_argument("--themes-out", type=Path, metavar="THEMES.json")
    themes.add_argument("--seed", type=int, default=42)
    themes.add_argument("--cache-dir", type=Path, help="embedding cache folder (optional)")
    themes.add_argument("--save-model", type=Path, help="save the run to assign new notes later")
    args = parser.parse_args(argv)
    try:
        docs = read_notes(args.input, args.text_column, args.id_column, args.kind_column)
        for target in (args.out, args.themes_out):
            if target is not None and not target.parent.exists():
                raise InputError(f"cannot write {target}: folder {target.parent} does not exist")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from nlp.pipeline import run_themes

    _progress(0.0, f"read {len(docs)} notes from {args.input}")
    result = run_themes(docs, ThemeConfig(seed=args.seed, cache_dir=args.cache_dir),
                        progress=_progress)
    try:
        write_assignments(args.out, result)
        if args.themes_out:
            write_themes(args.themes_out, result)
        if args.save_model:
            result.save(args.save_model)
    except OSError as exc:
        print(f"error: cannot write output: {exc}", file=sys.stderr)
        return 1
    print(f"{result.stats['themes']} themes, {result.stats['themed']}/{len(docs)} notes themed; "
          f"wrote {args.out}", file=sys.stderr)
    return 0
