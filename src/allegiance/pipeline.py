"""Run the stages over a corpus: ingest into the database, then code what is not coded yet.

Both stages are resumable. Ingest stores each article under its content hash; coding takes the
stored articles without ``coded_at`` and writes each batch in one transaction. Killing a run and
starting it again finishes the work with nothing lost and nothing stored twice.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .ingest import prepare, read_inputs
from .ingest.dedup import NearDuplicateIndex, from_bytes, signature, to_bytes
from .records import Article, Skip
from .store import Database

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


@dataclass
class IngestReport:
    """What one ingest pass read, stored, recognised and skipped."""

    documents: int = 0
    new: int = 0
    already_stored: int = 0
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def nothing_readable(self) -> bool:
        return self.documents == 0 and bool(self.skipped)


def ingest(paths: Iterable[str | os.PathLike], db: Database, *, title: str | None = None,
           date: dt.date | None = None, source: str | None = None, batch_size: int = 200,
           progress: Progress | None = None) -> IngestReport:
    """Read every input under ``paths`` into ``db``; bad inputs are recorded, never raised."""
    report = IngestReport()
    index = NearDuplicateIndex()
    for key, blob in db.signatures():
        index.add(key, from_bytes(blob))
    pending: list[tuple[Article, bytes, str | None, float | None]] = []
    seen: set[str] = set()

    def flush():
        report.new += len(pending)
        db.add_articles(pending)
        pending.clear()

    for raw in read_inputs(paths):
        if isinstance(raw, Skip):
            report.skipped.append(raw)
            continue
        if raw.truncated:
            report.skipped.append(Skip(raw.origin, "truncated", "the page ends before </html>; "
                                       "kept the text that could be extracted", raw.locator, "partial"))
        article = prepare(raw, title=title, date=date, source=source)
        if isinstance(article, Skip):
            report.skipped.append(article)
            continue
        report.documents += 1
        if progress:
            progress("ingest", report.documents, None)
        if article.article_id in seen or db.known_ids([article.article_id]):
            report.already_stored += 1
            continue
        seen.add(article.article_id)
        minhash = signature(article.text)
        match = index.match(minhash)
        duplicate_of, similarity = (match if match else (None, None))
        if match:
            report.near_duplicates.append((article.article_id, duplicate_of, similarity))
        else:
            index.add(article.article_id, minhash)
        pending.append((article, to_bytes(minhash), duplicate_of, similarity))
        if len(pending) >= batch_size:
            flush()
    flush()
    db.add_skips(report.skipped)
    return report


@dataclass
class CodeReport:
    articles: int = 0
    sentences: int = 0
    events: int = 0


def code_pending(db: Database, *, batch_size: int = 32, progress: Progress | None = None,
                 nlp=None) -> CodeReport:
    """Code every stored article that is not coded yet, one transaction per batch."""
    from .nlp import load
    from .nlp.annotate import annotate

    report = CodeReport()
    total = db.count("articles", "WHERE coded_at IS NULL AND duplicate_of IS NULL")
    if total == 0:
        return report
    nlp = nlp or load()
    while batch := db.pending(limit=batch_size):
        annotated = list(annotate(batch, nlp))
        db.store_annotations(annotated)
        report.articles += len(annotated)
        report.sentences += sum(len(a.sentences) for a in annotated)
        report.events += sum(len(a.events) for a in annotated)
        if progress:
            progress("code", report.articles, total)
        if len(annotated) < len(batch):  # articles without text blocks: mark them done anyway
            done = {a.article.article_id for a in annotated}
            db.store_annotations([_empty(a) for a in batch if a.article_id not in done])
    return report


def _empty(article: Article):
    from .nlp.annotate import Annotated

    return Annotated(article, [], [], [])


@dataclass
class Summary:
    """Totals of a database, for the end-of-run report."""

    articles: int
    near_duplicates: int
    sentences: int
    events_by_quad: dict[int, int]
    events_by_modality: dict[str, int]
    top_dyads: list[tuple[str, str, int]]
    skipped: list[tuple[str, str, str, str]]


def summarise(db: Database, top: int = 5) -> Summary:
    con = db.con
    quads = dict(con.execute("""SELECT quad_class, count(*) FROM events WHERE modality = 'asserted'
                                GROUP BY 1 ORDER BY 1""").fetchall())
    modalities = dict(con.execute("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall())
    dyads = con.execute("""SELECT source_code, coalesce(target_code, '-'), count(*) AS n FROM events
                           WHERE modality = 'asserted' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?""",
                        [top]).fetchall()
    skipped = con.execute("SELECT origin, locator, reason, detail FROM skipped_inputs ORDER BY origin, locator").fetchall()
    return Summary(
        articles=db.count("articles", "WHERE duplicate_of IS NULL"),
        near_duplicates=db.count("articles", "WHERE duplicate_of IS NOT NULL"),
        sentences=db.count("sentences"),
        events_by_quad={int(k): v for k, v in quads.items()},
        events_by_modality=modalities,
        top_dyads=[tuple(row) for row in dyads],
        skipped=[tuple(row) for row in skipped],
    )
