"""Precision, recall and F1 per entity type for nlp.redact, plus notes/second.

    python bench/redaction_eval.py                 # full set, then each split
    python bench/redaction_eval.py --split heldout # one split only
    python bench/redaction_eval.py --errors        # also list misses and false alarms
    python bench/redaction_eval.py --speed 10000   # time find_pii over 10,000 notes

Labelled set: tests/nlp/data/redaction_notes.jsonl, one note per line:
{"id", "split": "dev"|"heldout", "annotated", "text", "spans": [[start, end, kind], ...]}.
"annotated" is the note with inline marks, {N:Rose}, from which text and spans are derived
(--build rewrites text/spans from annotated so they can never drift apart).

Matching rule: a predicted span matches a gold span of the same kind when they overlap and
the overlap is at least half of the longer of the two (so "Mrs Khan" vs "Khan" matches,
"Harehills" inside "12 Harehills Lane" does not). Each gold span matches at most one
prediction. "Leak" counts gold characters not covered by any predicted span of any kind:
what would still be readable after redact().
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.redact import KINDS, find_pii, redact  # noqa: E402

DATA = ROOT / "tests" / "nlp" / "data" / "redaction_notes.jsonl"
CODES = {
    "N": "NAME",
    "P": "PHONE",
    "E": "EMAIL",
    "PC": "POSTCODE",
    "NHS": "NHS_NUMBER",
    "NI": "NI_NUMBER",
    "A": "ADDRESS",
    "D": "DOB",
}
_MARK = re.compile(r"\{(N|P|E|PC|NHS|NI|A|D):([^{}]+)\}")


def parse_inline(annotated: str) -> tuple[str, list[tuple[int, int, str]]]:
    """'{N:Rose} at {A:12 Oak St}' -> ('Rose at 12 Oak St', [(0, 4, 'NAME'), (8, 17, 'ADDRESS')])."""
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(annotated):
        before = annotated[pos : m.start()]
        out.append(before)
        length += len(before)
        value = m.group(2)
        spans.append((length, length + len(value), CODES[m.group(1)]))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(annotated[pos:])
    text = "".join(out)
    if "{" in text or "}" in text:
        raise ValueError(f"unparsed mark in: {annotated!r}")
    return text, spans


def load(split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split in (None, r["split"])]


def _match(gold: tuple, pred: tuple) -> bool:
    if gold[2] != pred[2]:
        return False
    overlap = min(gold[1], pred[1]) - max(gold[0], pred[0])
    return overlap > 0 and overlap * 2 >= max(gold[1] - gold[0], pred[1] - pred[0])


def evaluate(rows: list[dict]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    leaked, gold_chars = Counter(), Counter()
    errors = []
    for row in rows:
        text = row["text"]
        gold = [tuple(s) for s in row["spans"]]
        pred = [(s.start, s.end, s.kind) for s in find_pii(text)]
        used = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and _match(g, p)), None)
            if hit is None:
                fn[g[2]] += 1
                errors.append(("miss", g[2], text[g[0] : g[1]], text))
            else:
                used.add(hit)
                tp[g[2]] += 1
            covered = sum(1 for c in range(g[0], g[1]) if any(p[0] <= c < p[1] for p in pred))
            leaked[g[2]] += (g[1] - g[0]) - covered
            gold_chars[g[2]] += g[1] - g[0]
        for i, p in enumerate(pred):
            if i not in used:
                fp[p[2]] += 1
                errors.append(("false", p[2], text[p[0] : p[1]], text))
    return {"tp": tp, "fp": fp, "fn": fn, "leaked": leaked, "gold_chars": gold_chars, "errors": errors}


def table(res: dict, title: str, n_notes: int) -> str:
    lines = [
        f"{title} ({n_notes} notes)",
        f"| {'type':<11} | {'gold':>4} | {'pred':>4} | {'precision':>9} | {'recall':>6} | {'F1':>5} | {'leak':>5} |",
        f"|{'-' * 13}|{'-' * 6}:|{'-' * 6}:|{'-' * 11}:|{'-' * 8}:|{'-' * 7}:|{'-' * 7}:|",
    ]
    tot = Counter()
    for kind in (*KINDS, "ALL"):
        if kind == "ALL":
            tp, fp, fn = tot["tp"], tot["fp"], tot["fn"]
            leak, chars = tot["leak"], tot["chars"]
        else:
            tp, fp, fn = res["tp"][kind], res["fp"][kind], res["fn"][kind]
            leak, chars = res["leaked"][kind], res["gold_chars"][kind]
            tot.update({"tp": tp, "fp": fp, "fn": fn, "leak": leak, "chars": chars})
        if tp + fp + fn == 0:
            continue
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f = 2 * p * r / (p + r) if tp else 0.0
        lk = leak / chars if chars else 0.0
        lines.append(f"| {kind:<11} | {tp + fn:>4} | {tp + fp:>4} | {p:>9.3f} | {r:>6.3f} | {f:>5.3f} | {lk:>5.1%} |")
    return "\n".join(lines)


def speed(n: int) -> dict:
    """Cold start (first call loads the lookup tables) and notes/second for find_pii and redact."""
    texts = [r["text"] for r in load()]
    batch = (texts * (n // len(texts) + 1))[:n]
    start = time.perf_counter()
    find_pii(batch[0])  # loads tables once, as the app's first save does
    cold = time.perf_counter() - start
    out = {"cold_start_s": cold}
    for name, fn in (("find_pii", find_pii), ("redact", redact)):
        start = time.perf_counter()
        for t in batch:
            fn(t)
        out[name] = n / (time.perf_counter() - start)
    return out


def build() -> None:
    """Re-derive text and spans from the annotated column."""
    rows = load()
    with DATA.open("w", encoding="utf-8") as fh:
        for row in rows:
            text, spans = parse_inline(row["annotated"])
            row["text"], row["spans"] = text, [list(s) for s in spans]
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "heldout"])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--speed", type=int, default=10000, help="notes to time (0 to skip)")
    ap.add_argument("--build", action="store_true", help=build.__doc__)
    args = ap.parse_args()
    if args.build:
        build()
        return
    splits = [args.split] if args.split else [None, "dev", "heldout"]
    for split in splits:
        rows = load(split)
        if not rows:
            continue
        res = evaluate(rows)
        print(table(res, f"split={split or 'all'}", len(rows)))
        print()
        if args.errors:
            for what, kind, frag, text in res["errors"]:
                print(f"  {what:5} {kind:<10} {frag!r:<30} | {text}")
            print()
    if args.speed:
        sp = speed(args.speed)
        print(
            f"speed ({args.speed} notes, one process): find_pii {sp['find_pii']:,.0f} notes/s, "
            f"redact {sp['redact']:,.0f} notes/s; first call (loads tables) {sp['cold_start_s']:.2f} s"
        )


if __name__ == "__main__":
    main()
