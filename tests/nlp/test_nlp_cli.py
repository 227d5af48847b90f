"""The command-line contract: python -m nlp themes INPUT.csv --text-column ... --out OUT.csv."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, docs, with_id=True):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["ref", "comment", "type"] if with_id else ["comment"])
        for d in docs:
            out.writerow([d.id, d.text, d.kind] if with_id else [d.text])


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _check_rows(rows, ids):
    assert list(rows[0].keys()) == ["id", "theme_id", "theme_label", "score"]
    assert [r["id"] for r in rows if True] and {r["id"] for r in rows} == set(ids)
    seen_order = list(dict.fromkeys(r["id"] for r in rows))
    assert seen_order == list(ids)  # notes in input order, a note's rows together
    for note_id in ids:
        mine = [r for r in rows if r["id"] == note_id]
        scores = [float(r["score"]) for r in mine]
        assert scores == sorted(scores, reverse=True)
        for r in mine:
            if r["theme_id"] == "-1":
                assert r["theme_label"] == "" and len(mine) == 1
            else:
                assert int(r["theme_id"]) >= 0 and r["theme_label"]


def test_cli_in_process_with_ids_and_themes_json(tmp_path, corpus, embedder, nlp_cache):
    docs = corpus[0][:120]
    src = tmp_path / "in.csv"
    _write(src, docs)
    out, themes = tmp_path / "out.csv", tmp_path / "themes.json"
    rc = main(["themes", str(src), "--text-column", "comment", "--id-column", "ref", "--kind-column", "type",
               "--out", str(out), "--themes-out", str(themes), "--seed", "3", "--cache-dir", str(nlp_cache)])
    assert rc == 0
    rows = _read(out)
    _check_rows(rows, [d.id for d in docs])
    payload = json.loads(themes.read_text())
    labels = {t["theme_id"]: t["label"] for t in payload["themes"]}
    for r in rows:
        if r["theme_id"] != "-1":
            assert labels[int(r["theme_id"])] == r["theme_label"]


def test_cli_subprocess_without_id_column_uses_row_numbers(tmp_path, corpus, nlp_cache):
    docs = corpus[0][:50]
    src = tmp_path / "notes.csv"
    _write(src, docs, with_id=False)
    out = tmp_path / "out.csv"
    proc = subprocess.run([sys.executable, "-m", "nlp", "themes", str(src), "--text-column", "comment",
                           "--out", str(out), "--cache-dir", str(nlp_cache)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "%]" in proc.stderr  # progress goes to stderr
    rows = _read(out)
    _check_rows(rows, [str(i) for i in range(len(docs))])


@pytest.mark.parametrize("content,args,message", [
    ("comment\nbuses are late\n", ["--text-column", "text"], "not a column"),
    ("", ["--text-column", "text"], "empty"),
    ("text\n", ["--text-column", "text"], "no notes"),
    ("text,id\nbins,1\nbuses,1\n", ["--text-column", "text", "--id-column", "id"], "more than once"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", ["--text-column", "text"], "CSV"),
    (b"text\n\xff\xfe caf\xe9\n", ["--text-column", "text"], "UTF-8"),
])
def test_bad_input_exits_with_a_clear_message(tmp_path, capsys, content, args, message):
    src = tmp_path / "bad.csv"
    src.write_bytes(content if isinstance(content, bytes) else content.encode())
    rc = main(["themes", str(src), *args, "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert rc != 0 and message in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_missing_file_in_a_real_process(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "nlp", "themes", str(tmp_path / "nope.csv"), "--text-column", "t",
                           "--out", str(tmp_path / "o.csv")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "no such file" in proc.stderr and "Traceback" not in proc.stderr
