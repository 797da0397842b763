"""Gold-set readers: allegiance JSON Lines, the PLOVER gold standard records, PETRARCH XML.

Every reader returns ``GoldItem`` records: one text, its date, and the set of events a coder
should find in it, as (source, target, type) triples in the vocabulary of that gold set. The
``scheme`` says how predictions must be turned into the same vocabulary before comparison.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

#: PLOVER 0.5b1 categories used by the PLOVER gold records, and their current names.
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: Country codes of the PLOVER gold records that are not ISO 3166-1 alpha-3.
PLOVER_CODE_FIXES = {"JAP": "JPN", "ITL": "ITA"}

Triple = tuple[str, str | None, str]


@dataclass(frozen=True)
class GoldItem:
    id: str
    text: str
    date: dt.date | None
    events: frozenset[Triple]
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class GoldSet:
    """Items plus the scheme their triples use:

    - ``plover``: ISO3 source and target, PLOVER type (allegiance and PLOVER gold sets);
    - ``cameo-root``: three-letter country codes, CAMEO root code (PETRARCH validation);
    - ``petrarch``: full actor codes with agents ("ARNGOV"), full CAMEO code (PETRARCH unit tests).
    """

    name: str
    scheme: str
    items: list[GoldItem]
    actor_prefix: int | None = None  # compare actor codes on this many leading letters
    #: The set codes a joint act once, in the direction written; the reverse directions the coder
    #: adds by convention ("mirrored" events) are then left out of the comparison.
    stated_only: bool = False


class GoldFormatError(ValueError):
    pass


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{8}", value):
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text(path: Path) -> str:
    """The file's text; a file that is not UTF-8 text is a ``GoldFormatError``."""
    try:
        return Path(path).read_text("utf-8")
    except UnicodeDecodeError as err:
        raise GoldFormatError(f"{path}: not UTF-8 text (byte {err.start}); a gold file is JSON Lines, "
                              "PLOVER JSON or PETRARCH XML") from None


