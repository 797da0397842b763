"""Read-side queries shared by the CLI, the Python API and, later, the web dashboard.

All values reach SQL as parameters, never by string formatting.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .database import Database

EVENT_COLUMNS = """e.event_id, e.event_date, e.source_code, e.source_sector, e.target_code,
    e.target_sector, e.cameo, e.cameo_name, e.plover, e.quad_class, e.goldstein, e.intensity,
    e.modality, e.mirrored, e.trigger, e.source_text, e.target_text, e.article_id, e.sent_index,
    e.start_char, e.end_char, e.date_basis, e.origin, e.confidence, s.text AS sentence"""


def parse_dyad(dyad: str) -> tuple[str, str]:
    """``"USA-KOR"`` → ``("USA", "KOR")``, with a clear error for anything else."""
    parts = [part.strip().upper() for part in dyad.replace("→", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"dyad must look like USA-KOR, got {dyad!r}")
    return parts[0], parts[1]


def events(db: Database, *, dyad: tuple[str, str] | None = None, directed: bool = False,
           since: dt.date | None = None, until: dt.date | None = None,
           modality: str | None = "asserted", limit: int | None = None,
           min_confidence: float | None = None) -> pd.DataFrame:
    """Events with the sentence that produced each, newest first.

    ``min_confidence`` keeps coded events the coder was at least that sure of; imported events,
    which carry no confidence, are kept.
    """
    where, params = [], []
    if dyad:
        a, b = dyad
        if directed:
            where.append("e.source_code = ? AND e.target_code = ?")
            params += [a, b]
        else:
            where.append("((e.source_code = ? AND e.target_code = ?) OR (e.source_code = ? AND e.target_code = ?))")
            params += [a, b, b, a]
    if since:
        where.append("e.event_date >= ?")
        params.append(since)
    if until:
        where.append("e.event_date <= ?")
        params.append(until)
    if modality:
        where.append("e.modality = ?")
        params.append(modality)
    if min_confidence:
        where.append("(e.confidence IS NULL OR e.confidence >= ?)")
        params.append(float(min_confidence))
    sql = f"""SELECT {EVENT_COLUMNS} FROM events e
              LEFT JOIN sentences s ON s.article_id = e.article_id AND s.sent_index = e.sent_index
              {'WHERE ' + ' AND '.join(where) if where else ''}
              ORDER BY e.event_date DESC NULLS LAST, e.article_id, e.sent_index, e.event_id"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return db.con.execute(sql, params).df()
