"""Dyad series in SQL: per dyad and period, counts by quad class and PLOVER type, Goldstein and
PLOVER intensity, net cooperation, under an explicit counting method.

News reports one happening many times: fifty articles on one missile launch are fifty rows in
``events``. A series must say what it counts, so every function here takes ``counting``:

* ``mentions``: every stored event row (what a naive count gives);
* ``daily``: Phoenix's one-a-day filter, one event per (date, source, target, CAMEO code);
* ``cluster`` (default): rows that share source, target and event type (the PLOVER type, or the
  CAMEO root where PLOVER has none) chain into one event while consecutive dates are at most
  ``window_days`` apart, and a chain is cut every ``span_days`` days so a daily repeated act is not
  folded into one. Every row stays linked to its cluster (``event_clusters``) as evidence.

Aggregation happens in DuckDB, with SQL text assembled from fixed fragments and values passed
as parameters. The one exception is finding cluster boundaries, an ordered scan over day rows
that NumPy does in one pass (``clusters.py``); DuckDB collapses the mentions before it and
aggregates the counted events after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from ..ontology import plover_types
from ._db import codes, require
from .clusters import cluster_units

PERIODS = ("week", "month", "quarter", "year")
COUNTINGS = ("cluster", "daily", "mentions")
QUAD_COLUMNS = {1: "verbal_coop", 2: "matl_coop", 3: "verbal_conf", 4: "matl_conf"}
LABEL_FORMAT = {"week": "strftime(period_start, '%G-W%V')", "month": "strftime(period_start, '%Y-%m')",
                "quarter": "strftime(period_start, '%Y') || 'Q' || quarter(period_start)",
                "year": "strftime(period_start, '%Y')"}


@dataclass(frozen=True)
class Filters:
    """Which event rows enter a series. ``None`` means no restriction on that field."""

    modality: tuple[str, ...] | None = ("asserted",)
    origin: tuple[str, ...] | None = None
    source_sector: tuple[str, ...] | None = None
    target_sector: tuple[str, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _where(a: str | None, b: str | None, directed: bool, f: Filters) -> tuple[str, dict]:
    """The WHERE clause and its parameters; mirrored rows are dropped from undirected series
    because they restate a joint act already counted in the other direction."""
    clauses = ["event_date IS NOT NULL", "target_code IS NOT NULL", "source_code <> target_code"]
    params: dict = {}
    if a and b:
        params.update(a=a, b=b)
        clauses.append("source_code = $a AND target_code = $b" if directed else
                       "((source_code = $a AND target_code = $b) OR (source_code = $b AND target_code = $a))")
    if not directed:
        clauses.append("NOT mirrored")
    for field, column in (("modality", "modality"), ("origin", "origin"),
                          ("source_sector", "source_sector"), ("target_sector", "target_sector")):
        values = getattr(f, field)
        if values is not None:
            params[field] = list(values)
            clauses.append(f"list_contains(${field}, {column})")
    if f.start:
        params["start"] = f.start
        clauses.append("event_date >= $start")
    if f.end:
        params["end"] = f.end
        clauses.append("event_date <= $end")
    return " AND ".join(clauses), params


def _base_sql(a: str | None, b: str | None, directed: bool, f: Filters) -> tuple[str, dict]:
    """Rows of ``events`` with dyad keys ``s``/``t`` (ordered as asked, or sorted when undirected)."""
    where, params = _where(a, b, directed, f)
    if directed:
        keys = "source_code AS s, target_code AS t"
    elif a and b:
        keys = "$a AS s, $b AS t"
    else:
        keys = "least(source_code, target_code) AS s, greatest(source_code, target_code) AS t"
    sql = f"""SELECT event_id, article_id, {keys}, event_date AS d, cameo, quad_class AS q, goldstein AS g,
                     intensity AS i, plover AS p, coalesce(plover, 'CAMEO' || left(cameo, 2)) AS etype
              FROM events WHERE {where}"""
    return sql, params


@contextmanager
def _counted(con, base: str, params: dict, counting: str, window_days: int, span_days: int) -> Iterator[str]:
    """SQL giving one row per counted event (its date, quad class, mean Goldstein and intensity
    over its mentions, PLOVER type and number of mentions), usable inside the ``with`` block in a
    query that defines ``base``. Clusters come from an ordered scan (``clusters.py``)."""
    if counting not in COUNTINGS:
        raise ValueError(f"counting must be one of {', '.join(COUNTINGS)}, not {counting!r}")
    if counting == "mentions":
        yield "SELECT s, t, d, q, g, i, p, 1 AS n FROM base"
    elif counting == "daily":
        yield f"""SELECT s, t, d, q, gs / nullif(gn, 0) AS g, isum / nullif(icnt, 0) AS i, p, n
                  FROM ({_days_sql('cameo')})"""
    else:
        with cluster_units(con, base, params, window_days, span_days) as units:
            yield units


def _days_sql(kind: str) -> str:
    """Mentions collapsed to one row per dyad, ``kind`` (cameo or etype) and day, with partial sums."""
    return f"""SELECT s, t, {kind}, d, count(*) AS n, sum(g) AS gs, count(g) AS gn, sum(i) AS isum,
                      count(i) AS icnt, min(q) AS q, min(p) AS p
               FROM base GROUP BY s, t, {kind}, d"""


def _cluster_ctes(window_days: int, span_days: int) -> str:
    """CTEs ``days`` (mentions collapsed per dyad, type and day), ``keys`` (an integer ``kid`` per
    dyad and type) and ``chains``: day rows with the first day of their chain (a chain breaks
    after a gap longer than ``window_days``) and their piece (days since the chain began, in steps
    of ``span_days``). Window functions are plain to read and fine for the one dyad that
    ``event_clusters`` usually lists; counting over every dyad uses the scan in ``clusters.py``."""
    if window_days < 0 or span_days < 1:
        raise ValueError("window_days must be >= 0 and span_days >= 1")
    return f"""
        days AS ({_days_sql('etype')}),
        keys AS (SELECT s, t, etype, row_number() OVER (ORDER BY s, t, etype) AS kid
                 FROM (SELECT DISTINCT s, t, etype FROM days)),
        chains AS (
            SELECT *, (d - chain_start) // {int(span_days)} AS piece
            FROM (SELECT *, max(CASE WHEN prev IS NULL OR d - prev > {int(window_days)} THEN d END)
                                OVER (PARTITION BY kid ORDER BY d ROWS UNBOUNDED PRECEDING) AS chain_start
                  FROM (SELECT *, lag(d) OVER (PARTITION BY kid ORDER BY d) AS prev
                        FROM (SELECT keys.kid, days.* EXCLUDE (s, t, etype)
                              FROM days JOIN keys USING (s, t, etype)))))"""


def _aggregates() -> str:
    """Per-period measures over counted events; PLOVER counts get one column per type."""
    quads = ", ".join(f"count(*) FILTER (WHERE q = {q}) AS {name}" for q, name in QUAD_COLUMNS.items())
    plovers = ", ".join(f"count(*) FILTER (WHERE p = '{name}') AS \"{name}\"" for name in plover_types())
    return f"""count(*) AS events, sum(n)::BIGINT AS mentions, {quads},
               sum(g) AS goldstein_sum, avg(g) AS goldstein_mean,
               sum(i) AS intensity_sum, avg(i) AS intensity_mean,
               count(*) FILTER (WHERE q IN (1, 2)) - count(*) FILTER (WHERE q IN (3, 4)) AS net_coop,
               {plovers}"""


def _fill_sql(by: str, one_dyad: bool) -> str:
    """Zero rows for periods without events, between the first and last period of each dyad
    (or the requested start and end), so trends and forecasts see the quiet periods."""
    zeros = ", ".join(["0 AS events", "0 AS mentions", *(f"0 AS {c}" for c in QUAD_COLUMNS.values()),
                       "0.0 AS goldstein_sum", "NULL::DOUBLE AS goldstein_mean", "0.0 AS intensity_sum",
                       "NULL::DOUBLE AS intensity_mean", "0 AS net_coop",
                       *(f"0 AS \"{name}\"" for name in plover_types())])
    dyads = "SELECT s, t FROM agg" + (" UNION SELECT $a, $b" if one_dyad else "")
    return f"""
        SELECT * FROM agg
        UNION ALL BY NAME
        SELECT g.s, g.t, g.period_start, {zeros}
        FROM (SELECT dy.s, dy.t, unnest(generate_series(
                       coalesce(date_trunc('{by}', $fill_start::DATE), min(agg.period_start)),
                       coalesce(date_trunc('{by}', $fill_end::DATE), max(agg.period_start)),
                       INTERVAL 1 {by}))::DATE AS period_start
              FROM ({dyads}) dy LEFT JOIN agg USING (s, t) GROUP BY dy.s, dy.t) g
        ANTI JOIN agg USING (s, t, period_start)"""


def dyad_series(con, a: str | None = None, b: str | None = None, *, by: str = "month",
                directed: bool = True, counting: str = "cluster", window_days: int = 1,
                span_days: int = 3, filters: Filters | None = None, fill: bool = False) -> pd.DataFrame:
    """The dyad series: one row per dyad and period, with every measure and the counting used.

    ``a`` and ``b`` pick one dyad (source → target when ``directed``); leave both out for every
    dyad. ``fill`` adds zero rows for periods with no events.
    """
    require(con, "events")
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    a, b = (codes(a, b) if a and b else (None, None))
    f = filters or Filters()
    base, params = _base_sql(a, b, directed, f)
    with _counted(con, base, params, counting, window_days, span_days) as units:
        frame = con.execute(_series_sql(base, units, by, counting, fill, a is not None),
                            {**params, **({"fill_start": f.start, "fill_end": f.end} if fill else {})}).df()
    frame.attrs.update(counting=counting, by=by, directed=directed, window_days=window_days,
                       span_days=span_days)
    return frame


def _series_sql(base: str, units: str, by: str, counting: str, fill: bool, one_dyad: bool) -> str:
    """The per-period aggregation over counted events, whichever way they were counted."""
    return f"""
        WITH base AS ({base}),
             units AS ({units}),
             agg AS (SELECT s, t, date_trunc('{by}', d)::DATE AS period_start, {_aggregates()}
                     FROM units GROUP BY s, t, period_start),
             filled AS ({_fill_sql(by, one_dyad) if fill else 'SELECT * FROM agg'})
        SELECT s AS source, t AS target, {LABEL_FORMAT[by]} AS period, period_start,
               '{counting}' AS counting, * EXCLUDE (s, t, period_start)
        FROM filled ORDER BY source, target, period_start"""


def event_units(con, a: str, b: str, *, directed: bool = False, counting: str = "cluster",
                window_days: int = 1, span_days: int = 3, filters: Filters | None = None) -> pd.DataFrame:
    """One row per counted event of a dyad (date, quad class, Goldstein, intensity, mentions):
    what the alliance index resamples for its bootstrap interval."""
    require(con, "events")
    a, b = codes(a, b)
    base, params = _base_sql(a, b, directed, filters or Filters())
    with _counted(con, base, params, counting, window_days, span_days) as units:
        frame = con.execute(f"""WITH base AS ({base}) SELECT d AS event_date, q AS quad_class, g AS goldstein,
                                                        i AS intensity, p AS plover, n AS mentions
                                FROM ({units}) ORDER BY d""", params).df()
    frame.attrs["counting"] = counting
    return frame


def event_clusters(con, a: str | None = None, b: str | None = None, *, directed: bool = True,
                   window_days: int = 1, span_days: int = 3, filters: Filters | None = None) -> pd.DataFrame:
    """Every event row with the cluster it was counted in: the evidence behind each counted event.

    ``cluster_id`` is ``SOURCE>TARGET:TYPE:first-date``; rows sharing it were counted once.
    """
    require(con, "events")
    a, b = (codes(a, b) if a and b else (None, None))
    base, params = _base_sql(a, b, directed, filters or Filters())
    sql = f"""
        WITH base AS ({base}), {_cluster_ctes(window_days, span_days)},
             firsts AS (SELECT kid, d, min(d) OVER (PARTITION BY kid, chain_start, piece) AS first FROM chains)
        SELECT base.event_id, base.s AS source, base.t AS target, base.etype AS event_type,
               base.d AS event_date, base.article_id,
               base.s || '>' || base.t || ':' || base.etype || ':' || strftime(firsts.first, '%Y-%m-%d') AS cluster_id
        FROM base JOIN keys USING (s, t, etype) JOIN firsts USING (kid, d)
        ORDER BY cluster_id, event_date, event_id"""
    return con.execute(sql, params).df()
