"""Similarity of two states' foreign-policy portfolios: UN votes, ATOP alliances, ideal points.

The measures are pure functions on arrays (the reference implementation, checked against
published values in the tests); the ``*_series`` wrappers fetch the aligned portfolios per period
from DuckDB and apply them.

* ``agreement``: Voeten's UN agreement, the share of roll calls both states voted on where they
  cast the identical vote (yes, abstain, no). No half credit for abstentions.
* ``s`` / ``s2``: Signorino and Ritter's S with absolute or squared distances, optionally weighted.
* ``kappa``, ``pi``: Cohen's kappa and Scott's pi, agreement corrected for chance (Häge 2011).
* ``taub``: Kendall's tau-b, Bueno de Mesquita's ordinal portfolio measure.
* ``ideal``: the distance between Voeten's ideal points (a distance: larger means further apart).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ._db import codes, has_table, require

MEASURES = ("agreement", "s", "s2", "kappa", "pi", "taub", "ideal")
DATASETS = ("unvotes", "atop", "idealpoints")
VOTE_SCALE = {"yes": 1, "abstain": 2, "no": 3}
# ATOP commitment levels, the usual ordering for portfolio measures: defence (or offence) pact,
# neutrality or non-aggression pact, consultation pact (entente), none.
ATOP_LEVEL = """CASE WHEN defense = 1 OR offense = 1 THEN 3 WHEN neutral = 1 OR nonagg = 1 THEN 2
                     WHEN consul = 1 THEN 1 ELSE 0 END"""


# -- the measures ------------------------------------------------------------------------------

def agreement(x, y) -> float:
    """Share of positions where the two portfolios are identical (Voeten's agreement on votes)."""
    x, y = _pair(x, y)
    return float(np.mean(x == y)) if len(x) else float("nan")


def s_score(x, y, weights=None, dmax: float | None = None, squared: bool = False) -> float:
    """Signorino–Ritter S = 1 − 2·Σ w·d / (Σ w · d_max), d = |x − y| (or (x − y)² with d_max²).

    ``dmax`` is the largest possible difference on the scale (3 for ATOP levels 0–3, 2 for votes
    coded 1–3); by default the range of the values seen. S runs from −1 to 1.
    """
    x, y = _pair(x, y, float)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, float)
    if dmax is None:
        dmax = float(np.ptp(np.concatenate([x, y]))) if len(x) else 0.0
    if not len(x) or w.sum() == 0:
        return float("nan")
    if dmax == 0:
        return 1.0
    d, scale = (np.square(x - y), dmax ** 2) if squared else (np.abs(x - y), dmax)
    return float(1 - 2 * np.sum(w * d) / (scale * np.sum(w)))


def cohen_kappa(x, y) -> float:
    """Cohen's κ: observed agreement corrected by the chance agreement of each state's own
    category shares. Undefined (NaN) when chance agreement is 1."""
    x, y = _pair(x, y)
    cats = np.union1d(x, y)
    px = np.array([np.mean(x == c) for c in cats])
    py = np.array([np.mean(y == c) for c in cats])
    return _chance_corrected(agreement(x, y), float(px @ py))


def scott_pi(x, y) -> float:
    """Scott's π: like κ, but chance agreement uses the pooled category shares of both states,
    so a state's own skew does not count as evidence of similarity."""
    x, y = _pair(x, y)
    cats = np.union1d(x, y)
    pooled = np.array([(np.mean(x == c) + np.mean(y == c)) / 2 for c in cats])
    return _chance_corrected(agreement(x, y), float(pooled @ pooled))


def kendall_tau_b(x, y) -> float:
    """Kendall's τ-b (ties corrected) between two ordinal portfolios; NaN when one is constant."""
    x, y = _pair(x, y, float)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(stats.kendalltau(x, y, variant="b").statistic)


