"""Read and check the training corpus.

Each line of ``corpus/*.jsonl`` is one sentence::

    {"id": "sanc-0001", "date": "2019-05-10", "text": "...",
     "events": [{"trigger": "raised tariffs", "source": "Washington", "source_country": "USA",
                 "target": "Chinese goods", "target_country": "CHN", "plover": "SANCTION",
                 "cameo": "163", "modality": "asserted"}],
     "negative": null}

Spans are given as the exact words of the sentence (the first occurrence is meant unless the
span carries an ``"..._at"`` character offset); ``target`` and ``target_country`` are null where
no state receives the act. A sentence with no asserted event names its kind in ``negative``
(forecast, conditional, negation, commentary, statistic, attribution, background). The checks
here are the ones the corpus tests run: spans present, codes known, the CAMEO code within its
PLOVER type, and enough variety that the corpus cannot be a handful of templates.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).with_name("corpus")
MODALITIES = ("asserted", "negated", "hypothetical", "future")
NEGATIVE_KINDS = ("forecast", "conditional", "negation", "commentary", "statistic", "attribution",
                  "background", "other")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|de|al|bin|van|von|[A-Z][\w'’.-]*))*")
_NUMBER = re.compile(r"\d[\d,.]*")
_MONTHS = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|"
                     r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?")


@dataclass(frozen=True)
class Annotation:
    trigger: str
    trigger_at: int
    source: str | None
    source_at: int | None
    source_country: str | None
    target: str | None
    target_at: int | None
    target_country: str | None
    plover: str
    cameo: str
    modality: str


@dataclass(frozen=True)
class Sentence:
    id: str
    date: str | None
    text: str
    events: tuple[Annotation, ...]
    negative: str | None

    @property
    def asserted(self) -> tuple[Annotation, ...]:
        return tuple(e for e in self.events if e.modality == "asserted")


class CorpusError(ValueError):
    """A corpus line that cannot be read as a sentence with its annotations."""


def _locate(text: str, span: str | None, at: int | None, what: str) -> int | None:
    if span is None:
        return None
    if at is not None:
        if text[at:at + len(span)] != span:
            raise CorpusError(f"{what} {span!r} is not at character {at}")
        return at
    found = text.find(span)
    if found < 0:
        raise CorpusError(f"{what} {span!r} is not in the sentence")
    return found


def _annotation(text: str, raw: dict) -> Annotation:
    missing = [k for k in ("trigger", "plover", "cameo", "modality") if not raw.get(k)]
    if missing:
        raise CorpusError(f"event lacks {', '.join(missing)}")
    return Annotation(
        trigger=raw["trigger"], trigger_at=_locate(text, raw["trigger"], raw.get("trigger_at"), "trigger"),
        source=raw.get("source"), source_at=_locate(text, raw.get("source"), raw.get("source_at"), "source"),
        source_country=raw.get("source_country"),
        target=raw.get("target"), target_at=_locate(text, raw.get("target"), raw.get("target_at"), "target"),
        target_country=raw.get("target_country"),
        plover=str(raw["plover"]).upper(), cameo=str(raw["cameo"]), modality=raw["modality"])


def parse_line(line: str) -> Sentence:
    """One corpus line as a ``Sentence``; ``CorpusError`` says what is wrong with it."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise CorpusError(f"not JSON: {err.msg}") from None
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("text"):
        raise CorpusError("a line needs an object with 'id' and 'text'")
    events = tuple(_annotation(raw["text"], e) for e in raw.get("events") or [])
    return Sentence(id=str(raw["id"]), date=raw.get("date"), text=raw["text"], events=events,
                    negative=raw.get("negative"))


def read(paths=None) -> list[Sentence]:
    """Every sentence of the given files (default: the shipped corpus), in file order."""
    files = sorted(CORPUS_DIR.glob("*.jsonl")) if paths is None else [Path(p) for p in paths]
    out = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(parse_line(line))
                except CorpusError as err:
                    raise CorpusError(f"{path.name}:{number}: {err}") from None
    return out


def problems(sentence: Sentence, plover_of: dict[str, str]) -> list[str]:
    """What is wrong with one sentence's annotations (empty when nothing is).

    ``plover_of`` maps each CAMEO code to its PLOVER type (``ontology``'s table).
    """
    found = []
    for event in sentence.events:
        if event.modality not in MODALITIES:
            found.append(f"modality {event.modality!r} is not one of {', '.join(MODALITIES)}")
        if plover_of.get(event.cameo) != event.plover:
            found.append(f"CAMEO {event.cameo} is {plover_of.get(event.cameo) or 'no PLOVER type'}, "
                         f"not {event.plover}")
        for side in ("source", "target"):
            code = getattr(event, f"{side}_country")
            if code is not None and not _ISO3.match(code):
                found.append(f"{side}_country {code!r} is not an ISO3 code")
            if (getattr(event, side) is None) != (code is None) and side == "target":
                found.append("target and target_country must both be given or both be null")
        if event.source is None or event.source_country is None:
            found.append("every event needs a source span and its country")
    if not sentence.asserted and sentence.negative not in NEGATIVE_KINDS:
        found.append(f"a sentence without an asserted event needs 'negative' as one of {', '.join(NEGATIVE_KINDS)}")
    if sentence.asserted and sentence.negative:
        found.append("'negative' is only for sentences without an asserted event")
    return found


def frame(sentence: Sentence) -> str:
    """The sentence with its actor names, other names, numbers and dates taken out: two
    sentences with the same frame were written from one template."""
    text = sentence.text
    spans = sorted({(e.source_at, e.source) for e in sentence.events if e.source} |
                   {(e.target_at, e.target) for e in sentence.events if e.target}, reverse=True)
    for at, span in spans:
        text = text[:at] + "X" + text[at + len(span):]
    text = _NAME_RUN.sub("N", text)
    text = _NUMBER.sub("0", text.lower())
    text = _MONTHS.sub("", text)
    return " ".join(text.split())


def trigger_key(event: Annotation) -> str:
    return " ".join(event.trigger.lower().split())


@dataclass(frozen=True)
class Summary:
    sentences: int
    by_type: dict[str, int]
    hard_negatives: int
    distinct_triggers: int
    countries: int
    frames_over: dict[str, int]


def summarise(sentences: list[Sentence], max_frame_uses: int = 3) -> Summary:
    by_type = Counter(e.plover for s in sentences for e in s.asserted)
    frames = Counter(frame(s) for s in sentences)
    countries = {c for s in sentences for e in s.events for c in (e.source_country, e.target_country) if c}
    return Summary(
        sentences=len(sentences), by_type=dict(sorted(by_type.items())),
        hard_negatives=sum(1 for s in sentences if not s.asserted),
        distinct_triggers=len({trigger_key(e) for s in sentences for e in s.events}),
        countries=len(countries),
        frames_over={f: n for f, n in frames.items() if n > max_frame_uses})
