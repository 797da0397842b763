"""Which words of a sentence may carry an event, and what the type model reads about each.

A candidate is a verb ("imposed", "hit back") or a noun whose verb only says that it happened
("an import ban *came into force*", "talks *took place*"; the verbs are listed with their
reasons in ``data/event_noun_verbs.csv``). A verb with a light object ("held talks", "launched an
offensive") stays a verb candidate: its object is part of what the model reads.

The type model reads the trigger phrase (lemma and particle), the phrase with its object and
first preposition ("hit back with levies"), and the subject's head, each as a pretrained
embedding, plus the same words as named features.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from .. import ontology
from . import embeddings

_DATA = Path(__file__).with_name("data")
_OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: Unit-length embeddings have components near 1/16; scaled by the square root of their 256
#: dimensions, each is about as large as a named feature's 1, so the regularised model does not
#: discount them against the named features.
DENSE_SCALE = 4.0


@lru_cache(maxsize=1)
def event_noun_verbs() -> frozenset[str]:
    with (_DATA / "event_noun_verbs.csv").open(encoding="utf-8") as handle:
        return frozenset(row["lemma"] for row in csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word that may carry an event, with the words around it that say which."""

    token: Token
    kind: str  # "verb" or "noun"
    phrase: str  # lemma and particle: "hit back"
    extended: str  # with object and first preposition: "hit back with levy"
    subject: str  # the head of the subject, or ""

    @property
    def i(self) -> int:
        return self.token.i


def _lemma(token: Token | None) -> str:
    return token.lemma_.lower() if token is not None else ""


def _first(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _subject(token: Token) -> Token | None:
    current = token
    for _ in range(4):  # "... and warned": a conjoined verb shares its partner's subject
        found = _first(current, _SUBJECT_DEPS)
        if found is not None or current.dep_ not in ("conj", "xcomp", "advcl") or current.head is current:
            return found
        current = current.head
    return None


def _describe(token: Token, kind: str) -> Candidate:
    # a particle, or an adverb right after the verb that the parser did not call one ("hit back")
    particle = " ".join(c.lower_ for c in token.children if c.dep_ == "prt" or (
        c.dep_ == "advmod" and c.i == token.i + 1 and c.pos_ == "ADV" and not list(c.children)))
    phrase = " ".join(filter(None, [_lemma(token), particle]))
    obj = _first(token, _OBJECT_DEPS)
    of = _first(obj, ("prep",)) if obj is not None else None
    inner = _first(of, ("pobj",)) if of is not None and of.lower_ == "of" else None  # "days of drills"
    prep = _first(token, ("prep", "dative"))
    pobj = _first(prep, ("pobj",)) if prep is not None else None
    extended = " ".join(filter(None, [phrase, _lemma(obj), _lemma(inner), prep.lower_ if pobj is not None else "",
                                      _lemma(pobj)]))
    subject = token.head if kind == "noun" else _subject(token)  # a noun's "subject" is its verb
    return Candidate(token, kind, phrase, extended, _lemma(subject))


def candidates(sent: Span) -> list[Candidate]:
    """The candidates of one sentence, in order."""
    found = []
    light = event_noun_verbs()
    for token in sent:
        if token.pos_ == "VERB":
            found.append(_describe(token, "verb"))
        elif token.pos_ in ("NOUN", "PROPN") and token.dep_ in _SUBJECT_DEPS and token.head.lemma_.lower() in light:
            found.append(_describe(token, "noun"))
    return found


def type_inputs(found: list[Candidate], lexicon=None) -> tuple[np.ndarray, list[list[str]]]:
    """The type model's dense and named inputs for each candidate.

    With a ``lexicon`` (``nlp/lexicon.py``), the type its verb patterns give a verb candidate is
    one more named feature: the written knowledge becomes evidence the model weighs, not a
    decision of its own.
    """
    dense = DENSE_SCALE * np.hstack([embeddings.embed([c.phrase for c in found]),
                                     embeddings.embed([c.extended for c in found]),
                                     embeddings.embed([c.subject for c in found])]) if found else np.zeros((0, 0))
    named = []
    for c in found:
        words = c.extended.split()
        named.append([f"lemma={c.phrase}", f"ext={c.extended}", f"subj={c.subject}", f"kind={c.kind}",
                      f"tag={c.token.tag_}", f"dep={c.token.dep_}", *(f"w={w}" for w in words[1:])])
        if lexicon is not None and c.kind == "verb":
            named[-1].append(f"lex={_lexicon_type(lexicon, c.token)}")
    return dense, named


def _lexicon_type(lexicon, token: Token) -> str:
    pattern = lexicon.match(token, _first(token, _OBJECT_DEPS))
    if pattern is None:
        return "none"
    return pattern.plover or ontology.cameo(pattern.cameo).plover or "statement"