def ideal_distance(theta_a: float, theta_b: float) -> float:
    """Absolute distance between two ideal points, |θa − θb|."""
    return abs(float(theta_a) - float(theta_b))


def _pair(x, y, dtype=None) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype), np.asarray(y, dtype)
    if x.shape != y.shape:
        raise ValueError(f"portfolios differ in length: {x.shape} vs {y.shape}")
    return x, y


def _chance_corrected(observed: float, chance: float) -> float:
    return float("nan") if np.isclose(chance, 1.0) else (observed - chance) / (1 - chance)


def measure(name: str, x, y, *, weights=None, dmax: float | None = None) -> float:
    """Apply measure ``name`` (one of MEASURES except ideal) to two aligned portfolios."""
    funcs = {"agreement": agreement, "kappa": cohen_kappa, "pi": scott_pi, "taub": kendall_tau_b}
    if name in funcs:
        return funcs[name](x, y)
    if name in ("s", "s2"):
        return s_score(x, y, weights, dmax, squared=name == "s2")
    raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {name!r}")


# -- the data ----------------------------------------------------------------------------------

def vote_pairs(con, a: str, b: str, by: str = "session") -> pd.DataFrame:
    """Roll calls both states voted on, with the session or year and both votes."""
    require(con, "un_votes", "un_roll_calls")
    period = {"session": "r.session", "year": "year(r.date)"}.get(by)
    if period is None:
        raise ValueError("UN votes go by session or year")
    a, b = codes(a, b)
    return con.execute(f"""
        SELECT {period} AS period, rcid, va.vote AS vote_a, vb.vote AS vote_b
        FROM un_votes va JOIN un_votes vb USING (rcid) JOIN un_roll_calls r USING (rcid)
        WHERE va.iso3 = $a AND vb.iso3 = $b ORDER BY period, rcid""", {"a": a, "b": b}).df()


def un_agreement(con, a: str, b: str, by: str = "session") -> pd.DataFrame:
    """Voeten's agreement per session (or year), computed in SQL: value and n roll calls."""
    pairs = vote_pairs(con, a, b, by)
    con.register("_pairs", pairs)
    try:
        frame = con.execute("""SELECT period, avg((vote_a = vote_b)::DOUBLE) AS value, count(*) AS n
                               FROM _pairs GROUP BY period ORDER BY period""").df()
    finally:
        con.unregister("_pairs")
    return frame


