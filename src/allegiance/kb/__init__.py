"""The knowledge base: states, places, organisations, sectors and office holders, as data files.

Every table is a CSV in ``data/`` with a source or rationale column. This module loads them once,
answers dated questions about office holders, and lists the surface forms the actor matcher looks
for. Users can extend it with PETRARCH/TABARI dictionaries (see ``kb.dictionaries``).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister",
           "party_leader")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath(f"data/{name}").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class State:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str
    metonyms: tuple[str, ...]
    cow_code: int | None
    cow_abbr: str | None
    un_status: str


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    cameo_code: str | None


@dataclass(frozen=True, slots=True)
class Institution:
    """A named national body (agency, armed force, outlet, party, company) and its state."""

    name: str
    aliases: tuple[str, ...]
    iso3: str
    sector: str
    kind: str


@dataclass(frozen=True, slots=True)
class Place:
    """A city or region and the state it lies in: where an act happens, not an actor."""

    name: str
    aliases: tuple[str, ...]
    iso3: str
    kind: str


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    name: str
    plover_sector: str | None
    signals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OfficeHolder:
    person: str
    aliases: tuple[str, ...]
    iso3: str
    office: str
    title: str
    start: dt.date
    end: dt.date | None
    acting: bool

    @property
    def kb_id(self) -> str:
        return f"person:{self.person}"

    def holds_on(self, day: dt.date) -> bool:
        """True if the term covers ``day`` (the end date is the successor's first day)."""
        return self.start <= day and (self.end is None or day < self.end)


@lru_cache(maxsize=1)
def states() -> dict[str, State]:
    """UN member and observer states plus Taiwan and Kosovo, keyed by ISO3 code."""
    return {
        row["iso3"]: State(
            iso3=row["iso3"], name=row["name"], aliases=_split(row["aliases"]),
            adjectives=_split(row["adjectives"]), capital=row["capital"],
            metonyms=_split(row["metonyms"]),
            cow_code=int(row["cow_code"]) if row["cow_code"] else None,
            cow_abbr=row["cow_abbr"] or None, un_status=row["un_status"],
        )
        for row in _rows("states.csv")
    }


@lru_cache(maxsize=1)
def organisations() -> dict[str, Organisation]:
    return {
        row["code"]: Organisation(row["code"], row["name"], _split(row["aliases"]), row["kind"],
                                  row["cameo_code"] or None)
        for row in _rows("organisations.csv")
    }


@lru_cache(maxsize=1)
def institutions() -> tuple[Institution, ...]:
    """National agencies, armed forces, media, parties and companies named without their state."""
    return tuple(Institution(row["name"], _split(row["aliases"]), row["iso3"], row["sector"], row["kind"])
                 for row in _rows("institutions.csv"))


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Cities and regions other than capitals, for "shelled Aleppo" and "police in Lagos"."""
    return tuple(Place(row["name"], _split(row["aliases"]), row["iso3"], row["kind"])
                 for row in _rows("places.csv"))


@lru_cache(maxsize=1)
def sectors() -> dict[str, Sector]:
    return {
        row["code"]: Sector(row["code"], row["name"], row.get("plover_sector") or None,
                            _split(row["signals"]))
        for row in _rows("sectors.csv")
    }


@lru_cache(maxsize=1)
def office_holders() -> tuple[OfficeHolder, ...]:
    return tuple(
        OfficeHolder(
            person=row["person"], aliases=_split(row["aliases"]), iso3=row["iso3"],
            office=row["office"], title=row["title"], start=_date(row["start"]),
            end=_date(row["end"]), acting=row["acting"].strip().lower() == "true",
        )
        for row in _rows("office_holders.csv")
    )


@lru_cache(maxsize=1)
def contextual_aliases() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    """Aliases that name a state only in some articles: ("the North", ("PRK",), {"KOR", "PRK"}).

    An empty condition means the alias always applies ("Korea" is the Republic of Korea).
    """
    return tuple(
        (row["alias"], _split(row["iso3"]), frozenset(_split(row["when_any_of"])))
        for row in _rows("contextual_aliases.csv")
    )


@lru_cache(maxsize=1)
def non_actor_phrases() -> tuple[str, ...]:
    """Phrases that contain an actor's name but name a place, war or newspaper ("East Sea")."""
    return tuple(row["phrase"] for row in _rows("non_actor_phrases.csv"))


def holders(iso3: str, office: str, day: dt.date, include_acting: bool = True) -> list[OfficeHolder]:
    """Who held ``office`` in ``iso3`` on ``day`` (acting holders included unless asked not to)."""
    return [
        holder for holder in office_holders()
        if holder.iso3 == iso3 and holder.office == office and holder.holds_on(day)
        and (include_acting or not holder.acting)
    ]


def sector_of_signal() -> dict[str, str]:
    """Lower-case signal phrase → sector code ("troops" → MIL), the first table row winning."""
    table: dict[str, str] = {}
    for sector in sectors().values():
        for signal in sector.signals:
            table.setdefault(signal.lower(), sector.code)
    return table
