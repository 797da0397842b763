"""Readers for PETRARCH/TABARI dictionaries, and converters into allegiance's own tables.

The PETRARCH-2 dictionaries (and the TABARI files they grew from) hold tens of thousands of actor
names, generic agents ("farmer", "foreign minister"), verb patterns and discard phrases. This module
reads the four formats as they are found in the wild, damaged characters and typos included, and
turns them into what allegiance uses: upper-case surface forms with (dated) actor codes, agent
phrases with their code templates, and rows in the verb-pattern lexicon's CSV schema
(``docs/lexicon.md``). ``docs/dictionaries.md`` describes what converts and what is dropped.

Every reader reads UTF-8 with ``errors="replace"``, never raises on a bad line, and keeps the lines
it skipped (file, line number, reason) so a caller can report them. Every converter keeps counts of
what it could not express, by reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import ontology

NULL_CODE = "---"  # "no code": the phrase is known but codes nothing (or nothing in that period)
CENTURY_PIVOT = 30  # two-digit years below this are 20xx, the others 19xx ("070501" = 2007-05-01)
PARTICLES = frozenset({"UP", "DOWN", "OFF", "OUT", "IN", "ON", "AWAY", "BACK", "OVER"})
PREPOSITIONS = frozenset({
    "ABOARD", "ABOUT", "ACROSS", "AFTER", "AGAINST", "ALONG", "AMID", "AMONG", "AROUND", "AT",
    "BEFORE", "BEHIND", "BETWEEN", "BEYOND", "BY", "DESPITE", "DURING", "FOR", "FROM", "IN", "INSIDE",
    "INTO", "NEAR", "OF", "ON", "ONTO", "OUTSIDE", "OVER", "THROUGH", "TO", "TOWARD", "TOWARDS",
    "UNDER", "UNTIL", "UPON", "VIA", "WITH", "WITHIN", "WITHOUT",
})
# docs/lexicon.md: attribution is not an event, so pure speech verbs are never lexicon rows
SPEECH_VERBS = frozenset({"say", "tell", "state", "announce", "add", "note", "report"})
LEXICON_COLUMNS = ("verb", "particle", "object", "prep", "cameo", "plover", "note")


# --------------------------------------------------------------------------------------------
# Result containers: parsed or converted items plus what was left out
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Skipped:
    """A line a reader could not use: kept so that users can fix their dictionary."""

    source: str  # file name
    line: int
    reason: str
    text: str


class CountedList(list):
    """A list that also carries what was left out, so callers can report coverage.

    ``skipped``: lines a reader could not parse. ``dropped``: items a converter could not
    express, counted by reason. ``kept``: what a converter did express, counted by kind.
    """

    def __init__(self, items: Iterable = (), skipped: Iterable[Skipped] = ()):
        super().__init__(items)
        self.skipped: list[Skipped] = list(skipped)
        self.dropped: Counter[str] = Counter()
        self.kept: Counter[str] = Counter()


class CountedDict(dict):
    """A dict with the same ``dropped`` and ``kept`` counters as :class:`CountedList`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dropped: Counter[str] = Counter()
        self.kept: Counter[str] = Counter()


# --------------------------------------------------------------------------------------------
# Parsed entries
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code, possibly valid only between two dates (both inclusive; None = open).

    ``[KORGOV 070501-080731]`` → 2007-05-01 … 2008-07-31; ``[USAELI >090120]`` → from
    2009-01-20; ``[RHO <790606]`` → until 1979-06-05.
    """

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def applies_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class DictActor:
    """One actor entry: its primary name, its ``+`` synonyms and its codes, in file order."""

    name: str  # upper case, words separated by single spaces ("UNITED STATES OF AMERICA")
    synonyms: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


@dataclass(frozen=True, slots=True)
class DictAgent:
    """A generic agent ("FOREIGN MINISTER" → GOV) and where its code goes around an actor code.

    ``[~GOV]``: the ``~`` stands for the actor code, so the agent code is a suffix (ARN → ARNGOV).
    ``[IGO~]``: the agent code is a prefix (ARN → IGOARN).
    """

    phrases: tuple[str, ...]  # the written phrase, with substitution sets (!PERSON!) expanded
    code: str  # "GOV", "MILSPY", "IGO"
    attach: str  # "suffix" | "prefix"
    plurals: tuple[str, ...]  # explicit {…} forms, or regular plurals generated as PETRARCH does
    line: int = 0

    @property
    def template(self) -> str:
        """The code with ``~`` marking the actor code: "~GOV" or "IGO~"."""
        return f"~{self.code}" if self.attach == "suffix" else f"{self.code}~"

    def combine(self, actor_code: str) -> str:
        return combine_agent(actor_code, self.template)


@dataclass(frozen=True, slots=True)
class DictVerb:
    """A verb listed in a verb block: its words, explicit forms and own code.

    A multi-word verb marks its verb with ``+`` (``+CALL_OFF``, ``WIRE_+TAP``); ``verb_index``
    says which word that is. ``forms`` are the irregular or explicit forms given in ``{…}``.
    """

    word: str  # "CALL OFF", "HURRY"
    forms: tuple[str, ...]  # ("HURRIES", "HURRYING", "HURRIED")
    code: str | None  # raw code text, "---" included; None when the line gives none
    verb_index: int = 0
    line: int = 0

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.word.split())

    @property
    def lemma(self) -> str:
        return self.words[self.verb_index].lower()


@dataclass(frozen=True, slots=True)
class DictPattern:
    """A pattern line ``- tokens [code] # comment`` of a verb block."""

    text: str  # the pattern as written, without the leading "-", the code and the comment
    tokens: tuple[str, ...]  # "*", "$", "+", "%", "^", "&SYNSET", words, and "(" ")" "{" "}"
    code: str  # raw code text: "046", "042:043", ":173", "---"
    comment: str  # usually the verb the pattern was written for ("# STAGE")
    line: int = 0


