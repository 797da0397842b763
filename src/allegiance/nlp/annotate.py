"""Run the pipeline over articles and collect sentences, actor mentions, events, office claims,
quotes and figures with offsets.

Each block of an article (paragraph, heading, caption) is parsed as its own Doc, so sentences never
run across paragraph breaks; offsets are shifted back to the article's text so every record points
at the exact characters it came from.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from ..records import Article, Event, Figure, OfficeClaim, Quote
from .claims import link_claims
from .quotes import resolve_pronouns
from .gazetteer import context_countries


@dataclass(frozen=True, slots=True)
class Sentence:
    sent_index: int
    start: int
    end: int
    text: str
    block: str


@dataclass(frozen=True, slots=True)
class Mention:
    sent_index: int
    start: int
    end: int
    text: str
    code: str
    country: str | None
    sector: str | None
    kind: str
    kb_id: str


@dataclass(frozen=True, slots=True)
class Annotated:
    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    events: list[Event]
    claims: list[OfficeClaim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def _shift(actor, offset):
    return dataclasses.replace(actor, start=actor.start + offset, end=actor.end + offset) if actor else None


def annotate(articles: Iterable[Article], nlp: Language, batch_size: int = 64) -> Iterator[Annotated]:
    """Annotate articles in order, streaming their blocks through ``nlp.pipe`` in batches."""

    def docs():
        for article in articles:
            context = context_countries(article.text)
            for number, block in enumerate(article.blocks):
                doc = nlp.make_doc(article.text[block.start:block.end])
                doc._.article_date = article.date
                doc._.context = context
                yield doc, (article, number, block)

    def located(record, base: int, offset: int, **extra):
        """A record of one block moved to the article's sentence numbers and character offsets."""
        return dataclasses.replace(record, sent_index=base + record.sent_index, start=offset + record.start,
                                   end=offset + record.end, **extra)

    current = None
    sentences, mentions, events, claims, quotes, figures = [], [], [], [], [], []
    for doc, (article, number, block) in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        if current is not None and article is not current:
            yield Annotated(current, sentences, mentions, events, link_claims(claims), resolve_pronouns(quotes),
                            figures)
            sentences, mentions, events, claims, quotes, figures = [], [], [], [], [], []
        current = article
        base = len(sentences)
        sent_starts = []  # the token each sentence starts at: a mention's sentence by bisection
        for local, sent in enumerate(doc.sents):
            sentences.append(Sentence(base + local, block.start + sent.start_char,
                                      block.start + sent.end_char, sent.text, block.kind))
            sent_starts.append(sent.start)
        for mention in doc._.actors or []:
            span = mention.span(doc)
            mentions.append(Mention(base + bisect_right(sent_starts, mention.head) - 1, block.start + span.start_char,
                                    block.start + span.end_char, span.text, mention.code,
                                    mention.country, mention.sector, mention.kind, mention.kb_id))
        for event in doc._.events or []:
            events.append(dataclasses.replace(
                event, article_id=article.article_id, sent_index=base + event.sent_index,
                start=block.start + event.start, end=block.start + event.end,
                source=_shift(event.source, block.start), target=_shift(event.target, block.start),
                extra={"block": block.kind},
            ))
        claims += [located(c, base, block.start) for c in doc._.get("office_claims") or []]
        quotes += [located(q, base, block.start, speaker_start=block.start + q.speaker_start,
                           speaker_end=block.start + q.speaker_end) for q in doc._.get("quotes") or []]
        figures += [located(f, base, block.start) for f in doc._.get("figures") or []]
    if current is not None:
        yield Annotated(current, sentences, mentions, events, link_claims(claims), resolve_pronouns(quotes),
                        figures)
