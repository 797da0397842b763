"""Government agencies of the G20 states and both Koreas, and dated officials below the head of
state, as actors (sentences written for these tests)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from importlib import resources

import pytest

import allegiance
from allegiance import kb
from allegiance.kb import offices

G20_AND_KOREAS = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
                  "RUS", "SAU", "ZAF", "TUR", "GBR", "USA", "PRK"}
STATE_ORGANS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}


def actors(nlp, text, date):
    doc = nlp.make_doc(text)
    doc._.article_date = dt.date.fromisoformat(date)
    doc = nlp(doc)
    return [(m.span(doc).text, m.code, m.sector) for m in doc._.actors if m.code != "---"]


def codes(text, date):
    return {(e.source.code, e.target.code if e.target else None, e.plover)
            for e in allegiance.code(text, date=date) if e.asserted}


def test_every_g20_state_and_both_koreas_have_government_bodies():
    bodies = Counter(b.iso3 for b in kb.institutions() if b.sector in STATE_ORGANS)
    assert sum(bodies[code] for code in G20_AND_KOREAS) >= 250
    assert all(bodies[code] >= 8 for code in G20_AND_KOREAS), bodies


def test_every_institution_row_has_a_source_and_known_codes():
    with resources.files("allegiance.kb").joinpath("data/institutions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["source"].strip() for row in rows)
    assert {row["iso3"] for row in rows} <= set(kb.states())
    assert {row["sector"] for row in rows} <= set(kb.sectors())


@pytest.mark.parametrize("text, code, sector", [
    ("The Treasury imposed sanctions on two shipping firms.", "USA", "GOV"),
    ("The Treasury Department imposed sanctions on two shipping firms.", "USA", "GOV"),
    ("The Pentagon said the carrier would stay in the region.", "USA", "MIL"),
    ("The Justice Department charged two hackers.", "USA", "GOV"),  # justice ministries are GOV
    ("The Bundeswehr sent engineers to the border.", "DEU", "MIL"),
    ("The FSB detained a journalist.", "RUS", "SPY"),
    ("The PLA Navy held drills in the strait.", "CHN", "MIL"),
    ("The Foreign Office summoned the ambassador.", "GBR", "GOV"),
    ("The Quai d'Orsay condemned the attack.", "FRA", "GOV"),
    ("The Reserve Bank of India raised rates.", "IND", "GOV"),
    ("Roskomnadzor blocked the messaging app.", "RUS", "GOV"),
    ("The Korea Coast Guard seized a fishing boat.", "KOR", "MIL"),
    ("KCNA said the test succeeded.", "PRK", "GOV"),
    ("The Ministry of Foreign Affairs of Japan lodged a protest.", "JPN", "GOV"),
    ("Itamaraty criticised the decision.", "BRA", "GOV"),
    ("The Ministry of External Affairs rejected the report.", "IND", "GOV"),
    ("The Royal Canadian Mounted Police arrested a suspect.", "CAN", "COP"),
    ("SEDENA deployed soldiers to the border.", "MEX", "MIL"),
])
def test_named_bodies_resolve_to_their_state_and_sector(nlp, text, code, sector):
    assert (code, sector) == actors(nlp, text, "2024-06-01")[0][1:]


@pytest.mark.parametrize("text, code, sector", [
    ("South Korea's defence ministry said the drills would go ahead.", "KOR", "MIL"),
    ("The Chinese commerce ministry announced export controls.", "CHN", "GOV"),
    ("Japan's defence ministry tracked the missile.", "JPN", "MIL"),
    ("Britain's Treasury cut its growth forecast.", "GBR", "GOV"),  # a stated state beats the default
    ("The German Foreign Office summoned the ambassador.", "DEU", "GOV"),
    ("Ukraine's National Guard repelled the assault.", "UKR", "MIL"),
    ("North Korea's Ministry of State Security arrested two men.", "PRK", "SPY"),
])
def test_a_bare_ministry_takes_the_state_the_phrase_names(nlp, text, code, sector):
    assert (code, sector) == actors(nlp, text, "2024-06-01")[0][1:]


def test_a_ministry_without_a_state_names_no_country(nlp):
    assert actors(nlp, "The Ministry of Foreign Affairs issued a statement.", "2024-06-01") == []


def test_agencies_take_part_in_events():
    assert ("USA", "IRN", "SANCTION") in codes("The Treasury imposed sanctions on Iran.", "2024-06-01")
    assert ("GBR", "RUS", "ACCUSE") in codes("The Foreign Office condemned Russia.", "2024-06-01")


def test_officials_are_dated_and_have_sources():
    people = {h.person for h in offices.other_office_holders()}
    offices_held = {h.office for h in offices.other_office_holders()}
    assert len(people) >= 300
    assert {"finance_minister", "trade_minister", "military_chief", "intelligence_chief",
            "foreign_ministry_spokesperson", "national_security_adviser"} <= offices_held
    assert {"ISR", "IRN", "UKR"} <= {h.iso3 for h in offices.other_office_holders()}
    with resources.files("allegiance.kb").joinpath("data/other_office_holders.csv").open(encoding="utf-8") as handle:
        assert all(row["source"].strip() for row in csv.DictReader(handle))


@pytest.mark.parametrize("iso3, office, day, person", [
    ("ISR", "foreign_minister", "2023-06-01", "Eli Cohen"),
    ("ISR", "defence_minister", "2021-03-01", "Benny Gantz"),
    ("IRN", "foreign_minister", "2019-05-01", "Mohammad Javad Zarif"),
    ("IRN", "defence_minister", "2015-01-01", "Hossein Dehghan"),
])
def test_israeli_and_iranian_ministers_by_date(iso3, office, day, person):
    assert [h.person for h in kb.holders(iso3, office, dt.date.fromisoformat(day), include_acting=False)] == [person]


def test_a_foreign_minister_is_his_state_in_office_and_not_by_surname_outside_it(nlp):
    in_office = actors(nlp, "Araghchi said the talks would resume.", "2025-02-01")
    assert in_office == [("Araghchi", "IRN", "GOV")]
    assert actors(nlp, "Araghchi said the talks would resume.", "2015-02-01") == []  # not yet minister
    # the full name still names the Iranian, as a former or future official (ELI), never as the government
    assert actors(nlp, "Abbas Araghchi said the talks would resume.", "2015-02-01") == [
        ("Abbas Araghchi", "IRN", "ELI")]


@pytest.mark.parametrize("text, date, expected", [
    ("Katherine Tai criticised the subsidies.", "2023-05-01", ("USA", "GOV")),
    ("Mao Ning criticised the visit.", "2023-05-01", ("CHN", "GOV")),
    ("Valery Gerasimov visited the troops.", "2023-05-01", ("RUS", "MIL")),
    ("Gadi Eisenkot visited the troops.", "2017-05-01", ("ISR", "MIL")),
    ("Ajit Doval met his counterpart.", "2023-05-01", ("IND", "GOV")),
    ("Tulsi Gabbard briefed the committee.", "2025-05-01", ("USA", "SPY")),
    ("Jake Sullivan met his counterpart.", "2023-05-01", ("USA", "GOV")),
])
def test_officials_resolve_while_in_office(nlp, text, date, expected):
    assert actors(nlp, text, date)[0][1:] == expected


@pytest.mark.parametrize("text, date", [
    ("Katherine Tai criticised the subsidies.", "2019-05-01"),  # before she was trade representative
    ("Mark Milley warned about the budget.", "2024-05-01"),  # after his term as chairman
    ("Gadi Eisenkot visited the troops.", "2012-05-01"),
    ("Tai criticised the subsidies.", "2023-05-01"),  # surnames of these officials name nobody
])
def test_officials_do_not_resolve_outside_office_or_by_surname(nlp, text, date):
    assert actors(nlp, text, date) == []


def test_an_official_takes_part_in_events():
    assert ("CHN", "JPN", "ACCUSE") in codes("Foreign ministry spokesperson Mao Ning criticised Japan.", "2023-05-01")
    assert ("IND", "CHN", "CONSULT") in codes("Ajit Doval met Wang Yi in Beijing.", "2023-05-01")


def test_office_sectors_are_data():
    sectors = offices.office_sectors()
    assert sectors["defence_minister"] == "MIL" and sectors["military_chief"] == "MIL"
    assert sectors["intelligence_chief"] == "SPY"
    assert set(sectors.values()) <= set(kb.sectors())
