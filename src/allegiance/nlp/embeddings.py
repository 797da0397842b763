"""Pretrained word embeddings for the learned coder, from weights shipped in a PyPI package.

The ``wordllama`` package ships 256-dimensional static embeddings distilled from a large
language model's token embeddings. They let a verb the training corpus never shows land near
its synonyms ("ridiculed" near "mocked" and "derided"), which is what a coder trained on a few
thousand sentences needs most. Loading takes about a tenth of a second; phrases are embedded
once per process and cached, since news repeats its verbs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 256


@lru_cache(maxsize=1)
def _model():
    import wordllama
    from wordllama import WordLlama

    # the package's own folder holds its weights and tokenizer; naming it as the cache and
    # turning downloads off keeps loading offline
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


_cache: dict[str, np.ndarray] = {}


def embed(phrases: list[str]) -> np.ndarray:
    """One unit-length row per phrase (zeros for an empty phrase)."""
    missing = sorted({p for p in phrases if p and p not in _cache})
    if missing:
        vectors = np.asarray(_model().embed(missing), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        for phrase, vector in zip(missing, vectors / np.where(norms == 0, 1, norms)):
            _cache[phrase] = vector
    zero = np.zeros(DIMENSIONS)
    return np.array([_cache.get(p, zero) if p else zero for p in phrases]).reshape(len(phrases), DIMENSIONS)