def _reason(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"not JSON: {err.msg} at column {err.colno}"
    if isinstance(err, KeyError):
        return f"no {err} field"
    if isinstance(err, (TypeError, AttributeError)):
        return f"a field has the wrong type: {err}"
    return str(err)


def json_lines(path: Path, parse, kind: str) -> list:
    """``parse(number, record)`` for every record of a JSON Lines gold file; a broken line is a
    ``GoldFormatError`` naming the file, the line and what is wrong."""
    items = []
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(parse(number, json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as err:
            raise GoldFormatError(f"{path}:{number}: expected {kind} ({_reason(err)})") from None
    return items


def _allegiance_item(number: int, record: dict) -> GoldItem:
    events = frozenset((e["source"], e.get("target"), e["plover"].upper()) for e in record["events"])
    return GoldItem(str(record.get("id", number)), record["text"], _date(record.get("date")), events)


def read_allegiance(path: Path) -> GoldSet:
    """Our JSON Lines format: ``{"id", "date", "text", "events": [{"source", "target", "plover"}]}``."""
    kind = 'an allegiance gold record: one JSON object per line with "text" and "events"'
    return GoldSet(path.name, "plover", json_lines(path, _allegiance_item, kind))


def _codes(actors) -> list[str | None]:
    if isinstance(actors, list):
        return [a.get("code") for a in actors if isinstance(a, dict) and a.get("code")] or [None]
    return [None]


def _fix(code: str | None) -> str | None:
    return PLOVER_CODE_FIXES.get(code[:3], code[:3]) if code else None


def _plover_records(path: Path) -> list[dict]:
    """The records of a PLOVER gold file: one JSON array of objects, or a ``GoldFormatError``."""
    expected = "one JSON array of PLOVER event records"
    try:
        records = json.loads(_text(path))
    except json.JSONDecodeError as err:
        hint = "; for JSON Lines use --format auto" if err.msg == "Extra data" else ""
        raise GoldFormatError(f"{path}:{err.lineno}: expected {expected} ({err.msg} at column "
                              f"{err.colno}){hint}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise GoldFormatError(f"{path}: expected {expected}, found JSON of another shape")
    return records


def read_plover_gsr(path: Path) -> GoldSet:
    """The PLOVER gold standard records: one JSON record per event, grouped here by sentence."""
    records = _plover_records(path)
    by_text: dict[str, dict] = {}
    for record in records:
        if record.get("event") in (None, "DOCUMENT") or not record.get("text"):
            continue
        event = OLD_PLOVER.get(record["event"], record["event"])
        entry = by_text.setdefault(record["text"], {"id": record["id"], "events": set()})
        sources = [_fix(code) for code in _codes(record.get("source")) if code]
        targets = [_fix(code) for code in _codes(record.get("target"))]
        markup = record.get("textInfo", {}).get("markup", "") if isinstance(record.get("textInfo"), dict) else ""
        if "SRC/TAR" in markup and targets == [None] and len(sources) > 1:
            # actors marked both source and target of a joint act: every ordered pair
            entry["events"].update((s, t, event) for s in sources for t in sources if s != t)
            continue
        entry["events"].update((s, t, event) for s in sources for t in targets)
    items = [GoldItem(v["id"], text, None, frozenset(v["events"])) for text, v in by_text.items()]
    return GoldSet(path.name, "plover", items, actor_prefix=3, stated_only=True)


_SENTENCE = re.compile(r"<Sentence\b(?P<attrs>[^>]*?)/?>(?P<body>.*?)</Sentence>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def read_petrarch_xml(path: Path) -> GoldSet:
    """PETRARCH validation XML, read leniently: the PETR2 file is not well-formed XML."""
    content = _text(path)
    unit_tests = "UNIT TEST RECORDS" in content[:3000].upper()
    items = []
    for match in _SENTENCE.finditer(content):
        attrs = dict(_ATTR.findall(match.group("attrs")))
        text_match = _TEXT.search(match.group("body"))
        if not text_match:
            continue
        text = " ".join(html.unescape(text_match.group(1)).split())
        events = set()
        for coding in _CODING.findall(match.group("body")):
            values = dict(_ATTR.findall(coding))
            if values.get("noevents", "").lower() == "true" or "eventcode" not in values:
                continue
            source, target = values.get("sourcecode", ""), values.get("targetcode") or None
            code = values["eventcode"]
            events.add((source, target, code) if unit_tests else (source[:3], target[:3] if target else None, code[:2]))
        items.append(GoldItem(attrs.get("id", str(len(items))), text, _date(attrs.get("date")), frozenset(events),
                              {"category": attrs.get("category", "")}))
    if not items:
        raise GoldFormatError(f"{path}: no <Sentence> records with <Text> found")
    # PETRARCH codes an act once, in the direction written: mirrored events are left out
    if unit_tests:
        return GoldSet(path.name, "petrarch", items, stated_only=True)
    return GoldSet(path.name, "cameo-root", items, actor_prefix=3, stated_only=True)


def detect_format(path: Path) -> str:
    """The gold format of ``path`` from its start; a file that is none of them is a ``GoldFormatError``."""
    raw = path.read_text("utf-8", errors="replace")[:4000]
    head = raw.lstrip()
    if head.startswith("<") or "<Sentence" in head:
        return "petrarch"
    if head.startswith("["):
        return "plover"
    if not head:
        raise GoldFormatError(f"{path}: the file is empty; expected gold records")
    try:
        first, reason = json.loads(head.splitlines()[0]), "not a JSON object"
    except json.JSONDecodeError as err:
        first, reason = None, f"{err.msg} at column {err.colno}"
    if not isinstance(first, dict):
        number = raw[:len(raw) - len(head)].count("\n") + 1
        raise GoldFormatError(f"{path}:{number}: expected a gold file: JSON Lines (one object per line), "
                              f"PLOVER JSON (an array) or PETRARCH XML ({reason})")
    return "claims" if "claims" in first else "allegiance"


def read_gold(path: str | Path, format: str = "auto") -> GoldSet:
    path = Path(path)
    if not path.exists():
        raise GoldFormatError(f"{path}: no such file")
    format = detect_format(path) if format == "auto" else format
    readers = {"allegiance": read_allegiance, "plover": read_plover_gsr, "petrarch": read_petrarch_xml}
    if format not in readers:
        raise GoldFormatError(f"unknown gold format {format!r}; use auto, allegiance, plover or petrarch")
    return readers[format](path)
