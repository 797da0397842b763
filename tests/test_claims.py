"""Office claims, quotes and figures on sentences written for these tests (real people, own wording)."""

from __future__ import annotations

import datetime as dt

import pytest

import allegiance
from allegiance.api import claims
from allegiance.kb import offices
from allegiance.nlp.figures import parse_value


def found(text, date):
    return [(c, v) for c, v in claims(text, date)]


def one(text, date, name):
    matches = [(c, v) for c, v in claims(text, date) if name in (c.name_text, c.person)]
    assert matches, f"no claim about {name} in {text!r}"
    return matches[0]


def doc_of(nlp, text, date="2025-11-06"):
    doc = nlp.make_doc(text)
    doc._.article_date = dt.date.fromisoformat(date)
    return nlp(doc)


# -- the written forms of an office claim ------------------------------------------------------------

@pytest.mark.parametrize("text, date, name, office, country, verdict", [
    # title before the name
    ("President Yoon Suk Yeol flew to Washington for the state visit.", "2023-04-24",
     "Yoon Suk Yeol", "president", "KOR", "supported"),
    # possessive with the name in apposition
    ("Japan's prime minister, Fumio Kishida, promised to raise defence spending.", "2022-12-16",
     "Fumio Kishida", "prime minister", "JPN", "supported"),
    # the title after the name; the country comes from the knowledge base
    ("Park Jin, the foreign minister, flew to Tokyo for talks.", "2023-03-10",
     "Park Jin", "foreign minister", "KOR", "supported"),
    # a demonym before the title
    ("Chinese Premier Li Qiang met business leaders in Shanghai.", "2024-03-20",
     "Li Qiang", "premier", "CHN", "supported"),
    # a title that exists in one country only
    ("Defense Secretary Lloyd Austin visited the Pentagon's new cyber unit.", "2022-09-01",
     "Lloyd Austin", "secretary of defense", "USA", "supported"),
    # the country after the title
    ("The president of Russia, Vladimir Putin, received the delegation.", "2023-09-13",
     "Vladimir Putin", "president", "RUS", "supported"),
    # an ambassador with a posting
    ("U.S. Ambassador to South Korea Philip Goldberg toured the shipyard.", "2023-11-02",
     "Philip Goldberg", "ambassador to South Korea", "USA", "supported"),
])
def test_each_written_form_gives_the_office_and_its_country(text, date, name, office, country, verdict):
    claim, result = one(text, date, name)
    assert (claim.office, claim.country, result.verdict) == (office, country, verdict), result.evidence


def test_former_and_acting_are_kept_as_qualifiers():
    claim, result = one("Former President Moon Jae-in returned to his home in Yangsan.", "2023-01-10", "Moon Jae-in")
    assert (claim.qualifier, result.verdict) == ("former", "supported")
    claim, result = one("Acting President Choi Sang-mok vetoed the bill.", "2025-01-31", "Choi Sang-mok")
    assert (claim.qualifier, result.verdict) == ("acting", "supported")
    # still in office, so not a "former" president
    claim, result = one("Former President Donald Trump spoke at the rally.", "2025-03-01", "Donald Trump")
    assert (claim.qualifier, result.verdict) == ("former", "contradicted")


def test_a_wrong_holder_is_contradicted_with_the_real_one_named():
    claim, result = one("Prime Minister Fumio Kishida met the Australian delegation.", "2025-03-01", "Fumio Kishida")
    assert result.verdict == "contradicted"
    assert result.holders == ("Shigeru Ishiba",)
    claim, result = one("Chinese Foreign Minister Zhang Wenbo called for calm.", "2024-06-01", "Zhang Wenbo")
    assert (claim.country, result.verdict, result.holders) == ("CHN", "contradicted", ("Wang Yi",))


def test_minor_posts_and_unknown_countries_are_unverifiable():
    claim, result = one("Kim Ji-hoon, a researcher at the Sejong Institute, called the plan risky.",
                        "2024-05-02", "Kim Ji-hoon")
    assert (claim.office, claim.office_key, result.verdict) == ("researcher", None, "unverifiable")
    assert claim.organisation == "Sejong Institute"
    claim, result = one("Ambassador Choi Young-sam met the delegation.", "2024-05-02", "Choi Young-sam")
    assert (claim.office, result.verdict) == ("ambassador", "unverifiable")
    # a state merely named nearby does not make an unknown leader its leader
    claim, result = one("Seoul welcomed Prime Minister Anwar Ibrahim on Monday.", "2024-11-25", "Anwar Ibrahim")
    assert result.verdict == "unverifiable"


def test_a_state_the_title_hangs_on_gives_its_country():
    claim, result = one("Japan, under Prime Minister Hiroshi Sato, tightened export rules.", "2024-01-10",
                        "Hiroshi Sato")
    assert (claim.country, claim.country_basis, result.verdict) == ("JPN", "attached", "contradicted")


