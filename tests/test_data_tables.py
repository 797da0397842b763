"""The shipped knowledge base and ontology: internal consistency, and agreement with the codebooks."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict

import pytest

from allegiance import kb, ontology
from allegiance.nlp.gazetteer import gazetteer
from allegiance.nlp.lexicon import default_lexicon
from conftest import shared_path

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_every_un_member_state_has_a_unique_iso3_code():
    states = kb.states()
    assert sum(s.un_status == "member" for s in states.values()) == 193
    assert {"KOR", "PRK", "USA", "CHN", "JPN", "RUS", "TWN", "PSE", "VAT"} <= set(states)
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in states)


def test_korean_names_and_seats_of_government_resolve_to_the_right_state():
    table = gazetteer()
    expected = {"South Korea": "KOR", "ROK": "KOR", "Republic of Korea": "KOR", "DPRK": "PRK",
                "North Korean": "PRK", "Seoul": "KOR", "Pyongyang": "PRK", "White House": "USA",
                "Kremlin": "RUS", "Zhongnanhai": "CHN", "Pentagon": "USA", "Kasumigaseki": "JPN"}
    for form, code in expected.items():
        assert code in {e.code for e in table[form]}, form


def test_no_surface_form_names_two_states():
    owners = defaultdict(set)
    for state in kb.states().values():
        for form in (state.name, *state.aliases, *state.adjectives, *state.metonyms):
            owners[form].add(state.iso3)
    assert {form: codes for form, codes in owners.items() if len(codes) > 1} == {}


@pytest.mark.parametrize("iso3, office, day, person", [
    ("KOR", "head_of_state", "2025-11-06", "Lee Jae Myung"),
    ("USA", "head_of_state", "2025-11-06", "Donald Trump"),
    ("USA", "head_of_state", "2019-05-01", "Donald Trump"),
    ("KOR", "head_of_state", "2018-04-27", "Moon Jae-in"),
    ("JPN", "head_of_government", "2023-08-18", "Fumio Kishida"),
    ("CHN", "head_of_government", "2015-05-19", "Li Keqiang"),
    ("LBN", "head_of_state", "2008-08-20", "Michel Suleiman"),
    ("ISR", "head_of_government", "2008-08-20", "Ehud Olmert"),
    ("IRN", "head_of_state", "2008-08-20", "Ali Khamenei"),
    ("PAK", "head_of_state", "2008-09-10", "Asif Ali Zardari"),
])
def test_office_holders_by_date(iso3, office, day, person):
    found = kb.holders(iso3, office, dt.date.fromisoformat(day), include_acting=False)
    assert [h.person for h in found] == [person]


def test_full_terms_of_one_office_never_overlap():
    terms = defaultdict(list)
    for holder in kb.office_holders():
        if not holder.acting and not (holder.iso3 == "PRK" and holder.office == "head_of_state"):
            terms[(holder.iso3, holder.office)].append(holder)
    for key, rows in terms.items():
        rows.sort(key=lambda h: h.start)
        for before, after in zip(rows, rows[1:]):
            assert before.end is not None and before.end <= after.start, (key, before.person, after.person)


def test_goldstein_table_is_gdelts():
    with shared_path("codebooks", "gdelt-cameo-goldstein.tsv").open() as handle:
        gdelt = {row["CAMEOEVENTCODE"]: float(row["GOLDSTEINSCALE"]) for row in csv.DictReader(handle, delimiter="\t")}
    ours = ontology.cameo_codes()
    assert set(gdelt) <= set(ours)
    assert {code: (ours[code].goldstein, value) for code, value in gdelt.items()
            if ours[code].goldstein != value} == {}
    assert ours["1213"].goldstein == -4.0  # absent from GDELT's table; the ICEWS value


def test_cameo_codes_match_the_codebook():
    with shared_path("codebooks", "cameo-codes.csv").open() as handle:
        codebook = {row["code"]: row for row in csv.DictReader(handle)}
    ours = ontology.cameo_codes()
    assert set(codebook) == set(ours)
    for code, entry in ours.items():
        root = int(code[:2])
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert entry.quad_class == expected, code


def test_plover_types_and_the_accuse_sign():
    types = ontology.plover_types()
    assert set(types) == PLOVER_TYPES
    assert types["ACCUSE"].intensity == -3
    assert all(t.intensity <= 0 for t in types.values() if t.quad_class >= 3)
    assert all(t.intensity > 0 for t in types.values() if t.quad_class <= 2)


def test_cameo_to_plover_map_follows_the_2021_table():
    table = {}
    for line in shared_path("codebooks", "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table.setdefault(match.group(1), match.group(2))
    ours = ontology.cameo_codes()
    disagreements = {code: (ours[code].plover, plover) for code, plover in table.items()
                     if code in ours and ours[code].plover != {"FIGHT": "ASSAULT"}.get(plover, plover)}
    # "08" is listed twice (CONCEDE, then RETREAT); every other code agrees
    assert set(disagreements) <= {"08"}


def test_every_verb_pattern_has_a_known_code_and_plover_type():
    lexicon = default_lexicon()
    assert lexicon.size >= 300
    for patterns in lexicon._index.values():
        for pattern in patterns:
            assert pattern.cameo in ontology.cameo_codes()
            assert pattern.plover is None or pattern.plover in PLOVER_TYPES
