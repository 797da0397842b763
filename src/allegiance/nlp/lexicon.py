"""The verb-pattern lexicon: which verb, with which particle and object, is which CAMEO event.

The rows live in ``data/verb_patterns.csv`` (documented in ``docs/lexicon.md``). A pattern names a
verb lemma, optionally a particle ("call *off*"), a set of object lemmas ("hold *talks*", "fire
*missile*") and the preposition that introduces the target ("impose sanctions *on* X").
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from .. import ontology


@dataclass(frozen=True, slots=True)
class VerbPattern:
    verb: str
    particle: str
    objects: frozenset[str]  # empty: no constraint
    needs_object: bool  # "*": any object must be present
    prep: str
    cameo: str
    plover: str | None  # an override of the CAMEO→PLOVER map

    @property
    def specificity(self) -> int:
        return 2 if self.objects else (1 if self.needs_object else 0)


def _read(handle) -> list[VerbPattern]:
    patterns = []
    codes = ontology.cameo_codes()
    for number, row in enumerate(csv.DictReader(handle), start=2):
        code = row["cameo"].strip()
        if code not in codes:
            raise ValueError(f"verb pattern line {number}: {code!r} is not a CAMEO code")
        objects = row.get("object", "").strip()
        patterns.append(VerbPattern(
            verb=row["verb"].strip().lower(),
            particle=row.get("particle", "").strip().lower(),
            objects=frozenset(o.strip().lower() for o in objects.split("|") if o.strip() not in ("", "*")),
            needs_object=objects == "*",
            prep=row.get("prep", "").strip().lower(),
            cameo=code,
            plover=row.get("plover", "").strip() or None,
        ))
    return patterns


class Lexicon:
    """Patterns indexed by (verb lemma, particle); ``match`` picks the most specific one."""

    def __init__(self, patterns: list[VerbPattern]):
        self._index: dict[tuple[str, str], list[VerbPattern]] = defaultdict(list)
        for pattern in patterns:
            self._index[(pattern.verb, pattern.particle)].append(pattern)
        self.size = len(patterns)
        # verbs listed with a particle ("step down"): another particle ("step in") is another verb
        self._phrasal = {p.verb for p in patterns if p.particle}

    @classmethod
    def from_file(cls, path: str | Path) -> "Lexicon":
        with open(path, encoding="utf-8") as handle:
            return cls(_read(handle))

    def verbs(self) -> set[str]:
        return {verb for verb, _ in self._index}

    def match(self, verb: Token, obj: Token | None) -> VerbPattern | None:
        """The most specific pattern for ``verb`` with object ``obj``: an object constraint that
        holds beats none, and a pattern whose preposition is present beats one whose is not."""
        lemma = verb.lemma_.lower()
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
        candidates = self._index.get((lemma, particle))
        if not candidates and particle and lemma not in self._phrasal:
            candidates = self._index.get((lemma, ""))
        if not candidates:
            return None
        heads = [verb] if obj is None else [verb, obj]
        preps = {c.lower_ for head in heads for c in head.children if c.dep_ in ("prep", "dative", "agent")}
        object_lemmas = set()
        if obj is not None:
            object_lemmas = {obj.lemma_.lower(), obj.lower_}
            object_lemmas |= {f"{c.lemma_.lower()} {obj.lemma_.lower()}" for c in obj.children
                              if c.dep_ in ("compound", "amod")}
        best = None
        for pattern in candidates:
            if pattern.objects and not (pattern.objects & object_lemmas):
                continue
            if pattern.needs_object and obj is None:
                continue
            score = pattern.specificity * 2 + (1 if pattern.prep and pattern.prep in preps else 0)
            if best is None or score > best[0]:
                best = (score, pattern)
        return best[1] if best else None


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with allegiance."""
    with resources.files(__package__).joinpath("data/verb_patterns.csv").open(encoding="utf-8") as handle:
        return Lexicon(_read(handle))
