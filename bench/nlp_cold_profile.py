"""Where a cold SentiHood theme run spends its time: a fresh cache holding only the notes'
vectors (as in bench/nlp_eval.py), then one run under cProfile, then a warm re-run.

    .venv/bin/python bench/nlp_cold_profile.py NAME [TARGET_THEMES]

Prints stage timings; writes the 45 most expensive calls (cumulative) to bench/out/prof-NAME.txt.
To time older code, point HARK_NLP_ROOT at a checkout of it (git worktree add /tmp/old <commit>).
"""

from __future__ import annotations

import cProfile
import csv
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("HARK_NLP_ROOT", str(HERE)))

from nlp import Document, ThemeConfig, run_themes  # noqa: E402
from nlp.embed import SQLiteEmbeddingCache, load_embedder, text_key  # noqa: E402
from nlp.prepare import normalise  # noqa: E402

DATA = Path(os.environ.get("HARK_EVAL_DATA", HERE.parent / "shared" / "eval-data"))


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "run"
    target = int(sys.argv[2]) if len(sys.argv) > 2 else None
    embedder = load_embedder()
    shared = SQLiteEmbeddingCache(HERE / "bench" / "out" / "embeddings")
    with open(DATA / "sentihood" / "sentihood_all.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["label"] not in ("", "MULTI")]
    docs = [Document(id=f"{r['split']}-{r['id']}", text=r["text"], kind=r["love_change"] or None)
            for r in rows]
    folder = Path(tempfile.mkdtemp(prefix="hark-cold-"))
    fresh = SQLiteEmbeddingCache(folder)
    for texts in ([r["text"] for r in rows], [normalise(r["text"]) for r in rows]):
        keys = [text_key(t) for t in texts]
        found = shared.get_many(embedder.model_id, keys)
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in found]
        if missing:
            found.update(zip([text_key(t) for t in missing], embedder.encode(missing), strict=True))
        fresh.put_many(embedder.model_id, found)
    embedder.encode(["warm up"])  # model load is not part of a run
    config = ThemeConfig(seed=1, cache_dir=folder, embedder=embedder, target_themes=target)
    profile = cProfile.Profile()
    profile.enable()
    started = time.perf_counter()
    result = run_themes(docs, config=config)
    cold = time.perf_counter() - started
    profile.disable()
    stages = {k: round(v, 1) for k, v in result.stats["timings"].items()}
    print(f"{name}: cold {cold:.1f} s, {len(result.themes)} themes, stages {stages}")
    started = time.perf_counter()
    again = run_themes(docs, config=config)
    stages = {k: round(v, 1) for k, v in again.stats["timings"].items()}
    print(f"{name}: warm {time.perf_counter() - started:.1f} s, stages {stages}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
    (HERE / "bench" / "out" / f"prof-{name}.txt").write_text(out.getvalue())
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
