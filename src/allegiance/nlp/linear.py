"""Linear classifiers as the coder ships them: weights in a ``.npz`` file, applied with numpy.

A model scores an example from two kinds of input: a dense vector (embeddings) and a set of
named binary features ("path=nsubj", "lemma=impose"). Training (``allegiance train``) fits a
multinomial logistic regression with scikit-learn and saves only its coefficients, so coding
needs neither scikit-learn nor unpickling: a saved model is plain arrays that anyone can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    features: dict[str, int]  # named binary feature -> row of ``sparse_weights``
    dense_weights: np.ndarray  # (dense dims, classes); zero rows when the model has no dense part
    sparse_weights: np.ndarray  # (named features, classes)
    bias: np.ndarray  # (classes,)

    def scores(self, dense: np.ndarray | None, named: list[list[str]]) -> np.ndarray:
        """Class probabilities, one row per example."""
        logits = np.tile(self.bias, (len(named), 1))
        if dense is not None and self.dense_weights.shape[0]:
            logits += dense @ self.dense_weights
        for row, names in enumerate(named):
            rows = [self.features[n] for n in names if n in self.features]
            if rows:
                logits[row] += self.sparse_weights[rows].sum(axis=0)
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        names = sorted(self.features, key=self.features.get)
        np.savez_compressed(path, classes=np.array(self.classes), features=np.array(names, dtype=object).astype(str),
                            dense=self.dense_weights.astype(np.float32),
                            sparse=self.sparse_weights.astype(np.float32), bias=self.bias.astype(np.float32))

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as data:
            names = [str(n) for n in data["features"]]
            return cls(classes=tuple(str(c) for c in data["classes"]),
                       features={n: i for i, n in enumerate(names)},
                       dense_weights=data["dense"].astype(np.float64),
                       sparse_weights=data["sparse"].astype(np.float64), bias=data["bias"].astype(np.float64))
