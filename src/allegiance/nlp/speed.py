"""Two stand-ins for spaCy components that do the model's work for less, for coding at scale.

``allegiance_attribute_ruler`` gives every token the same POS, morphology, lemma, tag and
dependency label as the model's ``attribute_ruler``: it applies the same patterns, in the same
order, but finds them by looking the token's tag and lower-case form up in a table instead of
running spaCy's ``Matcher`` over every token (the tests compare the two token by token).

``allegiance_entities`` runs the model's own ``ner`` only where the coder reads entities. The
components read DATE/TIME entities to date events and office claims, and CARDINAL, MONEY,
PERCENT and QUANTITY entities to find figures, and each of them only acts on an entity whose
text has a digit, a month or weekday name, a number word or one of "today", "tonight",
"yesterday", "morning", "month", "year"; the quote extractor reads PERSON, ORG and place
entities inside the speaker of a speech verb ("say", "tell", ... or "according to"), which is in
the verb's sentence. Sentences with neither never give the coder anything from an entity, so
they are not run through the recogniser: a block whose
sentences all have cues is recognised whole, exactly as before; a block without any is not
recognised at all; otherwise each run of consecutive cue sentences is recognised with five tokens
of context on each side. The recogniser's token features look four tokens either way, so the
run's tokens get the same features as in the whole block; an entity could only differ where the
recogniser would be inside an entity at the run's first token (an entity running across a
sentence boundary). ``doc.ents`` is therefore empty in sentences without cues: a user who
wants every entity loads the plain model.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..ingest.dates import MONTHS

# -- attribute ruler ----------------------------------------------------------------------------------

_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_PREFERENCE = ("LOWER", "DEP", "TAG", "IS_SPACE")


class FastAttributeRuler:
    """The model's attribute ruler, with its patterns found by table look-up (see the module doc).

    A pattern is indexed under the value its first token must have (a tag, a lower-case form, a
    dependency label, or being a space); each token only tries the patterns filed under its own
    values, compared as the string hashes ``Doc.to_array`` gives.
    """

    def __init__(self, nlp: Language, name: str = "allegiance_attribute_ruler"):
        self.name = name
        self.vocab = nlp.vocab
        self.index: list[dict[int, list]] = [defaultdict(list) for _ in _COLUMNS]
        self.general: list = []
        self.attrs: list[dict] = []
        self._merged: dict[tuple[int, ...], dict] = {}

    def _check(self, attr: str, spec):
        """(column, kind, value) for one attribute test of a pattern token, as the Matcher reads it."""
        if attr not in _COLUMNS:
            raise ValueError(f"attribute {attr} is not supported")
        column = _COLUMNS.index(attr)
        if attr == "IS_SPACE":
            if not isinstance(spec, bool):
                raise ValueError(spec)
            return column, "eq", int(spec)
        strings = self.vocab.strings
        if isinstance(spec, str):
            return column, "eq", strings.add(spec)
        if set(spec) == {"IN"}:
            return column, "in", frozenset(strings.add(v) for v in spec["IN"])
        if set(spec) == {"NOT_IN"}:
            return column, "not_in", frozenset(strings.add(v) for v in spec["NOT_IN"])
        if set(spec) == {"REGEX"}:
            return column, "regex", re.compile(spec["REGEX"])
        raise ValueError(spec)

    def copy_from(self, ruler) -> "FastAttributeRuler":
        """Take the patterns of a spaCy ``AttributeRuler``; refuses patterns it cannot read exactly."""
        self.attrs = list(ruler.attrs)
        for attr_id, entry in enumerate(ruler.patterns):
            index = ruler.indices[attr_id]
            for pattern in entry["patterns"]:
                checks = [tuple(self._check(attr, spec) for attr, spec in token.items()) for token in pattern]
                target = index if index >= 0 else len(pattern) + index
                item = (attr_id, checks, target)
                anchors = [c for c in checks[0] if c[1] in ("eq", "in")]
                if not anchors:
                    self.general.append(item)
                    continue
                # file it under its rarest value: a word form before a dependency label before a tag
                column, kind, value = min(anchors, key=lambda c: (c[1] != "eq", _PREFERENCE.index(_COLUMNS[c[0]])))
                for key in ([value] if kind == "eq" else value):
                    self.index[column][key].append(item)
        return self

    def _matches(self, rows, i: int, checks) -> bool:
        if i + len(checks) > len(rows):
            return False
        for offset, token_checks in enumerate(checks):
            row = rows[i + offset]
            for column, kind, value in token_checks:
                got = row[column]
                if kind == "eq":
                    if got != value:
                        return False
                elif kind == "in":
                    if got not in value:
                        return False
                elif kind == "not_in":
                    if got in value:
                        return False
                elif value.search(self.vocab.strings[got]) is None:
                    return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found: dict[int, set[int]] = defaultdict(set)
        tags, lowers, deps, spaces = self.index
        general = self.general
        for i, (tag, lower, dep, space) in enumerate(rows):
            for table, key in ((tags, tag), (lowers, lower), (deps, dep), (spaces, space)):
                for attr_id, checks, target in table.get(key, ()):
                    if self._matches(rows, i, checks):
                        found[i + target].add(attr_id)
            for attr_id, checks, target in general:
                if self._matches(rows, i, checks):
                    found[i + target].add(attr_id)
        for position, ids in found.items():
            key = tuple(sorted(ids))
            merged = self._merged.get(key)
            if merged is None:  # later patterns win, as in spaCy's sorted application
                merged = {}
                for attr_id in key:
                    merged.update(self.attrs[attr_id])
                self._merged[key] = merged
            set_token_attrs(doc[position], merged)
        return doc


@Language.factory("allegiance_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp, name)


# -- entities --------------------------------------------------------------------------------------

_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
                 "dozen half third thirds quarter quarters fifth hundred thousand").split()
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: A sentence the coder may read an entity in: see the module doc. Month names and the time words
#: match as prefixes ("Sept.", "years"); number words as whole words ("ten", not "tension").
CUES = re.compile(
    r"\d|\b(?:" + "|".join(sorted({*MONTHS, *_WEEKDAYS, "today", "tonight", "yesterday", "morning", "month",
                                   "year"}, key=len, reverse=True))
    + r")|\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b",
    re.I)


def needs_entities(sent: Span) -> bool:
    """Whether the coder may read an entity in ``sent``: a time or number cue, or a speech verb
    whose speaker the quote extractor names from PERSON and ORG entities."""
    if CUES.search(sent.text):
        return True
    from .quotes import SPEECH_VERBS

    return any(token.lower_ == "according" or token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS
               for token in sent)


class CuedEntityRecognizer:
    """The model's ``ner``, run on the sentences the coder can read an entity in (module doc)."""

    def __init__(self, nlp: Language, name: str = "allegiance_entities"):
        self.name = name
        self.ner = None

    def wrap(self, ner) -> "CuedEntityRecognizer":
        self.ner = ner
        return self

    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc]):
            pass
        return doc

    def pipe(self, docs, batch_size: int = 64):
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            whole, parts = [], []  # docs recognised as they are; (doc, run start, run end, offset, Doc)
            for doc in batch:
                runs = self._runs(doc)
                if runs == [(0, len(doc))]:
                    whole.append(doc)
                    continue
                doc.set_ents([], default="outside")
                for start, end in runs:
                    left, right = max(0, start - MARGIN), min(len(doc), end + MARGIN)
                    parts.append((doc, start, end, left, doc[left:right].as_doc()))
            if whole:
                for _ in self.ner.pipe(whole, batch_size=batch_size):
                    pass
            if parts:
                for _ in self.ner.pipe([part[-1] for part in parts], batch_size=batch_size):
                    pass
                found: dict[int, tuple[Doc, list[Span]]] = {}
                for doc, start, end, offset, part in parts:
                    spans = found.setdefault(id(doc), (doc, []))[1]
                    spans += [Span(doc, ent.start + offset, ent.end + offset, label=ent.label) for ent in part.ents
                              if start <= ent.start + offset < end]
                for doc, spans in found.values():
                    doc.set_ents(spans, default="outside")
            yield from batch

    @staticmethod
    def _runs(doc: Doc) -> list[tuple[int, int]]:
        """Token ranges to recognise: runs of sentences that need entities, merged where their
        margins touch; ``[(0, len(doc))]`` when that is the whole doc."""
        runs: list[tuple[int, int]] = []
        for sent in doc.sents:
            if not needs_entities(sent):
                continue
            if runs and sent.start - runs[-1][1] <= 2 * MARGIN:
                runs[-1] = (runs[-1][0], sent.end)
            else:
                runs.append((sent.start, sent.end))
        if runs and runs[0][0] <= MARGIN and runs[-1][1] >= len(doc) - MARGIN and len(runs) == 1:
            return [(0, len(doc))]
        return runs


#: Tokens of context kept on each side of a run: the recogniser's token features look four tokens
#: either way (a window of one, four layers deep), so with five the run's tokens and the one
#: before it are encoded exactly as in the whole block.
MARGIN = 5


@Language.factory("allegiance_entities")
def make_entities(nlp: Language, name: str) -> CuedEntityRecognizer:
    return CuedEntityRecognizer(nlp, name)


def speed_up(nlp: Language) -> Language:
    """Swap the model's ``attribute_ruler`` and ``ner`` for the stand-ins above (same names kept)."""
    if "attribute_ruler" in nlp.pipe_names and not isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler):
        original = nlp.get_pipe("attribute_ruler")
        fast = nlp.replace_pipe("attribute_ruler", "allegiance_attribute_ruler")
        fast.copy_from(original)
    if "ner" in nlp.pipe_names and not isinstance(nlp.get_pipe("ner"), CuedEntityRecognizer):
        ner = nlp.get_pipe("ner")
        cued = nlp.replace_pipe("ner", "allegiance_entities")
        cued.wrap(ner)
    return nlp
