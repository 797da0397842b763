"""The alliance index: a documented composite of treaty ties, UN voting, event-based cooperation
and any user-supplied indicator, per dyad and year.

Each component is normalised to [0, 1] (1 = closest alignment); the index is the weighted mean of
the components available that year, weights renormalised over them, and every row reports each
component's value, effective weight and contribution (contributions sum to the index). The
interval is a percentile bootstrap over events: the counted events of each year are resampled with
replacement and the index recomputed, the other components held fixed.

Portfolio similarity (S, κ on ATOP portfolios) is deliberately not a component: on ATOP portfolios
the ROK looks more like the DPRK than like its treaty ally, because both hold few pacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._db import codes, has_table, require
from .series import Filters, event_units
from .similarity import un_agreement

DEFAULT_WEIGHTS = {"treaty": 0.4, "votes": 0.3, "events": 0.3}
SCORE_RANGE = {"goldstein": 10.0, "intensity": 10.0}  # both scales run from -10 to +10
# Depth of a direct ATOP obligation, for closeness: a defence pact binds most; a promise not to
# attack (often from a multilateral treaty such as the TAC in Southeast Asia) binds least.
TREATY_SCORES = {"defense": 1.0, "offense": 0.75, "neutral": 0.5, "consul": 0.5, "nonagg": 0.25}


@dataclass
class Component:
    """Normalised values by year, and bootstrap replicates for years resampled over events."""

    name: str
    values: pd.Series
    replicates: dict[int, np.ndarray] = field(default_factory=dict)
    source: str = ""


def _years(con, a: str, b: str, start: int | None, end: int | None) -> range:
    """Start and end default to the years both states are in the COW system (``nmc``), else to
    the years the UN votes cover for both."""
    if start is None or end is None:
        table, col = ("nmc", "iso3") if has_table(con, "nmc") else ("ideal_points", "iso3")
        require(con, table)
        lo, hi = con.execute(f"""SELECT max(first), min(last) FROM (SELECT min(year) AS first, max(year) AS last
                                 FROM {table} WHERE {col} IN ($a, $b) GROUP BY {col})""", {"a": a, "b": b}).fetchone()
        start, end = start if start is not None else lo, end if end is not None else hi
    if start is None or end is None or start > end:
        raise ValueError(f"no years to index for {a}-{b}; give --start and --end")
    return range(int(start), int(end) + 1)


def treaty_component(con, a: str, b: str, years: range) -> Component:
    """Direct ATOP ties, either direction: the deepest obligation's score in ``TREATY_SCORES``
    (none 0). ATOP lists only dyad-years with a pact, so a missing row inside its coverage is 0;
    years past its coverage are missing."""
    require(con, "atop_dyad_years")
    depth = "greatest(" + ", ".join(f"{w} * {col}" for col, w in TREATY_SCORES.items()) + ")"
    frame = con.execute(f"""
        SELECT y.year, CASE WHEN y.year <= (SELECT max(year) FROM atop_dyad_years)
                            THEN coalesce(max({depth}), 0) END AS value
        FROM range($start, $end + 1) y(year)
        LEFT JOIN atop_dyad_years t ON t.year = y.year
             AND ((t.iso3_a = $a AND t.iso3_b = $b) OR (t.iso3_a = $b AND t.iso3_b = $a))
        GROUP BY y.year ORDER BY y.year""", {"a": a, "b": b, "start": years.start, "end": years.stop - 1}).df()
    return Component("treaty", frame.set_index("year").value.astype(float), source="ATOP")


def votes_component(con, a: str, b: str, years: range, method: str = "agreement") -> Component:
    """UN voting: Voeten agreement by calendar year, or 1 − |θa − θb| / (range of θ that year)."""
    if method == "agreement":
        frame = un_agreement(con, a, b, by="year").rename(columns={"period": "year"})
        source = "UN votes (agreement)"
    elif method == "ideal":
        require(con, "ideal_points")
        frame = con.execute("""
            WITH r AS (SELECT year, max(idealpointfp) - min(idealpointfp) AS span FROM ideal_points GROUP BY year)
            SELECT pa.year, 1 - abs(pa.idealpointfp - pb.idealpointfp) / r.span AS value
            FROM ideal_points pa JOIN ideal_points pb USING (year) JOIN r USING (year)
            WHERE pa.iso3 = $a AND pb.iso3 = $b""", {"a": a, "b": b}).df()
        source = "ideal points (1 - distance / range)"
    else:
        raise ValueError("votes must be agreement or ideal")
    values = frame.set_index("year").value.astype(float).reindex(list(years))
    return Component("votes", values, source=source)


def events_component(con, a: str, b: str, years: range, *, source: str = "auto", score: str = "goldstein",
                     counting: str = "cluster", n_boot: int = 1000, seed: int = 0) -> Component:
    """Event-based cooperation with bootstrap replicates over events.

    From ``events``: the mean ``score`` (Goldstein or PLOVER intensity) of the dyad's counted events
    that year, both directions, mapped from [-10, 10] to [0, 1]. From ``icews_dyad_year``: the
    cooperative share of the year's events, both directions. ``auto`` uses ``events`` when it holds
    events of this dyad in these years, else ICEWS.
    """
    rng = np.random.default_rng(seed)
    if source == "auto":
        source = "events" if _has_events(con, a, b, years) else "icews" if has_table(con, "icews_dyad_year") else "none"
    if source == "events":
        return _events_from_table(con, a, b, years, score, counting, n_boot, rng)
    if source == "icews":
        return _events_from_icews(con, a, b, years, n_boot, rng)
    return Component("events", pd.Series(np.nan, index=list(years)), source="none")


def _has_events(con, a: str, b: str, years: range) -> bool:
    if not has_table(con, "events"):
        return False
    return bool(con.execute("""SELECT count(*) FROM events WHERE modality = 'asserted'
        AND ((source_code = $a AND target_code = $b) OR (source_code = $b AND target_code = $a))
        AND year(event_date) BETWEEN $s AND $e""", {"a": a, "b": b, "s": years.start, "e": years.stop - 1}).fetchone()[0])


def _events_from_table(con, a, b, years, score, counting, n_boot, rng) -> Component:
    if score not in SCORE_RANGE:
        raise ValueError("score must be goldstein or intensity")
    units = event_units(con, a, b, directed=False, counting=counting,
                        filters=Filters(start=pd.Timestamp(years.start, 1, 1).date(),
                                        end=pd.Timestamp(years.stop - 1, 12, 31).date()))
    units = units.dropna(subset=[score])
    half = SCORE_RANGE[score]
    values, reps = pd.Series(np.nan, index=list(years)), {}
    for year, group in units.groupby(pd.to_datetime(units.event_date).dt.year):
        x = group[score].to_numpy(float)
        values[int(year)] = (x.mean() + half) / (2 * half)
        draws = x[rng.integers(0, len(x), size=(n_boot, len(x)))].mean(axis=1)
        reps[int(year)] = (draws + half) / (2 * half)
    return Component("events", values, reps, source=f"events ({score}, counting={counting})")


def _events_from_icews(con, a, b, years, n_boot, rng) -> Component:
    require(con, "icews_dyad_year")
    frame = con.execute("""
        SELECT year, sum(verb_coop + matl_coop) AS coop, sum(verb_coop + matl_coop + verb_conf + matl_conf) AS total
        FROM icews_dyad_year WHERE ((source_iso3 = $a AND target_iso3 = $b) OR (source_iso3 = $b AND target_iso3 = $a))
              AND year BETWEEN $s AND $e GROUP BY year HAVING total > 0 ORDER BY year""",
                        {"a": a, "b": b, "s": years.start, "e": years.stop - 1}).df()
    values, reps = pd.Series(np.nan, index=list(years)), {}
    for row in frame.itertuples():
        p = row.coop / row.total
        values[int(row.year)] = p
        reps[int(row.year)] = rng.binomial(int(row.total), p, size=n_boot) / row.total
    return Component("events", values, reps, source="ICEWS dyad-year counts (cooperative share)")


def indicator_component(path: str | Path, name: str, a: str, b: str, years: range, con) -> Component:
    """A user series from CSV: columns ``year`` and ``value``, optionally a dyad in ``a``/``b``
    (or ``source``/``target``; either order matches). Values are min–max normalised over the
    whole file, so dyads stay comparable; put larger values where states are closer."""
    frame = con.execute("SELECT * FROM read_csv($p)", {"p": str(path)}).df()
    if not {"year", "value"} <= set(frame.columns):
        raise ValueError(f"{path}: an indicator CSV needs columns year and value")
    lo, hi = frame.value.min(), frame.value.max()
    frame = frame.assign(value=(frame.value - lo) / (hi - lo) if hi > lo else 1.0)
    for left, right in (("a", "b"), ("source", "target"), ("iso3_a", "iso3_b")):
        if {left, right} <= set(frame.columns):
            pair = frame[left].str.upper() + "-" + frame[right].str.upper()
            frame = frame[pair.isin([f"{a}-{b}", f"{b}-{a}"])]
            break
    values = frame.groupby("year").value.mean().reindex(list(years)).astype(float)
    return Component(name, values, source=str(path))


def parse_weights(text: str | None) -> dict[str, float]:
    """``"treaty=0.5,votes=0.3"`` → weights, starting from the defaults; zero drops a component."""
    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (text or "").split(",")):
        key, _, value = part.partition("=")
        try:
            weights[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"weights look like treaty=0.4,votes=0.3, not {part!r}") from None
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    return weights


def combine(components: list[Component], weights: dict[str, float], level: float = 0.95) -> pd.DataFrame:
    """Index, interval and per-component value, effective weight and contribution by year."""
    values = pd.DataFrame({c.name: c.values for c in components})
    nominal = pd.Series({c.name: weights.get(c.name, 0.0) for c in components})
    present = values.notna() & (nominal > 0)
    eff = present.mul(nominal, axis=1)
    eff = eff.div(eff.sum(axis=1).replace(0, np.nan), axis=0)
    contrib = values.fillna(0) * eff
    out = pd.DataFrame({"year": values.index, "index": contrib.sum(axis=1, min_count=1)})
    out.loc[eff.isna().all(axis=1), "index"] = np.nan
    out["lo"], out["hi"] = _interval(components, contrib, eff, level)
    for c in components:
        out[c.name], out[f"{c.name}_weight"], out[f"{c.name}_contrib"] = values[c.name], eff[c.name], contrib[c.name]
    return out.reset_index(drop=True)


def _interval(components, contrib, eff, level) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap: replace the resampled component's contribution by each replicate."""
    lo, hi = contrib.sum(axis=1).to_numpy(copy=True), contrib.sum(axis=1).to_numpy(copy=True)
    tail = (1 - level) / 2 * 100
    for i, year in enumerate(contrib.index):
        for c in components:
            reps = c.replicates.get(year)
            if reps is None or not eff.loc[year, c.name] > 0:
                continue
            draws = contrib.loc[year].sum() - contrib.loc[year, c.name] + eff.loc[year, c.name] * reps
            lo[i], hi[i] = np.percentile(draws, [tail, 100 - tail])
    return lo, hi


