"""The Python API. The command line is a thin layer over these functions.

>>> import allegiance
>>> events = allegiance.code("North Korea fired a ballistic missile toward the East Sea on Friday.",
...                          date="2025-11-07")
>>> [(e.source.code, e.plover, e.modality) for e in events]
[('PRK', 'MOBILIZE', 'asserted')]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import pipeline
from .ingest.clean import clean_text
from .ingest.dedup import article_id
from .records import Article, Event, OfficeClaim, Verdict
from .store import DEFAULT_PATH, Database
from .store import queries


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"dates are written YYYY-MM-DD, got {value!r}") from None


def code(text: str, date: str | dt.date | None = None, *, nlp=None) -> list[Event]:
    """Code one text (a sentence or a whole article) and return its events, all modalities.

    ``date`` is the article's date: it resolves leaders' names ("Moon" in 2018) and relative time
    expressions ("on Friday"). Filter on ``event.asserted`` for events that happened.
    """
    annotated = _annotate_text(text, date, nlp)
    return annotated.events if annotated else []


def _annotate_text(text: str, date: str | dt.date | None, nlp=None):
    from .nlp import load
    from .nlp.annotate import annotate

    cleaned = clean_text(text, find_title=False)
    if not cleaned.blocks:
        return None
    article = Article(article_id=article_id(cleaned.text), text=cleaned.text, blocks=cleaned.blocks,
                      title=None, date=_as_date(date), date_source="user" if date else "none",
                      source=None, url=None, origin="<text>", locator="", format="text", language="en")
    annotated = list(annotate([article], nlp or load()))
    return annotated[0] if annotated else None


def claims(text: str, date: str | dt.date | None = None, *, nlp=None) -> list[tuple[OfficeClaim, Verdict]]:
    """The office claims in one text, each with its verdict against the knowledge base.

    ``date`` is the article's date: claims are checked on it unless the sentence gives its own.
    """
    from .verify import verify_claim

    annotated = _annotate_text(text, date, nlp)
    return [(claim, verify_claim(claim)) for claim in (annotated.claims if annotated else [])]


@dataclass
class RunResult:
    ingest: pipeline.IngestReport
    coding: pipeline.CodeReport
    summary: pipeline.Summary


def run(paths: Iterable[str | os.PathLike], db: str | os.PathLike = DEFAULT_PATH, *,
        title: str | None = None, date: str | dt.date | None = None, source: str | None = None,
        progress: pipeline.Progress | None = None, workers: int = 1, dask: str | None = None,
        parquet: str | os.PathLike | None = None, batch_size: int = 64, strict: bool = False) -> RunResult:
    """Ingest ``paths`` into ``db``, code everything not yet coded, and summarise the database.

    ``workers`` codes on that many local processes, ``dask`` on a Dask cluster (``"local"`` or a
    scheduler address such as ``"tcp://10.0.0.5:8786"``); ``parquet`` keeps every coded batch as
    a Parquet partition in that folder too. The events are the same whichever way it runs. A run
    that is killed continues where it stopped when it is started again.
    """
    _check(workers, batch_size)
    with Database(db) as database:
        runner = None
        if workers > 1 or dask:  # start the workers now: they load the pipeline while this process reads
            runner = pipeline.coding_runner(database, workers=workers, dask=dask, parquet=parquet)
            runner.warm_up()
        try:
            report = pipeline.ingest(paths, database, title=title, date=_as_date(date), source=source,
                                     progress=progress, strict=strict)
            coding = pipeline.code_pending(database, progress=progress, workers=workers, dask=dask,
                                           parquet=parquet, batch_size=batch_size, runner=runner)
        finally:
            if runner is not None:
                runner.close()
        # new articles, and the stored ones whose corroboration they change
        pipeline.verify_pending(database)
        return RunResult(report, coding, pipeline.summarise(database))


def ingest(paths: Iterable[str | os.PathLike], db: str | os.PathLike = DEFAULT_PATH, *,
           title: str | None = None, date: str | dt.date | None = None, source: str | None = None,
           progress: pipeline.Progress | None = None, strict: bool = False) -> pipeline.IngestReport:
    """Store the articles under ``paths`` in ``db`` without coding them (``strict``: as in ``run``)."""
    with Database(db) as database:
        return pipeline.ingest(paths, database, title=title, date=_as_date(date), source=source,
                               progress=progress, strict=strict)


def code_stored(db: str | os.PathLike = DEFAULT_PATH, *, progress: pipeline.Progress | None = None,
                workers: int = 1, dask: str | None = None, parquet: str | os.PathLike | None = None,
                batch_size: int = 64) -> pipeline.CodeReport:
    """Code the stored articles of ``db`` that are not coded yet (what ``allegiance code`` does)."""
    with Database(db) as database:
        return _code_database(database, progress=progress, workers=workers, dask=dask, parquet=parquet,
                              batch_size=batch_size)


def _check(workers: int, batch_size: int) -> None:
    if workers < 1 or batch_size < 1:
        raise ValueError(f"workers and batch_size must be 1 or more, got {workers} and {batch_size}")


def _code_database(database: Database, *, progress=None, workers: int = 1, dask: str | None = None,
                   parquet=None, batch_size: int = 64) -> pipeline.CodeReport:
    _check(workers, batch_size)
    return pipeline.code_pending(database, progress=progress, workers=workers, dask=dask, parquet=parquet,
                                 batch_size=batch_size)


def events(db: str | os.PathLike = DEFAULT_PATH, *, dyad: str | None = None, directed: bool = False,
           since: str | dt.date | None = None, until: str | dt.date | None = None,
           modality: str | None = "asserted", limit: int | None = None,
           min_confidence: float | None = None) -> pd.DataFrame:
    """Stored events with their sentences; ``dyad="USA-KOR"`` keeps that pair, either direction.

    ``min_confidence`` leaves out coded events the coder was less sure of (0 to 1).
    """
    with Database(db, read_only=True) as database:
        return queries.events(database, dyad=queries.parse_dyad(dyad) if dyad else None,
                              directed=directed, since=_as_date(since), until=_as_date(until),
                              modality=modality, limit=limit, min_confidence=min_confidence)


def verify(db: str | os.PathLike = DEFAULT_PATH, *, article: str | None = None):
    """Check the stored office claims, quotes and figures and store the verdicts.

    Returns one ``verify.ArticleReport`` per coded article (or only the article whose id starts
    with ``article``): each claim with its verdict and evidence, each quote and figure with its
    corroboration by other stored articles, and the article's reliability summary.
    """
    from pathlib import Path

    from .store import DatabaseError
    from .verify import verify_database

    if not Path(db).exists():
        raise DatabaseError(f"{db}: no such database; create it with 'allegiance run PATH --db {db}'")
    with Database(db) as database:
        return verify_database(database, article=article)
