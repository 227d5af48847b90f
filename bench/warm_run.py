"""A warm theme run at city scale without the web server (issue 19: "warm re-run under 30 s").

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false \\
      .venv/bin/python bench/warm_run.py --notes 24000 [--profile] [--fresh] [--dump PATH]

The notes are generated (nlp/synthetic.py, made distinct as bench/city_scale.py makes them: five
notes a session, 33 wards, the year's months). The first time, a priming run encodes them into an
embedding cache kept in bench/out/warm-<notes>/ and its themes are stored there as the "earlier"
themes (key, label, centroid, main-theme note ids), exactly what the app hands a run that follows
another; later invocations skip both. Then one warm run is timed through the app's own entry point
(listening/services/themes/analysis.run -> nlp.run_themes), stage by stage. `--fresh` times a run
without earlier themes (clustered afresh, as after a large change). `--profile` writes cProfile's
60 most expensive calls to bench/out/prof-warm-<notes>.txt. `--dump` writes every theme's label,
keywords and quotes and every placement to a JSON file, to compare two versions of the code on
the same input (set HARK_ROOT to another checkout to run its code with this script).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import os
import pstats
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
ROOT = Path(os.environ.get("HARK_ROOT", str(HERE)))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from listening.services.themes import analysis  # noqa: E402
from nlp.synthetic import generate_notes  # noqa: E402

NOTES_PER_SESSION = 5
WARDS = [f"E0500{1400 + i}" for i in range(33)]
K = 5  # SUPPRESSION_THRESHOLD's default (config.py): the smallest group quoted / words shown


def preloaded() -> list[str]:
    """The fork server's list, less the app's own modules (this bench builds no app)."""
    try:
        from listening.services.themes.child import PRELOAD
    except ImportError:  # code without a fork server
        return ["nlp.pipeline", "nlp.embed", "torch", "sentence_transformers", "spacy"]
    return [name for name in PRELOAD if not name.startswith("listening.")]


def corpus(n: int, seed: int = 19) -> list[analysis.NoteDoc]:
    """`n` distinct notes in sessions of five, spread over 33 wards and eleven months."""
    docs, _truth = generate_notes(n, seed=seed)
    rng = random.Random(seed)
    seen: set[str] = set()
    notes: list[analysis.NoteDoc] = []
    ward, month = None, 1
    for i, doc in enumerate(docs):
        words = doc.text
        if words in seen:  # distinct texts, as a real year of notes would be
            words = f"{words.rstrip('.!')} (visit {i})."
        seen.add(words)
        if i % NOTES_PER_SESSION == 0:
            ward, month = rng.choice(WARDS), rng.randint(1, 11)
        notes.append(analysis.NoteDoc(i + 1, words, doc.kind, ward, doc.consent, f"2026-{month:02d}",
                                      i // NOTES_PER_SESSION + 1))
    return notes


def earlier_from(result: analysis.Analysis) -> list[dict]:
    main: dict[str, list[int]] = {}
    for p in result.placements:
        if p.rank == 0:
            main.setdefault(p.theme_key, []).append(p.note_id)
    return [{"key": t.key, "label": t.label, "centroid": t.centroid, "locked": False,
             "note_ids": sorted(main.get(t.key, []))} for t in result.themes if t.centroid]


def dump(result: analysis.Analysis) -> dict:
    quotes = {t.key: [q.text for q in t.quotes]
              for t in result._result.themes}
    return {
        "themes": [{"key": t.key, "label": t.label, "keywords": t.keywords, "size": t.size, "love": t.love,
                    "change": t.change, "quote_ids": t.quote_ids, "quotes": quotes.get(t.key, [])}
                   for t in result.themes],
        "placements": sorted([p.note_id, p.theme_key, round(p.score, 5), p.rank] for p in result.placements),
        "lineage": result.lineage,
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=24000)
    parser.add_argument("--seed", type=int, default=42, help="the run's seed")
    parser.add_argument("--fresh", action="store_true", help="no earlier themes: cluster afresh")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", type=Path, help="write themes, quotes and placements here (JSON)")
    parser.add_argument("--folder", type=Path, help="cache and earlier themes (default bench/out/warm-N)")
    args = parser.parse_args()

    folder = args.folder or HERE / "bench" / "out" / f"warm-{args.notes}"
    folder.mkdir(parents=True, exist_ok=True)
    notes = corpus(args.notes)
    earlier_file = folder / "earlier.json"
    if not earlier_file.exists():
        print(f"priming: encoding {len(notes)} notes into {folder} (once; minutes on 2 cores) ...", flush=True)
        started = time.perf_counter()
        first = analysis.run(notes, seed=args.seed, cache_dir=str(folder), min_quote_group=K)
        print(f"priming run {time.perf_counter() - started:.1f} s, {len(first.themes)} themes, "
              f"{first.stats.get('embedded')} texts embedded", flush=True)
        earlier_file.write_text(json.dumps(earlier_from(first)))
        # Time the warm run in a new process, as the app does (each run is forked fresh).
        os.execv(sys.executable, [sys.executable, *sys.argv])  # noqa: S606 - this script again
    earlier = None if args.fresh else [
        analysis.Earlier(e["key"], e["label"], e["centroid"], e["locked"], tuple(e["note_ids"]))
        for e in json.loads(earlier_file.read_text())]

    # What the fork server imports before it forks a run (listening/services/themes/child.py); the
    # run itself then loads the model and whatever else it needs, as a run's process does.
    for name in preloaded():
        importlib.import_module(name)
    load_before = load_average()
    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    started = time.perf_counter()
    analysis.embedder()
    model_load = time.perf_counter() - started
    result = analysis.run(notes, seed=args.seed, cache_dir=str(folder), min_quote_group=K, earlier=earlier)
    total = time.perf_counter() - started
    if profile:
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
        path = HERE / "bench" / "out" / f"prof-warm-{args.notes}.txt"
        path.write_text(out.getvalue())
        print(f"profile: {path}")
    timings = result.stats.get("timings", {})
    nlp_total = timings.get("total", 0.0)
    rows = [(stage, timings[stage]) for stage in ("prepare", "embed", "cluster", "keywords", "describe")
            if stage in timings]
    rows += [("nlp total", nlp_total), ("loading the model", model_load),
             ("app side (disclosure vocabulary, common words)", total - nlp_total - model_load),
             ("warm run, analysis.run", total)]
    print(f"\nwarm run, {args.notes} notes ({'fresh clustering' if args.fresh else 'after a run: earlier themes'}),"
          f" {len(result.themes)} themes, {result.stats.get('embedded')} texts embedded")
    print("| stage | s |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} |")
    print(f"load average before / after: {load_before} / {load_average()} (2 cores)")
    if args.dump:
        args.dump.write_text(json.dumps(dump(result), indent=0, sort_keys=True))
        print(f"dump: {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