@dataclass(frozen=True, slots=True)
class DictVerbBlock:
    """``--- NAME [code] ---`` followed by its verbs and patterns."""

    name: str  # as written, underscores kept ("GO_SOMEWHERE" is a label, not always a verb)
    code: str | None  # raw default code of the block, "---" included
    verbs: tuple[DictVerb, ...]
    patterns: tuple[DictPattern, ...]
    source: str = ""
    line: int = 0

    @property
    def base(self) -> DictVerb | None:
        """The block's base verb: the verb named in the header, else the first verb listed."""
        name = " ".join(self.name.replace("_", " ").split())
        for verb in self.verbs:
            if verb.word == name:
                return verb
        return self.verbs[0] if self.verbs else None


@dataclass(slots=True)
class DictVerbs:
    """A parsed verb dictionary: synonym sets, verb blocks (with their patterns), transformations."""

    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "&CURRENCY" → members
    blocks: list[DictVerbBlock] = field(default_factory=list)
    transformations: list[str] = field(default_factory=list)  # "~ a (a b ATTACK) SAY = a b 015"
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def patterns(self) -> list[DictPattern]:
        return [pattern for block in self.blocks for pattern in block.patterns]

    def extend(self, other: "DictVerbs") -> None:
        """Add another file's content; a synonym set already defined keeps its first definition."""
        for name, members in other.synsets.items():
            self.synsets.setdefault(name, members)
        self.blocks.extend(other.blocks)
        self.transformations.extend(other.transformations)
        self.skipped.extend(other.skipped)


# --------------------------------------------------------------------------------------------
# Shared reading helpers
# --------------------------------------------------------------------------------------------

class _Line(NamedTuple):
    number: int
    body: str  # text before any "#", right-stripped
    comment: str
    blank: bool  # the raw line is empty (comment lines are not blank: they do not end a synset)


def _read_lines(path: Path) -> Iterator[_Line]:
    """The lines of a dictionary, outside ``<!-- … -->`` blocks, split from their comments.

    Damaged bytes become U+FFFD instead of stopping the read; iterating the file splits on line
    ends only (``str.splitlines`` would also split on control characters such as those found
    in the Phoenix files).
    """
    in_comment = False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.rstrip("\r\n")
            if in_comment:
                in_comment = "-->" not in text
                continue
            if text.lstrip().startswith("<!"):
                in_comment = "-->" not in text
                continue
            body, _, comment = text.partition("#")
            yield _Line(number, body.rstrip(), comment.strip(), not text.strip())


def normalize_form(text: str) -> str:
    """The key a dictionary phrase is stored under: upper case, ``_`` as space, single spaces.

    A matcher must apply the same function to the text it looks up (for example the upper-cased
    text of a token span), so that "United States" finds "UNITED_STATES_".
    """
    return " ".join(text.replace("_", " ").split()).upper()


def _date(text: str) -> dt.date | None:
    """A PETRARCH date: YYMMDD (two-digit years pivot at CENTURY_PIVOT) or YYYYMMDD.

    None when the text is not a real date, so the caller can report the line.
    """
    try:
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            year = int(text[:2])
            year += 2000 if year < CENTURY_PIVOT else 1900
            return dt.date(year, int(text[2:4]), int(text[4:]))
    except ValueError:
        return None
    return None


# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_CODE_SPEC = re.compile(
    r"^(?P<code>[A-Za-z0-9]+(?:/[A-Za-z0-9]+)*|---)"
    r"(?:\s*(?P<op>[<>])\s*(?P<date>\d+)|\s+(?P<start>\d+)\s*-\s*(?P<end>\d+))?$"
)
_NOT_NAME = re.compile(r"[{}=<>~]")  # names may hold quotes, colons and damaged characters


def _dated_codes(spec: str) -> list[DatedCode] | None:
    """``KORGOV 070501-080731`` / ``USAELI >090120`` / ``HOB <950601`` / ``ELR/GAL`` → codes.

    A ``/`` lists several codes for one phrase; each becomes its own DatedCode with the same
    dates. None when the text is not a code or a date is not real.
    """
    match = _CODE_SPEC.match(spec.strip())
    if not match:
        return None
    start = end = None
    if match["op"]:
        day = _date(match["date"])
        if day is None:
            return None
        # "<D" is before D; ">D" is from D on (PETRARCH lists [HOB <950601] then
        # [HOBGOV 19950601-19990815]: the range owns its first day)
        start, end = (day, None) if match["op"] == ">" else (None, day - dt.timedelta(days=1))
    elif match["start"]:
        start, end = _date(match["start"]), _date(match["end"])
        if start is None or end is None:
            return None
    return [DatedCode(code.upper(), start, end) for code in match["code"].split("/")]


class _ActorDraft:
    """An actor entry being read: names first, codes as they come."""

    def __init__(self, name: str, line: int):
        self.names = [name]
        self.saw_codes = False  # a code was written, even one that could not be read
        self.codes: list[DatedCode] = []
        self.line = line

    def build(self) -> DictActor:
        names = list(dict.fromkeys(self.names))
        return DictActor(names[0], tuple(names[1:]), tuple(self.codes), self.line)


def _add_codes(draft: _ActorDraft, specs: list[str], skip) -> None:
    """Add the codes of a line's brackets; an unreadable one is reported and left out, so a
    typo in one date does not lose the entry's other codes."""
    draft.saw_codes = draft.saw_codes or bool(specs)
    for spec in specs:
        codes = _dated_codes(spec)
        if codes is None:
            skip(f"unreadable code [{spec}]")
        else:
            draft.codes.extend(codes)


def _actor_names(text: str) -> list[str]:
    """Names on a name or synonym line; a ``+`` inside a line starts another synonym."""
    return [normalize_form(part) for part in text.split("+") if normalize_form(part)]