def atop_portfolios(con, a: str, b: str, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Per year, every system member k with a's and b's ATOP level toward k and k's CINC.

    Members are the states in ``nmc`` that year (the COW state system) or, without it, every
    state in ATOP that year. A state counts as holding a defence pact with itself, as in
    Signorino and Ritter.
    """
    require(con, "atop_dyad_years")
    a, b = codes(a, b)
    members = ("SELECT iso3, year, max(cinc) AS cinc FROM nmc WHERE iso3 IS NOT NULL GROUP BY iso3, year"
               if has_table(con, "nmc") else
               "SELECT DISTINCT iso3_b AS iso3, year, NULL::DOUBLE AS cinc FROM atop_dyad_years")
    return con.execute(f"""
        WITH members AS ({members}),
             years AS (SELECT year FROM members WHERE iso3 IN ($a, $b) GROUP BY year HAVING count(*) = 2
                       INTERSECT SELECT DISTINCT year FROM atop_dyad_years),
             levels AS (SELECT iso3_a, iso3_b, year, max({ATOP_LEVEL}) AS level FROM atop_dyad_years
                        WHERE iso3_a IN ($a, $b) GROUP BY ALL)
        SELECT m.year AS period, m.iso3 AS k, m.cinc,
               CASE WHEN m.iso3 = $a THEN 3 ELSE coalesce(la.level, 0) END AS x,
               CASE WHEN m.iso3 = $b THEN 3 ELSE coalesce(lb.level, 0) END AS y
        FROM members m JOIN years USING (year)
        LEFT JOIN levels la ON la.iso3_a = $a AND la.iso3_b = m.iso3 AND la.year = m.year
        LEFT JOIN levels lb ON lb.iso3_a = $b AND lb.iso3_b = m.iso3 AND lb.year = m.year
        WHERE ($start IS NULL OR m.year >= $start) AND ($end IS NULL OR m.year <= $end)
        ORDER BY period, k""", {"a": a, "b": b, "start": start, "end": end}).df()


def ideal_series(con, a: str, b: str) -> pd.DataFrame:
    """|θa − θb| per year from Voeten's ideal points (column ``idealpointfp``)."""
    require(con, "ideal_points")
    a, b = codes(a, b)
    return con.execute("""
        SELECT pa.year AS period, abs(pa.idealpointfp - pb.idealpointfp) AS value, 1 AS n
        FROM ideal_points pa JOIN ideal_points pb USING (year)
        WHERE pa.iso3 = $a AND pb.iso3 = $b AND pa.idealpointfp IS NOT NULL AND pb.idealpointfp IS NOT NULL
        ORDER BY period""", {"a": a, "b": b}).df()


def similarity(con, a: str, b: str, measure_name: str = "agreement", *, data: str = "unvotes",
               by: str = "session", weighted: bool = False, start: int | None = None,
               end: int | None = None) -> pd.DataFrame:
    """One row per period: ``period``, ``value``, ``n`` (positions compared), ``measure``, ``data``.

    ``data`` is unvotes (by session or year) or atop (by year); ``ideal`` always reads the ideal
    points by year. ``weighted`` weights ATOP portfolio positions by the third state's CINC.
    """
    if measure_name not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure_name!r}")
    if measure_name == "ideal":
        frame, data = ideal_series(con, a, b), "idealpoints"
    elif data == "unvotes" and measure_name == "agreement":
        frame = un_agreement(con, a, b, by)
    elif data == "unvotes":
        frame = _apply(vote_pairs(con, a, b, by).assign(x=lambda f: f.vote_a.map(VOTE_SCALE),
                                                         y=lambda f: f.vote_b.map(VOTE_SCALE)),
                       measure_name, dmax=2.0, weights=None)
    elif data == "atop":
        frame = _apply(atop_portfolios(con, a, b), measure_name, dmax=3.0, weights="cinc" if weighted else None)
    else:
        raise ValueError(f"data must be one of {', '.join(DATASETS)}, not {data!r}")
    frame = _between(frame, start, end, by if data == "unvotes" else "year", con)
    frame.insert(1, "measure", measure_name)
    frame.insert(2, "data", data)
    frame.attrs.update(measure=measure_name, data=data, by=by if data == "unvotes" else "year")
    return frame.reset_index(drop=True)


def _apply(pairs: pd.DataFrame, name: str, *, dmax: float, weights: str | None) -> pd.DataFrame:
    """The measure per period over aligned portfolios (a few dozen periods: a groupby suffices)."""
    rows = []
    for period, group in pairs.groupby("period", sort=True):
        w = group[weights].fillna(0).to_numpy() if weights else None
        rows.append({"period": period, "value": measure(name, group.x, group.y, weights=w, dmax=dmax),
                     "n": len(group)})
    return pd.DataFrame(rows, columns=["period", "value", "n"])


def _between(frame: pd.DataFrame, start: int | None, end: int | None, by: str, con) -> pd.DataFrame:
    """Keep periods from ``start`` to ``end`` (years; sessions are kept by their first roll call's year)."""
    if start is None and end is None or frame.empty:
        return frame
    years = frame.period
    if by == "session":
        first = con.execute("SELECT session, min(year(date)) AS y FROM un_roll_calls GROUP BY session").df()
        years = frame.period.map(dict(zip(first.session, first.y)))
    keep = (years >= (start if start is not None else -10**9)) & (years <= (end if end is not None else 10**9))
    return frame[keep.to_numpy()]
