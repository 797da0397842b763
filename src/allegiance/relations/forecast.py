"""Next-period event counts per dyad and quad class, with a prediction interval and the backtest
figure that says whether to trust it.

The model is a negative binomial (NB2) regression pooled over the dyad's four quad-class series:
log μ = α_quad + β·log(1 + last count) (+ γ·t with ``trend=True``), overdispersion estimated by
maximum likelihood (statsmodels); a Poisson GLM stands in when NB2 does not converge. The
predictive distribution is NB2 with the fitted μ and α, parameter uncertainty ignored.

The backtest is rolling-origin: for each origin, fit on everything up to it, forecast the next
period, score against what happened. The baseline is persistence, a Poisson distribution centred
on the last count. Both are scored with the CRPS of the discrete predictive distribution and the
log score (−log p(y)); lower is better for both. The mean absolute error of persistence as a point
forecast (its CRPS as a one-point distribution) is reported beside them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ._db import codes, require
from .series import QUAD_COLUMNS, Filters, dyad_series

ICEWS_QUADS = {"verbal_coop": "verb_coop", "matl_coop": "matl_coop", "verbal_conf": "verb_conf",
               "matl_conf": "matl_conf"}


# -- predictive distributions and scores ---------------------------------------------------------

def predictive(mean: float, alpha: float):
    """A frozen scipy distribution: NB2 with variance μ + αμ², or Poisson when α is ~0."""
    mean = max(float(mean), 1e-9)
    if alpha <= 1e-8:
        return stats.poisson(mean)
    return stats.nbinom(1 / alpha, 1 / (1 + alpha * mean))


def crps(dist, y: int) -> float:
    """CRPS of a count distribution: Σ_k (F(k) − 1{y ≤ k})² over k = 0 … far into the upper tail."""
    top = int(max(y, dist.ppf(1 - 1e-9))) + 1
    k = np.arange(top + 1)
    return float(np.sum((dist.cdf(k) - (k >= y)) ** 2))


def log_score(dist, y: int) -> float:
    """−log p(y), floored so a near-impossible outcome scores large but finite."""
    return float(-max(dist.logpmf(int(y)), -700.0))


def persistence(last: float):
    """The baseline: Poisson centred on the last count (0.5 when it was 0, so it stays proper)."""
    return stats.poisson(max(float(last), 0.5))


# -- the model -----------------------------------------------------------------------------------

def _design(frame: pd.DataFrame, series: list[str], trend: bool) -> np.ndarray:
    """Series fixed effects, log(1 + previous count) and optionally a time index."""
    dummies = (frame.series.to_numpy()[:, None] == np.array(series)[None, :]).astype(float)
    cols = [dummies, np.log1p(frame.lag.to_numpy(float))[:, None]]
    if trend:
        cols.append(frame.t.to_numpy(float)[:, None] / 10)
    return np.hstack(cols)


@dataclass
class Fitted:
    params: np.ndarray
    alpha: float
    series: list[str]
    trend: bool
    family: str

    def mean(self, rows: pd.DataFrame) -> np.ndarray:
        return np.exp(_design(rows, self.series, self.trend) @ self.params)


def fit(train: pd.DataFrame, trend: bool = False) -> Fitted:
    """Fit NB2 by maximum likelihood on rows (series, t, lag, y); Poisson GLM if that fails."""
    import statsmodels.api as sm

    series = sorted(train.series.unique())
    X, y = _design(train, series, trend), train.y.to_numpy(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        poisson = sm.GLM(y, X, family=sm.families.Poisson()).fit()
        try:  # start from the Poisson fit: statsmodels' own start values overflow on large counts
            result = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(
                start_params=np.append(poisson.params, 0.1), disp=0, maxiter=200)
            params, alpha = np.asarray(result.params[:-1]), float(result.params[-1])
            if np.all(np.isfinite(params)) and 0 <= alpha < 1e3 and result.mle_retvals.get("converged", True):
                return Fitted(params, alpha, series, trend, "negative binomial")
        except Exception:  # singular design, perfect separation: fall back below
            pass
    return Fitted(np.asarray(poisson.params), 0.0, series, trend, "Poisson")


def lagged(history: pd.DataFrame) -> pd.DataFrame:
    """History (period, series, y) with t (period index) and lag (previous period's count)."""
    frame = history.sort_values(["series", "period"]).copy()
    order = {p: i for i, p in enumerate(sorted(frame.period.unique()))}
    frame["t"] = frame.period.map(order)
    frame["lag"] = frame.groupby("series").y.shift(1)
    return frame.dropna(subset=["lag"])


def backtest(history: pd.DataFrame, *, min_train: int = 5, trend: bool = False) -> pd.DataFrame:
    """Rolling-origin backtest: one row per forecast (origin, period, series, y, model and
    persistence means and scores)."""
    frame = lagged(history)
    times = sorted(frame.t.unique())
    rows = []
    for origin in times[min_train - 1:-1]:
        model = fit(frame[frame.t <= origin], trend)
        test = frame[frame.t == origin + 1]
        for row, mu in zip(test.itertuples(), model.mean(test)):
            dist, base = predictive(mu, model.alpha), persistence(row.lag)
            rows.append({"origin": origin, "period": row.period, "series": row.series, "y": int(row.y),
                         "model_mean": mu, "model_crps": crps(dist, row.y), "model_log": log_score(dist, row.y),
                         "persistence_mean": row.lag, "persistence_crps": crps(base, row.y),
                         "persistence_log": log_score(base, row.y), "persistence_abs_error": abs(row.y - row.lag)})
    return pd.DataFrame(rows)


def summarise(bt: pd.DataFrame) -> dict:
    """Mean scores of model and persistence, and the CRPS skill score 1 − model / persistence."""
    if bt.empty:
        return {"forecasts": 0}
    out = {"forecasts": len(bt), **{c: float(bt[c].mean()) for c in
                                     ("model_crps", "persistence_crps", "model_log", "persistence_log",
                                               "persistence_abs_error")}}
    out["crps_skill"] = 1 - out["model_crps"] / out["persistence_crps"] if out["persistence_crps"] else float("nan")
    return out


def next_period(history: pd.DataFrame, *, level: float = 0.9, trend: bool = False) -> tuple[pd.DataFrame, Fitted]:
    """Fit on all of the history and forecast the period after its last, per series."""
    frame = lagged(history)
    model = fit(frame, trend)
    last = history.sort_values("period").groupby("series").tail(1)
    rows = last.assign(lag=last.y, t=frame.t.max() + 1)
    mus = model.mean(rows)
    tail = (1 - level) / 2
    out = []
    for row, mu in zip(rows.itertuples(), mus):
        dist = predictive(mu, model.alpha)
        out.append({"series": row.series, "last_period": row.period, "last": int(row.y), "mean": float(mu),
                    "lo": int(dist.ppf(tail)), "hi": int(dist.ppf(1 - tail))})
    return pd.DataFrame(out), model


# -- histories from the database -----------------------------------------------------------------

def icews_history(con, a: str, b: str, directed: bool = True) -> pd.DataFrame:
    """Yearly ICEWS quad-class counts of a → b (or both directions summed), long format."""
    require(con, "icews_dyad_year")
    a, b = codes(a, b)
    where = ("source_iso3 = $a AND target_iso3 = $b" if directed else
             "((source_iso3 = $a AND target_iso3 = $b) OR (source_iso3 = $b AND target_iso3 = $a))")
    sums = ", ".join(f"sum({col})::BIGINT AS {name}" for name, col in ICEWS_QUADS.items())
    wide = con.execute(f"SELECT year AS period, {sums} FROM icews_dyad_year WHERE {where} GROUP BY year ORDER BY year",
                       {"a": a, "b": b}).df()
    return wide.melt(id_vars="period", var_name="series", value_name="y")


def events_history(con, a: str, b: str, *, by: str = "month", directed: bool = True,
                   counting: str = "cluster", filters: Filters | None = None) -> pd.DataFrame:
    """Quad-class counts of the dyad from ``events`` under ``counting``, zero-filled, long format."""
    frame = dyad_series(con, a, b, by=by, directed=directed, counting=counting, filters=filters, fill=True)
    frame = frame[["period_start", *QUAD_COLUMNS.values()]].rename(columns={"period_start": "period"})
    return frame.melt(id_vars="period", var_name="series", value_name="y")


@dataclass
class Forecast:
    """Next-period forecasts, the backtest behind them, and where the counts came from."""

    next: pd.DataFrame
    backtest: pd.DataFrame
    summary: dict
    model: str
    data: str


def forecast(con, a: str, b: str, *, data: str = "icews", by: str = "year", directed: bool = True,
             counting: str = "cluster", level: float = 0.9, min_train: int = 5, trend: bool = False) -> Forecast:
    """Forecast next-period counts per quad class for a dyad, with its rolling-origin backtest."""
    if data == "icews":
        history, label = icews_history(con, a, b, directed), "ICEWS dyad-year counts"
    elif data == "events":
        history = events_history(con, a, b, by=by, directed=directed, counting=counting)
        label = f"events by {by} (counting={counting})"
    else:
        raise ValueError("data must be icews or events")
    if history.period.nunique() < min_train + 2:
        raise ValueError(f"{a}-{b}: {history.period.nunique()} period(s) of counts; a backtest needs at "
                         f"least {min_train + 2}")
    bt = backtest(history, min_train=min_train, trend=trend)
    nxt, model = next_period(history, level=level, trend=trend)
    return Forecast(nxt, bt, summarise(bt), model.family, label)


def panel_backtest(con, dyads: list[tuple[str, str]], *, min_train: int = 5, trend: bool = False) -> pd.DataFrame:
    """The backtest over many directed ICEWS dyads, one row per forecast, for a broader figure."""
    frames = [backtest(icews_history(con, a, b), min_train=min_train, trend=trend).assign(dyad=f"{a}->{b}")
              for a, b in dyads]
    return pd.concat(frames, ignore_index=True)