class _ActorReader:
    """Reads actor lines one at a time, keeping the entry being built."""

    def __init__(self, path: Path):
        self.path = path
        self.actors = CountedList()
        self.draft: _ActorDraft | None = None

    def skip(self, number: int, reason: str, text: str) -> None:
        self.actors.skipped.append(Skipped(self.path.name, number, reason, text))

    def finish(self) -> None:
        """Close the current entry; one that never got a readable code is reported."""
        draft, self.draft = self.draft, None
        if draft is None:
            return
        if draft.codes:
            self.actors.append(draft.build())
        else:
            self.skip(draft.line, "actor without a code", draft.names[0])

    def read(self, number: int, text: str) -> None:
        """One non-empty line: a code line, a ``+`` synonym or a name line."""
        head = text.split("[", 1)[0].strip()
        specs = _BRACKETS.findall(text)

        def skip(reason: str) -> None:
            self.skip(number, reason, text)

        draft = self.draft
        if text.startswith("["):
            if draft is None:
                return skip("code line before any actor")
        elif text.startswith("+"):
            if draft is None or not _actor_names(head):
                return skip("synonym outside an actor entry" if draft is None else "empty synonym")
            draft.names.extend(_actor_names(head))
        elif _NOT_NAME.search(head) or not normalize_form(head):
            return skip("not an actor line")
        elif draft is not None and not draft.saw_codes and not specs:
            draft.names.append(normalize_form(head))  # another name (group) sharing the codes
        else:
            self.finish()
            draft = self.draft = _ActorDraft(normalize_form(head), number)
        _add_codes(draft, specs, skip)


def read_actors(path: str | Path) -> CountedList:
    """Read a TABARI/PETRARCH actor dictionary into :class:`DictActor` entries.

    A name line starts an entry; ``+`` lines add synonyms; ``[CODE …]`` on the name line or on
    its own (tab-indented) line adds codes. A name line that comes while the entry has no code
    yet, and brings none itself, joins the entry: the Phoenix files list name variants that way
    (MIKHAIL_GORBACHEV_ and its synonyms, then EX-SOVIET_PRESIDENT_…, then the codes).
    Entries that end with no code at all are reported as skipped (``.skipped``).
    """
    reader = _ActorReader(Path(path))
    for line in _read_lines(reader.path):
        if line.body.strip():
            reader.read(line.number, line.body.strip())
    reader.finish()
    return reader.actors


# --------------------------------------------------------------------------------------------
# Agents
# --------------------------------------------------------------------------------------------

_MACRO_DEF = re.compile(r"^(?P<name>![A-Za-z0-9]+!)\s*=\s*(?P<values>.+)$")
_MACRO = re.compile(r"![A-Za-z0-9]+!")
_AGENT = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
_AGENT_CODE = re.compile(r"^(?:~(?P<suffix>[A-Z0-9]+)|(?P<prefix>[A-Z0-9]+)~)$")


def _expand_macros(phrase: str, macros: dict[str, tuple[str, ...]]) -> list[str] | None:
    """``FOREIGN_!MINIST!`` → FOREIGN MINISTER, FOREIGN MINISTERS, …; None if a set is unknown."""
    names = _MACRO.findall(phrase)
    if any(name not in macros for name in names):
        return None
    parts = _MACRO.split(phrase)
    out = []
    for values in itertools.product(*(macros[name] for name in names)):
        text = parts[0] + "".join(value + rest for value, rest in zip(values, parts[1:]))
        out.append(normalize_form(text))
    return list(dict.fromkeys(form for form in out if form))


