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
from pathlib import Path

from .ingest import InputError, prepare, read_inputs
from .ingest.dedup import signature, to_bytes
from .nearduplicates import CompactNearDuplicateIndex
from .records import Article, Skip
from .store import Database

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)

#: Articles stored or coded between two reopenings of the database, which keep a long run's
#: memory flat (``Database.reopen``).
REOPEN_AFTER_ARTICLES = 1000


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
           progress: Progress | None = None, strict: bool = False) -> IngestReport:
    """Read every input under ``paths`` into ``db``; bad inputs are recorded, never raised.

    ``strict=True`` stops at the first input that would be recorded as skipped and raises
    ``InputError`` naming it; the articles read before it are stored first, so nothing read is
    lost and a rerun after fixing the input skips them."""
    report = IngestReport()
    # the same matches as ingest.dedup.NearDuplicateIndex, in ~1 KB per stored article, not ~13 KB
    index = CompactNearDuplicateIndex(fetch=db.minhashes)
    for key, blob in db.signatures():
        index.add(key, _Signature(blob))
    pending: list[tuple[Article, bytes, str | None, float | None]] = []
    prepared: list[Article] = []
    seen: set[str] = set()
    stored_since_reopen = 0

    def flush():
        nonlocal stored_since_reopen
        report.new += len(pending)
        db.add_articles(pending)
        stored_since_reopen += len(pending)
        pending.clear()
        if stored_since_reopen >= REOPEN_AFTER_ARTICLES:  # as in code_pending: flat memory over long runs
            db.reopen()
            stored_since_reopen = 0

    def take_prepared():
        """Store what is new among the prepared articles; one look-up of stored ids for all."""
        known = db.known_ids({a.article_id for a in prepared})
        for article in prepared:
            if article.article_id in seen or article.article_id in known:
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
        prepared.clear()

    try:
        _read_all(paths, report, prepared, take_prepared, progress, title=title, date=date, source=source,
                  strict=strict, batch_size=batch_size)
    except InputError:
        take_prepared()
        flush()
        raise
    take_prepared()
    flush()
    db.add_skips(report.skipped)
    return report


def _read_all(paths, report: IngestReport, prepared: list[Article], take_prepared, progress, *, title, date,
              source, strict: bool, batch_size: int) -> None:
    for raw in read_inputs(paths, strict=strict):
        if isinstance(raw, Skip):
            report.skipped.append(raw)
            continue
        if raw.truncated:
            report.skipped.append(Skip(raw.origin, "truncated", "the page ends before </html>; "
                                       "kept the text that could be extracted", raw.locator, "partial"))
        article = prepare(raw, title=title, date=date, source=source, strict=strict)
        if isinstance(article, Skip):
            report.skipped.append(article)
            continue
        report.documents += 1
        if progress:
            progress("ingest", report.documents, None)
        prepared.append(article)
        if len(prepared) >= batch_size:
            take_prepared()


class _Signature:
    """A stored signature where the index only reads ``hashvalues``."""

    __slots__ = ("hashvalues",)

    def __init__(self, blob: bytes):
        import numpy as np

        self.hashvalues = np.frombuffer(blob, dtype=np.uint32)


@dataclass
class CodeReport:
    articles: int = 0
    sentences: int = 0
    events: int = 0


