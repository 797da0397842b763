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


#: Verbs that only carry an act named by their object ("began its drills", "kicked off talks").
LIGHT_VERBS = {"begin", "start", "launch", "kick", "hold", "conduct", "stage", "resume", "continue",
               "carry", "wrap", "end", "complete", "finish", "open", "host", "mount", "undertake",
               "renew"}


#: Verbs whose act is named by their "in" phrase, not their object: "engaged the patrol *in a
#: firefight*", "engaged in talks with Hanoi".
IN_PHRASE_VERBS = {"engage", "involve"}


#: Verbs whose "re-" form ("reimpose", "redeploy") is the same act done again.
REPEATABLE = {"impose", "deploy", "take", "capture", "occupy", "arm", "establish", "open", "launch",
              "introduce", "arrest", "detain", "invade", "attack", "enter"}


@dataclass(frozen=True, slots=True)
class VerbPattern:
    verb: str
    particle: str
    objects: frozenset[str]  # empty: no constraint
    needs_object: bool  # "*": any object must be present
    prep: str
    cameo: str
    plover: str | None  # an override of the CAMEO→PLOVER map
    also: tuple[str, ...] = ()  # companion codes: a prison sentence is a sanction and coercion
    #: PETRARCH-style object: its word may be any word of the object phrase, not only its head
    #: ("- * DIPLOMATIC" matches "restored full diplomatic ties"), as PETRARCH matches pattern
    #: words in order without requiring them to be adjacent.
    loose: bool = False

    @property
    def specificity(self) -> int:
        return 2 if self.objects else (1 if self.needs_object else 0)


def _read(source, loose: bool = False) -> list[VerbPattern]:
    """Patterns from a CSV file handle, or from rows already read as dicts (``loose``: rows
    converted from PETRARCH dictionaries, whose object words may be any word of the object)."""
    patterns = []
    codes = ontology.cameo_codes()
    rows = source if isinstance(source, list) else csv.DictReader(source)
    for number, row in enumerate(rows, start=2):
        code, *also = [part.strip() for part in row["cameo"].split("+")]
        for each in (code, *also):
            if each not in codes:
                raise ValueError(f"verb pattern line {number}: {each!r} is not a CAMEO code")
        objects = row.get("object", "").strip()
        patterns.append(VerbPattern(
            verb=row["verb"].strip().lower(),
            particle=row.get("particle", "").strip().lower(),
            objects=frozenset(o.strip().lower() for o in objects.split("|") if o.strip() not in ("", "*")),
            needs_object=objects == "*",
            prep=row.get("prep", "").strip().lower(),
            cameo=code,
            plover=row.get("plover", "").strip() or None,
            also=tuple(also),
            loose=loose,
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

    def overridden_by(self, rows: list[dict[str, str]]) -> "Lexicon":
        """A lexicon where the verbs of ``rows`` (user or dictionary patterns) replace ours.

        A user who brings a verb dictionary means its patterns for those verbs, so they are not
        mixed with the built-in ones; verbs the rows do not mention keep the built-in patterns.
        """
        added = _read(rows, loose=True)
        verbs = {pattern.verb for pattern in added}
        kept = [p for patterns in self._index.values() for p in patterns if p.verb not in verbs]
        return Lexicon(added + kept)

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
        if lemma.startswith("re") and lemma[2:] in REPEATABLE and (lemma, particle) not in self._index:
            lemma = lemma[2:]  # "reimposed a blockade" is read as "imposed a blockade"
        candidates = self._index.get((lemma, particle))
        if not candidates and particle and lemma not in self._phrasal:
            candidates = self._index.get((lemma, ""))
        found = self._match_rows(candidates, verb, obj) if candidates else None
        if (found is None or not found.objects) and lemma in LIGHT_VERBS and obj is not None:
            # "began its annual drills", "launched a mediation effort": the object carries the
            # meaning, so read it as the lexicon reads "conduct" or "hold" with that object,
            # unless the verb's own rows name that object
            rows = [row for stand_in in ("stage", "hold", "conduct") for row in self._index.get((stand_in, ""), [])]
            found = self._match_rows(rows, verb, obj, require_object=True) or found
        if (found is None or not found.objects) and lemma in IN_PHRASE_VERBS and candidates:
            act = next((pobj for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "in"
                        for pobj in prep.children if pobj.dep_ == "pobj"), None)
            if act is not None:
                found = self._match_rows(candidates, verb, act, require_object=True) or found
        return found

    def match_lemma(self, lemma: str, verb: Token, obj: Token | None) -> VerbPattern | None:
        """The row ``lemma`` (with no particle) would give with ``obj``, read on ``verb``'s
        parse: "received weapons" is read as "give weapons"."""
        rows = self._index.get((lemma, ""))
        return self._match_rows(rows, verb, obj, require_object=obj is not None) if rows else None

    def _match_rows(self, candidates, verb: Token, obj: Token | None, require_object: bool = False):
        heads = [verb] if obj is None else [verb, obj]
        preps = {c.lower_ for head in heads for c in head.children if c.dep_ in ("prep", "dative", "agent")}
        object_lemmas = set()
        if obj is not None:
            object_lemmas = {obj.lemma_.lower(), obj.lower_}
            object_lemmas |= {f"{c.lemma_.lower()} {obj.lemma_.lower()}" for c in obj.children
                              if c.dep_ in ("compound", "amod")}
            first = min((c.i for c in obj.children if c.dep_ == "compound"), default=obj.i)
            joined = obj.doc[first:obj.i + 1].text.lower().replace(" - ", "-").replace(" -", "-")
            object_lemmas.add(joined)  # hyphenated compounds split by the tokenizer: "sit-in"
            for appos in (c for c in obj.children if c.dep_ == "appos"):  # "Freedom Shield, the exercise"
                object_lemmas.add(appos.lemma_.lower())
                object_lemmas |= {f"{c.lemma_.lower()} {appos.lemma_.lower()}" for c in appos.children
                                  if c.dep_ in ("compound", "amod")}
        phrase_lemmas = object_lemmas
        if obj is not None and any(p.loose for p in candidates):
            words = [t for t in obj.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod")]
            phrase_lemmas = object_lemmas | {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        best = None
        for pattern in candidates:
            if pattern.objects and not (pattern.objects & (phrase_lemmas if pattern.loose else object_lemmas)):
                continue
            if require_object and not pattern.objects:
                continue
            if pattern.needs_object and obj is None:
                continue
            # a two-word object ("hunger strike") says more than one word ("strike")
            multiword = any(" " in lemma for lemma in pattern.objects & object_lemmas)
            # a row whose preposition is present beats one without; one whose preposition is
            # absent yields to one without ("warn" is not "warn at")
            prep_score = (1 if pattern.prep in preps else -0.5) if pattern.prep else 0
            score = pattern.specificity * 4 + 2 * multiword + prep_score
            if best is None or score > best[0]:
                best = (score, pattern)
        return best[1] if best else None


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with allegiance."""
    with resources.files(__package__).joinpath("data/verb_patterns.csv").open(encoding="utf-8") as handle:
        return Lexicon(_read(handle))
