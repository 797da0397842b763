"""Dyad measures for the dashboard, computed by ``allegiance.relations``.

The alliance index needs tables that only importers fill (ATOP, UN votes). Rather than fail when
they are absent, each component is tried on its own and a missing one is reported with the
importer that would fill it, so the page can say plainly what the index rests on.
"""

from __future__ import annotations

import json

import pandas as pd

from ..relations import dyad_series
from ..relations._db import MissingData
from ..relations.index import DEFAULT_WEIGHTS, combine, events_component, treaty_component, votes_component
from ..relations.series import Filters
from .queries import EventFilter


def _records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as JSON-ready dicts (dates as YYYY-MM-DD, NaN as None)."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return json.loads(frame.to_json(orient="records"))


def series(con, a: str, b: str, f: EventFilter, by: str = "month") -> list[dict]:
    """Both directions counted together (``cluster`` counting), one row per period with events."""
    filters = Filters(modality=(f.modality,) if f.modality else ("asserted",),
                      origin=(f.origin,) if f.origin else None, start=f.since, end=f.until)
    frame = dyad_series(con, a, b, by=by, directed=False, filters=filters)
    keep = ["period", "period_start", "events", "mentions", "verbal_coop", "matl_coop", "verbal_conf",
            "matl_conf", "net_coop", "goldstein_mean", "intensity_mean"]
    return _records(frame[keep])


def index(con, a: str, b: str) -> dict:
    """The alliance index over the years the dyad has dated events, from the components present.

    Returns ``rows`` (year, index, interval, each component's value) and ``components``: for each,
    whether it had data and, if not, why.
    """
    years = con.execute("""SELECT min(year(event_date)), max(year(event_date)) FROM events
                           WHERE modality = 'asserted' AND event_date IS NOT NULL
                             AND ((source_code = $a AND target_code = $b) OR (source_code = $b AND target_code = $a))""",
                        {"a": a, "b": b}).fetchone()
    if years[0] is None:
        return {"rows": [], "components": [{"name": "events", "available": False,
                                            "note": "no dated asserted events between these two"}]}
    span = range(int(years[0]), int(years[1]) + 1)
    parts, notes = [], []
    for name, build in (("treaty", lambda: treaty_component(con, a, b, span)),
                        ("votes", lambda: votes_component(con, a, b, span)),
                        ("events", lambda: events_component(con, a, b, span, n_boot=200))):
        try:
            part = build()
        except MissingData as missing:
            notes.append({"name": name, "available": False, "note": f"not imported: {missing}"})
            continue
        parts.append(part)
        present = bool(part.values.notna().any())
        note = part.source if present else f"{part.source or 'no source'}: no data in these years"
        notes.append({"name": name, "available": present, "note": note})
    frame = combine(parts, DEFAULT_WEIGHTS)
    keep = ["year", "index", "lo", "hi", *[p.name for p in parts]]
    return {"rows": _records(frame[keep]), "components": notes}
