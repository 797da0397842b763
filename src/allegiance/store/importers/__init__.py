"""Importers: event and relations data sets into the allegiance DuckDB database.

One module per source, each with ``import_file(db, path, progress=None, strict=False) -> ImportReport``;
``IMPORTERS`` maps the FORMAT names of ``allegiance import FORMAT PATH`` to them, and
``import_path`` takes a FORMAT and a file or a folder. Every importer streams through DuckDB,
can be run twice without changing anything, and records each row it cannot use, with its line
and the reason, in ``import_rejects``. See ``docs/importers.md``.

>>> from allegiance.store import Database
>>> from allegiance.store.importers import import_path
>>> with Database("relations.duckdb") as db:                      # doctest: +SKIP
...     report = import_path(db, "atop", "../shared/data/atop5_1_dyad_year.csv")
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from . import atop, gdelt, icews, icews_counts, icews_tkg, idealpoints, nmc, polecat, unvotes
from .base import ImportFileError, ImportReport, Progress, RejectedRow, time_budget

IMPORTERS: dict[str, Callable[..., ImportReport]] = {
    "gdelt1": partial(gdelt.import_file, version=1),
    "gdelt2": partial(gdelt.import_file, version=2),
    "icews": icews.import_file,
    "icews-counts": icews_counts.import_file,
    "icews14": partial(icews_tkg.import_file, origin="icews14"),
    "icews18": partial(icews_tkg.import_file, origin="icews18"),
    "polecat": polecat.import_file,
    "atop": atop.import_file,
    "unvotes": unvotes.import_file,
    "idealpoints": idealpoints.import_file,
    "nmc": nmc.import_file,
}
FORMATS = tuple(IMPORTERS)

#: The files a folder import picks up, per format. icews14/18 and unvotes take the folder itself.
PATTERNS = {
    "gdelt1": ("*.CSV", "*.csv", "*.tsv", "*.txt", "*.zip", "*.gz"),
    "gdelt2": ("*.CSV", "*.csv", "*.tsv", "*.txt", "*.zip", "*.gz"),
    "icews": ("*.tab", "*.tsv", "*.txt", "*.gz"),
    "polecat": ("*.jsonl", "*.json", "*.ndjson", "*.jsonl.gz"),
    "icews-counts": ("*.csv",), "atop": ("*.csv",), "idealpoints": ("*.csv",), "nmc": ("*.csv",),
}


def import_path(db, format: str, path: Path | str, progress: Progress | None = None, *,
                strict: bool = False) -> ImportReport:
    """Import a file, or every matching file of a folder, in the given FORMAT.

    A file that cannot be imported at all (wrong layout, a decompression bomb, over its time
    budget) raises ``ImportFileError`` when it was named; inside a folder it is counted as a
    rejected file and the others go on. ``strict=True`` fails fast instead: the first file that
    cannot be imported, or the first row a file would reject, raises (``RejectedRow`` for a row),
    and nothing of that file is written. Each file gets ``import_seconds_per_file`` (see
    ``allegiance.ingest.limits``) to be read and checked.
    """
    if format not in IMPORTERS:
        raise ImportFileError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"{path}: no such file or folder")
    started = time.perf_counter()
    if path.is_dir() and format in PATTERNS:
        files = sorted({file for pattern in PATTERNS[format] for file in path.glob(pattern) if file.is_file()})
        if not files:
            raise ImportFileError(f"{path}: no {format} files ({', '.join(PATTERNS[format])}) in this folder")
        report = ImportReport(format, str(path))
        for file in files:
            try:
                with time_budget(db, file):
                    report.add(IMPORTERS[format](db, file, progress, strict=strict))
            except ImportFileError as err:
                if strict:
                    raise
                report.files += 1
                report.reasons[f"unreadable-file: {err}"] += 1
    else:
        with time_budget(db, path):
            report = IMPORTERS[format](db, path, progress, strict=strict)
    report.format, report.path = format, str(path)
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["FORMATS", "IMPORTERS", "ImportFileError", "ImportReport", "RejectedRow", "import_path"]
