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


@pytest.mark.parametrize("text, date, expected", [
    # a stated refusal is an event even though the refused act is negated
    ("North Korea said it will not accept food aid from South Korea.", "2019-07-24", ("PRK", "KOR", "REJECT")),
    # the owner of a criticised act is the target
    ("China denounced Japan's decision to release treated water into the sea.", "2023-08-24", ("CHN", "JPN", "ACCUSE")),
    # "X said Y must ..." is X's demand on Y
    ("Washington said Pyongyang must return to denuclearization talks.", "2019-12-01", ("USA", "PRK", "REQUEST")),
    # an intention to cooperate is an agreement, with the target of the intended act
    ("Seoul is ready to send humanitarian aid to Ukraine, the foreign ministry said.", "2022-03-02", ("KOR", "UKR", "AGREE")),
    # hyphenated verbs the tokenizer would split
    ("North Korea test-fired two cruise missiles on Wednesday.", "2024-01-24", ("PRK", None, "MOBILIZE")),
    # coordinated nationalities share the head noun
    ("South Korean and American forces kicked off joint drills on Monday.", "2024-03-04", ("USA", "KOR", "COOPERATE")),
    # bare-sector actors take their country from the event
    ("Prosecutors indicted Yoon Suk Yeol on insurrection charges.", "2025-01-26", ("KOR", "KOR", "ACCUSE")),
    # civilians protesting without a named target protest at home
    ("Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.", "2017-10-01", ("IRQ", "IRQ", "PROTEST")),
    # the teller, not the told, is the "it" of the reported clause
    ("Russia told the United Nations it would veto the resolution on Syria.", "2016-10-08", ("RUS", "SYR", "REJECT")),
    # a sector noun tied to a state by "in" or "from" belongs to that state
    ("Lawmakers in Ukraine condemned Russia on Friday.", "2023-02-24", ("UKR", "RUS", "ACCUSE")),
    # a group of a state's society and that state's government act on each other
    ("Rebels in Colombia demanded that the government release their jailed comrades.", "2016-05-01",
     ("COL", "COL", "REQUEST")),
    # "received X from Y" is Y giving X
    ("Ukraine received air-defence systems from Germany in January.", "2023-02-01", ("DEU", "UKR", "AID")),
    # wanting someone to act is a demand on them
    ("Washington wants Beijing to rein in Pyongyang.", "2017-08-01", ("USA", "CHN", "REQUEST")),
    # a verb whose "in" phrase names the act
    ("Indian troops engaged Chinese soldiers in a clash in the Galwan Valley.", "2020-06-16",
     ("IND", "CHN", "ASSAULT")),
    ("Ukraine received security assurances from the United States.", "2022-12-01", ("USA", "UKR", "AGREE")),
    ("A Turkish court issued arrest warrants for two Saudi officials.", "2018-12-05", ("TUR", "SAU", "COERCE")),
    ("Turkey said it would not give permission to the United States to use its bases.", "2003-03-01",
     ("TUR", "USA", "REJECT")),
    # a country named before "and" shares the head noun with the nationality after it
    ("US and British jets struck targets in Yemen on Friday.", "2024-01-12", ("GBR", "YEM", "ASSAULT")),
    # protesters wrecking property riot; they do not attack
    ("Chinese protesters destroyed a Japanese car dealership in Qingdao.", "2012-09-16", ("CHN", "JPN", "PROTEST")),
    # leaders of the 1990s and 2000s, resolved by the article's date
    ("Bashar al-Assad met Mahmoud Ahmadinejad in Tehran.", "2008-08-04", ("SYR", "IRN", "CONSULT")),
    ("Olmert held talks with Abbas in Jerusalem.", "2008-08-06", ("ISR", "PSE", "CONSULT")),
    # a group of a state's society demanding something of that state's leader
    ("Rwandan rebels said President Kagame must negotiate with them.", "2001-05-01", ("RWA", "RWA", "REQUEST")),
    # militant groups: national ones as their state's actors, transnational ones as IMG
    ("Houthi rebels fired a missile at Saudi Arabia.", "2016-06-01", ("YEM", "SAU", "ASSAULT")),
    ("Iraqi forces attacked Islamic State fighters in Mosul.", "2016-11-01", ("IRQ", "ISIL", "ASSAULT")),
    # cities place an act in their state, and give a sector noun its country
    ("Russian warplanes struck rebel positions in Idlib on Tuesday.", "2016-06-01", ("RUS", "SYR", "ASSAULT")),
    ("Basra police arrested three Iranian men.", "2016-06-01", ("IRQ", "IRN", "COERCE")),
    ("Police in Lagos arrested dozens of protesters.", "2016-06-01", ("NGA", "NGA", "COERCE")),
    # attacks named by less common verbs
    ("Islamic State militants beheaded an American journalist.", "2014-08-19", ("ISIL", "USA", "ASSAULT")),
    ("Syrian troops battled rebels in Aleppo.", "2016-06-01", ("SYR", "SYR", "ASSAULT")),
    # a crowd belongs to the country where it acts, not to the embassy it attacks
    ("Protesters torched the German embassy in Khartoum.", "2012-09-14", ("SDN", "DEU", "PROTEST")),
    # a leader's bare surname after "by" is the leader; a conjoined passive keeps its agent
    ("Two Japanese fishermen were detained last week and were released by Putin on Monday.", "2015-06-09",
     ("RUS", "JPN", "RETREAT")),
    # fire from a place with no agent named comes from that place's state
    ("A mortar bomb was fired at Israel from the Gaza Strip on Tuesday.", "2014-09-16", ("PSE", "ISR", "ASSAULT")),
    # firing at targets in a place attacks that place's state
    ("Israeli tanks fired four shells at targets in Jericho.", "2001-05-01", ("ISR", "PSE", "ASSAULT")),
    # a list hung by the parser on a word inside a name still gives every item
    ("Barack Obama and Vladimir Putin will meet in Geneva to discuss Syria.", "2013-09-01", ("RUS", "USA", "AGREE")),
    # a name the parser takes for a preposition ("Barack") is still the subject
    ("Barack Obama and Vladimir Putin met in Paris on Monday.", "2015-11-30", ("USA", "RUS", "CONSULT")),
    # a passive subject's own preposition names the target
    ("Evidence against Syria was presented by France.", "2018-04-14", ("FRA", "SYR", "ACCUSE")),
    # a stated refusal to cooperate is a rejection
    ("China said it would not provide weapons to Russia.", "2023-03-01", ("CHN", "RUS", "REJECT")),
    # a complaint addressed to a body targets the one complained about
    ("Seoul lodged a complaint with the WTO over Japan's export curbs.", "2019-09-11", ("KOR", "JPN", "ACCUSE")),
    # acts done to a place, and internal control with no place named, are aimed at a country
    ("The Sudanese government imposed a curfew in Khartoum.", "2019-06-10", ("SDN", "SDN", "COERCE")),
    ("The Thai army declared martial law across the country.", "2014-05-20", ("THA", "THA", "COERCE")),
    ("Russia mounted a full-scale invasion of Ukraine on Thursday.", "2022-02-24", ("RUS", "UKR", "ASSAULT")),
    # protesters blocking roads protest; they do not coerce
    ("Iraqi protesters blocked roads in Baghdad on Sunday.", "2019-11-03", ("IRQ", "IRQ", "PROTEST")),
    # drills by the forces of two states are a joint exercise
    ("French and Italian warships launched naval exercises in the Mediterranean.", "2020-08-27",
     ("FRA", "ITA", "COOPERATE")),
    # troops arriving are deployed, not visiting
    ("UN peacekeeping troops arrived in Mali.", "2013-07-01", ("UN", "MLI", "AID")),
    # an act announced or ordered as a noun is that act
    ("Italy announced a suspension of air links with Serbia on Wednesday.", "1991-11-01", ("ITA", "SRB", "SANCTION")),
    ("Russia announced the withdrawal of its troops from Syria.", "2016-03-14", ("RUS", "SYR", "RETREAT")),
    ("Moscow ordered the expulsion of 23 British diplomats.", "2018-03-17", ("RUS", "GBR", "SANCTION")),
    # a "re-" verb is the act done again
    ("Russia redeployed troops to the Ukrainian border.", "2021-11-10", ("RUS", None, "MOBILIZE")),
    # a group noun takes the country its "of" phrase names
    ("Qatar expelled leaders of Egypt's Muslim Brotherhood.", "2014-09-13", ("QAT", "EGY", "COERCE")),
    # a relationship noun points at its parties
    ("Finland welcomed the resumption of talks between Serbia and Kosovo.", "2021-06-16", ("FIN", "SRB", "SUPPORT")),
])
def test_general_argument_rules(text, date, expected):
    assert expected in triples(text, date), triples(text, date, asserted_only=False)


