"""BERTopic as the representation stage: c-TF-IDF keywords refined by KeyBERTInspired + MMR.

Hark clusters the notes itself (nlp.cluster) and hands the labels to BERTopic through a cluster
stand-in, with a pass-through reduction: BERTopic then does what it is good at, turning groups of
documents into keywords. Documents given to BERTopic are lemma strings (nlp.prepare.lemma_texts),
so keywords are lemmas and never stop or domain words. Word embeddings for KeyBERT and MMR go
through the same embedding cache as the notes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlp.cluster import PrecomputedClusters
from nlp.embed import Embedder, EmbeddingCache, embed_texts
from nlp.prepare import analyzer


def _backend(embedder: Embedder, cache: EmbeddingCache | None,
             known: dict[str, np.ndarray] | None = None):
    """Embeddings for BERTopic's representation models, through the cache.

    `known` maps a lemma document to its note's vector: KeyBERTInspired's representative
    documents are the lemma strings BERTopic was fitted on, and the note vectors already stand
    for them, so they are never encoded again (only the candidate words are).
    """
    from bertopic.backend import BaseEmbedder

    known = known or {}

    class CachedBackend(BaseEmbedder):
        def embed(self, documents, verbose=False):
            documents = list(documents)
            rest = [d for d in documents if d not in known]
            vecs = dict(zip(rest, embed_texts(rest, embedder, cache)[0], strict=True)) if rest else {}
            dim = embedder.dimension
            return np.array([known[d] if d in known else vecs[d] for d in documents],
                            dtype=np.float32).reshape(len(documents), dim)

    return CachedBackend()


def _batched_mmr_class():
    from bertopic.representation import MaximalMarginalRelevance

    class BatchedMMR(MaximalMarginalRelevance):
        """BERTopic's MMR, with every theme's words and joined-words text embedded in one call
        (through the cache) first; MMR itself then only reads the cache. Same result, without
        one encoder call per theme."""

        def extract_topics(self, topic_model, documents, c_tf_idf, topics):
            if topic_model.embedding_model is not None and topics:
                texts = [w for ws in topics.values() for w, _ in ws]
                texts += [" ".join(w for w, _ in ws) for ws in topics.values()]
                topic_model.embedding_model.embed(list(dict.fromkeys(t for t in texts if t)))
            return super().extract_topics(topic_model, documents, c_tf_idf, topics)

    return BatchedMMR


CANDIDATE_WORDS = 20  # c-TF-IDF words per theme that KeyBERTInspired re-ranks (was 40)


def build_topic_model(labels: np.ndarray, embedder: Embedder, cache: EmbeddingCache | None,
                      seed: int, top_n: int = 10, keybert: bool = True,
                      known: dict[str, np.ndarray] | None = None):
    """A BERTopic whose every stage is passed in explicitly."""
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.representation import KeyBERTInspired
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    representation = None
    _BatchedMMR = _batched_mmr_class()
    if keybert:
        # KeyBERT's top_n_words must be >= MMR's (MaartenGr/BERTopic#1224).
        representation = [
            KeyBERTInspired(top_n_words=top_n, nr_repr_docs=5, nr_candidate_words=CANDIDATE_WORDS,
                            random_state=seed),
            _BatchedMMR(diversity=0.3, top_n_words=top_n),
        ]
    return BERTopic(
        embedding_model=_backend(embedder, cache, known),
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=PrecomputedClusters(labels),
        vectorizer_model=CountVectorizer(analyzer=analyzer),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=representation,
        top_n_words=top_n,
        calculate_probabilities=False,
    )


def theme_keywords(lemma_docs: Sequence[str], labels: np.ndarray, embeddings: np.ndarray,
                   embedder: Embedder, cache: EmbeddingCache | None, seed: int,
                   keybert: bool = True, top_n: int = 10):
    """Keywords per theme index (0..k-1), plus the fitted BERTopic model."""
    k = int(labels.max()) + 1 if len(labels) else 0
    if k == 0:
        return [], None
    known: dict[str, np.ndarray] = {}
    for doc, vec in zip(lemma_docs, embeddings, strict=True):
        known.setdefault(doc, vec)
    model = build_topic_model(labels, embedder, cache, seed, top_n=top_n,
                              keybert=keybert and k > 1, known=known)
    topics, _ = model.fit_transform(list(lemma_docs), embeddings=embeddings)
    # BERTopic renumbers topics by frequency; map back through the first document of each theme.
    topics = np.asarray(topics)
    keywords: list[list[str]] = []
    for t in range(k):
        rows = np.flatnonzero(labels == t)
        words = model.get_topic(int(topics[rows[0]])) if len(rows) else []
        keywords.append([w for w, _ in (words or []) if w and w.strip()])
    return keywords, model