def test_dates_after_the_knowledge_base_are_unverifiable():
    claim, result = one("President Lee Jae Myung visited Busan.", "2026-03-01", "Lee Jae Myung")
    assert result.verdict == "unverifiable" and "coverage" in result.evidence


def test_a_sentence_date_is_checked_instead_of_the_article_date():
    text = "On March 3, Foreign Minister Yoko Kamikawa spoke with her Chinese counterpart."
    claim, result = one(text, "2024-12-01", "Yoko Kamikawa")
    assert (claim.check_from, claim.date_basis, result.verdict) == (dt.date(2024, 3, 3), "sentence", "supported")
    claim, result = one("Foreign Minister Yoko Kamikawa spoke with her Chinese counterpart.", "2024-12-01",
                        "Yoko Kamikawa")
    assert result.verdict == "contradicted"


def test_a_relative_past_is_checked_as_a_window():
    claim, result = one("The reform began under Prime Minister Shinzo Abe nearly a decade ago.", "2024-05-01",
                        "Shinzo Abe")
    assert claim.date_basis == "relative" and claim.check_from.year == 2014
    assert result.verdict == "supported"


def test_a_bare_surname_resolves_by_the_date():
    claim, result = one("Prime Minister Kishida arrived in Seoul.", "2023-05-07", "Kishida")
    assert (claim.person, claim.country, result.verdict) == ("Fumio Kishida", "JPN", "supported")


def test_the_title_lexicon_normalises_variants_per_country():
    assert offices.title_for("secretary of state", "USA").kb_office == "foreign_minister"
    assert offices.title_for("premier", "CHN").kb_office == "head_of_government"
    assert offices.title_for("premier", "CAN").kb_office is None  # a provincial premier
    assert offices.title_for("chancellor", "DEU").kb_office == "head_of_government"
    assert offices.title_for("defence secretary", "GBR").office == "defense minister"
    assert offices.title_for("leader", "USA") is None  # only North Korea's leader is an office
    assert all(t.rationale for t in offices.titles())


def test_the_later_mention_of_a_person_keeps_the_country_said_earlier():
    text = ("Japan, under Prime Minister Hiroshi Sato, tightened export rules.\n\n"
            "Prime Minister Sato's cabinet defended the move.")
    results = [(c.text, c.country, v.verdict) for c, v in claims(text, "2024-01-10")]
    assert results == [("Prime Minister Hiroshi Sato", "JPN", "contradicted"),
                       ("Prime Minister Sato", "JPN", "contradicted")]


def test_incoming_officials_are_not_claims_of_holding_office():
    assert found("President-elect Donald Trump named his cabinet.", "2024-11-20") == []


# -- quotes -----------------------------------------------------------------------------------------

def test_quote_with_the_attribution_after_it(nlp):
    doc = doc_of(nlp, "“The sanctions will stay until Pyongyang changes course,” said Kim Ji-hoon, "
                      "a researcher at the Sejong Institute.")
    [quote] = doc._.quotes
    assert (quote.kind, quote.speaker_name, quote.speaker_title) == ("direct", "Kim Ji-hoon", "researcher")
    assert quote.speaker_organisation == "Sejong Institute"
    assert quote.text == "The sanctions will stay until Pyongyang changes course"


def test_quote_split_around_its_attribution_is_one_quote(nlp):
    doc = doc_of(nlp, "“We are ready to talk,” Foreign Minister Park Jin said, “but the North must stop its "
                      "missile launches first.”", "2023-03-10")
    [quote] = doc._.quotes
    assert quote.speaker_name == "Park Jin" and quote.speaker_country == "KOR"
    assert quote.text == "We are ready to talk but the North must stop its missile launches first."
    assert doc.text[quote.start:quote.end].startswith("We are ready") and doc.text[:quote.end].endswith("first.")


def test_quote_introduced_by_its_speaker(nlp):
    doc = doc_of(nlp, "Chung Eui-yong told reporters: “The door to dialogue remains open to the North.”")
    [quote] = doc._.quotes
    assert (quote.kind, quote.verb, quote.speaker_name) == ("direct", "tell", "Chung Eui-yong")


def test_indirect_quotes(nlp):
    doc = doc_of(nlp, "Defense Minister Shin Won-sik said that the drills would go ahead.", "2024-03-01")
    [quote] = doc._.quotes
    assert (quote.kind, quote.speaker_name, quote.speaker_title) == ("indirect", "Shin Won-sik", "defense minister")
    assert quote.text == "the drills would go ahead"
    doc = doc_of(nlp, "The North fired two cruise missiles on Sunday, according to the Joint Chiefs of Staff.")
    [quote] = doc._.quotes
    assert quote.verb == "according to" and quote.speaker_name is None
    assert quote.text == "The North fired two cruise missiles on Sunday"