def code_pending(db: Database, *, batch_size: int = 64, progress: Progress | None = None, nlp=None,
                 workers: int = 1, dask: str | None = None, parquet: str | os.PathLike | None = None,
                 model: str | None = None, dictionaries: str | None = None, runner=None) -> CodeReport:
    """Code every stored article that is not coded yet, one transaction per batch.

    ``workers`` > 1 codes on that many local processes; ``dask`` (``"local"`` or a scheduler
    address) on a Dask cluster; ``parquet`` makes every batch a Parquet partition in that folder
    as well. Whichever way it runs, each batch is written with its ``coded_at`` in one
    transaction, so a killed run resumes where it stopped (see ``allegiance.parallel``). A
    ``runner`` made beforehand with ``coding_runner`` (and warmed up) is used, and left open.
    """
    from .parallel import run_stage

    report = CodeReport()
    parquet, keep = parts_folder(db, dask, parquet)
    if parquet is not None:
        _take_partitions(db, parquet, keep, report)
    total = db.count("articles", "WHERE coded_at IS NULL AND duplicate_of IS NULL") + report.articles
    if total == report.articles:
        return report
    own = runner is None
    if own:
        runner = coding_runner(db, workers=workers, dask=dask, nlp=nlp, model=model, dictionaries=dictionaries,
                               parquet=parquet)
    stored_since_reopen = 0
    try:
        for coded in run_stage(db.pending_batches(batch_size), runner):
            _store(db, coded, keep, report)
            stored_since_reopen += coded.articles
            if stored_since_reopen >= REOPEN_AFTER_ARTICLES:  # flat memory over long runs
                db.reopen()
                stored_since_reopen = 0
            if progress:
                progress("code", report.articles, total)
    finally:
        if own:
            runner.close()
    if parquet is not None and not keep:
        _remove_empty(Path(parquet))
    return report


def parts_folder(db: Database, dask: str | None, parquet) -> tuple[Path | None, bool]:
    """Where coding tasks write Parquet partitions, and whether they are kept after loading."""
    from .parallel import default_parts_dir

    if parquet is not None:
        return Path(parquet), True
    if dask == "local":
        return default_parts_dir(db.path), False
    return None, False


def coding_runner(db: Database, *, workers: int = 1, dask: str | None = None, nlp=None, model: str | None = None,
                  dictionaries: str | None = None, parquet=None):
    """The runner ``code_pending`` would make (``allegiance.parallel``), to start it early."""
    from .parallel import make_runner

    folder, _ = parts_folder(db, dask, parquet)
    return make_runner(workers=workers, dask=dask, nlp=nlp, model=model, dictionaries=dictionaries, parquet=folder)


def _store(db: Database, coded, keep: bool, report: CodeReport) -> None:
    db.store_coded(coded)
    report.articles += coded.articles
    report.sentences += coded.sentences
    report.events += coded.events
    if coded.partition and not keep:
        from .store.parquet import remove_partition

        remove_partition(coded.partition)


def _take_partitions(db: Database, folder, keep: bool, report: CodeReport) -> None:
    """Load the complete partitions a killed run's tasks left for articles still pending."""
    from .store.parquet import complete_partitions, read_manifest, remove_partition

    if not Path(folder).exists():
        return
    for manifest in complete_partitions(folder):
        coded = read_manifest(manifest)
        if _pending_count(db, coded.article_ids) == len(coded.article_ids):
            _store(db, coded, keep, report)
        elif not keep:
            remove_partition(manifest)


def _pending_count(db: Database, ids: list[str]) -> int:
    return db.con.execute("SELECT count(*) FROM articles WHERE coded_at IS NULL AND duplicate_of IS NULL "
                          "AND article_id IN (SELECT unnest(?))", [ids]).fetchone()[0]


def _remove_empty(folder: Path) -> None:
    for path in sorted(folder.glob("**/*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def verify_pending(db: Database, chunk: int = 1000) -> int:
    """Verify the coded articles that have no verdicts yet, and the stored articles whose
    corroboration they change; returns how many articles were verified.

    Resumable like coding: an article counts as verified once its ``reliability`` row exists,
    and each chunk is stored in one transaction.
    """
    from .verify import verify_database
    from .verify.corroborate import affected_articles

    done, tried = 0, set()
    while True:
        ids = [row[0] for row in db.con.execute(
            """SELECT a.article_id FROM articles a
               WHERE a.coded_at IS NOT NULL AND a.duplicate_of IS NULL
                 AND NOT EXISTS (SELECT 1 FROM reliability r WHERE r.article_id = a.article_id)
               ORDER BY a.article_id LIMIT ?""", [chunk]).fetchall()]
        if not ids or tried.issuperset(ids):
            return done
        tried.update(ids)
        targets = sorted(set(ids) | set(affected_articles(db.con, ids)))
        verify_database(db, ids=targets)
        done += len(targets)


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
