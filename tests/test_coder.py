"""The first event coder on sentences written for these tests (real events, own wording)."""

from __future__ import annotations

import pytest

import allegiance


def triples(text, date, asserted_only=True):
    return {(e.source.code, e.target.code if e.target else None, e.plover)
            for e in allegiance.code(text, date=date) if e.asserted or not asserted_only}


def test_missile_launch_reported_by_the_other_side_is_asserted():
    events = allegiance.code("North Korea fired a ballistic missile toward the East Sea on Friday, "
                             "South Korea's military said.", date="2025-11-07")
    asserted = [e for e in events if e.asserted]
    assert asserted and asserted[0].source.code == "PRK"
    assert asserted[0].plover == "MOBILIZE"
    assert asserted[0].date.isoformat() == "2025-11-07" and asserted[0].date_basis == "sentence"


def test_a_possible_sanction_is_not_an_event_that_happened():
    events = allegiance.code("China could impose sanctions on Seoul.", date="2025-01-01")
    assert not [e for e in events if e.asserted]
    assert [(e.source.code, e.target.code, e.modality) for e in events] == [("CHN", "KOR", "hypothetical")]


@pytest.mark.parametrize("text, modality", [
    ("Japan did not agree to South Korea's proposal.", "negated"),
    ("If Seoul joins the sanctions, Beijing would retaliate against South Korean firms.", "hypothetical"),
])
def test_negated_future_and_conditional_clauses_are_kept_apart(text, modality):
    events = allegiance.code(text, date="2024-05-01")
    assert events, "the clause should still be coded, with its modality"
    assert {e.modality for e in events} == {modality}


def test_an_actor_announcing_its_own_future_act_is_a_promise():
    events = allegiance.code("Russia will send more troops to North Korea next year.", date="2024-05-01")
    kinds = {(e.source.code, e.target.code, e.plover, e.modality) for e in events}
    assert ("RUS", "PRK", "AID", "future") in kinds  # the sending itself has not happened
    assert ("RUS", "PRK", "AGREE", "asserted") in kinds  # the promise has


def test_passive_voice_swaps_source_and_target():
    assert ("CHN", "JPN", "ACCUSE") in triples("Japan was condemned by China on Tuesday.", "2023-08-23")


def test_coordinated_subjects_meeting_give_both_directions():
    found = triples("South Korea and Japan held talks in Tokyo on Monday.", "2023-03-20")
    assert {("KOR", "JPN", "CONSULT"), ("JPN", "KOR", "CONSULT")} <= found


def test_leaders_resolve_by_the_article_date():
    assert ("USA", "PRK", "CONSULT") in triples("Trump met Kim Jong Un in Singapore.", "2018-06-12")
    assert ("KOR", "PRK", "CONSULT") in triples("Moon met Kim Jong Un at Panmunjom.", "2018-04-27")


def test_a_sentence_without_a_known_actor_yields_nothing():
    assert allegiance.code("The committee condemned the decision on Monday.", date="2024-01-01") == []


def test_metonyms_and_sectors_are_resolved():
    events = allegiance.code("The Pentagon sent troops to South Korea, while Pyongyang condemned Washington.",
                             date="2024-03-01")
    codes = {(e.source.code, e.target.code if e.target else None) for e in events}
    assert ("PRK", "USA") in codes
