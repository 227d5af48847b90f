"""Hark's themes vs plain BERTopic defaults, same embeddings, one process. Prints a table.

    python bench/nlp_eval.py [--data ../shared/eval-data] [--only sentihood,banking77,multi,polis]
                             [--plain-repeats 3]

UMAP's numba code is compiled once, untimed, before anything is measured. Plain BERTopic
(defaults, unseeded) is fitted --plain-repeats times per dataset: its row holds the mean, and the
targets are checked against the mean and against its best fit. Hark is deterministic; its first
run's time and a second (warm) run's time are both shown.

Evaluation data is read in place and never copied into the repository (see docs/nlp.md for
licences). Embeddings are cached in bench/out/embeddings, so a second run skips the encoder.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import Document, ThemeConfig  # noqa: E402
from nlp.embed import SQLiteEmbeddingCache, embed_texts, load_embedder  # noqa: E402
from nlp.evaluate import (  # noqa: E402
    aspect_coverage,
    hark_labels,
    plain_bertopic,
    run_hark,
    score_hark,
    score_plain,
    warm_up_numba,
)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def kind_of(row: dict) -> str | None:
    return row.get("love_change") or None


def fmt(s) -> str:
    nmi_range = s.extra.get("nmi_range")
    ari_range = s.extra.get("ari_range")
    nmi = f"{s.nmi:.3f}" + (f" ({nmi_range[0]:.3f}–{nmi_range[1]:.3f})" if nmi_range else "")
    ari = f"{s.ari:.3f}" + (f" ({ari_range[0]:.3f}–{ari_range[1]:.3f})" if ari_range else "")
    warm = s.extra.get("warm_seconds")
    seconds = f"{s.seconds:.1f}" + (f" / {warm:.1f}" if warm is not None else "")
    return (f"| {s.dataset} | {s.system} | {s.n} | {nmi} | {ari} | {s.themed:.1%} | {s.themes} | "
            f"{s.seed_ari:.3f} | {s.diversity:.2f} | {seconds} | {s.peak_mb:.0f} |")


HEADER = ("| dataset | system | notes | NMI (plain: mean, range) | ARI (plain: mean, range) | themed | themes | "
          "seed ARI | diversity | seconds (plain: median; Hark: first / warm) | peak MB |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")


def verdict(plain, hark) -> str:
    """The issue's targets for one Hark row against the plain row of the same dataset."""
    best_nmi = plain.extra["nmi_range"][1]
    best_ari = plain.extra["ari_range"][1]
    fastest = min(f["seconds"] for f in plain.extra["fits"])
    checks = [
        ("NMI >= plain mean + 0.05", hark.nmi - plain.nmi >= 0.05, f"{hark.nmi - plain.nmi:+.3f}"),
        ("NMI >= best plain fit + 0.05", hark.nmi - best_nmi >= 0.05, f"{hark.nmi - best_nmi:+.3f}"),
        ("ARI >= plain mean + 0.10", hark.ari - plain.ari >= 0.10, f"{hark.ari - plain.ari:+.3f}"),
        ("ARI >= best plain fit + 0.10", hark.ari - best_ari >= 0.10, f"{hark.ari - best_ari:+.3f}"),
        (">= 90 % themed", hark.themed >= 0.9, f"{hark.themed:.1%}"),
        ("seed agreement >= 0.9", hark.seed_ari >= 0.9, f"{hark.seed_ari:.3f}"),
        ("first run no slower than plain median", hark.seconds <= plain.seconds,
         f"{hark.seconds:.1f} s vs {plain.seconds:.1f} s"),
        ("warm run no slower than fastest plain fit", hark.extra["warm_seconds"] <= fastest,
         f"{hark.extra['warm_seconds']:.1f} s vs {fastest:.1f} s"),
    ]
    return f"{hark.dataset} / {hark.system}: " + "; ".join(
        f"{name} {'met' if ok else 'MISSED'} ({value})" for name, ok, value in checks)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("HARK_EVAL_DATA", ROOT.parent / "shared" / "eval-data")))
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "bench" / "out" / "embeddings")
    parser.add_argument("--only", default="sentihood,banking77,multi,polis")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "nlp_eval.json")
    parser.add_argument("--plain-repeats", type=int, default=3)
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    embedder = load_embedder()
    t = time.perf_counter()
    warm_up_numba()
    print(f"# numba warm-up (untimed for both systems): {time.perf_counter() - t:.1f} s", file=sys.stderr,
          flush=True)
    cache = SQLiteEmbeddingCache(args.cache_dir)
    config = ThemeConfig(cache_dir=args.cache_dir, embedder=embedder)
    scores, extras = [], {}

    def embed(texts, name):
        t = time.perf_counter()
        vecs, fresh = embed_texts(texts, embedder, cache)
        print(f"# {name}: {len(texts)} texts embedded ({fresh} new) in {time.perf_counter() - t:.1f} s",
              file=sys.stderr, flush=True)
        return vecs

    senti = read_csv(args.data / "sentihood" / "sentihood_all.csv")
    if "sentihood" in wanted:
        rows = [r for r in senti if r["label"] not in ("", "MULTI")]
        texts = [r["text"] for r in rows]
        truth = [r["label"] for r in rows]
        vecs = embed(texts, "SentiHood single-aspect")
        docs = [Document(id=f"{r['split']}-{r['id']}", text=r["text"], kind=kind_of(r)) for r in rows]
        for fn in (lambda: score_plain("SentiHood single-aspect", texts, vecs, truth, repeats=args.plain_repeats),
                   lambda: score_hark("SentiHood single-aspect", docs, truth, config)):
            s, _ = fn()
            scores.append(s)
            print(fmt(s), file=sys.stderr, flush=True)

    if "banking77" in wanted:
        rows = read_csv(args.data / "banking77" / "banking77.csv")
        texts = [r["text"] for r in rows]
        truth = [r["label"] for r in rows]
        vecs = embed(texts, "BANKING77")
        docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
        for fn in (lambda: score_plain("BANKING77", texts, vecs, truth, repeats=args.plain_repeats),
                   lambda: score_hark("BANKING77", docs, truth, config),
                   # Not defaults: the readability cap lifted, the sqrt rule alone (no label knowledge).
                   lambda: score_hark("BANKING77 (max_themes=None)", docs, truth,
                                      dataclasses.replace(config, max_themes=None)),
                   # Not defaults: told the number of intents.
                   lambda: score_hark("BANKING77 (target_themes=77)", docs, truth,
                                      dataclasses.replace(config, target_themes=77, max_themes=77))):
            s, _ = fn()
            scores.append(s)
            print(fmt(s), file=sys.stderr, flush=True)

    if "multi" in wanted:
        rows = [r for r in senti if r["label"]]
        texts = [r["text"] for r in rows]
        vecs = embed(texts, "SentiHood opinion sentences")
        single = [i for i, r in enumerate(rows) if r["label"] != "MULTI"]
        multi = [i for i, r in enumerate(rows) if r["label"] == "MULTI"]
        aspects = [set(rows[i]["aspects"].split("|")) for i in multi]
        single_truth = [rows[i]["label"] for i in single]
        t = time.perf_counter()
        topics, _ = plain_bertopic(texts, vecs)
        plain_s = time.perf_counter() - t
        plain_cov = aspect_coverage([[int(topics[i])] if topics[i] != -1 else [] for i in multi], aspects,
                                    topics[single], single_truth)
        docs = [Document(id=f"{r['split']}-{r['id']}", text=r["text"], kind=kind_of(r)) for r in rows]
        t = time.perf_counter()
        result = run_hark(docs, dataclasses.replace(config, seed=1))
        hark_s = time.perf_counter() - t
        main_labels, every = hark_labels(result, docs)
        hark_cov = aspect_coverage([every[i] for i in multi], aspects, main_labels[single], single_truth)
        extras["multi"] = {"plain BERTopic": {**plain_cov, "seconds": plain_s},
                           "Hark": {**hark_cov, "seconds": hark_s}}
        print(f"# multi-aspect coverage: {json.dumps(extras['multi'])}", file=sys.stderr, flush=True)

    if "polis" in wanted:
        rows = [r for r in read_csv(args.data / "polis-bowling-green" / "bowling_green_2018_comments.csv")
                if r.get("moderated") == "1"]
        texts = [r["text"] for r in rows]
        vecs = embed(texts, "Bowling Green 2018 (accepted comments)")
        topics, _ = plain_bertopic(texts, vecs, seed=1)
        docs = [Document(id=r["comment_id"], text=r["text"]) for r in rows]
        result = run_hark(docs, dataclasses.replace(config, seed=1))
        main_labels, _ = hark_labels(result, docs)
        extras["polis"] = {
            "notes": len(rows),
            "plain BERTopic": {"themes": int(len(set(topics) - {-1})), "themed": float((topics != -1).mean())},
            "Hark": {"themes": len(result.themes), "themed": float((main_labels != -1).mean()),
                     "labels": [f"{t.label} ({t.size})" for t in result.themes]},
        }
        print(f"# Bowling Green: {json.dumps(extras['polis'])}", file=sys.stderr, flush=True)

    print(HEADER)
    for s in scores:
        print(fmt(s))
    print()
    plain_of = {s.dataset: s for s in scores if s.system == "plain BERTopic"}
    for s in scores:
        plain = plain_of.get(s.dataset.split(" (")[0])
        if s.system == "Hark" and plain is not None:
            print(f"- {verdict(plain, s)}")
    for name, value in extras.items():
        print(f"\n{name}: {json.dumps(value, indent=1)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"scores": [dataclasses.asdict(s) for s in scores], **extras}, indent=1,
                                   default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