def regular_plural(phrase: str) -> str:
    """The regular plural of a phrase's last word, as PETRARCH generates for agents."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        last = last[:-1] + "IES"
    elif last.endswith(("S", "X", "Z", "CH", "SH")):
        last += "ES"
    elif last.endswith("MAN"):
        last = last[:-3] + "MEN"
    else:
        last += "S"
    return f"{head} {last}" if head else last


def _agent_plurals(phrases: list[str], braces: str | None, has_macro: bool) -> tuple[str, ...]:
    """``{}``: no plural; ``{X Y}``: those; nothing: regular plurals (not after substitution
    sets, which already list their plurals, as in ``!PERSON! = MAN, MEN, …``)."""
    if braces is not None:
        return tuple(normalize_form(p) for p in braces.split() if normalize_form(p))
    if has_macro:
        return ()
    return tuple(regular_plural(p) for p in phrases)


def read_agents(path: str | Path) -> CountedList:
    """Read a PETRARCH agent dictionary into :class:`DictAgent` entries.

    Lines are ``PHRASE {PLURALS} [~CODE]`` (or ``[CODE~]``), and ``!NAME! = A, B`` defines a
    substitution set used inside phrases (``CATTLE!PERSON!`` → CATTLEMAN, CATTLEMEN, …).
    """
    path = Path(path)
    agents = CountedList()
    macros: dict[str, tuple[str, ...]] = {}
    for line in _read_lines(path):
        text = line.body.strip()
        if not text:
            continue
        definition = _MACRO_DEF.match(text)
        if definition:
            values = (v.strip() for v in definition["values"].split(","))
            macros[definition["name"]] = tuple(v for v in values if v)
            continue
        agent = _parse_agent(text, macros, line.number)
        if isinstance(agent, str):
            agents.skipped.append(Skipped(path.name, line.number, agent, text))
        else:
            agents.append(agent)
    return agents


def _parse_agent(text: str, macros: dict, number: int) -> DictAgent | str:
    """One agent line, or the reason it cannot be used."""
    match = _AGENT.match(text)
    if not match:
        return "not an agent line (PHRASE [~CODE])"
    code = _AGENT_CODE.match("".join(match["code"].split()).upper())
    if not code:
        return f"agent code [{match['code']}] has no ~ (prefix/suffix) mark"
    phrases = _expand_macros(match["phrase"], macros)
    if not phrases:
        return "unknown substitution set or empty phrase"
    plurals = _agent_plurals(phrases, match["plurals"], bool(_MACRO.search(match["phrase"])))
    attach = "suffix" if code["suffix"] else "prefix"
    return DictAgent(tuple(phrases), code["suffix"] or code["prefix"], attach, plurals, number)


def combine_agent(actor_code: str, template: str) -> str:
    """Put an actor code into an agent template: ("ARN", "~GOV") → ARNGOV, ("ARN", "IGO~") →
    IGOARN. Several agents nest: combine_agent(combine_agent("ARN", "~GOV"), "NGO~") →
    NGOARNGOV, as in the PETRARCH unit tests ("An MSF Arnor diplomat")."""
    return template.replace("~", actor_code, 1)


# --------------------------------------------------------------------------------------------
# Discards
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DictDiscard:
    """A discard phrase; ``story`` phrases (``+`` in the file) discard the whole story."""

    phrase: str
    story: bool
    line: int = 0


def read_discard_entries(path: str | Path) -> CountedList:
    """Discard phrases with their sentence/story level, one per line."""
    path = Path(path)
    entries = CountedList()
    for line in _read_lines(path):
        text = line.body.strip()
        if not text:
            continue
        phrase = normalize_form(text.lstrip("+"))
        if not phrase or "[" in phrase:
            entries.skipped.append(Skipped(path.name, line.number, "not a discard phrase", text))
            continue
        entries.append(DictDiscard(phrase, text.startswith("+"), line.number))
    return entries


def read_discards(path: str | Path) -> CountedList:
    """Discard phrases, upper case (sentence and story level alike; see read_discard_entries)."""
    entries = read_discard_entries(path)
    return CountedList((entry.phrase for entry in entries), entries.skipped)


# --------------------------------------------------------------------------------------------
# Verbs: reading
# --------------------------------------------------------------------------------------------

_HEADER = re.compile(r"^---\s*(?P<name>[^\[]*?)\s*(?:\[(?P<code>[^\]]*)\].*)?$")
_VERB_LINE = re.compile(
    r"^(?P<word>[^\s{\[]+(?:\s+[^\s{\[]+)*?)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?$"
)
_TOKEN = re.compile(r"[(){}*$+%^]|&[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*|[^\s(){}_*$+%^]+")
_SUPPORTED = re.compile(r"^(?:[(){}*$+%^]|&[A-Z0-9_]+|[A-Z0-9][A-Z0-9'.\-]*)$")


def _verb_words(text: str) -> tuple[str, int]:
    """``+CALL_OFF`` → ("CALL OFF", 0); ``WIRE_+TAP`` → ("WIRE TAP", 1)."""
    words = [w for w in re.split(r"[_\s]+", text.strip()) if w]
    index = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    return " ".join(w.lstrip("+").upper() for w in words), index


def _parse_verb(text: str, number: int) -> DictVerb | None:
    match = _VERB_LINE.match(text.split(";", 1)[0].strip())  # ";shan 8/30/93": an old comment
    if not match:
        return None
    word, index = _verb_words(match["word"])
    if not word:
        return None
    forms = tuple(_verb_words(form)[0] for form in (match["forms"] or "").split())
    code = match["code"].strip() if match["code"] is not None else None
    return DictVerb(word, forms, code, index, number)


def _split_synset_name(token: str, known: dict) -> list[str]:
    """``&TIETYPES_RELATIONS`` → ["&TIETYPES", "RELATIONS"] when only &TIETYPES is defined."""
    if token in known or "_" not in token:
        return [token]
    parts = token.split("_")
    for cut in range(len(parts) - 1, 0, -1):
        if "_".join(parts[:cut]) in known:
            return ["_".join(parts[:cut]), *parts[cut:]]
    return [token]


def tokenize_pattern(text: str, synsets: dict | None = None) -> tuple[str, ...]:
    """Split a pattern into tokens; ``_`` (TABARI's "adjacent words") splits like a space.

    Raises ValueError on unbalanced brackets, which the reader reports as a skipped line.
    """
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        tokens.extend(_split_synset_name(token.rstrip("_"), synsets or {}))
    depth = []
    for token in tokens:
        if token in "({":
            depth.append(token)
        elif token in ")}":
            if not depth or depth.pop() != {")": "(", "}": "{"}[token]:
                raise ValueError("unbalanced brackets")
    if depth:
        raise ValueError("unbalanced brackets")
    return tuple(tokens)


def _parse_pattern(text: str, comment: str, number: int, synsets: dict) -> DictPattern | str:
    """One ``- … [code]`` line, or the reason it cannot be read."""
    body = text.strip()[1:].strip()
    codes = list(_BRACKETS.finditer(body))
    if not codes:
        return "pattern without a [code]"
    last = codes[-1]
    pattern_text = (body[:last.start()] + body[last.end():]).strip()
    try:
        tokens = tokenize_pattern(pattern_text, synsets)
    except ValueError as error:
        return str(error)
    return DictPattern(pattern_text, tokens, last.group(1).strip(), comment, number)


def _parse_header(text: str, number: int) -> "_BlockDraft":
    """``---  NAME   [code]  ---``, tolerating the typos found in the wild (``[110]---  ---``,
    two codes, no closing dashes, a two-word name). A header always opens a new block, so
    that the verbs after a damaged header are not added to the block before it."""
    match = _HEADER.match(text)
    name = " ".join(match["name"].strip("- ").split()).upper() if match else ""
    code = match["code"].strip() if match and match["code"] is not None else None
    return _BlockDraft(name.replace(" ", "_"), code, number)


class _BlockDraft:
    def __init__(self, name: str, code: str | None, line: int):
        self.name, self.code, self.line = name, code, line
        self.verbs: list[DictVerb] = []
        self.patterns: list[DictPattern] = []

    def build(self, source: str) -> DictVerbBlock:
        return DictVerbBlock(self.name, self.code, tuple(self.verbs), tuple(self.patterns), source,
                             self.line)


def _synset_name(text: str) -> str:
    return text.split()[0].rstrip("_").upper()


def read_verbs(path: str | Path) -> DictVerbs:
    """Read a PETRARCH verb dictionary (CAMEO.2.0.txt and the like) into :class:`DictVerbs`.

    ``&NAME`` starts a synonym set whose ``+`` lines are members until a blank line or another
    section; ``--- NAME [code] ---`` starts a verb block whose plain and ``+`` lines are verbs and
    whose ``- …`` lines are patterns; ``~`` lines are transformations, kept as text.
    """
    path = Path(path)
    verbs = DictVerbs()
    block: _BlockDraft | None = None
    synset: str | None = None

    def skip(line: _Line, reason: str) -> None:
        verbs.skipped.append(Skipped(path.name, line.number, reason, line.body.strip()))

    for line in _read_lines(path):
        text = line.body.strip()
        if not text:
            synset = None if line.blank else synset
            continue
        if text.startswith("---"):
            synset = None
            if block is not None:
                verbs.blocks.append(block.build(path.name))
            block = _parse_header(text, line.number)
            if block.code is None or not block.name:
                skip(line, "block header without [code] or name: its verbs get no default")
        elif text.startswith("&"):
            synset = _synset_name(text)
            verbs.synsets.setdefault(synset, ())
        elif synset is not None and text.startswith("+"):
            member = " ".join(text[1:].replace("_", " ").split()).upper()
            verbs.synsets[synset] = (*verbs.synsets[synset], member)
        elif text.startswith("~"):
            verbs.transformations.append(text)
        elif block is None:
            skip(line, "outside any verb block")
        elif text.startswith("-"):
            pattern = _parse_pattern(text, line.comment, line.number, verbs.synsets)
            if isinstance(pattern, str):
                skip(line, pattern)
            else:
                block.patterns.append(pattern)
        else:
            verb = _parse_verb(text, line.number)
            if verb is None:
                skip(line, "unreadable verb line")
            else:
                block.verbs.append(verb)
    if block is not None:
        verbs.blocks.append(block.build(path.name))
    return verbs


# --------------------------------------------------------------------------------------------
# Converters: actors and agents
# --------------------------------------------------------------------------------------------

def actor_surface_forms(actors: Iterable[DictActor]) -> CountedDict:
    """Upper-case surface form → the codes it may stand for, in file order.

    Keys are :func:`normalize_form` of each name and synonym ("UNITED STATES"); the matcher must
    look up upper-cased token text the same way. An undated null code (``[---]``: the phrase
    codes nothing) is dropped, and so is an entry left with no real code; a dated one
    (``[--- <950630]``: not an actor before that day) is kept, and :func:`code_on` returns None
    for it. Pick a code for a date with :func:`code_on`.
    """
    table = CountedDict()
    for actor in actors:
        codes = [code for code in actor.codes if code.code != NULL_CODE or code.dated]
        if len(codes) < len(actor.codes):
            table.dropped["undated null code [---]"] += len(actor.codes) - len(codes)
        if all(code.code == NULL_CODE for code in codes):
            table.dropped["actor with only null codes"] += 1
            continue
        table.kept["actors"] += 1
        for form in actor.forms:
            entry = table.setdefault(form, [])
            entry.extend(code for code in codes if code not in entry)
    table.kept["forms"] = len(table)
    return table


def code_on(codes: Iterable[DatedCode], day: dt.date | None) -> str | None:
    """The code that applies on ``day``: the first dated code covering it (PETRARCH lets an
    earlier restriction override a later one), else the first undated code. Without a day,
    the first undated code, else the last code listed. None when nothing applies or what
    applies is the null code ``---``."""
    codes = list(codes)
    chosen = None
    if day is not None:
        chosen = next((code for code in codes if code.dated and code.applies_on(day)), None)
    if chosen is None:
        chosen = next((code for code in codes if not code.dated), None)
    if chosen is None and day is None and codes:
        chosen = codes[-1]
    return None if chosen is None or chosen.code == NULL_CODE else chosen.code


def codes_on(codes: Iterable[DatedCode], day: dt.date | None) -> list[str]:
    """Every code that applies on ``day``: the one :func:`code_on` picks, plus the other
    undated codes when it is undated, since ``[ELR/GAL]`` names two actors at once."""
    codes = list(codes)
    first = code_on(codes, day)
    if first is None:
        return []
    if any(code.dated and code.code == first for code in codes) and not any(
            not code.dated and code.code == first for code in codes):
        return [first]
    others = [code.code for code in codes if not code.dated and code.code != NULL_CODE]
    return list(dict.fromkeys([first, *others]))


def agent_surface_forms(agents: Iterable[DictAgent]) -> CountedDict:
    """Upper-case phrase (plurals included) → code template ("~GOV", "IGO~").

    The value keeps PETRARCH's ``~`` so that the prefix/suffix position survives in a plain
    string; :func:`combine_agent` turns it into a full code. When two entries give one phrase
    different codes, the first wins and the conflict is counted.
    """
    table = CountedDict()
    for agent in agents:
        table.kept["agents"] += 1
        for phrase in (*agent.phrases, *agent.plurals):
            known = table.setdefault(phrase, agent.template)
            if known != agent.template:
                table.dropped["phrase already coded differently"] += 1
    table.kept["phrases"] = len(table)
    return table


# --------------------------------------------------------------------------------------------
# Converters: verb patterns → lexicon rows
# --------------------------------------------------------------------------------------------

VERB, SOURCE, TARGET, COMPOUND, SKIP = "*", "$", "+", "%", "^"
_IRREGULAR_SINGULAR = {"MEN": "MAN", "WOMEN": "WOMAN", "CHILDREN": "CHILD"}


class _Drop(Exception):
    """A pattern allegiance's lexicon cannot express; the message is the counted reason."""


def singular(word: str) -> str:
    """A rough singular, lower case, for object lemmas ("TALKS" → talk, "RALLIES" → rally).

    The lexicon compares objects with spaCy lemmas, which are singular; rules are enough here
    because each single-word object is also listed as written.
    """
    upper = word.upper()
    if upper in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[upper].lower()
    w = word.lower()
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "'s")):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "zes", "sses")):
        return w[:-2]
    return w[:-1] if w.endswith("s") else w


