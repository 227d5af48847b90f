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


def _backend(embedder: Embedder, cache: EmbeddingCache | None):
    from bertopic.backend import BaseEmbedder

    class CachedBackend(BaseEmbedder):
        def embed(self, documents, verbose=False):
            return embed_texts(list(documents), embedder, cache)[0]

    return CachedBackend()


def build_topic_model(labels: np.ndarray, embedder: Embedder, cache: EmbeddingCache | None,
                      seed: int, top_n: int = 10, keybert: bool = True):
    """A BERTopic whose every stage is passed in explicitly."""
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    representation = None
    if keybert:
        # KeyBERT's top_n_words must be >= MMR's (MaartenGr/BERTopic#1224).
        representation = [
            KeyBERTInspired(top_n_words=top_n, nr_repr_docs=5, nr_candidate_words=40,
                            random_state=seed),
            MaximalMarginalRelevance(diversity=0.3, top_n_words=top_n),
        ]
    return BERTopic(
        embedding_model=_backend(embedder, cache),
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
    model = build_topic_model(labels, embedder, cache, seed, top_n=top_n,
                              keybert=keybert and k > 1)
    topics, _ = model.fit_transform(list(lemma_docs), embeddings=embeddings)
    # BERTopic renumbers topics by frequency; map back through the first document of each theme.
    topics = np.asarray(topics)
    keywords: list[list[str]] = []
    for t in range(k):
        rows = np.flatnonzero(labels == t)
        words = model.get_topic(int(topics[rows[0]])) if len(rows) else []
        keywords.append([w for w, _ in (words or []) if w and w.strip()])
    return keywords, model
