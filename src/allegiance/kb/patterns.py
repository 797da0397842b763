"""PETRARCH verb patterns matched as PETRARCH matches them: words in order around the verb.

The lexicon (``nlp/lexicon.py``) can only say "verb, particle, object, preposition", so many
patterns of a verb dictionary do not convert into it (``kb.dictionaries.verb_patterns`` counts
them). This module keeps every pattern in its own language and matches it against the words of
a sentence, so a user's dictionary is honoured as written:

- ``*`` is the verb; words before it are matched leftwards from the verb, words after it
  rightwards. Words separated by a space may have other words between them; words joined by
  ``_`` must be adjacent (``RECENTLY_*``: "recently allowed", not "recently did allow").
- ``&SET`` is any member of a synonym set (members may be phrases or other sets); a ``{ }``
  phrase must be matched word by word, adjacent.
- ``+`` and ``$`` mark where the target and the source are named; ``%`` a compound actor
  (coordinated actors: "Gondor and Osgiliath"); ``^`` skips one actor or word. ``( )`` only
  groups.
- The code ``[042:043]`` codes the event source→target and a reverse one target→source;
  ``[:173]`` only the reverse one; ``[---]`` nothing. Codes outside CAMEO (test codes such as
  ``901`` or ``174K``) are the user's codes and are kept.

When several patterns of a verb's blocks match (a verb may be listed in more than one block),
the one that matches the most words wins (ties go to the one listed first); when none does, the
verb's own code or its block's code applies.
Matching works on plain word lists, so it can be tested without a parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dictionaries import NULL_CODE, DictPattern, DictVerb, DictVerbBlock, DictVerbs, _written_forms

#: Codes that say "no event" besides ``---`` (``+++`` marks an unfinished entry in old files).
_NO_CODE = re.compile(r"^[-+]*$")
_CODE = re.compile(r"^[0-9A-Za-z]+$")
_PATTERN_TOKEN = re.compile(r"_|[(){}*$+%^]|&[A-Za-z0-9_]+|[^\s(){}_*$+%^]+")
NEGATIONS = frozenset({"NOT", "N'T", "NO", "NEVER", "NEITHER", "NOR"})
MARKERS = {"+": "target", "$": "source", "%": "compound", "^": "skip"}


def split_code(raw: str | None) -> tuple[str | None, str | None]:
    """``042:043`` → ("042", "043"); ``:173`` → (None, "173"); ``---`` → (None, None).

    Anything that is not a plain code (``+++``, ``080!``) codes nothing.
    """
    if raw is None:
        return None, None
    forward, _, reverse = raw.partition(":")

    def one(text: str) -> str | None:
        text = text.strip()
        if not text or text == NULL_CODE or _NO_CODE.match(text) or not _CODE.match(text):
            return None
        return text.upper()

    return one(forward), one(reverse)


@dataclass(frozen=True, slots=True)
class Element:
    """One thing a pattern matches: words (any of several sequences) or an actor marker."""

    kind: str  # "words" | "target" | "source" | "compound" | "skip"
    options: tuple[tuple[str, ...], ...] = ()  # word sequences, longest first (kind "words")


@dataclass(frozen=True, slots=True)
class Compiled:
    """A pattern split at its verb: elements before and after it, and their glue.

    ``glue_before[i]`` says that element ``i`` of ``before`` must touch the element after it
    (or the verb); ``glue_after[i]`` that element ``i`` of ``after`` must touch the one before it
    (or the verb).
    """

    before: tuple[Element, ...]
    glue_before: tuple[bool, ...]
    after: tuple[Element, ...]
    glue_after: tuple[bool, ...]
    code: str | None
    reverse: str | None
    text: str
    order: int  # position in the dictionary, for ties

    @property
    def prep(self) -> str | None:
        """The word written right before ``+`` after the verb ("* EID AT ^ WITH +" → with)."""
        for index, element in enumerate(self.after):
            if element.kind == "target" and index and self.after[index - 1].kind == "words":
                return self.after[index - 1].options[0][-1].lower()
        return None


class _Unreadable(Exception):
    pass


def _synset_options(name: str, synsets: dict, seen: frozenset = frozenset()) -> list[tuple[str, ...]]:
    if name not in synsets:
        raise _Unreadable(f"unknown synonym set {name}")
    out = []
    for member in synsets[name]:
        if member.startswith("&"):
            if member not in seen:
                out += _synset_options(member, synsets, seen | {name})
        else:
            out.append(tuple(member.replace("_", " ").split()))
    return out


def _synset_token(token: str, synsets: dict) -> list[str]:
    """``&TIETYPES_RELATIONS`` → ["&TIETYPES", "_", "RELATIONS"] when only &TIETYPES is a set."""
    if token in synsets or "_" not in token:
        return [token.rstrip("_")] if token.rstrip("_") in synsets else [token]
    parts = token.split("_")
    for cut in range(len(parts) - 1, 0, -1):
        if "_".join(parts[:cut]) in synsets:
            rest = [p for p in parts[cut:] if p]
            return ["_".join(parts[:cut])] + [x for p in rest for x in ("_", p)]
    return [token]


def _with_hyphens(options) -> list[tuple[str, ...]]:
    """Each option, and its spelling with hyphenated words split as the tokenizer splits them
    ("SIT-IN" is also "SIT", "-", "IN"); longest first."""
    out = []
    for option in options:
        out.append(tuple(option))
        split = tuple(part for word in option for part in re.split(r"(-)", word) if part)
        if split != tuple(option):
            out.append(split)
    return sorted(dict.fromkeys(out), key=len, reverse=True)


def compile_pattern(text: str, synsets: dict, code: str | None, order: int = 0) -> Compiled:
    """Compile a pattern's text (without its code) into elements around the verb.

    Raises ``ValueError`` when the pattern has no single ``*`` or names an unknown set.
    """
    raw = []
    for token in _PATTERN_TOKEN.findall(text.upper()):
        raw += _synset_token(token, synsets) if token.startswith("&") else [token]
    elements: list = []  # Element, "*" or "_" (glue)
    depth = 0  # inside { }: words glued
    try:
        for token in raw:
            if token in "()":
                continue
            if token == "{":
                depth += 1
                continue
            if token == "}":
                depth = max(0, depth - 1)
                continue
            if depth and elements and elements[-1] != "_" and token != "_" and token != "*":
                elements.append("_")
            if token in ("*", "_"):
                elements.append(token)
            elif token in MARKERS:
                elements.append(Element(MARKERS[token]))
            elif token.startswith("&"):
                options = _with_hyphens(_synset_options(token, synsets))
                elements.append(Element("words", tuple(o for o in options if o)))
            else:
                elements.append(Element("words", tuple(_with_hyphens([(token,)]))))
    except _Unreadable as error:
        raise ValueError(str(error)) from None
    if elements.count("*") != 1:
        raise ValueError("pattern without exactly one verb marker (*)")
    star = elements.index("*")
    forward, reverse = split_code(code)
    before, glue_before = _side(elements[:star], leftwards=True)
    after, glue_after = _side(elements[star + 1:], leftwards=False)
    return Compiled(before, glue_before, after, glue_after, forward, reverse, text, order)


def _side(items: list, leftwards: bool) -> tuple[tuple[Element, ...], tuple[bool, ...]]:
    """Elements of one side and, for each, whether it is glued towards the verb."""
    elements, glue = [], []
    for index, item in enumerate(items):
        if item != "_":
            toward = index + 1 if leftwards else index - 1  # the neighbour on the verb's side
            elements.append(item)
            glue.append(0 <= toward < len(items) and items[toward] == "_")
    return tuple(elements), tuple(glue)


# --------------------------------------------------------------------------------------------
# Matching on a list of words
# --------------------------------------------------------------------------------------------

@dataclass
class Sentence:
    """What the matcher sees: upper-case words and where actors are named.

    ``actors`` maps a token index to the (start, end) of the actor mention covering it;
    ``compounds`` does the same for coordinated actors taken together ("Gondor and Osgiliath").
    ``lower`` and ``upper`` bound the words the pattern may use before and after the verb.
    """

    words: Sequence[str]
    actors: dict[int, tuple[int, int]] = field(default_factory=dict)
    compounds: dict[int, tuple[int, int]] = field(default_factory=dict)
    lower: int = 0
    upper: int | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A verb coded by the dictionary: the codes and where the pattern found its actors."""

    code: str | None
    reverse: str | None
    pattern: str | None  # None: the verb's or block's own code
    source: tuple[int, int] | None = None  # token span of the actor under ``$``
    target: tuple[int, int] | None = None  # under ``+``
    prep: str | None = None
    words: frozenset[int] = frozenset()  # token indexes the pattern's words matched
    verb: tuple[int, int] = (0, 0)


