"""Titles and dated offices for checking what an article says someone is.

Two data files sit beside the main office-holder table:

- ``data/titles.csv``: the title lexicon. Each row maps written variants of a title ("Defense
  Secretary", "secretary of defense") to a normalised office, the knowledge-base office it names
  (``none`` for minor posts such as fellows or spokespeople) and the countries where the title
  means that office ("premier" is the head of government in China, North Korea and Taiwan, a
  provincial head elsewhere).
- ``data/other_office_holders.csv`` and ``data/other_office_coverage.csv``: offices below the four
  the actor resolver uses (vice presidents, Japan's chief cabinet secretary, national security
  advisers, ambassadors to some capitals), kept apart so they never change how names resolve to
  actors. Their rows use the same columns as ``office_holders.csv``.

``coverage()`` says for which dates the knowledge base knows every holder of an office: outside
those dates a claim can be neither supported nor contradicted.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import OfficeHolder, office_holders, states

#: Country codes the title lexicon uses besides ISO3: the United Nations as a posting.
UN = "UN"


@dataclass(frozen=True, slots=True)
class Title:
    """One row of the title lexicon."""

    variants: tuple[str, ...]
    office: str  # normalised office ("secretary of defense"); for minor posts the family ("fellow")
    kb_office: str | None  # the knowledge-base office, or None for posts it does not cover
    countries: frozenset[str] | None  # None: any country
    before: bool  # may stand before a name ("President Lee")
    after: bool  # may follow a name as an apposition ("Lee, the president")
    rationale: str

    def applies_to(self, country: str | None) -> bool:
        return self.countries is None or (country is not None and country in self.countries)


@dataclass(frozen=True, slots=True)
class Coverage:
    iso3: str
    office: str
    start: dt.date
    end: dt.date
    note: str

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath(f"data/{name}").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


@lru_cache(maxsize=1)
def titles() -> tuple[Title, ...]:
    out = []
    for row in _rows("titles.csv"):
        countries = None if row["countries"].strip() in ("", "*") else frozenset(_split(row["countries"]))
        position = row["position"].strip()
        out.append(Title(
            variants=tuple(v.lower() for v in _split(row["title"])), office=row["office"].strip(),
            kb_office=None if row["kb_office"].strip() in ("", "none") else row["kb_office"].strip(),
            countries=countries, before=position in ("both", "before"), after=position in ("both", "after"),
            rationale=row["rationale"],
        ))
    return tuple(out)


@lru_cache(maxsize=1)
def title_variants() -> dict[str, tuple[Title, ...]]:
    """Lower-case written variant → the lexicon rows it may stand for, country-specific rows first."""
    table: dict[str, list[Title]] = {}
    for title in titles():
        for variant in title.variants:
            table.setdefault(variant, []).append(title)
    return {variant: tuple(sorted(rows, key=lambda t: t.countries is None)) for variant, rows in table.items()}


def title_for(variant: str, country: str | None, position: str = "before") -> Title | None:
    """The lexicon row a written title means for ``country`` in that position, or None.

    Country-specific rows win ("secretary of state" with USA is the foreign minister); a title
    whose only rows are for other countries is no title there ("leader" outside North Korea).
    """
    rows = title_variants().get(variant.lower(), ())
    for row in rows:
        if (row.before if position == "before" else row.after) and row.applies_to(country):
            return row
    return None


def title_countries(variant: str) -> frozenset[str] | None:
    """The only countries where a title names a knowledge-base office, if it is limited to some."""
    rows = [r for r in title_variants().get(variant.lower(), ()) if r.kb_office]
    if rows and all(r.countries for r in rows) and not any(r.countries is None for r in title_variants()[variant.lower()]):
        return frozenset().union(*(r.countries for r in rows))
    return None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@lru_cache(maxsize=1)
def other_office_holders() -> tuple[OfficeHolder, ...]:
    return tuple(
        OfficeHolder(person=row["person"], aliases=_split(row["aliases"]), iso3=row["iso3"],
                     office=row["office"], title=row["title"], start=_date(row["start"]),
                     end=_date(row["end"]), acting=row["acting"].strip().lower() == "true")
        for row in _rows("other_office_holders.csv")
    )


@lru_cache(maxsize=1)
def office_sectors() -> dict[str, str]:
    """Office → the sector its holder acts for while in office (``data/office_sectors.csv``);
    offices not listed are government (GOV)."""
    return {row["office"].strip(): row["sector"].strip() for row in _rows("office_sectors.csv")}


@lru_cache(maxsize=1)
def all_holders() -> tuple[OfficeHolder, ...]:
    """Every dated term the knowledge base knows: the main offices and the others."""
    return office_holders() + other_office_holders()


@lru_cache(maxsize=1)
def _coverage() -> dict[tuple[str, str], Coverage]:
    table = {}
    for name in ("office_coverage.csv", "other_office_coverage.csv"):
        for row in _rows(name):
            table[(row["iso3"], row["office"])] = Coverage(row["iso3"], row["office"], _date(row["covered_from"]),
                                                           _date(row["covered_to"]), row["note"])
    return table


def coverage(iso3: str, office: str) -> Coverage | None:
    """The dates for which the knowledge base lists every holder of ``office`` in ``iso3``."""
    return _coverage().get((iso3, office))


def terms(iso3: str, office: str) -> list[OfficeHolder]:
    """All recorded terms of one office, oldest first."""
    return sorted((h for h in all_holders() if h.iso3 == iso3 and h.office == office), key=lambda h: h.start)


def holders_between(iso3: str, office: str, start: dt.date, end: dt.date) -> list[OfficeHolder]:
    """Terms of ``office`` that overlap the days ``start``..``end`` (both included)."""
    return [h for h in terms(iso3, office) if h.start <= end and (h.end is None or h.end > start)]


def office_titles(iso3: str, office: str) -> set[str]:
    """How the knowledge base titles an office's holders in one country ({"emperor"} for Japan)."""
    return {h.title for h in all_holders() if h.iso3 == iso3 and h.office == office}


