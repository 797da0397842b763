"""Weak labels for the type model from a PETRARCH/TABARI verb dictionary.

A verb dictionary such as PETRARCH's CAMEO.2.0 lists thousands of verbs, each with the objects
and prepositions that make it one CAMEO code or another. Its entries are not sentences, so they
teach the type model nothing about roles or modality, but they widen its vocabulary: a verb the
corpus never shows still has a PLOVER type to be near. ``allegiance train --weak-labels DIR``
reads the dictionary where the user keeps it (it is never copied into the package) and adds
one example per verb pattern, weighted below the corpus's own examples.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import ontology
from ..nlp import embeddings
from ..nlp.candidates import DENSE_SCALE

WEIGHT = 0.3  # a dictionary entry counts for less than an annotated sentence


def _object_words(raw: str) -> str:
    first = raw.split("|", 1)[0]
    return " ".join(w for w in first.replace("_", " ").split() if w.isalpha())


def weak_examples(folder: str | Path) -> tuple[np.ndarray, list[list[str]], list[str]]:
    """Dense inputs, named features and PLOVER labels for every verb pattern in ``folder``."""
    from ..kb.dictionaries import load_directory

    loaded = load_directory(folder)
    seen, phrases, extended, labels = set(), [], [], []
    for row in loaded.verb_rows:
        code = ontology.cameo_codes().get(row.get("cameo", ""))
        if code is None or not code.plover:
            continue
        phrase = " ".join(filter(None, [row["verb"], row.get("particle", "")])).lower()
        ext = " ".join(filter(None, [phrase, _object_words(row.get("object", "")), row.get("prep", "")])).lower()
        if (ext, code.plover) in seen:
            continue
        seen.add((ext, code.plover))
        phrases.append(phrase)
        extended.append(ext)
        labels.append(code.plover)
    dense = DENSE_SCALE * np.hstack([embeddings.embed(phrases), embeddings.embed(extended),
                                     embeddings.embed([""] * len(phrases))])
    named = [[f"lemma={p}", f"ext={e}", "kind=verb", *(f"w={w}" for w in e.split()[1:])]
             for p, e in zip(phrases, extended)]
    return dense, named, labels
