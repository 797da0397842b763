"""The country-code crosswalk (kb/data/country_codes.csv): complete, one-to-one, and right where it matters."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from allegiance import kb
from allegiance.kb import codes
from conftest import shared_path


def test_every_state_of_the_knowledge_base_has_a_row_with_its_cow_code():
    rows = codes.country_codes()
    for state in kb.states().values():
        assert state.iso3 in rows, state.iso3
        assert rows[state.iso3].cow_code == state.cow_code, state.iso3


@pytest.mark.parametrize("field", ["iso2", "cow", "gw", "cameo", "icews_names", "un_names"])
def test_no_code_or_name_points_to_two_states(field):
    seen = Counter()
    for row in codes.country_codes().values():
        values = {"iso2": [row.iso2], "cow": [row.cow_code, *row.cow_other], "gw": [row.gw_code, *row.gw_other],
                  "cameo": row.cameo, "icews_names": [codes.name_key(n) for n in row.icews_names],
                  "un_names": [codes.name_key(n) for n in row.un_names]}[field]
        seen.update(value for value in set(values) if value is not None)
    assert [value for value, count in seen.items() if count > 1] == []


def test_codes_are_well_formed():
    for row in codes.country_codes().values():
        assert re.fullmatch(r"[A-Z]{3}", row.iso3) and re.fullmatch(r"[A-Z]{2}", row.iso2), row
        assert all(re.fullmatch(r"[A-Z]{3}", code) for code in row.cameo), row
        assert row.iso3 in row.cameo, row


@pytest.mark.parametrize("iso3, cow", [("KOR", 732), ("PRK", 731), ("USA", 2), ("RUS", 365), ("CHN", 710),
                                       ("JPN", 740), ("DEU", 255), ("SRB", 345), ("YEM", 679)])
def test_cow_codes_both_ways(iso3, cow):
    assert codes.iso3_from_cow(cow) == iso3
    assert codes.cow_from_iso3(iso3) == cow


def test_gleditsch_ward_differences_are_mapped():
    # Germany: COW 255 (and 260 for the Federal Republic, 1955-1990); GW 260 for the Federal
    # Republic and unified Germany, 255 for Germany before 1945.
    assert codes.gw_from_iso3("DEU") == 260
    assert codes.iso3_from_cow(260) == codes.iso3_from_gw(260) == codes.iso3_from_gw(255) == "DEU"
    # Serbia: COW 345 throughout; GW 345 Yugoslavia to 2006, 340 Serbia.
    assert codes.iso3_from_gw(340) == codes.iso3_from_gw(345) == "SRB"
    # Yemen: COW 679 from 1990 (678 before); GW 678 throughout.
    assert codes.gw_from_iso3("YEM") == 678 and codes.iso3_from_cow(678) == "YEM"
    # Microstates: GW 970 is Kiribati, COW 970 is Nauru.
    assert codes.iso3_from_gw(970) == "KIR" and codes.iso3_from_cow(970) == "NRU"
    assert codes.iso3_from_gw(971) == "NRU" and codes.iso3_from_gw(972) == "TON" and codes.iso3_from_gw(973) == "TUV"
    assert codes.iso3_from_gw(732) == "KOR" and codes.iso3_from_gw(731) == "PRK"


@pytest.mark.parametrize("name, iso3", [
    ("South Korea", "KOR"), ("North Korea", "PRK"), ("United States", "USA"), ("Russian Federation", "RUS"),
    ("Occupied Palestinian Territory", "PSE"), ("Palestinian_Territory,_Occupied", "PSE"), ("South_Korea", "KOR"),
    ("Cote d'Ivoire", "CIV"), ("Democratic Republic of Congo", "COD"), ("Congo", "COG"), ("Macedonia", "MKD"),
    ("Czech Republic", "CZE"), ("Swaziland", "SWZ"), ("Holy See Vatican City State", "VAT"), ("Kosovo", "XKX"),
])
def test_icews_names(name, iso3):
    assert codes.iso3_from_icews(name) == iso3


def test_regions_and_organisations_are_not_states():
    for name in ("Africa", "Middle East", "Hong Kong", "United Nations", "Donald Trump"):
        assert codes.iso3_from_icews(name) is None, name
    for code in ("AFR", "WST", "EUR", "IGO", ""):
        assert codes.iso3_from_cameo(code) is None, code


def test_iso2_and_cameo_codes():
    assert [codes.iso3_from_iso2(c) for c in ("KR", "KP", "US", "CN", "NA")] == ["KOR", "PRK", "USA", "CHN", "NAM"]
    assert [codes.iso3_from_iso2(c) for c in ("DD", "CS", "YD")] == ["DDR", "CSK", "YMD"]  # former states
    assert [codes.iso3_from_cameo(c) for c in ("ROM", "TMP", "KSV", "KOS", "ZAR", "USA")] == \
        ["ROU", "TLS", "XKX", "XKX", "COD", "USA"]


def test_unvotes_countries_all_resolve_except_zanzibar():
    path = shared_path("data", "unvotes", "un_votes.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        countries = {(row["country"], row["country_code"]) for row in csv.DictReader(handle)}
    unresolved = {name for name, code in countries
                  if not (codes.iso3_from_iso2(code) if code else None) and not codes.iso3_from_name(name)}
    assert unresolved == {"Zanzibar"}  # 1963-64, no ISO code: its votes are import rejects
    assert codes.iso3_from_name("Federal Republic of Germany") == "DEU"
    assert codes.iso3_from_name("Yemen Arab Republic") == "YEM"
    assert codes.iso3_from_name("Yugoslavia") == "SRB"


def test_crosswalk_agrees_with_voeten_iso3_codes():
    path = shared_path("data", "voeten_idealpoints_2025_07.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        pairs = {(int(row["ccode"]), row["iso3c"]) for row in csv.DictReader(handle) if row["iso3c"]}
    disagree = {(cow, iso3) for cow, iso3 in pairs if codes.iso3_from_cow(cow) != iso3}
    # Voeten tags Yugoslavia YUG (we: SRB, COW's continuing state) and both Yemens YAR (we: YEM, YMD).
    assert disagree == {(345, "YUG"), (678, "YAR"), (680, "YAR")}


def test_countries_and_national_actors_of_icews14_and_18_resolve():
    from allegiance.store.importers.icews_tkg import entity

    assert entity("Government_(South_Korea)") == ("KOR", "KOR", "Government")
    assert entity("Donald Trump") == ("Donald Trump", None, None)
    for folder in ("icews14", "icews18"):
        with open(shared_path("data", folder, "entity2id.txt"), encoding="utf-8") as handle:
            names = [line.rsplit("\t", 1)[0] for line in handle]
        countries = {entity(name)[1] for name in names} - {None}
        assert {"KOR", "PRK", "USA", "CHN", "JPN", "RUS", "PSE", "TWN"} <= countries
        assert len(countries) >= 140, folder