def _match_words(words, option, pos) -> bool:
    return all(0 <= pos + k < len(words) and words[pos + k] == w for k, w in enumerate(option))


def _forward(sentence: Sentence, elements, glue, index: int, pos: int, limit: int, found: dict):
    """Match ``elements[index:]`` rightwards from ``pos``; the bindings, or None."""
    if index == len(elements):
        return found
    element = elements[index]
    last = pos if glue[index] else limit - 1
    for start in range(pos, last + 1):
        if start >= limit:
            break
        for end, binding in _consume(sentence, element, start, limit):
            result = _forward(sentence, elements, glue, index + 1, end, limit,
                              {**found, **binding(start, end)})
            if result is not None:
                return result
    return None


def _backward(sentence: Sentence, elements, glue, index: int, pos: int, limit: int, found: dict):
    """Match ``elements[:index]`` leftwards, the last ending right before ``pos``."""
    if index == 0:
        return found
    element = elements[index - 1]
    first = pos if glue[index - 1] else limit
    for end in range(pos, first - 1, -1):
        if end <= limit:
            break
        for start, binding in _consume_back(sentence, element, end, limit):
            result = _backward(sentence, elements, glue, index - 1, start, limit,
                               {**found, **binding(start, end)})
            if result is not None:
                return result
    return None