# -- names -----------------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-insensitive key: "Cho Tae-yul", "Cho Tae Yul" and "cho taeyul" are the same."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z]", "", text.lower())


def _words(name: str) -> list[str]:
    return [name_key(w) for w in re.split(r"[\s]+", name) if name_key(w)]


def _all_names(holder: OfficeHolder) -> tuple[str, ...]:
    return (holder.person, *holder.aliases)


@lru_cache(maxsize=1)
def _name_index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Person → keys of their full names and aliases; person → keys of their surnames (the first
    and last word of each multi-word name: "Lee" for Lee Jae Myung, "Trump" for Donald Trump)."""
    full: dict[str, set[str]] = {}
    short: dict[str, set[str]] = {}
    for holder in all_holders():
        for written in _all_names(holder):
            full.setdefault(holder.person, set()).add(name_key(written))
            parts = _words(written)
            if len(parts) == 2:  # "Ishiba Shigeru" for Shigeru Ishiba: East Asian name order
                full[holder.person].add(parts[1] + parts[0])
            if len(parts) > 1:
                short.setdefault(holder.person, set()).update((parts[0], parts[-1]))
    return ({p: frozenset(k) for p, k in full.items()}, {p: frozenset(k) for p, k in short.items()})


def same_person(name: str, holder: OfficeHolder) -> bool:
    """Whether ``name`` as written names ``holder``: the full name or an alias, or, for a bare
    surname ("President Lee"), the first or last word of one of its names."""
    key = name_key(name)
    if not key:
        return False
    full, short = _name_index()
    if key in full.get(holder.person, ()):
        return True
    return len(_words(name)) == 1 and key in short.get(holder.person, ())


@lru_cache(maxsize=4096)
def people_named(name: str) -> tuple[OfficeHolder, ...]:
    """Every term of every person a full name (two words or more) stands for."""
    if len(_words(name)) < 2:
        return ()
    key = name_key(name)
    full, _ = _name_index()
    return tuple(h for h in all_holders() if key in full[h.person])


def state_name(iso3: str) -> str:
    """ "the United States", "South Korea", "the United Nations": for office names."""
    if iso3 == UN:
        return "the United Nations"
    state = states().get(iso3)
    if state is None:
        return iso3
    name = state.name
    return f"the {name}" if name.startswith(("United", "Republic", "Philippines", "Netherlands")) else name
