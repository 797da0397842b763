"""Annotated articles as Arrow tables, one per DuckDB table, typed as ``schema.sql`` declares.

This is the one place that turns the coder's records into rows. The same tables are written to
DuckDB by the process that owns the database (``Database.store_coded``), shipped back from worker
processes and Dask tasks, or written as Parquet partitions, so every way of running gives the
same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

_S, _I, _F, _B, _D = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()

#: Column names and Arrow types of the tables coding writes, in the order of ``schema.sql``.
SCHEMAS: dict[str, pa.Schema] = {
    "sentences": pa.schema([("article_id", _S), ("sent_index", _I), ("start_char", _I), ("end_char", _I),
                            ("block", _S), ("text", _S)]),
    "mentions": pa.schema([("article_id", _S), ("sent_index", _I), ("mention_index", _I), ("start_char", _I),
                           ("end_char", _I), ("text", _S), ("code", _S), ("country", _S), ("sector", _S),
                           ("kind", _S), ("kb_id", _S)]),
    "events": pa.schema([("event_id", _S), ("origin", _S), ("article_id", _S), ("sent_index", _I),
                         ("start_char", _I), ("end_char", _I), ("event_date", _D), ("date_basis", _S),
                         ("source_code", _S), ("source_country", _S), ("source_sector", _S),
                         ("source_text", _S), ("source_kb_id", _S), ("target_code", _S),
                         ("target_country", _S), ("target_sector", _S), ("target_text", _S),
                         ("target_kb_id", _S), ("cameo", _S), ("cameo_name", _S), ("goldstein", _F),
                         ("quad_class", _I), ("plover", _S), ("intensity", _F), ("modality", _S),
                         ("mirrored", _B), ("trigger", _S), ("block", _S), ("confidence", _F)]),
    "office_claims": pa.schema([("article_id", _S), ("claim_index", _I), ("sent_index", _I), ("start_char", _I),
                                ("end_char", _I), ("text", _S), ("person", _S), ("name_text", _S),
                                ("kb_person", _S), ("title", _S), ("office", _S), ("office_key", _S),
                                ("country", _S), ("country_basis", _S), ("qualifier", _S), ("check_from", _D),
                                ("check_to", _D), ("date_basis", _S), ("form", _S), ("organisation", _S)]),
    "quotes": pa.schema([("article_id", _S), ("quote_index", _I), ("sent_index", _I), ("start_char", _I),
                         ("end_char", _I), ("kind", _S), ("text", _S), ("verb", _S), ("speaker_text", _S),
                         ("speaker_name", _S), ("speaker_key", _S), ("speaker_title", _S),
                         ("speaker_organisation", _S), ("speaker_country", _S), ("speaker_start", _I),
                         ("speaker_end", _I)]),
    "figures": pa.schema([("article_id", _S), ("figure_index", _I), ("sent_index", _I), ("start_char", _I),
                          ("end_char", _I), ("text", _S), ("value", _F), ("unit", _S), ("measure", _S),
                          ("measure_terms", pa.list_(_S)), ("direction", _S), ("qualifier", _S), ("total", _F),
                          ("attribution", _S)]),
}
#: The order tables are written in (and listed in a Parquet partition).
TABLES = tuple(SCHEMAS)


@dataclass
class CodedBatch:
    """What coding one batch of articles produced: the rows of every table, and the ids coded.

    ``article_ids`` lists every article of the batch, including those without any text block,
    so all of them are marked coded. ``partition`` names the Parquet partition the rows were
    written to instead, when a task wrote them (then ``tables`` is empty).
    """

    article_ids: list[str]
    sentences: int = 0
    events: int = 0
    tables: dict[str, pa.Table] = field(default_factory=dict)
    partition: str | None = None

    @property
    def articles(self) -> int:
        return len(self.article_ids)


def _table(name: str, rows: list[tuple]) -> pa.Table:
    schema = SCHEMAS[name]
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows))
    return pa.Table.from_arrays([pa.array(column, type=f.type) for column, f in zip(columns, schema)],
                                schema=schema)


def _actor(actor) -> tuple:
    if actor is None:
        return (None, None, None, None, None)
    return (actor.code, actor.country, actor.sector, actor.text, actor.kb_id)


def to_tables(batch: Iterable, article_ids: Sequence[str] | None = None) -> CodedBatch:
    """Rows of annotated articles (``nlp.annotate.Annotated``) for every coded table.

    ``article_ids``: every article of the batch (some may have had no text to annotate).
    """
    from ..kb.offices import name_key
    from ..verify.corroborate import measure_terms

    sentences, mentions, events, claims, quotes, figures = [], [], [], [], [], []
    ids: list[str] = []
    for item in batch:
        aid = item.article.article_id
        ids.append(aid)
        sentences += [(aid, s.sent_index, s.start, s.end, s.block, s.text) for s in item.sentences]
        mentions += [(aid, m.sent_index, i, m.start, m.end, m.text, m.code, m.country, m.sector, m.kind, m.kb_id)
                     for i, m in enumerate(item.mentions)]
        for number, e in enumerate(item.events):
            events.append((f"{aid}:{e.sent_index}:{number}", "coded", aid, e.sent_index, e.start, e.end,
                           e.date, e.date_basis, *_actor(e.source), *_actor(e.target), e.cameo, e.cameo_name,
                           e.goldstein, e.quad_class, e.plover, e.intensity, e.modality, e.mirrored,
                           e.trigger, e.extra.get("block"), e.confidence))
        claims += [(aid, i, c.sent_index, c.start, c.end, c.text, c.person, c.name_text, c.kb_person, c.title,
                    c.office, c.office_key, c.country, c.country_basis, c.qualifier, c.check_from, c.check_to,
                    c.date_basis, c.form, c.organisation) for i, c in enumerate(getattr(item, "claims", ()))]
        quotes += [(aid, i, q.sent_index, q.start, q.end, q.kind, q.text, q.verb, q.speaker_text, q.speaker_name,
                    name_key(q.speaker_name) if q.speaker_name else None, q.speaker_title,
                    q.speaker_organisation, q.speaker_country, q.speaker_start, q.speaker_end)
                   for i, q in enumerate(getattr(item, "quotes", ()))]
        figures += [(aid, i, f.sent_index, f.start, f.end, f.text, f.value, f.unit, f.measure,
                     measure_terms(f.unit, f.measure), f.direction, f.qualifier, f.total, f.attribution)
                    for i, f in enumerate(getattr(item, "figures", ()))]
    if article_ids is not None:
        extra = set(article_ids) - set(ids)
        ids += [a for a in article_ids if a in extra]
    tables = {"sentences": _table("sentences", sentences), "mentions": _table("mentions", mentions),
              "events": _table("events", events), "office_claims": _table("office_claims", claims),
              "quotes": _table("quotes", quotes), "figures": _table("figures", figures)}
    return CodedBatch(ids, sentences=len(sentences), events=len(events), tables=tables)