def _nest(tokens: Iterable[str]) -> list:
    """Flat tokens → items: ("pp", [...]) for ``( )``, ("np", [...]) for ``{ }``, else strings."""
    stack: list[list] = [[]]
    for token in tokens:
        if token in "({":
            stack.append([])
        elif token in ")}":
            inner = stack.pop()
            stack[-1].append(("pp" if token == ")" else "np", inner))
        else:
            stack[-1].append(token)
    return stack[0]


def _is_word(item) -> bool:
    return isinstance(item, str) and item not in (VERB, SOURCE, TARGET, COMPOUND, SKIP) \
        and not item.startswith("&")


def _synset_words(name: str, synsets: dict, seen: frozenset = frozenset()) -> list[tuple[str, ...]]:
    """Members of a synonym set as word tuples, nested sets expanded (cycles ignored)."""
    if name not in synsets:
        raise _Drop("unknown synonym set")
    out = []
    for member in synsets[name]:
        if member.startswith("&"):
            if member not in seen:
                out.extend(_synset_words(member, synsets, seen | {name}))
        else:
            out.append(tuple(member.split()))
    return out


def _alternatives(item, synsets: dict) -> list[tuple[str, ...]]:
    """Every word sequence an object item stands for."""
    if _is_word(item):
        return [(item,)]
    if isinstance(item, str) and item.startswith("&"):
        return _synset_words(item, synsets)
    if isinstance(item, tuple) and item[0] == "np":
        parts = [_alternatives(sub, synsets) for sub in item[1] if sub != SKIP]
        return [tuple(w for seq in combo for w in seq) for combo in itertools.product(*parts)]
    raise _Drop("object is not a noun")


