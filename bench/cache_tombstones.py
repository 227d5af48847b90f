"""What erasure tombstones cost the embedding cache's writes: put_many + put_lemmas of a cold
city-scale run's keys (28,848 texts: 24,000 notes and their statements) into a fresh cache file,
with no tombstones and with 10,000 erased keys tombstoned. Median of --repeat tries each.

    .venv/bin/python bench/cache_tombstones.py [--keys 28848] [--erased 10000] [--repeat 5]

To time older code, point HARK_NLP_ROOT at a checkout of it (git worktree add /tmp/old <commit>).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("HARK_NLP_ROOT", str(HERE)))

from nlp.embed import SQLiteEmbeddingCache, text_key  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=28848)
    parser.add_argument("--erased", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    vectors = {text_key(f"note {i}"): rng.standard_normal(384).astype(np.float32) for i in range(args.keys)}
    parses = {key: '[["bus","late","morning"],["buses","late","morning"]]' for key in vectors}
    erased = [text_key(f"erased note {i}") for i in range(args.erased)]
    for stones in (0, args.erased):
        took = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                cache = SQLiteEmbeddingCache(folder)
                if stones and hasattr(cache, "delete_many"):
                    cache.delete_many(erased[:stones])
                started = time.perf_counter()
                cache.put_many("bench@model", vectors)
                cache.put_lemmas("bench@pipeline", parses)
                took.append(time.perf_counter() - started)
        print(f"{args.keys:,} keys, {stones:,} tombstones: put_many + put_lemmas median "
              f"{statistics.median(took):.2f} s (min {min(took):.2f}, max {max(took):.2f}, {args.repeat} tries)")


if __name__ == "__main__":
    main()
