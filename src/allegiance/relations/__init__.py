"""Relations between states: dyad series, similarity measures, the alliance index, trends and forecasts.

Every function takes an open DuckDB connection (``Database(...).con`` or ``duckdb.connect``) and
pushes its aggregation into SQL; the measures themselves are pure functions on arrays so they can
be checked against published values. Forecasts live in ``relations.forecast`` (``forecast.forecast``).
See ``docs/relations.md``.
"""

from .index import DEFAULT_WEIGHTS, alliance_index
from .series import COUNTINGS, PERIODS, dyad_series, event_clusters, event_units
from .similarity import (MEASURES, agreement, cohen_kappa, ideal_distance, kendall_tau_b, s_score,
                         scott_pi, similarity, un_agreement)
from .trends import change_points, mann_kendall
from .forecast import backtest

__all__ = [
    "COUNTINGS", "DEFAULT_WEIGHTS", "MEASURES", "PERIODS", "agreement", "alliance_index", "backtest",
    "change_points", "cohen_kappa", "dyad_series", "event_clusters", "event_units",
    "ideal_distance", "kendall_tau_b", "mann_kendall", "s_score", "scott_pi", "similarity",
    "un_agreement",
]
