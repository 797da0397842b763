"""The event ontology: CAMEO 1.1b3 codes, the 16 PLOVER types and the map between them.

The tables are data files in ``data/`` (see ``docs/ontology.md`` for their columns and the pinned
Goldstein table); this module loads them once and answers lookups.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    plover_mode: str | None


@dataclass(frozen=True, slots=True)
class PloverType:
    type: str
    quad_class: int
    intensity: float
    modes: tuple[str, ...]
    description: str


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath(f"data/{name}").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO code, keyed by its code string ("043", "1213")."""
    mapping = {row["cameo"]: row for row in _rows("cameo_plover.csv")}
    codes = {}
    for row in _rows("cameo.csv"):
        plover_row = mapping.get(row["code"], {})
        codes[row["code"]] = CameoCode(
            code=row["code"], name=row["name"], root=row["root"], quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"]), plover=plover_row.get("plover") or None,
            plover_mode=plover_row.get("mode") or None,
        )
    return codes


@lru_cache(maxsize=1)
def plover_types() -> dict[str, PloverType]:
    """The 16 PLOVER event types, keyed by name."""
    types = {}
    for row in _rows("plover.csv"):
        modes = tuple(part.split("=")[0] for part in row["modes"].split("|") if part)
        types[row["type"]] = PloverType(row["type"], int(row["quad_class"]), float(row["intensity"]),
                                        modes, row["description"])
    return types


def cameo(code: str) -> CameoCode:
    """The CAMEO entry for ``code``; a KeyError names the code when it is not CAMEO 1.1b3."""
    try:
        return cameo_codes()[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a CAMEO 1.1b3 code") from None


def plover(name: str) -> PloverType:
    try:
        return plover_types()[name]
    except KeyError:
        raise KeyError(f"{name!r} is not one of the 16 PLOVER types") from None
