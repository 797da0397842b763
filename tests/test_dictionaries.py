"""PETRARCH/TABARI dictionary readers and their conversion into allegiance's tables.

The real dictionaries are read from ../shared (tests skip with a reason when it is absent); a few
small files written here check the handling of broken input without it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from allegiance import ontology
from allegiance.kb import dictionaries as dicts

from conftest import shared_path

D = dt.date


def _dictionary(name: str):
    return shared_path("dictionaries", name)


def _gold(name: str):
    return shared_path("gold", name)


@pytest.fixture(scope="module")
def countries():
    return dicts.read_actors(_dictionary("Phoenix.Countries.actors.txt"))


@pytest.fixture(scope="module")
def cameo_verbs():
    return dicts.read_verbs(_dictionary("CAMEO.2.0.txt"))


@pytest.fixture(scope="module")
def cameo_rows(cameo_verbs):
    return dicts.verb_patterns(cameo_verbs)


@pytest.fixture(scope="module")
def toy():
    return dicts.load_directory(_gold("PETR.Validate.actors.txt").parent)


def _row_from_line(rows, line: int) -> dict:
    matches = [row for row in rows if f"CAMEO.2.0.txt:{line}:" in row["note"]]
    assert len(matches) == 1, f"no single row converted from CAMEO.2.0.txt line {line}"
    return matches[0]


def _core(row: dict) -> dict:
    return {key: row[key] for key in ("verb", "particle", "object", "prep", "cameo")}


# ---- actors ------------------------------------------------------------------------------

def test_countries_name_the_united_states_usa(countries):
    usa = next(actor for actor in countries if actor.name == "UNITED STATES OF AMERICA")
    assert dicts.DatedCode("USA") in usa.codes
    assert "UNITED STATES" in usa.synonyms
    forms = dicts.actor_surface_forms(countries)
    assert forms["UNITED STATES"] == [dicts.DatedCode("USA", None, None)]
    assert forms["SOUTH KOREA"][0].code == "KOR"
    assert forms[dicts.normalize_form("North_Korea")][0].code == "PRK"


def test_date_restricted_person_codes_parse(countries):
    moon = next(actor for actor in countries if actor.name == "MOON JAE IN")
    assert moon.codes == (dicts.DatedCode("KORGOV", D(2007, 5, 1), D(2008, 7, 31)),)
    assert dicts.code_on(moon.codes, D(2008, 1, 1)) == "KORGOV"
    assert dicts.code_on(moon.codes, D(2020, 1, 1)) is None  # the file is stale: no later role
    obama = dicts.actor_surface_forms(countries)["BARACK OBAMA"]
    assert dicts.DatedCode("USAGOV", D(2009, 1, 20), None) in obama  # [USAGOV >090120]
    assert dicts.code_on(obama, D(2012, 6, 1)) == "USAGOV"


def test_name_lines_without_codes_share_the_next_codes(countries):
    # IVO_JOSIPOVIC_, PRESIDENT_JOSIPOVIC_ and JOSIPOVIC_ are followed by one set of codes
    forms = dicts.actor_surface_forms(countries)
    assert forms["IVO JOSIPOVIC"] == forms["JOSIPOVIC"]
    assert dicts.code_on(forms["IVO JOSIPOVIC"], D(2013, 1, 1)) == "HRVGOV"


def test_damaged_characters_do_not_stop_the_reader(countries):
    raw = _dictionary("Phoenix.Countries.actors.txt").read_bytes()
    assert raw.count("\ufffd".encode()) == 3 and raw.count(b"\x1a") == 2
    forms = {form for actor in countries for form in actor.forms}
    assert sum("\ufffd" in form for form in forms) == 3
    assert sum("\x1a" in form for form in forms) == 2
    assert "LIAMINE Z\x1aROUAL" in forms  # kept as written: the bytes are damaged upstream
    assert len(countries) > 18000


def test_unreadable_lines_are_reported_with_their_numbers(countries):
    skipped = {(s.line, s.reason) for s in countries.skipped}
    assert (18010, "unreadable code [GBRGOV >201005011]") in skipped  # a nine-digit date
    assert (18007, "actor without a code") in skipped  # DAVID_CAMERON_, whose only code broke
    assert all(s.source == "Phoenix.Countries.actors.txt" for s in countries.skipped)


def test_international_and_non_state_actors():
    igos = dicts.actor_surface_forms(dicts.read_actors(_dictionary("Phoenix.International.actors.txt")))
    assert igos["UN"] == [dicts.DatedCode("IGOUNO")]
    assert igos["U.N."] == [dicts.DatedCode("IGOUNO")]  # a code-less name joins the next entry
    assert igos["BAN KI-MOON"] == [dicts.DatedCode("IGOUNO", D(2007, 1, 1), None)]
    groups = dicts.read_actors(_dictionary("Phoenix.MilNonState.actors.txt"))
    assert len(groups) > 1000 and not groups.skipped


# ---- the toy PETR.Validate set -------------------------------------------------------------

def test_toy_actors_are_middle_earth_states(toy):
    forms = toy.actor_forms
    assert forms["ARNOR"] == [dicts.DatedCode("ARN")]
    assert forms["GONDOR"] == [dicts.DatedCode("GON")]
    assert forms["MINAS TIRITH"] == [dicts.DatedCode("GON")]  # + synonym
    assert forms["PALESTINIAN"][0].code == "PSE"  # written [pse] in the file
    assert forms["LORIEN"] == [dicts.DatedCode("ELR"), dicts.DatedCode("GAL")]  # [ELR/GAL]
    assert (112, "unreadable code [+++]") in {(s.line, s.reason) for s in toy.skipped}


def test_toy_date_restrictions_follow_petrarch(toy):
    gollum = toy.actor_forms["SMEAGOL"]  # [HOB < 950601] [HOBGOV 19950601 - 19990815] [HOBREB > 990816]
    assert dicts.code_on(gollum, D(1995, 5, 31)) == "HOB"
    assert dicts.code_on(gollum, D(1995, 6, 1)) == "HOBGOV"
    assert dicts.code_on(gollum, D(2001, 1, 1)) == "HOBREB"
    sam = toy.actor_forms["SAM GAMGEE"]  # an earlier restriction overrides a later one
    assert dicts.code_on(sam, D(2010, 1, 10)) == "ORCHOB"
    assert dicts.code_on(sam, D(2011, 1, 10)) == "HOBMIL"
    zimbabwe = toy.actor_forms["ZIMBABWE"]
    assert dicts.code_on(zimbabwe, D(1975, 1, 1)) == "RHO"
    assert dicts.code_on(zimbabwe, D(1990, 1, 1)) == "ZBW"
    prince = toy.actor_forms["PRINCE OF DOL AMROTH"]  # [--- <950630] [DOL]
    assert prince[0] == dicts.DatedCode("---", None, D(1995, 6, 29))
    assert dicts.code_on(prince, D(1990, 1, 1)) is None  # not an actor before mid-1995
    assert dicts.code_on(prince, D(2000, 1, 1)) == "DOL"
    assert "BOROMIR" not in toy.actor_forms  # [---]: the name codes nothing
    assert toy.dropped["actors"]["actor with only null codes"] == 1


def test_toy_agents_combine_as_prefix_or_suffix(toy):
    agents = toy.agent_forms
    assert agents["DIPLOMAT"] == "~GOV" and agents["DIPLOMATS"] == "~GOV"
    assert agents["MSF"] == "NGO~"
    assert dicts.combine_agent("ARN", agents["DIPLOMAT"]) == "ARNGOV"
    assert dicts.combine_agent("ARN", agents["MSF"]) == "NGOARN"
    # "An MSF Arnor diplomat" is coded NGOARNGOV in PETR.UnitTest.records.xml
    assert dicts.combine_agent(dicts.combine_agent("ARN", "~GOV"), "NGO~") == "NGOARNGOV"
    assert agents["CONGRESSES"] == "~LEG"  # regular plural
    assert agents["GOLDEN GEESE"] == "~GGS"  # explicit plural
    assert "MEDIAS" not in agents  # {} means no plural
    assert agents["MINISTER OF SILLY WALKS"] == "~GOV"  # !MINST! substitution set
    assert agents["CONGRESSWOMEN"] == "~LEG"
    msf = next(agent for agent in toy.agents if agent.phrases == ("MSF",))
    assert (msf.code, msf.attach, msf.combine("GON")) == ("NGO", "prefix", "NGOGON")


def test_toy_discards_keep_story_level():
    entries = dicts.read_discard_entries(_gold("PETR.Validate.discards.txt"))
    assert [e.phrase for e in entries][:2] == ["MONTHS LATER", "YEARS LATER"]
    assert {e.phrase for e in entries if e.story} >= {"MANCHESTER UNITED", "TYPHOON", "ESPN2"}
    assert dicts.read_discards(_gold("PETR.Validate.discards.txt"))[2] == "WORLD GOLF CHAMPIONSHIPS"


def test_toy_verbs_drop_test_codes(toy):
    assert len(toy.verbs.patterns) > 400
    assert toy.dropped["verbs"]["code not in the CAMEO ontology"] > 50  # WEIS codes, [def], [075A]
    assert all(row["cameo"] in ontology.cameo_codes() for row in toy.verb_rows)


# ---- Phoenix agents and discards ------------------------------------------------------------

def test_phoenix_agents():
    agents = dicts.read_agents(_dictionary("Phoenix.agents.txt"))
    forms = dicts.agent_surface_forms(agents)
    assert forms["FARMER"] == forms["FARMERS"] == "~AGR"
    assert forms["CATTLEMEN"] == "~AGR"  # CATTLE!PERSON!
    assert forms["FOREIGN MINISTRY"] == "~GOV"  # FOREIGN_!MINIST!
    assert forms["PEACEKEEPING TROOPS"] == "IGO~"
    assert "POLICES" not in forms and forms["POLICE"] == "~COP"
    assert {s.line for s in agents.skipped} == {544, 1927}  # [~ENV} and a line with no code
    assert forms.kept["agents"] == len(agents) > 2000


def test_phoenix_discards():
    discards = dicts.read_discards(_dictionary("Phoenix.discards.txt"))
    assert "1914" in discards and len(discards) > 500 and not discards.skipped


# ---- verbs ----------------------------------------------------------------------------------

def test_cameo_verbs_parse(cameo_verbs):
    assert len(cameo_verbs.patterns) >= 4000
    assert len(cameo_verbs.blocks) == 397
    assert cameo_verbs.synsets["&CEASEFIRE"] == ("TRUCE", "ARMISTICE", "CEASE-FIRE", "CEASEFIRE",
                                                  "CEASE FIRE")
    hurry = next(v for b in cameo_verbs.blocks for v in b.verbs if v.word == "HURRY")
    assert hurry.forms == ("HURRIES", "HURRYING", "HURRIED")
    call_off = next(v for b in cameo_verbs.blocks if b.name == "CANCEL" for v in b.verbs
                    if v.word == "CALL OFF")
    assert (call_off.lemma, call_off.code) == ("call", "160")
    pattern = next(p for p in cameo_verbs.patterns if p.line == 884)
    assert (pattern.tokens, pattern.code, pattern.comment) == (("*", "OFF", "TALK"), "164", "PUT")
    assert len(cameo_verbs.transformations) == 8
    assert {s.line for s in cameo_verbs.skipped} == {2374, 7606}  # unbalanced brackets


def test_known_patterns_convert_to_lexicon_rows(cameo_rows):
    # ARRANGE block, line 884: "- * OFF TALK [164] # PUT"
    assert _core(_row_from_line(cameo_rows, 884)) == {
        "verb": "put", "particle": "off", "object": "talk", "prep": "", "cameo": "164"}
    # ACCELERATE block, line 718: "- * (TO) [042:043] # RUSH": the first code of a pair
    assert _core(_row_from_line(cameo_rows, 718)) == {
        "verb": "rush", "particle": "", "object": "", "prep": "to", "cameo": "042"}
    # OFFER block, line 4988: "- * {&MILITARY &TREATY} WITH + [0312]": synsets expanded
    offer = _row_from_line(cameo_rows, 4988)
    assert (offer["verb"], offer["prep"], offer["cameo"]) == ("offer", "with", "0312")
    assert {"military treaty", "military pact", "army agreement"} <= set(offer["object"].split("|"))
    # IMPOSE block, line 8084: "- * SANCTIONS [163]"
    assert _core(_row_from_line(cameo_rows, 8084))["object"] == "sanction|sanctions"
    # a verb's code (its own, or its block's) becomes a row without object: "--- IMPOSE [170]"
    assert _core(_row_from_line(cameo_rows, 8073)) == {
        "verb": "impose", "particle": "", "object": "", "prep": "", "cameo": "170"}
    # "+CALL_OFF [160]" repeats "- * OFF [160]" of the CALL block: counted as a duplicate
    assert not [row for row in cameo_rows if "CAMEO.2.0.txt:1116:" in row["note"]]


def test_pattern_comment_names_the_verb(cameo_rows):
    # "- * {CANDLELIGHT VIGIL} [017] # STAGE" sits in the ARRANGE block
    assert _row_from_line(cameo_rows, 828)["verb"] == "stage"
    # "- * VISIT [042:043] # CONCLUDE" sits in the CANCEL block, which has no CONCLUDE
    assert _row_from_line(cameo_rows, 1138)["verb"] == "conclude"


def test_every_row_has_an_ontology_code_and_the_lexicon_schema(cameo_rows):
    codes = ontology.cameo_codes()
    assert all(row["cameo"] in codes for row in cameo_rows)
    assert all(tuple(row) == dicts.LEXICON_COLUMNS for row in cameo_rows)
    assert not any(row["verb"] in dicts.SPEECH_VERBS for row in cameo_rows)
    keys = [(row["verb"], row["particle"], row["object"], row["prep"]) for row in cameo_rows]
    assert len(keys) == len(set(keys))


def test_dropped_patterns_are_counted(cameo_verbs, cameo_rows):
    dropped = cameo_rows.dropped
    for reason in ("prepositional phrase with fixed words", "words before the verb",
                   "reverse-only code [:xxx]", "null code [---]", "duplicate of an earlier row"):
        assert dropped[reason] > 0, reason
    pattern_drops = sum(count for reason, count in dropped.items()
                        if not reason.startswith("verb default") and "transformation" not in reason)
    assert cameo_rows.kept["patterns"] + pattern_drops == len(cameo_verbs.patterns)
    assert cameo_rows.kept["patterns"] > 2500
    assert dropped["transformation (~ line)"] == 8


def test_converted_rows_load_and_match_in_the_lexicon(cameo_rows, tmp_path, nlp):
    from allegiance.nlp.lexicon import Lexicon

    path = tmp_path / "petrarch.csv"
    dicts.write_verb_patterns(cameo_rows, path)
    lexicon = Lexicon.from_file(path)
    assert lexicon.size == len(cameo_rows)
    doc = nlp("Japan imposed sanctions on Russia.")
    verb = next(token for token in doc if token.lemma_ == "impose")
    obj = next(token for token in verb.children if token.dep_ == "dobj")
    assert lexicon.match(verb, obj).cameo == "163"


# ---- a whole folder ---------------------------------------------------------------------------

def test_load_directory_reads_every_kind():
    folder = _dictionary("CAMEO.2.0.txt").parent
    loaded = dicts.load_directory(folder)
    assert {kind: len(paths) for kind, paths in loaded.files.items()} == {
        "actors": 3, "agents": 1, "verbs": 1, "discards": 1}
    assert [path.name for path in loaded.ignored] == ["Phoenix.IssueCoding.txt"]
    assert loaded.actor_forms["UNITED STATES"][0].code == "USA"
    assert loaded.actor_forms["UN"][0].code == "IGOUNO"
    assert loaded.agent_forms["SOLDIER"] == "~MIL"
    assert len(loaded.verb_rows) > 3000 and len(loaded.discards) > 500
    assert loaded.dropped["verbs"]["prepositional phrase with fixed words"] > 0
    assert ("CAMEO.2.0.txt", 7606) in {(s.source, s.line) for s in loaded.skipped}
    summary = "\n".join(loaded.summary())
    assert "lexicon rows" in summary and "dropped verbs" in summary


def test_load_directory_needs_a_folder(tmp_path):
    with pytest.raises(NotADirectoryError):
        dicts.load_directory(tmp_path / "absent")


# ---- broken input, without ../shared --------------------------------------------------------

def test_broken_actor_file_is_read_not_raised(tmp_path):
    path = tmp_path / "mine.actors.txt"
    path.write_bytes(
        b"# my own actors\n"
        b"\t[XXX]\n"  # a code before any actor
        b"ARNOR_ [ARN]\n"
        b"+NORTH_KINGDOM\n"
        b"GONDOR \xff\xfe [GON 20010101-20011399]\n"  # bad bytes, bad date
        b"ROHAN\n"
        b"\t[ROH <120101]\n"
    )
    actors = dicts.read_actors(path)
    forms = dicts.actor_surface_forms(actors)
    assert forms["NORTH KINGDOM"] == [dicts.DatedCode("ARN")]
    assert forms["ROHAN"] == [dicts.DatedCode("ROH", None, D(2011, 12, 31))]
    assert [(s.line, s.reason) for s in actors.skipped] == [
        (2, "code line before any actor"),
        (5, "unreadable code [GON 20010101-20011399]"),
        (5, "actor without a code"),
    ]
    assert forms.dropped == {}  # nothing lost in conversion


def test_broken_verb_file_is_read_not_raised(tmp_path):
    path = tmp_path / "mine.verbs.txt"
    path.write_text(
        "&TALKS\n+TALKS\n+NEGOTIATIONS\n\n"
        "- * TALKS [046]\n"  # before any block
        "--- HOLD   [---]  ---\n"
        "HOLD {HOLDS HELD HOLDING}\n"
        "- * &TALKS (WITH) [043]\n"
        "- * (ON HOLD [043]\n"  # unbalanced
        "- % * [030]\n"
        "--- ENGAGE [036]\n"  # no closing dashes: still a block
        "ENGAGE\n",
        encoding="utf-8",
    )
    verbs = dicts.read_verbs(path)
    assert [(s.line, s.reason) for s in verbs.skipped] == [
        (5, "outside any verb block"), (9, "unbalanced brackets")]
    rows = dicts.verb_patterns(verbs)
    assert [_core(row) for row in rows] == [
        {"verb": "hold", "particle": "", "object": "talk|talks|negotiation|negotiations",
         "prep": "with", "cameo": "043"},
        {"verb": "engage", "particle": "", "object": "", "prep": "", "cameo": "036"},
    ]
    assert rows.dropped["compound actor (%)"] == 1
    assert rows.dropped["verb default: null code [---]"] == 1


# ---- coding with the toy dictionaries -------------------------------------------------------

@pytest.fixture(scope="module")
def toy_nlp():
    from allegiance.nlp import load

    return load(dictionaries=str(_gold("PETR.Validate.actors.txt").parent), convention="petrarch")


def _toy_codes(toy_nlp, text: str) -> set:
    import allegiance

    return {(e.source.code, e.target.code if e.target else None, e.cameo)
            for e in allegiance.code(text, date="1995-01-01", nlp=toy_nlp) if e.asserted}


def test_toy_discards_void_their_sentence_or_story(toy_nlp):
    plain = "Arnor is about to restore full diplomatic ties with Gondor."
    assert ("ARN", "GON", "064") in _toy_codes(toy_nlp, plain)
    # TYPHOON is a story-level discard, BASEBALL a sentence-level one
    assert _toy_codes(toy_nlp, plain + " A typhoon hit the coast.") == set()
    assert _toy_codes(toy_nlp, "Arnor restored full diplomatic ties with Gondor after a baseball game.") == set()


def test_toy_pattern_objects_may_be_any_word_of_the_object(toy_nlp):
    # "- * ARTILLERY [194]" matches "artillery shells"; the verb's own code would be 071
    assert ("USA", "KOR", "194") in _toy_codes(toy_nlp, "The United States fired two artillery shells at Seoul.")