def alliance_index(con, a: str, b: str, *, start: int | None = None, end: int | None = None,
                   weights: dict[str, float] | None = None, votes: str = "agreement",
                   events: str = "auto", score: str = "goldstein", counting: str = "cluster",
                   indicators: dict[str, str | Path] | None = None, n_boot: int = 1000,
                   level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """The alliance index of ``a`` and ``b`` by year, with components, weights and a bootstrap interval.

    ``weights`` maps component names (treaty, votes, events and each indicator's name) to
    weights; the defaults are ``DEFAULT_WEIGHTS`` and 0.1 for each indicator.
    """
    a, b = codes(a, b)
    years = _years(con, a, b, start, end)
    weights = {**DEFAULT_WEIGHTS, **{name: 0.1 for name in indicators or {}}, **(weights or {})}
    parts = [treaty_component(con, a, b, years), votes_component(con, a, b, years, votes),
             events_component(con, a, b, years, source=events, score=score, counting=counting,
                              n_boot=n_boot, seed=seed)]
    parts += [indicator_component(path, name, a, b, years, con) for name, path in (indicators or {}).items()]
    frame = combine(parts, weights, level)
    frame.insert(0, "dyad", f"{a}-{b}")
    frame.attrs.update(weights={c.name: weights.get(c.name, 0.0) for c in parts},
                       sources={c.name: c.source for c in parts}, n_boot=n_boot, level=level)
    return frame