def test_a_joint_act_stated_once_is_mirrored_and_flagged():
    events = allegiance.code("Moon Jae-in met Kim Jong Un at Panmunjom.", date="2018-04-27")
    flags = {(e.source.code, e.target.code): e.mirrored for e in events}
    assert flags == {("KOR", "PRK"): False, ("PRK", "KOR"): True}


def test_market_movements_are_not_protests():
    assert triples("Shares of South Korean carmakers rallied on Monday.", "2024-05-01", asserted_only=False) == set()


def test_a_descriptive_apposition_adds_no_actor():
    found = triples("Pakistan, a key U.S. ally, condemned the attack on Kabul.", "2021-08-27")
    assert ("PAK", "AFG", "ACCUSE") in found
    assert not {t for t in found if t[0] == "USA"}


def test_an_act_about_to_happen_is_a_future_not_a_fact():
    events = allegiance.code("North Korea is about to launch a satellite.", date="2023-05-30")
    assert {(e.source.code, e.plover, e.modality) for e in events} == {("PRK", "MOBILIZE", "future")}


def test_the_petrarch_convention_codes_a_future_act_as_the_act():
    from allegiance.nlp import load

    text = "Russia will send more troops to North Korea next year."
    kinds = {(e.source.code, e.target.code, e.plover, e.modality)
             for e in allegiance.code(text, date="2024-05-01", nlp=load(convention="petrarch"))}
    assert kinds == {("RUS", "PRK", "AID", "asserted")}
    agreed = {(e.source.code, e.target.code, e.cameo[:2]) for e in allegiance.code(
        "The United States agreed to lift sanctions on Cuba.", date="2015-05-29", nlp=load(convention="petrarch"))
        if e.asserted}
    assert agreed == {("USA", "CUB", "08")}  # the lifting, not a separate agreement
    with pytest.raises(ValueError, match="convention"):
        load(convention="tabari")


