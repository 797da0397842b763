"""Briefs: a report in the shape analysts use, every statement cited to the database.

>>> from allegiance.report import write_brief                                  # doctest: +SKIP
>>> write_brief("seeds.duckdb", "KOR", ["brief.html", "brief.md", "brief.pdf"])  # doctest: +SKIP

Sections: summary, key stakeholders, recent developments, data and trends, quotes, verification,
outlook, method and sources, and the numbered evidence (stored sentences and data sets).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .build import build_brief
from .model import Brief
from .render import output_format, to_html, to_markdown, write

__all__ = ["Brief", "build_brief", "write_brief", "to_html", "to_markdown", "output_format"]


def write_brief(db: str | os.PathLike, focus: str, out: str | os.PathLike | Sequence[str | os.PathLike], *,
                dyads: Sequence[str] = (), since: str | None = None) -> list[Path]:
    """Build the brief on ``focus`` from ``db`` once and write it to each path in ``out``
    (``.html``, ``.md`` or ``.pdf``). The database is opened read-only."""
    from ..paths import output_folder_error
    from ..store import Database, DatabaseError

    outs = [Path(out)] if isinstance(out, (str, os.PathLike)) else [Path(p) for p in out]
    for path in outs:
        output_format(path)  # refuse a wrong suffix, or a missing folder, before any work
        problem = output_folder_error(path)
        if problem:
            raise ValueError(f"--out {path}: {problem}")
    if not Path(db).exists():
        raise DatabaseError(f"{db}: no such database; create it with 'allegiance run PATH --db {db}'")
    with Database(db, read_only=True) as database:
        brief = build_brief(database.con, focus, list(dyads), since)
    return [write(brief, path) for path in outs]
