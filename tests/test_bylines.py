"""Wire-service datelines and bylines are removed at ingest (sentences written for these tests)."""

from __future__ import annotations

import pytest

import allegiance
from allegiance.ingest import prepare
from allegiance.ingest.bylines import agency_forms, is_byline, strip_dateline
from allegiance.ingest.clean import clean_text
from allegiance.records import RawDocument


@pytest.mark.parametrize("line, rest", [
    ("SEOUL (Reuters) - North Korea test-fired two cruise missiles.", "North Korea test-fired two cruise missiles."),
    ("NAIROBI, Kenya (AP) — Police dispersed a march in the capital.", "Police dispersed a march in the capital."),
    ("BEIJING, March 3 (Xinhua) -- China opened its annual parliament session.",
     "China opened its annual parliament session."),
    ("WASHINGTON — The Senate passed the aid bill.", "The Senate passed the aid bill."),
    ("SEOUL, Nov. 7 (Yonhap) -- South Korea's military said it tracked the launch.",
     "South Korea's military said it tracked the launch."),
    ("Tokyo (AFP) - Japan protested to Beijing.", "Japan protested to Beijing."),
    ("RIO DE JANEIRO (Reuters) - Brazil hosted the summit.", "Brazil hosted the summit."),
    ("KYIV, Ukraine, 3 March 2024 (AP) — Drones hit the port.", "Drones hit the port."),
    ("ST. PETERSBURG — Officials gathered for the forum.", "Officials gathered for the forum."),
    ("(Reuters) - The company denied the report.", "The company denied the report."),
    ("By Jane Doe, Reuters SEOUL (Reuters) - Seoul summoned the envoy.", "Seoul summoned the envoy."),
])
def test_a_dateline_is_removed_from_the_start_of_a_paragraph(line, rest):
    assert strip_dateline(line) == rest


@pytest.mark.parametrize("line", [
    "Seoul said on Monday it would send aid to Ukraine.",
    "Seoul (the capital) said nothing.",
    "Reuters reported that talks had stalled.",
    "U.S. — China talks resumed in Geneva.",  # an acronym, not a place in capitals
    "NATO - the alliance - met in Brussels.",  # no running text after the dash
    "KCNA — The agency said the launch succeeded.",  # an agency, not a place
    "NORTH KOREA FIRES MISSILE - OFFICIALS",  # a headline in capitals
    "The WASHINGTON office said - nothing more.",
])
def test_ordinary_sentences_keep_their_first_words(line):
    assert strip_dateline(line) == line


@pytest.mark.parametrize("line", [
    "By Jane Doe, Reuters", "By JANE DOE and JOHN ROE, Associated Press", "By Jane Doe | Reuters",
    "By Jane Doe and Wei Chen", "By The Associated Press", "By Jane Doe, Associated Press Writer",
    "By Jane Doe in Seoul", "By Jean-Marc de la Fontaine, AFP",
])
def test_byline_lines_are_recognised(line):
    assert is_byline(line)


@pytest.mark.parametrize("line", [
    "By contrast, Seoul said little.", "By Monday, Tokyo had agreed to talks.",
    "By 2030 the army will shrink by a third.", "By the end of the year both sides had withdrawn.",
])
def test_sentences_starting_with_by_are_not_bylines(line):
    assert not is_byline(line)


def test_the_agency_list_is_a_data_file():
    forms = agency_forms()
    assert {"Reuters", "AP", "AFP", "Xinhua", "Yonhap", "KCNA"} <= set(forms)
    assert list(forms) == sorted(forms, key=len, reverse=True)


def test_cleaned_text_and_blocks_stay_consistent():
    raw = ("North Korea fires cruise missiles\n"
           "By Jane Doe, Reuters\n"
           "SEOUL (Reuters) - North Korea fired two cruise missiles on Sunday, Seoul's military said.\n"
           "\n"
           "WASHINGTON — The State Department condemned the launch.\n")
    cleaned = clean_text(raw)
    assert cleaned.title == "North Korea fires cruise missiles"
    assert "Reuters" not in cleaned.text and "By Jane" not in cleaned.text and "WASHINGTON" not in cleaned.text
    assert cleaned.text.startswith("North Korea fired")
    for block in cleaned.blocks:  # every block points at exactly one kept paragraph
        assert cleaned.text[block.start:block.end] in cleaned.text.split("\n\n")


def test_prepared_article_has_no_dateline():
    raw = RawDocument(text="MOSCOW, Jan 5 (Reuters) - Russia expelled two Estonian diplomats on Friday, "
                           "the foreign ministry said.", origin="test.txt")
    article = prepare(raw)
    assert article.text.startswith("Russia expelled")


def test_dateline_city_and_agency_do_not_become_actors():
    events = allegiance.code("BEIJING, March 3 (Xinhua) -- Japan protested to South Korea over the islands.",
                             date="2024-03-03")
    assert {(e.source.code, e.target.code if e.target else None) for e in events} == {("JPN", "KOR")}
    agency = allegiance.code("SEOUL (Reuters) - Russia criticised Japan on Monday.", date="2024-03-04")
    assert {e.source.code for e in agency} == {"RUS"}