def test_a_pronoun_speaker_takes_the_last_named_speaker():
    annotated = allegiance.api._annotate_text(
        "“The alliance is stronger than ever,” said Kim Ji-hoon, a researcher at the Sejong Institute.\n\n"
        "“Nobody in Seoul doubts it,” he said.", "2024-05-02")
    assert [q.speaker_name for q in annotated.quotes] == ["Kim Ji-hoon", "Kim Ji-hoon"]


def test_scare_quotes_and_quoted_names_are_not_quotes(nlp):
    assert doc_of(nlp, "Critics call the plan a “Korea discount” in disguise.")._.quotes == []
    assert doc_of(nlp, "The ministry announced its “Digital New Deal for 2030” programme.")._.quotes == []


# -- figures ----------------------------------------------------------------------------------------

def test_a_change_with_its_measure_direction_and_source(nlp):
    doc = doc_of(nlp, "Figures from the Korea Customs Service show a 9% drop in semiconductor exports to China.")
    [figure] = doc._.figures
    assert (figure.value, figure.unit, figure.direction) == (9.0, "percent", "decrease")
    assert figure.measure == "semiconductor exports to China"
    assert figure.attribution == "the Korea Customs Service"


def test_a_count_with_a_hedge_and_a_part_of_a_whole(nlp):
    doc = doc_of(nlp, "More than 5 million tourists visited Jeju last year.")
    [figure] = doc._.figures
    assert (figure.value, figure.qualifier, figure.unit) == (5e6, "more than", "tourists")
    assert figure.measure == "tourists visited Jeju" and figure.attribution is None
    doc = doc_of(nlp, "Japan imports three of the 12 key minerals from China.")
    [figure] = doc._.figures
    assert (figure.value, figure.total, figure.unit) == (3.0, 12.0, "key minerals")


def test_money_rises_and_quoted_figures(nlp):
    doc = doc_of(nlp, "Exports to Vietnam rose 4.2% to $5.1 billion, the trade ministry said.")
    values = {(f.value, f.unit, f.direction) for f in doc._.figures}
    assert values == {(4.2, "percent", "increase"), (5.1e9, "USD", "increase")}
    assert {f.attribution for f in doc._.figures} == {"the trade ministry"}
    doc = doc_of(nlp, "“We will cut tariffs by 15 percent,” said Trade Minister Yeo Han-koo.")
    [figure] = doc._.figures
    assert (figure.measure, figure.direction, figure.attribution) == ("tariffs", "decrease", "Yeo Han-koo")


def test_years_and_definite_references_are_not_figures(nlp):
    doc = doc_of(nlp, "In 2019 the two leaders met at the border.")
    assert doc._.figures == []


@pytest.mark.parametrize("text, value, hedge", [
    ("over 28 million", 28e6, "over"), ("nearly 40%", 40.0, "nearly"), ("two-thirds", 2 / 3, None),
    ("1,250", 1250.0, None), ("more than half", 0.5, "more than"), ("$3.5 bn", 3.5e9, None),
    ("about 1.2 trillion won", 1.2e12, "about"),
])
def test_numbers_as_written(text, value, hedge):
    parsed, qualifier, _ = parse_value(text)
    assert (parsed, qualifier) == (pytest.approx(value), hedge)


# -- corroboration across stored articles -------------------------------------------------------------

def test_figures_and_speakers_reported_by_two_articles_are_corroborated(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("Seoul tightens chip export rules\n\nExports of memory chips to China fell 11% in May, "
                     "according to the Korea International Trade Association. “The decline will not last,” "
                     "said Kim Ji-hoon, a researcher at the Sejong Institute.\n")
    second = tmp_path / "second.txt"
    second.write_text("Chip exports slide\n\nSouth Korea's memory chip exports to China dropped 11% last month. "
                      "Kim Ji-hoon, a researcher at the Sejong Institute, said the slump was temporary. "
                      "Car exports rose 3%, the ministry said.\n")
    db = tmp_path / "two.duckdb"
    allegiance.run([first, second], db=db, date="2025-06-10")
    reports = {r.origin.rsplit("/", 1)[-1]: r for r in allegiance.api.verify(db)}
    figures = {row["text"]: verdict for row, verdict in reports["second.txt"].figures}
    assert figures["11%"].verdict == "corroborated"
    assert figures["11%"].corroborating == (reports["first.txt"].article_id,)
    assert figures["3%"].verdict == "uncorroborated"
    quotes = [verdict.verdict for row, verdict in reports["first.txt"].quotes if row["speaker_name"] == "Kim Ji-hoon"]
    assert quotes == ["corroborated"]
    assert reports["first.txt"].reliability.unverifiable_experts == ("Kim Ji-hoon",)
