"""Shared fixtures for the NLP tests: one embedding model and one theme run per session.

The corpus is synthetic, written for the project (nlp.synthetic); no evaluation data here.
"""

from __future__ import annotations

import pytest

from nlp import ThemeConfig
from nlp.synthetic import generate_notes


@pytest.fixture(scope="session")
def embedder():
    from nlp.embed import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def nlp_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture(scope="session")
def corpus():
    docs, truth = generate_notes(160, seed=7)
    return docs, truth


@pytest.fixture(scope="session")
def config(embedder, nlp_cache):
    return ThemeConfig(seed=42, cache_dir=nlp_cache, embedder=embedder)


@pytest.fixture(scope="session")
def result(corpus, config):
    from nlp import run_themes

    return run_themes(corpus[0], config=config)