def _object_lemmas(item, synsets: dict) -> list[str]:
    """Object item → lexicon object entries: single lemmas (and the word as written), or
    modifier + head pairs; longer phrases cannot be expressed and are left out."""
    out: list[str] = []
    for words in _alternatives(item, synsets):
        if len(words) == 1:
            out += [singular(words[0]), words[0].lower()]
        elif len(words) == 2:
            out += [f"{singular(words[0])} {singular(words[1])}",
                    f"{words[0].lower()} {singular(words[1])}"]
    out = list(dict.fromkeys(out))
    if not out:
        raise _Drop("object phrase longer than two words")
    return out


def _pp_prep(items: list) -> str | None:
    """``(WITH)`` / ``(TO +)`` → the target's preposition; ``(IN ^)`` → None (a place, ignored).

    A prepositional phrase with fixed words (``(TO BORDER)``) cannot be expressed.
    """
    words = [item for item in items if item not in (TARGET, SKIP)]
    if len(words) == 1 and _is_word(words[0]) and words[0] in PREPOSITIONS:
        return None if SKIP in items and TARGET not in items else words[0]
    raise _Drop("prepositional phrase with fixed words")


class _Shape:
    """What a pattern says after its verb: particle, object entries and target preposition."""

    def __init__(self):
        self.particle = ""
        self.objects: list[str] = []
        self.prep = ""

    def set_prep(self, prep: str | None) -> None:
        if prep:
            if self.prep and self.prep != prep.lower():
                raise _Drop("two target prepositions")
            self.prep = prep.lower()


def _check_before_verb(items: list) -> None:
    for item in items:
        if item == TARGET:
            raise _Drop("target before the verb")
        if item not in (SOURCE, SKIP):
            raise _Drop("words before the verb")


def _is_pp(item) -> bool:
    return isinstance(item, tuple) and item[0] == "pp"


def _takes_particle(items: list) -> bool:
    """A particle word right after the verb, unless it introduces the target (``* ON +``)."""
    if not items or not _is_word(items[0]) or items[0] not in PARTICLES:
        return False
    return not (items[0] in PREPOSITIONS and items[1:2] == [TARGET])


def _takes_object(items: list) -> bool:
    """A noun, ``{phrase}`` or ``&SYNSET`` next, rather than a preposition or the target."""
    if not items or items[0] == TARGET or _is_pp(items[0]):
        return False
    return not (_is_word(items[0]) and items[0] in PREPOSITIONS)


def _read_targets(items: list, shape: _Shape) -> None:
    """After the object only the target and its preposition may follow: ``+``, ``(WITH)``,
    ``(TO +)``, ``WITH +``, or a place to skip (``(IN ^)``)."""
    pos = 0
    while pos < len(items):
        item = items[pos]
        if _is_pp(item):
            shape.set_prep(_pp_prep(item[1]))
        elif _is_word(item) and item in PREPOSITIONS:
            if items[pos + 1:pos + 2] not in ([], [TARGET]):
                raise _Drop("prepositional phrase with fixed words")
            shape.set_prep(item)
        elif item != TARGET:
            raise _Drop("words after the object")
        pos += 1


def _shape_after_verb(items: list, synsets: dict) -> _Shape:
    """Read ``particle? object? (prep target)*`` after the verb; anything else is dropped."""
    items = [item for item in items if item != SKIP]
    if SOURCE in items:
        raise _Drop("source after the verb")
    shape = _Shape()
    if _takes_particle(items):
        shape.particle, items = items[0].lower(), items[1:]
    if _takes_object(items):
        shape.objects, items = _object_lemmas(items[0], synsets), items[1:]
    _read_targets(items, shape)
    return shape


def _event_code(raw: str | None) -> str:
    """The CAMEO code a pattern gives its source→target event.

    ``042:043`` pairs the forward code with the reverse event's code: the first is taken.
    ``:173`` has only a reverse event and ``---`` none, so both are dropped, as are codes the
    ontology does not have (test codes, typos such as ``080!``).
    """
    if raw is None or not raw.strip():
        raise _Drop("no code")
    first = raw.split(":")[0].strip()
    if not first:
        raise _Drop("reverse-only code [:xxx]")
    if first == NULL_CODE:
        raise _Drop("null code [---]")
    if first not in ontology.cameo_codes():
        raise _Drop("code not in the CAMEO ontology")
    return first


