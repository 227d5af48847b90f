"""Scale curve on synthetic notes (nlp.synthetic, project-written templates; no evaluation data).

    python bench/nlp_scale.py [--sizes 1000,10000,100000]

For each size, with a fresh embedding cache: first run, re-run with cached embeddings, and
assigning one new note to the saved run (median of 20 after one warm-up); peak extra RSS of each
step. Prints a Markdown table (for docs/performance.md) and writes bench/out/nlp_scale.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import ThemeConfig, load_model, run_themes  # noqa: E402
from nlp.embed import load_embedder  # noqa: E402
from nlp.evaluate import PeakMemory  # noqa: E402
from nlp.synthetic import generate_notes  # noqa: E402

NEW_NOTES = ["The 42 bus never came this morning and I was late for work",
             "Rats everywhere since the bins stopped being emptied on our road",
             "The youth club closing has left teenagers with nothing to do"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "nlp_scale.json")
    args = parser.parse_args()
    embedder = load_embedder()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        docs, _ = generate_notes(size, seed=size)
        unique = len({d.text for d in docs})
        work = Path(tempfile.mkdtemp(prefix=f"hark-scale-{size}-"))
        cfg = ThemeConfig(seed=42, cache_dir=work / "embeddings", embedder=embedder)
        row = {"notes": size, "unique_texts": unique}

        def log(message, size=size):
            print(f"[{size}] {message}", file=sys.stderr, flush=True)

        for step in ("first_run", "re_run"):
            with PeakMemory() as mem:
                t = time.perf_counter()
                result = run_themes(docs, config=cfg)
                row[f"{step}_s"] = round(time.perf_counter() - t, 2)
            row[f"{step}_peak_mb"] = round(mem.peak_mb)
            row[f"{step}_embedded"] = result.stats["embedded"]
            row[f"{step}_timings"] = {k: round(v, 2) for k, v in result.stats["timings"].items()}
            log(f"{step}: {row[f'{step}_s']} s, +{row[f'{step}_peak_mb']} MB, {result.stats['themes']} themes, "
                f"{result.stats['embedded']} texts embedded")
        row["themes"] = result.stats["themes"]
        row["themed_share"] = round(result.stats["themed"] / size, 4)
        result.save(work / "run")
        t = time.perf_counter()
        model = load_model(work / "run", embedder=embedder)
        row["load_model_s"] = round(time.perf_counter() - t, 3)
        model.assign(["warm-up note about parks"])
        times = []
        for i in range(20):
            t = time.perf_counter()
            model.assign([NEW_NOTES[i % len(NEW_NOTES)]])
            times.append((time.perf_counter() - t) * 1000)
        row["assign_one_ms_median"] = round(statistics.median(times), 1)
        row["assign_one_ms_max"] = round(max(times), 1)
        row["max_rss_mb_so_far"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        log(json.dumps(row))
        rows.append(row)
        shutil.rmtree(work, ignore_errors=True)
    print("| notes | unique texts | themes | themed | first run s | re-run s | re-run peak +MB | "
          "assign 1 note ms (median / max) | process max RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['notes']:,} | {r['unique_texts']:,} | {r['themes']} | {r['themed_share']:.1%} | {r['first_run_s']} | "
              f"{r['re_run_s']} | {r['re_run_peak_mb']} | {r['assign_one_ms_median']} / {r['assign_one_ms_max']} | "
              f"{r['max_rss_mb_so_far']} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