def _binder(element: Element):
    """What a matched element records: the span under ``+``/``$``, the word positions."""
    def bind(start: int, end: int) -> dict:
        if element.kind in ("target", "source"):
            return {element.kind: (start, end)}
        if element.kind == "words":
            return {("w", i): True for i in range(start, end)}
        return {}
    return bind


def _consume(sentence: Sentence, element: Element, start: int, limit: int):
    """Ways ``element`` can match from ``start`` rightwards: (end, binder)."""
    if element.kind == "words":
        for option in element.options:
            if start + len(option) <= limit and _match_words(sentence.words, option, start):
                yield start + len(option), _binder(element)
        return
    span = (sentence.compounds if element.kind == "compound" else sentence.actors).get(start)
    if span is not None and span[0] == start and span[1] <= limit:
        yield span[1], _binder(element)
    elif element.kind == "skip":
        yield start + 1, _binder(element)


def _consume_back(sentence: Sentence, element: Element, end: int, limit: int):
    """Ways ``element`` can match ending right before ``end`` leftwards: (start, binder)."""
    if element.kind == "words":
        for option in element.options:
            start = end - len(option)
            if start >= limit and _match_words(sentence.words, option, start):
                yield start, _binder(element)
        return
    span = (sentence.compounds if element.kind == "compound" else sentence.actors).get(end - 1)
    if span is not None and span[1] == end and span[0] >= limit:
        yield span[0], _binder(element)
    elif element.kind == "skip":
        yield end - 1, _binder(element)


def match_pattern(pattern: Compiled, sentence: Sentence, verb_start: int, verb_end: int) -> dict | None:
    """The bindings of ``pattern`` around the verb at ``[verb_start, verb_end)``, or None."""
    upper = len(sentence.words) if sentence.upper is None else sentence.upper
    after = _forward(sentence, pattern.after, pattern.glue_after, 0, verb_end, upper, {})
    if after is None:
        return None
    before = _backward(sentence, pattern.before, pattern.glue_before, len(pattern.before), verb_start,
                       sentence.lower, {})
    if before is None:
        return None
    return {**before, **after}