def _inflections(word: str) -> set[str]:
    """Regular forms PETRARCH generates for a verb word (ATTEND → ATTENDS, ATTENDED, …)."""
    forms = {word, word + "S", word + "ES", word + "ED", word + "D", word + "ING"}
    if word.endswith("E"):
        forms.add(word[:-1] + "ING")
    if word.endswith("Y"):
        forms |= {word[:-1] + "IES", word[:-1] + "IED"}
    if len(word) > 2:
        forms |= {word + word[-1] + "ED", word + word[-1] + "ING"}
    return forms


@lru_cache(maxsize=8192)
def _written_forms(verb: DictVerb) -> frozenset[str]:
    """Every way a verb may be written: its word, its explicit forms and regular inflections."""
    words = verb.words
    forms = {verb.word, *verb.forms}
    for inflected in _inflections(words[verb.verb_index]):
        forms.add(" ".join((*words[:verb.verb_index], inflected, *words[verb.verb_index + 1:])))
    return frozenset(forms)


def verb_index(verbs: DictVerbs) -> dict[str, DictVerb]:
    """Written form → the verb it belongs to, over the whole dictionary (first listing wins)."""
    index: dict[str, DictVerb] = {}
    for block in verbs.blocks:
        for verb in block.verbs:
            for form in _written_forms(verb):
                index.setdefault(form, verb)
    return index


def _comment_names(comment: str) -> list[str]:
    """Verb names in a pattern comment: "REESTABLISH , RESTORE" → ["REESTABLISH", "RESTORE"]."""
    return [" ".join(name.replace("_", " ").split())
            for name in re.findall(r"[A-Z][A-Z0-9_'\-]*", comment.upper())]


def attributed_verb(block: DictVerbBlock, pattern: DictPattern,
                    index: dict[str, DictVerb] | None = None) -> DictVerb | None:
    """The verb a pattern was written for, which becomes the row's lemma.

    PETRARCH applies a block's patterns to every verb in it, but block headers are often labels
    (GO_SOMEWHERE) and blocks mix loose synonyms, while each pattern's comment names the verb it
    came from (``# STAGE`` in the ARRANGE block, ``# WENT_TO`` for +GO_TO). So: a block verb the
    comment names; else a verb the comment names anywhere in the dictionary (``index``, from
    :func:`verb_index`: ``# CONCLUDE`` in the CANCEL block); else the block's base verb.
    """
    names = _comment_names(pattern.comment)
    for name in names:
        for verb in block.verbs:
            if name in _written_forms(verb):
                return verb
    for name in names:
        if index and name in index:
            return index[name]
    return block.base


def _row(verb: DictVerb, shape: _Shape, code: str, note: str) -> dict[str, str]:
    return {"verb": verb.lemma, "particle": shape.particle, "object": "|".join(shape.objects),
            "prep": shape.prep, "cameo": code, "plover": "", "note": note}


def _verb_extra(verb: DictVerb) -> list:
    """Words of a multi-word verb after the verb itself (``+CALL_OFF`` → ["OFF"])."""
    if verb.verb_index > 0:
        raise _Drop("words before the verb")
    return list(verb.words[verb.verb_index + 1:])


def _pattern_row(block: DictVerbBlock, pattern: DictPattern, synsets: dict,
                 index: dict[str, DictVerb]) -> dict[str, str]:
    code = _event_code(pattern.code)
    if not all(_SUPPORTED.match(token) for token in pattern.tokens):
        raise _Drop("unsupported token (A/B alternatives, < > ~ …)")
    items = _nest(pattern.tokens)
    if COMPOUND in pattern.tokens:
        raise _Drop("compound actor (%)")
    if items.count(VERB) != 1:
        raise _Drop("no verb marker (*)")
    verb = attributed_verb(block, pattern, index)
    if verb is None:
        raise _Drop("block without verbs")
    where = items.index(VERB)
    _check_before_verb(items[:where])
    shape = _shape_after_verb(_verb_extra(verb) + items[where + 1:], synsets)
    note = f"PETRARCH {block.source}:{pattern.line}: - {pattern.text} [{pattern.code}]"
    return _row(verb, shape, code, note)


def _default_row(block: DictVerbBlock, verb: DictVerb) -> dict[str, str]:
    """A verb's own code, or its block's, as a row without object: PETRARCH's default."""
    raw = verb.code if verb.code is not None else block.code
    code = _event_code(raw)
    shape = _shape_after_verb(_verb_extra(verb), {})
    note = f"PETRARCH {block.source}:{verb.line}: {verb.word} [{raw}] (default of {block.name})"
    return _row(verb, shape, code, note)


def _key(row: dict) -> tuple[str, str, str, str]:
    """A row's identity: "- * AT ^ + [162]" and the verb's own default differ by their prep."""
    return row["verb"], row["particle"], row["object"], row["prep"]


def _lexicon_order(rows: list[dict]) -> list[dict]:
    """Each verb's rows together (first-seen order): two-word objects, objects, then none."""
    first_seen = {}
    for row in rows:
        first_seen.setdefault(row["verb"], len(first_seen))

    def rank(row: dict) -> tuple[int, int]:
        objects = row["object"].split("|") if row["object"] else []
        kind = 0 if any(" " in o for o in objects) else (1 if objects else 3)
        return first_seen[row["verb"]], kind

    return sorted(rows, key=rank)


def _keep(rows: CountedList, row: dict, seen: set, kind: str, prefix: str = "") -> None:
    """Add a row unless it is a speech verb or repeats an earlier (verb, particle, object,
    prep): docs/lexicon.md allows neither."""
    if row["verb"] in SPEECH_VERBS:
        rows.dropped[prefix + "speech verb"] += 1
    elif _key(row) in seen:
        rows.dropped[prefix + "duplicate of an earlier row"] += 1
    else:
        seen.add(_key(row))
        rows.append(row)
        rows.kept[kind] += 1


