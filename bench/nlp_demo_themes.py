"""Themes of the app's demo notes (listening/data/demo_notes.csv, project-written), with defaults.

    .venv/bin/python bench/nlp_demo_themes.py [--target N] [--cache-dir DIR]

Prints the number of themes, each theme's label, size and top keywords, and the run time. Uses
the English text the app analyses (the `english` column, else `text`) and love/change as kind.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import Document, ThemeConfig, run_themes  # noqa: E402
from nlp.embed import load_embedder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", type=int, default=None, help="target_themes (default: auto)")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "bench" / "out" / "embeddings")
    args = parser.parse_args()
    with open(ROOT / "listening" / "data" / "demo_notes.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    docs = [Document(id=str(i), text=r.get("english") or r["text"], kind=r.get("kind") or None,
                     ward=r.get("ward"), consent=r.get("consent") or "analysis")
            for i, r in enumerate(rows)]
    config = ThemeConfig(seed=42, cache_dir=args.cache_dir, embedder=load_embedder(),
                         target_themes=args.target)
    started = time.perf_counter()
    result = run_themes(docs, config=config)
    seconds = time.perf_counter() - started
    print(f"{len(docs)} demo notes -> {len(result.themes)} themes, {result.stats['themed']} themed, "
          f"{seconds:.1f} s ({result.stats['embedded']} texts embedded)\n")
    print("| theme | notes (main) | keywords |\n|---|---|---|")
    for theme in result.themes:
        print(f"| {theme.label} | {theme.size} ({theme.main_size}) | {', '.join(theme.keywords[:6])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
