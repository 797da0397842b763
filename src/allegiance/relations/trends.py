"""Trends and breaks in a dyad series: the Mann–Kendall test and change points (ruptures).

Mann–Kendall asks whether later values tend to exceed earlier ones, without assuming a linear or
normal series, which suits event counts; Sen's slope gives the size of the trend. Change points
come from PELT (ruptures) on the standardised series, reported as the first period of each new
segment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class MannKendall:
    """The test's statistic S, its variance (ties corrected), z, two-sided p, Kendall's tau and
    Sen's slope per period; ``trend`` reads the result at ``alpha``."""

    s: float
    var_s: float
    z: float
    p: float
    tau: float
    slope: float
    n: int
    trend: str

    def sentence(self, label: str = "series") -> str:
        return (f"Mann–Kendall on {label}: {self.trend} (S = {self.s:.0f}, z = {self.z:.2f}, p = {self.p:.3f}, "
                f"tau = {self.tau:.2f}, Sen's slope {self.slope:+.3g} per period, n = {self.n})")


def mann_kendall(values, alpha: float = 0.05) -> MannKendall:
    """The Mann–Kendall trend test with the tie correction of the variance; missing values dropped."""
    y = np.asarray(values, float)
    y = y[~np.isnan(y)]
    n = len(y)
    if n < 3:
        return MannKendall(0, 0, 0, 1.0, float("nan"), float("nan"), n, "too short")
    i, j = np.triu_indices(n, k=1)
    s = float(np.sign(y[j] - y[i]).sum())
    _, ties = np.unique(y, return_counts=True)
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(ties * (ties - 1) * (2 * ties + 5))) / 18
    z = 0.0 if var_s == 0 else (s - np.sign(s)) / np.sqrt(var_s)
    p = float(2 * stats.norm.sf(abs(z)))
    slope = float(np.median((y[j] - y[i]) / (j - i)))
    trend = "no trend" if p >= alpha else "increasing" if z > 0 else "decreasing"
    return MannKendall(s, float(var_s), float(z), p, s / (n * (n - 1) / 2), slope, n, trend)


def change_points(values, periods=None, *, penalty: float | None = None, model: str = "l2",
                  min_size: int = 2) -> list:
    """Periods where a new segment starts, by PELT on the standardised series.

    The default penalty, 3·log(n), is a BIC-like choice that keeps noise from splitting a short
    yearly series; raise it for fewer breaks.
    """
    import ruptures

    y = np.asarray(values, float)
    periods = list(range(len(y))) if periods is None else list(periods)
    keep = ~np.isnan(y)
    y, periods = y[keep], [p for p, k in zip(periods, keep) if k]
    if len(y) < 2 * min_size or np.std(y) == 0:
        return []
    z = (y - y.mean()) / y.std()
    penalty = 3 * np.log(len(y)) if penalty is None else penalty
    ends = ruptures.Pelt(model=model, min_size=min_size, jump=1).fit(z.reshape(-1, 1)).predict(pen=penalty)
    return [periods[k] for k in ends[:-1]]


def describe(values, periods, label: str) -> list[str]:
    """Two lines for a report: the trend test and the change points with their periods."""
    breaks = change_points(values, periods)
    where = ", ".join(str(p) for p in breaks) if breaks else "none"
    return [mann_kendall(values).sentence(label), f"Change points in {label} (PELT, new segment starts): {where}"]