def verb_patterns(verbs: DictVerbs, include_defaults: bool = True) -> CountedList:
    """Convert a verb dictionary into rows of the lexicon's CSV schema (``LEXICON_COLUMNS``).

    Each pattern becomes the closest (verb lemma, particle, object lemmas, target preposition)
    row, or is dropped with a counted reason (``rows.dropped``). With ``include_defaults`` each
    verb's own or block code also becomes an unconstrained row, as PETRARCH codes a listed verb
    that no pattern matches. Only codes in allegiance's ontology are kept. ``rows.kept`` counts
    the converted patterns and defaults.
    """
    rows = CountedList()
    seen: set = set()
    index = verb_index(verbs)
    for block in verbs.blocks:
        for pattern in block.patterns:
            try:
                _keep(rows, _pattern_row(block, pattern, verbs.synsets, index), seen, "patterns")
            except _Drop as reason:
                rows.dropped[str(reason)] += 1
    for block in verbs.blocks if include_defaults else ():
        for verb in block.verbs:
            try:
                _keep(rows, _default_row(block, verb), seen, "verb defaults", "verb default: ")
            except _Drop as reason:
                rows.dropped[f"verb default: {reason}"] += 1
    rows[:] = _lexicon_order(rows)
    if verbs.transformations:
        rows.dropped["transformation (~ line)"] += len(verbs.transformations)
    return rows


def write_verb_patterns(rows: Iterable[dict], path: str | Path) -> None:
    """Write rows as a lexicon CSV that ``allegiance.nlp.lexicon.Lexicon.from_file`` reads."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=LEXICON_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


# --------------------------------------------------------------------------------------------
# A whole folder
# --------------------------------------------------------------------------------------------

FILE_KINDS = (  # first match wins, names compared in lower case
    ("actors", ("*actors*.txt",)),
    ("agents", ("*agents*.txt",)),
    ("verbs", ("*verbs*.txt", "cameo*.txt")),
    ("discards", ("*discards*.txt",)),
)


def classify(path: Path) -> str | None:
    """Which dictionary a file is, by its name (``Phoenix.Countries.actors.txt`` → actors)."""
    name = path.name.lower()
    for kind, globs in FILE_KINDS:
        if any(fnmatch.fnmatch(name, glob) for glob in globs):
            return kind
    return None


@dataclass
class DictionarySet:
    """Every dictionary of a folder, parsed and converted, with what was skipped or dropped."""

    folder: Path
    files: dict[str, list[Path]]  # kind → files read
    ignored: list[Path]  # .txt files that are none of the four kinds (Phoenix.IssueCoding.txt)
    actors: list[DictActor]
    agents: list[DictAgent]
    verbs: DictVerbs
    discards: list[str]
    actor_forms: dict[str, list[DatedCode]]
    agent_forms: dict[str, str]
    verb_rows: list[dict[str, str]]
    skipped: list[Skipped]  # unreadable lines, every file
    dropped: dict[str, Counter]  # "actors" / "agents" / "verbs" → reason → count
    discard_entries: list[DictDiscard] = field(default_factory=list)  # with story/sentence level

    def summary(self) -> list[str]:
        """Human-readable coverage lines, for a run summary."""
        lines = [f"{kind}: {', '.join(p.name for p in paths)}" for kind, paths in self.files.items()]
        lines.append(f"{len(self.actors)} actors → {len(self.actor_forms)} surface forms; "
                     f"{len(self.agents)} agents → {len(self.agent_forms)} phrases; "
                     f"{len(self.discards)} discards")
        kept = getattr(self.verb_rows, "kept", Counter())
        lines.append(f"{len(self.verbs.patterns)} verb patterns → {kept['patterns']} lexicon rows, "
                     f"plus {kept['verb defaults']} verb defaults")
        for kind, counts in self.dropped.items():
            for reason, count in counts.most_common():
                lines.append(f"dropped {kind}: {count} {reason}")
        if self.skipped:
            lines.append(f"{len(self.skipped)} unreadable line(s) skipped")
        return lines


def _files_by_kind(folder: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    files: dict[str, list[Path]] = {kind: [] for kind, _ in FILE_KINDS}
    ignored = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".txt":
            continue
        kind = classify(path)
        (files[kind] if kind else ignored).append(path)
    return {kind: paths for kind, paths in files.items() if paths}, ignored


def load_directory(path: str | Path) -> DictionarySet:
    """Load every actor, agent, verb and discard dictionary in a folder and convert them.

    Files are recognised by name (``*actors*.txt``, ``*agents*.txt``, ``*verbs*.txt`` or
    ``CAMEO*.txt``, ``*discards*.txt``, any case); other files are listed in ``ignored``.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder of dictionaries")
    files, ignored = _files_by_kind(folder)
    actors, agents, discards, skipped = CountedList(), CountedList(), CountedList(), []
    verbs = DictVerbs()
    for kind, target, reader in (("actors", actors, read_actors), ("agents", agents, read_agents),
                                 ("discards", discards, read_discard_entries)):
        for file in files.get(kind, []):
            parsed = reader(file)
            target.extend(parsed)
            skipped.extend(parsed.skipped)
    for file in files.get("verbs", []):
        verbs.extend(read_verbs(file))
    skipped.extend(verbs.skipped)
    actor_forms, agent_forms = actor_surface_forms(actors), agent_surface_forms(agents)
    rows = verb_patterns(verbs)
    return DictionarySet(
        folder, files, ignored, list(actors), list(agents), verbs, [entry.phrase for entry in discards],
        actor_forms, agent_forms, rows, skipped,
        {"actors": actor_forms.dropped, "agents": agent_forms.dropped, "verbs": rows.dropped},
        list(discards),
    )