def test_a_verb_after_but_does_not_share_its_partners_negation():
    found = triples("Japan did not sign the declaration but held talks with South Korea.", "2023-05-01")
    assert ("JPN", "KOR", "CONSULT") in found


def test_a_demanded_act_in_the_subjunctive_did_not_happen():
    found = triples("The ILO reiterated its demand that Israel ease restrictions on Palestinian workers.",
                    "2005-06-01")
    assert ("ILO", "ISR", "REQUEST") in found
    assert not {t for t in found if t[2] == "CONCEDE"}


def test_an_alleged_act_is_an_accusation_not_an_event():
    events = allegiance.code("Washington alleged that Moscow had hacked the election.", date="2017-01-06")
    kinds = {(e.source.code, e.target.code if e.target else None, e.plover, e.modality) for e in events}
    assert ("USA", "RUS", "ACCUSE", "asserted") in kinds
    assert not {k for k in kinds if k[0] == "RUS" and k[3] == "asserted"}
    # a plain report keeps the reported act under allegiance's convention
    assert ("PRK", None, "MOBILIZE") in triples("Seoul said Pyongyang had fired two missiles.", "2023-01-01")


def test_an_ethnic_group_is_coded_as_the_state_it_lives_in():
    found = triples("Ethnic Serbs in northern Kosovo demanded autonomy from the government in Pristina.",
                    "2023-05-30")
    assert not {t for t in found if t[0] == "SRB"}  # an ethnicity is not a nationality
    assert ("XKX", "XKX", "REQUEST") in found


def test_national_armed_groups_are_their_states_actors():
    assert ("PSE", "ISR", "THREATEN") in triples("Hamas threatened to resume rocket fire on Israel.",
                                                 "2014-08-10")
    assert ("AFG", "PAK", "ACCUSE") in triples("The Taliban accused Pakistan of air strikes.", "2022-04-17")


def test_a_promise_made_unless_the_other_side_acts_is_a_threat():
    found = triples("Ghana announced that it will withdraw its peacekeeping force from Mali unless the "
                    "military government holds elections within a year.", "2022-06-01")
    assert ("GHA", "MLI", "THREATEN") in found
    assert not {t for t in found if t[2] == "AGREE"}


def test_a_threatened_curfew_is_a_threat_aimed_at_home():
    assert ("DZA", "DZA", "THREATEN") in triples(
        "The Algerian government threatened to impose a curfew after days of unrest.", "2001-06-01")


