"""The country-code crosswalk: ISO 3166 alpha-3 from COW, Gleditsch-Ward, ISO-2, CAMEO and names.

Every data set the importers read names states in its own code system: ATOP, NMC and the Voeten
ideal points use COW numbers, Archigos uses Gleditsch-Ward, the UN votes ISO-2, GDELT CAMEO's
three-letter codes, ICEWS English names. The rest of allegiance speaks ISO3, so this module turns
all of them into ISO3 from one hand-written table, ``data/country_codes.csv`` (documented in
``docs/importers.md``): one row per state of ``states.csv`` plus three former states with ISO
3166-3 codes (CSK, DDR, YMD). Lookups answer ``None`` for a code that names no state (a region, a
former state without ISO code such as Zanzibar or South Vietnam), never a guess.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import states


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _ints(*values: str) -> tuple[int, ...]:
    return tuple(int(part) for value in values for part in _split(value))


@dataclass(frozen=True, slots=True)
class CountryCodes:
    iso3: str
    iso2: str
    name: str
    cow_code: int | None
    cow_other: tuple[int, ...]      # predecessor COW codes of the same state (DEU: 260, YEM: 678)
    gw_code: int | None
    gw_other: tuple[int, ...]       # other GW codes of the same state (DEU: 255, SRB: 345)
    cameo: tuple[str, ...]          # CAMEO/GDELT country codes (ROU: ROU, ROM)
    icews_names: tuple[str, ...]    # as ICEWS writes them ("Russian Federation", "Russia")
    un_names: tuple[str, ...]       # UN-votes names that come without an ISO-2 code
    historical: bool


@lru_cache(maxsize=1)
def country_codes() -> dict[str, CountryCodes]:
    """Every row of the crosswalk, keyed by ISO3."""
    with resources.files(__package__).joinpath("data/country_codes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["iso3"]: CountryCodes(
            iso3=row["iso3"], iso2=row["iso2"], name=row["name"],
            cow_code=int(row["cow_code"]) if row["cow_code"] else None, cow_other=_ints(row["cow_other"]),
            gw_code=int(row["gw_code"]) if row["gw_code"] else None, gw_other=_ints(row["gw_other"]),
            cameo=_split(row["cameo"]), icews_names=_split(row["icews_names"]),
            un_names=_split(row["un_names"]), historical=row["historical"].strip().lower() == "true",
        )
        for row in rows
    }


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key: "South_Korea" and "south korea" agree, and so do
    "Côte d’Ivoire" and "Cote d'Ivoire"."""
    text = name.replace("_", " ").replace("\u2019", "'")
    if not text.isascii():
        text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=1)
def _index() -> dict[str, dict]:
    table: dict[str, dict] = {"cow": {}, "gw": {}, "iso2": {}, "cameo": {}, "name": {}}
    rows = list(country_codes().values())
    for row in rows:
        for code in (row.cow_code, *row.cow_other):
            if code is not None:
                table["cow"][code] = row.iso3
        for code in (row.gw_code, *row.gw_other):
            if code is not None:
                table["gw"][code] = row.iso3
        table["iso2"][row.iso2] = row.iso3
        for code in row.cameo:
            table["cameo"][code] = row.iso3
    # Names: ICEWS spellings win, then UN names, the crosswalk's names, the knowledge base's aliases.
    pairs = [(name, row.iso3) for row in rows for name in row.icews_names]
    pairs += [(name, row.iso3) for row in rows for name in row.un_names]
    pairs += [(row.name, row.iso3) for row in rows]
    pairs += [(name, state.iso3) for state in states().values() for name in (state.name, *state.aliases)]
    for name, iso3 in pairs:
        table["name"].setdefault(name_key(name), iso3)
    return table


def iso3_from_cow(code: int | str | None) -> str | None:
    """ISO3 of a COW state number (732 → KOR; 260, the German Federal Republic → DEU)."""
    try:
        return _index()["cow"].get(int(code))
    except (TypeError, ValueError):
        return None


def iso3_from_gw(code: int | str | None) -> str | None:
    """ISO3 of a Gleditsch-Ward number (260 → DEU, 340 → SRB, 970 → KIR)."""
    try:
        return _index()["gw"].get(int(code))
    except (TypeError, ValueError):
        return None


def iso3_from_iso2(code: str | None) -> str | None:
    """ISO3 of an ISO 3166 alpha-2 code, former ones included (KR → KOR, DD → DDR)."""
    return _index()["iso2"].get((code or "").strip().upper())


def iso3_from_cameo(code: str | None) -> str | None:
    """ISO3 of a CAMEO/GDELT three-letter country code (ROM → ROU); None for regions (AFR, WST)."""
    code = (code or "").strip().upper()
    return _index()["cameo"].get(code) or (code if code in country_codes() else None)


def iso3_from_icews(name: str | None) -> str | None:
    """ISO3 of a country named as ICEWS writes it ("Russian Federation", "South_Korea").

    ICEWS spellings are tried first, then the crosswalk's and knowledge base's names and aliases,
    so a spelling variant still resolves; a region or organisation gives None.
    """
    return _index()["name"].get(name_key(name or ""))


def iso3_from_name(name: str | None) -> str | None:
    """ISO3 of a state's English name, ICEWS or UN spelling, or knowledge-base alias."""
    return _index()["name"].get(name_key(name or ""))


def cow_from_iso3(code: str | None) -> int | None:
    row = country_codes().get((code or "").strip().upper())
    return row.cow_code if row else None


def gw_from_iso3(code: str | None) -> int | None:
    row = country_codes().get((code or "").strip().upper())
    return row.gw_code if row else None


def lookup_rows() -> list[tuple[str, str, str]]:
    """(kind, key, iso3) for every lookup key, for joining in SQL: kinds cow, gw, iso2, cameo,
    name (keys as ``name_key`` makes them) and iso3 itself."""
    rows = [("iso3", code, code) for code in country_codes()]
    for kind, table in _index().items():
        rows += [(kind, str(key), iso3) for key, iso3 in table.items()]
    return rows
