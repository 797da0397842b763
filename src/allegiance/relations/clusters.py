"""Distinct events by clustering, computed as one ordered scan instead of SQL window functions.

A cluster is a run of days on which the same source, target and event type occur, with gaps of
at most ``window_days``, cut every ``span_days`` days from the run's first day (see
``series.py``). Finding the runs is a scan in date order. Written as two DuckDB window passes
(``lag``, then a running ``max``) over ten million mentions it took about 8 CPU-seconds, most of
it spent partitioning and sorting the day rows twice; here DuckDB collapses mentions to day rows
and sorts them once, and NumPy finds the cuts in one vectorised pass over the sorted rows.
``tests/test_relations.py`` checks the result against a plain Python reference.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

QUAD_NONE = 127  # stands for a NULL quad class inside the scan; larger than every real class


def chain_cuts(key: np.ndarray, day: np.ndarray, window_days: int, span_days: int) -> np.ndarray:
    """Positions where a new counted event begins, for day rows sorted by (key, day) with one row
    per key and day: a new key, a gap longer than ``window_days``, or ``span_days`` more days since
    the run began."""
    if len(day) == 0:
        return np.zeros(0, dtype=np.int64)
    fresh = np.ones(len(day), dtype=bool)
    fresh[1:] = (key[1:] != key[:-1]) | (day[1:] - day[:-1] > window_days)
    run_start = day[np.maximum.accumulate(np.where(fresh, np.arange(len(day)), 0))]
    piece = (day - run_start) // span_days
    cut = fresh.copy()
    cut[1:] |= piece[1:] != piece[:-1]
    return np.flatnonzero(cut)


def _unit_frame(rows: dict, window_days: int, span_days: int) -> pd.DataFrame:
    """One row per counted event: its key, first day, smallest quad class and summed parts."""
    key, day = np.asarray(rows["kid"]), np.asarray(rows["day"])
    cuts = chain_cuts(key, day, window_days, span_days)
    columns = {"kid": key[cuts], "day": day[cuts]}
    if len(cuts):
        columns["q"] = np.minimum.reduceat(np.asarray(rows["q"]), cuts)
        for name in ("n", "gs", "gn", "isum", "icnt"):
            columns[name] = np.add.reduceat(np.asarray(rows[name]), cuts)
    else:
        columns.update({name: np.zeros(0) for name in ("q", "n", "gs", "gn", "isum", "icnt")})
    return pd.DataFrame(columns)


@contextmanager
def cluster_units(con, base: str, params: dict, window_days: int, span_days: int) -> Iterator[str]:
    """SQL text of a relation with one row per counted event (``s, t, d, q, g, i, p, n``), valid
    inside the ``with`` block. ``base`` is the SQL of the filtered mention rows (``s, t, d, q, g,
    i, p, etype``) with its ``params``. The temporary tables and the registered frame it needs
    are dropped on leaving."""
    if window_days < 0 or span_days < 1:
        raise ValueError("window_days must be >= 0 and span_days >= 1")
    tag = uuid.uuid4().hex[:12]
    days, keys, units = f"_cluster_days_{tag}", f"_cluster_keys_{tag}", f"_cluster_units_{tag}"
    registered = False
    try:
        con.execute(f"""
            CREATE TEMP TABLE {days} AS WITH base AS ({base})
            SELECT s, t, etype, (d - DATE '1970-01-01')::BIGINT AS day, count(*) AS n,
                   coalesce(sum(g), 0) AS gs, count(g) AS gn, coalesce(sum(i), 0) AS isum, count(i) AS icnt,
                   coalesce(min(q), {QUAD_NONE})::INTEGER AS q
            FROM base GROUP BY s, t, etype, d""", params)
        # The PLOVER type is the event type unless the type is a CAMEO root standing in for it.
        con.execute(f"""
            CREATE TEMP TABLE {keys} AS
            SELECT s, t, etype, CASE WHEN NOT starts_with(etype, 'CAMEO') THEN etype END AS p,
                   row_number() OVER (ORDER BY s, t, etype) AS kid
            FROM (SELECT DISTINCT s, t, etype FROM {days})""")
        rows = con.execute(f"""SELECT kid, day, n, gs, gn, isum, icnt, q FROM {days} JOIN {keys} USING (s, t, etype)
                               ORDER BY kid, day""").fetchnumpy()
        con.register(units, _unit_frame(rows, window_days, span_days))
        registered = True
        yield f"""SELECT k.s, k.t, (DATE '1970-01-01' + u.day::INTEGER) AS d, nullif(u.q, {QUAD_NONE}) AS q,
                         u.gs / nullif(u.gn, 0) AS g, u.isum / nullif(u.icnt, 0) AS i, k.p, u.n::BIGINT AS n
                  FROM {units} u JOIN {keys} k USING (kid)"""
    finally:
        if registered:
            con.unregister(units)
        con.execute(f"DROP TABLE IF EXISTS {days}")
        con.execute(f"DROP TABLE IF EXISTS {keys}")
