"""A saved theme run: centroids in safetensors plus a small JSON file; assigns new notes quickly.

Assignment of a new note needs only the theme centres (and the love/change offsets), so loading is
cheap and assigning one note costs one embedding plus a small matrix product. Stored assignments
of the fitted notes stay the source of truth (a saved model is only for notes that arrive later).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.assign import theme_lists
from nlp.cluster import KindOffsets
from nlp.embed import Embedder, load_embedder
from nlp.prepare import flatten, normalise, split_statements
from nlp.types import Assignment

FORMAT = "hark-themes/1"
TENSORS = "themes.safetensors"
META = "themes.json"


def save_run(path: Path, *, keys: Sequence[str], labels: Sequence[str],
             keywords: Sequence[Sequence[str]], centroids: np.ndarray, offsets: KindOffsets,
             model_id: str, settings: dict) -> Path:
    from safetensors.numpy import save_file

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tensors = {"centroids": np.ascontiguousarray(centroids, dtype=np.float32)}
    for kind, vec in offsets.offsets.items():
        tensors[f"offset.{kind}"] = np.ascontiguousarray(vec, dtype=np.float32)
    save_file(tensors, str(path / TENSORS), metadata={"format": FORMAT, "model_id": model_id})
    meta = {"format": FORMAT, "model_id": model_id, "keys": list(keys), "labels": list(labels),
            "keywords": [list(k) for k in keywords], "settings": settings}
    (path / META).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


class ThemeModel:
    """Assign new notes to the themes of a saved run without refitting."""

    def __init__(self, path: Path, embedder: Embedder | None = None):
        from safetensors.numpy import load_file

        path = Path(path)
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path} is not a saved Hark theme run")
        tensors = load_file(str(path / TENSORS))
        self.path = path
        self.keys: list[str] = meta["keys"]
        self.labels: list[str] = meta["labels"]
        self.keywords: list[list[str]] = meta["keywords"]
        self.settings: dict = meta["settings"]
        self.model_id: str = meta["model_id"]
        self.centroids = tensors["centroids"]
        self.offsets = KindOffsets({k.split(".", 1)[1]: v for k, v in tensors.items()
                                    if k.startswith("offset.")})
        self.embedder = embedder or load_embedder(self.settings.get("model_path"))
        if self.embedder.model_id != self.model_id:
            raise ValueError(f"run was fitted with {self.model_id}, "
                             f"but the loaded embedding model is {self.embedder.model_id}")

    def assign(self, texts: Sequence[str], kinds: Sequence[str | None] | None = None,
               ids: Sequence[str] | None = None) -> list[list[Assignment]]:
        texts = [normalise(t) for t in texts]
        ids = list(ids) if ids is not None else [str(i) for i in range(len(texts))]
        split = self.settings.get("split_statements", True)
        groups = [split_statements(t) if split else [t] for t in texts]
        stmts, owner = flatten([g if len(g) > 1 else [] for g in groups])
        vecs = self.embedder.encode(texts + stmts) if texts else np.zeros((0, 1), np.float32)
        notes = self.offsets.apply(vecs[:len(texts)], kinds)
        stmt_kinds = [kinds[o] for o in owner] if kinds is not None else None
        stmt_vecs = self.offsets.apply(vecs[len(texts):], stmt_kinds)
        for i, t in enumerate(texts):
            if not t:
                notes[i] = 0.0
        lists = theme_lists(
            notes, self.centroids, None, stmt_vecs, owner,
            secondary_min_similarity=self.settings["secondary_min_similarity"],
            min_similarity=self.settings["min_similarity"],
            max_per_note=self.settings["max_themes_per_note"])
        return [to_assignments(doc_id, pairs, self.keys) for doc_id, pairs in zip(ids, lists, strict=True)]


def to_assignments(doc_id: str, pairs: Sequence[tuple[int, float]],
                   keys: Sequence[str]) -> list[Assignment]:
    if not pairs:
        return [Assignment(doc_id, None, 0.0, 0)]
    return [Assignment(doc_id, keys[t], round(float(s), 6), rank)
            for rank, (t, s) in enumerate(pairs)]


def load_model(path: str | Path, embedder: Embedder | None = None) -> ThemeModel:
    return ThemeModel(Path(path), embedder)
