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


#: Codes a loaded verb dictionary assigns that CAMEO 1.1b3 does not have (PETRARCH's test codes
#: ``901`` or ``174K``, a project's own extensions). They are the user's codes: kept, and given
#: the quad class, Goldstein value and PLOVER type of their nearest CAMEO ancestor, if any.
_DICTIONARY_CODES: dict[str, CameoCode] = {}


def add_dictionary_codes(codes) -> list[str]:
    """Register codes from a user's dictionary that are not CAMEO; returns those added.

    A code such as ``174K`` or ``1010`` takes its properties from the longest CAMEO code it
    starts with (``174``, ``101``); one with no such ancestor (``901``) has no PLOVER type and
    quad class 0. CAMEO codes are never replaced.
    """
    added = []
    known = cameo_codes()
    for code in codes:
        if not code or code in known or code in _DICTIONARY_CODES:
            continue
        parent = next((known[code[:n]] for n in range(len(code) - 1, 1, -1) if code[:n] in known), None)
        _DICTIONARY_CODES[code] = CameoCode(
            code=code, name=f"dictionary code {code}", root=parent.root if parent else code[:2],
            quad_class=parent.quad_class if parent else 0, goldstein=parent.goldstein if parent else 0.0,
            plover=parent.plover if parent else None, plover_mode=parent.plover_mode if parent else None)
        added.append(code)
    return added


def is_dictionary_code(code: str) -> bool:
    """Whether ``code`` came from a user's dictionary rather than CAMEO."""
    return code in _DICTIONARY_CODES  # never a CAMEO code: add_dictionary_codes skips those


def cameo(code: str) -> CameoCode:
    """The CAMEO entry for ``code`` (or a registered dictionary code); a KeyError names the
    code when it is neither CAMEO 1.1b3 nor registered."""
    try:
        return cameo_codes()[code]
    except KeyError:
        if code in _DICTIONARY_CODES:
            return _DICTIONARY_CODES[code]
        raise KeyError(f"{code!r} is not a CAMEO 1.1b3 code") from None


def plover(name: str) -> PloverType:
    try:
        return plover_types()[name]
    except KeyError:
        raise KeyError(f"{name!r} is not one of the 16 PLOVER types") from None