def test_several_subjects_of_talks_each_state_the_act():
    events = allegiance.code("Serbia and Kosovo renewed talks today on a border dispute with Kosovo.",
                             date="2023-02-27")
    stated = {(e.source.code, e.target.code) for e in events if e.plover == "CONSULT" and not e.mirrored}
    assert stated == {("SRB", "XKX"), ("XKX", "SRB")}


def test_wanting_someone_to_act_is_an_appeal():
    events = allegiance.code("Washington wants Beijing to rein in Pyongyang.", date="2017-08-01")
    assert {(e.source.code, e.target.code, e.cameo) for e in events if e.asserted} == {("USA", "CHN", "020")}


def test_the_petrarch_convention_keeps_an_announced_future_a_promise():
    from allegiance.nlp import load

    nlp = load(convention="petrarch")
    announced = {(e.source.code, e.target.code, e.cameo[:2]) for e in allegiance.code(
        "Israel announced it would release 104 Palestinian prisoners.", date="2013-07-28", nlp=nlp) if e.asserted}
    assert announced == {("ISR", "PSE", "03")}
    reported = {(e.source.code, e.target.code, e.cameo[:2]) for e in allegiance.code(
        "Israel will release 104 Palestinian prisoners, an official said.", date="2013-07-28", nlp=nlp)
        if e.asserted}
    assert reported == {("ISR", "PSE", "08")}
    prepared = {(e.source.code, e.target.code, e.plover) for e in allegiance.code(
        "The Japanese prime minister prepared to visit Beijing.", date="2018-10-01", nlp=nlp) if e.asserted}
    assert ("JPN", "CHN", "CONSULT") in prepared


def test_the_petrarch_convention_leaves_a_bare_sector_without_a_country():
    from allegiance.nlp import load

    text = "Gunmen attacked a Syrian army checkpoint near Homs."
    assert ("SYR", "SYR", "ASSAULT") in triples(text, "2015-06-01")  # allegiance infers the country
    found = {(e.source.code, e.target.code, e.plover)
             for e in allegiance.code(text, date="2015-06-01", nlp=load(convention="petrarch")) if e.asserted}
    assert found == {("---", "SYR", "ASSAULT")}
    kenya = {(e.source.code, e.target.code) for e in allegiance.code(
        "Police in Kenya arrested two Somali men.", date="2015-06-01", nlp=load(convention="petrarch"))}
    assert kenya == {("KEN", "SOM")}  # a phrase's own country still counts


def test_a_city_is_a_venue_not_a_party():
    found = triples("The Turkish foreign minister flew to Geneva for talks with Lavrov.", "2016-06-01")
    assert ("TUR", "RUS", "CONSULT") in found
    assert not {t for t in found if "CHE" in t}


def test_the_petrarch_convention_codes_a_venue_as_the_target_of_a_meeting():
    from allegiance.nlp import load

    text = "Erdogan and Putin will meet in Geneva next month."
    petrarch = {(e.source.code, e.target.code if e.target else None, e.plover)
                for e in allegiance.code(text, date="2019-05-01", nlp=load(convention="petrarch")) if e.asserted}
    assert petrarch == {("TUR", "CHE", "CONSULT"), ("RUS", "CHE", "CONSULT")}
    drills = {(e.source.code, e.target.code if e.target else None) for e in allegiance.code(
        "China is conducting naval exercises near Okinawa.", date="2019-05-01", nlp=load(convention="petrarch"))
        if e.asserted}
    assert drills == {("CHN", "JPN")}
    # allegiance's own convention never makes a venue a party
    assert not {t for t in triples("Erdogan and Putin met in Geneva.", "2019-05-01") if "CHE" in t}


def test_a_sector_only_apposition_adds_no_actor():
    from allegiance.nlp import load

    text = "The US commander in Iraq, General Raymond Odierno, held talks with Turkish officials."
    found = {(e.source.code, e.target.code if e.target else None)
             for e in allegiance.code(text, date="2009-03-01", nlp=load(convention="petrarch")) if e.asserted}
    assert ("USA", "TUR") in found
    assert not {t for t in found if "---" in t}


def test_an_unknown_victim_adds_nothing_to_an_attack_on_a_named_state():
    from allegiance.nlp import load

    text = "Russian warplanes bombed the Georgian town of Gori on Saturday, killing dozens of civilians."
    found = {(e.source.code, e.target.code if e.target else None, e.plover)
             for e in allegiance.code(text, date="2008-08-11", nlp=load(convention="petrarch")) if e.asserted}
    assert found == {("RUS", "GEO", "ASSAULT")}