# --------------------------------------------------------------------------------------------
# A whole verb dictionary
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]  # the written form ("BROKEN", "DOWN")
    index: int  # which of them is the verb
    verb: DictVerb
    block: int  # index into PatternBook.blocks


class PatternBook:
    """Every verb of a dictionary by its written forms, with its block's compiled patterns."""

    def __init__(self, verbs: DictVerbs):
        self.blocks: list[tuple[DictVerbBlock, list[Compiled]]] = []
        self.unreadable: list[tuple[DictPattern, str]] = []
        self.index: dict[str, list[_Entry]] = {}
        order = 0
        for number, block in enumerate(verbs.blocks):
            compiled = []
            for pattern in block.patterns:
                if split_code(pattern.code) == (None, None) and pattern.code.strip() != NULL_CODE:
                    self.unreadable.append((pattern, f"not a code [{pattern.code}]"))
                    order += 1
                    continue  # "[+++]": an unfinished entry, not a pattern that codes nothing
                try:
                    compiled.append(compile_pattern(pattern.text, verbs.synsets, pattern.code, order))
                except ValueError as error:
                    self.unreadable.append((pattern, str(error)))
                order += 1
            self.blocks.append((block, compiled))
            for verb in block.verbs:
                for form in _written_forms(verb):
                    words = tuple(form.split())
                    if verb.verb_index < len(words):
                        self.index.setdefault(words[verb.verb_index], []).append(
                            _Entry(words, verb.verb_index, verb, number))
        self.codes = {code for _, patterns in self.blocks for p in patterns for code in (p.code, p.reverse)
                      if code} | {code for block, _ in self.blocks
                                  for raw in (block.code, *(v.code for v in block.verbs))
                                  for code in split_code(raw) if code}

    def entries_at(self, sentence: Sentence, position: int, keys: Sequence[str]) -> tuple[list[_Entry], int, int]:
        """The dictionary verbs written at ``position`` (the longest multi-word form wins),
        with the span they cover. ``keys`` are the spellings to look up (the word, its
        lemma). A verb listed in several blocks gives one entry per block."""
        best: list[_Entry] = []
        span = (0, 0)
        for key in keys:
            for entry in self.index.get(key, ()):
                start = position - entry.index
                others = [(start + k, w) for k, w in enumerate(entry.words) if k != entry.index]
                if start < 0 or any(not (0 <= i < len(sentence.words)) or sentence.words[i] != w
                                    for i, w in others):
                    continue
                if not best or len(entry.words) > len(best[0].words):
                    best, span = [entry], (start, start + len(entry.words))
                elif len(entry.words) == len(best[0].words) and entry.block not in {e.block for e in best}:
                    best.append(entry)
            if best:
                break
        return best, span[0], span[1]

    def code(self, sentence: Sentence, position: int, keys: Sequence[str]) -> Hit | None:
        """The dictionary's coding of the verb at ``position``; None when it is not listed.

        A Hit whose ``code`` and ``reverse`` are both None means: listed, codes nothing.
        """
        entries, start, end = self.entries_at(sentence, position, keys)
        if not entries:
            return None
        patterns = [p for entry in entries for p in self.blocks[entry.block][1]]
        best = None
        for pattern in patterns:
            bindings = match_pattern(pattern, sentence, start, end)
            if bindings is None:
                continue
            words = frozenset(k[1] for k in bindings if isinstance(k, tuple))
            score = len(words) + sum(1 for e in (*pattern.before, *pattern.after) if e.kind != "words")
            if best is None or score > best[0]:
                best = (score, pattern, bindings, words)
        if best is not None:
            _, pattern, bindings, words = best
            return Hit(pattern.code, pattern.reverse, pattern.text, bindings.get("source"),
                       bindings.get("target"), pattern.prep, words, (start, end))
        for entry in entries:  # the first block that gives the verb a code
            block = self.blocks[entry.block][0]
            forward, reverse = split_code(entry.verb.code if entry.verb.code is not None else block.code)
            if forward or reverse:
                return Hit(forward, reverse, None, verb=(start, end))
        return Hit(None, None, None, verb=(start, end))
