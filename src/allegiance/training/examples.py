"""Turn annotated corpus sentences into the three models' training examples.

The corpus gives each event's trigger, source and target as words of the sentence; the models
see spaCy tokens and the actor mentions the knowledge base finds. This module parses each
sentence with the same pipeline the coder runs, lines the annotations up with candidates and
mentions, and yields:

- one type example per candidate (its PLOVER type, or ``NONE`` when no event is annotated on it);
- one role example per (event trigger, actor mention) pair: source, target or none; an annotated
  actor the knowledge base does not find still gives an example, from its head token;
- one modality example per event trigger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..nlp.actors import ActorMention
from ..nlp.candidates import Candidate, candidates
from ..nlp.learned import NONE
from .corpus import Annotation, Sentence

_PARSE_ONLY = ("allegiance_events", "allegiance_claims", "allegiance_quotes", "allegiance_figures")


@dataclass
class Parsed:
    sentence: Sentence
    doc: Doc
    #: (candidate, its annotations) for every candidate of the doc
    candidates: list[tuple[Candidate, list[Annotation]]] = field(default_factory=list)
    unaligned: int = 0


def parse(nlp, sentences: list[Sentence]) -> list[Parsed]:
    """Parse corpus sentences with the coder's pipeline up to the actor mentions."""
    def docs():
        for s in sentences:
            doc = nlp.make_doc(s.text)
            doc._.article_date = dt.date.fromisoformat(s.date) if s.date else None
            yield doc, s

    out = []
    with nlp.select_pipes(disable=[p for p in _PARSE_ONLY if p in nlp.pipe_names]):
        for doc, s in nlp.pipe(docs(), as_tuples=True, batch_size=128):
            out.append(_align(Parsed(s, doc)))
    return out


def _span_root(doc: Doc, start: int, length: int) -> Token | None:
    span = doc.char_span(start, start + length, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _trigger_token(doc: Doc, event: Annotation, by_index: dict[int, Candidate]) -> Candidate | None:
    span = doc.char_span(event.trigger_at, event.trigger_at + len(event.trigger), alignment_mode="expand")
    if span is None:
        return None
    inside = [by_index[t.i] for t in span if t.i in by_index]
    if inside:
        return inside[0]
    step = span.root
    for _ in range(5):  # "held *talks*", "began ten days of *drills*": the light verb carries it
        if step.i in by_index:
            return by_index[step.i]
        step = step.head
    return None


def _align(parsed: Parsed) -> Parsed:
    doc = parsed.doc
    found = [c for sent in doc.sents for c in candidates(sent)]
    by_index = {c.i: c for c in found}
    labelled: dict[int, list[Annotation]] = {c.i: [] for c in found}
    for event in parsed.sentence.events:
        candidate = _trigger_token(doc, event, by_index)
        if candidate is None:
            parsed.unaligned += 1
        else:
            labelled[candidate.i].append(event)
    parsed.candidates = [(c, labelled[c.i]) for c in found]
    return parsed


def type_label(annotations: list[Annotation]) -> str:
    return annotations[0].plover if annotations else NONE


def _pseudo(doc: Doc, root: Token, country: str | None) -> ActorMention:
    return ActorMention(start=root.i, end=root.i + 1, head=root.i, code=country or "---", country=country,
                        sector=None, kind="unknown", kb_id=f"corpus:{root.i}", name=root.text)


def mentions_with_gold(parsed: Parsed, sent: Span, annotations: list[Annotation]) -> list[ActorMention]:
    """The knowledge base's mentions in the sentence, plus annotated actors it missed."""
    doc = parsed.doc
    found = [m for m in (doc._.actors or []) if sent.start <= m.head < sent.end]
    covered = {i for m in found for i in range(m.start, m.end)}
    for event in annotations:
        for span, at, country in ((event.source, event.source_at, event.source_country),
                                  (event.target, event.target_at, event.target_country)):
            root = _span_root(doc, at, len(span)) if span is not None else None
            if root is not None and root.i not in covered and sent.start <= root.i < sent.end:
                found.append(_pseudo(doc, root, country))
                covered.add(root.i)
    return found


def role_label(doc: Doc, mention: ActorMention, annotations: list[Annotation]) -> str:
    """Source when the mention overlaps an annotated source of the trigger, target likewise."""
    tokens = set(range(mention.start, mention.end))
    for side in ("source", "target"):
        for event in annotations:
            span, at = getattr(event, side), getattr(event, f"{side}_at")
            if span is None:
                continue
            chars = doc.char_span(at, at + len(span), alignment_mode="expand")
            if chars is not None and tokens & set(range(chars.start, chars.end)):
                return side
    return "none"
