"""PETRARCH verb patterns matched in their own language (``kb.patterns``), and how the coder
applies a loaded dictionary. The dictionaries here are small snippets written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from allegiance import ontology
from allegiance.kb.dictionaries import DatedCode, codes_on, read_verbs
from allegiance.kb.patterns import PatternBook, Sentence, compile_pattern, match_pattern, split_code

VERBS = """\
&NEGAUX
+DID N'T
+WILL NOT
+REALLY DID NOT

&MONEY
+DOLLARS
+SWISS FRANCS
&GOLD
+SWISS GOLD FRANCS

--- QUARREL  [223] ---
QUARREL
- &NEGAUX * OVER PLANS  [904]
- UNEXPECTEDLY &NEGAUX * OVER PLANS  [906]
- * OVER PLANS  [121]
- RECENTLY_*  [025]

--- GIVE  [070] ---
GIVE {GAVE GIVEN}
- * &MONEY  [903]
- * &GOLD  [904]
- * HALF_HEARTED  [+++]

--- VISIT  [042:043] ---
VISIT
- + WAS * BY $  [043:042]

--- PART  [---] ---
+PART_WAYS
- * WITH +  [161]

--- QUARREL  [---] ---
QUARREL
- * OVER BORDERS  [1234]

--- DELAY  [120] ---
DELAY
- % HAVE *  [191]
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("verbs") / "Test.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return PatternBook(read_verbs(path))


def _code(book, text, verb_position, actors=()):
    words = text.upper().split()
    spans = {i: span for span in actors for i in range(*span)}
    return book.code(Sentence(words, spans), verb_position, [words[verb_position]])


def test_codes_split_forward_and_reverse():
    assert split_code("042:043") == ("042", "043")
    assert split_code(":173") == (None, "173")
    assert split_code("---") == (None, None)
    assert split_code("+++") == (None, None)
    assert split_code("174k") == ("174K", None)


def test_words_before_the_verb_may_have_gaps_unless_joined(book):
    assert _code(book, "Arnor did n't quarrel over the plans", 3).code == "904"
    # "unexpectedly ... won't": a word between the two parts of the pattern is skipped
    assert _code(book, "Arnor unexpectedly now really did not quarrel over plans", 6).code == "906"
    assert _code(book, "Arnor recently quarrelled", 2).code == "025"
    # RECENTLY_* needs the two words side by side
    assert _code(book, "Arnor recently did quarrel", 3).code == "223"


def test_longest_match_wins_and_ties_go_to_the_first(book):
    assert _code(book, "Arnor quarrelled over the plans", 1).code == "121"
    assert _code(book, "Arnor will give two million swiss francs", 2).code == "903"
    # a set member is matched word by word, side by side: the longer member wins
    assert _code(book, "Arnor will give two million swiss gold francs", 2).code == "904"
    assert _code(book, "Arnor will give some grain", 2).code == "070"


def test_a_pattern_whose_code_is_not_a_code_is_left_out(book):
    assert _code(book, "Arnor gave half hearted support", 1).code == "070"
    assert any("+++" in reason for _, reason in book.unreadable)


def test_markers_name_source_and_target(book):
    hit = _code(book, "Gondor was visited by Arnor", 2, actors=[(0, 1), (4, 5)])
    assert (hit.code, hit.reverse) == ("043", "042")
    assert hit.target == (0, 1) and hit.source == (4, 5)
    hit = _code(book, "Arnor parted ways with the Gondor government", 1, actors=[(0, 1), (4, 7)])
    assert hit.code == "161" and hit.target == (4, 7) and hit.prep == "with"


def test_compound_marker_needs_coordinated_actors(book):
    words = "GONDOR AND OSGILIATH HAVE DELAYED".split()
    together = Sentence(words, {0: (0, 1), 2: (2, 3)}, {i: (0, 3) for i in range(3)})
    assert book.code(together, 4, ["DELAYED"]).code == "191"
    words = "GONDOR HAVE DELAYED".split()
    assert book.code(Sentence(words, {0: (0, 1)}), 2, ["DELAYED"]).code == "120"


def test_verb_listed_in_two_blocks_uses_both(book):
    assert _code(book, "Arnor quarrelled over borders", 1).code == "1234"
    assert _code(book, "Arnor quarrelled", 1).code == "223"  # the first block with a code
    assert _code(book, "Arnor walked", 1) is None


def test_multiword_verb_and_null_default(book):
    hit = _code(book, "Arnor parted ways", 1)
    assert hit.code is None and hit.reverse is None and hit.verb == (1, 3)


def test_compile_groups_and_glue():
    pattern = compile_pattern("SAID_* {BITTER WORDS} (WITH +)", {}, "122")
    assert pattern.glue_before == (True,)
    words = "ARNOR SAID EXCHANGED BITTER WORDS WITH GONDOR".split()
    assert match_pattern(pattern, Sentence(words, {6: (6, 7)}), 2, 3) is not None
    words = "ARNOR SAID EXCHANGED BITTER HARSH WORDS WITH GONDOR".split()
    assert match_pattern(pattern, Sentence(words, {7: (7, 8)}), 2, 3) is None


def test_hyphenated_pattern_words_match_split_tokens():
    pattern = compile_pattern("* SIT-IN", {}, "145")
    words = "VILLAGERS STAGED A SIT - IN".split()
    assert match_pattern(pattern, Sentence(words), 1, 2) is not None
    assert match_pattern(pattern, Sentence("VILLAGERS STAGED A SIT-IN".split()), 1, 2) is not None


def test_dictionary_codes_outside_cameo_are_kept():
    ontology.add_dictionary_codes(["174K", "9901"])
    assert ontology.cameo("174K").plover == ontology.cameo("174").plover
    assert ontology.cameo("9901").plover is None and ontology.is_dictionary_code("9901")
    assert not ontology.is_dictionary_code("174")
    with pytest.raises(KeyError):
        ontology.cameo("9902")


def test_an_entry_with_several_codes_names_each():
    codes = [DatedCode("ELR"), DatedCode("GAL")]
    assert codes_on(codes, None) == ["ELR", "GAL"]
    dated = [DatedCode("HOBGOV", dt.date(1995, 6, 1), None), DatedCode("HOB")]
    assert codes_on(dated, dt.date(2000, 1, 1)) == ["HOBGOV"]
    assert codes_on(dated, dt.date(1990, 1, 1)) == ["HOB"]


# --------------------------------------------------------------------------------------------
# The coder with a loaded folder
# --------------------------------------------------------------------------------------------

ACTORS = """\
ARNOR [ARN]
GONDOR [GON]
THE_SHIRE [FRO/SAM]
"""
AGENTS = """\
FOREIGN_MINISTER [~GOVFRM]
"""
CODER_VERBS = """\
&TIES
+DIPLOMATIC
+ECONOMIC

--- ABANDON  [345] ---
ABANDON
- * &TIES TIES [901]

--- CLASH  [223] ---
CLASH
- WILL NOT * [904]

--- ARRIVE  [032:033] ---
ARRIVE

--- SAID  [023] ---
SAID
"""


@pytest.fixture(scope="module")
def coder(tmp_path_factory):
    from allegiance.nlp import build

    folder = tmp_path_factory.mktemp("dictionaries")
    (folder / "Test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "Test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (folder / "Test.verbs.txt").write_text(CODER_VERBS, encoding="utf-8")
    return build(dictionaries=str(folder), convention="petrarch")


def _events(nlp, text):
    from allegiance.api import code

    return {(e.source.code + (e.source.sector or ""), e.target.code + (e.target.sector or "") if e.target else None,
             e.cameo) for e in code(text, nlp=nlp) if e.asserted}


def test_loaded_pattern_codes_outside_cameo(coder):
    assert _events(coder, "Arnor abandoned economic ties with Gondor.") == {("ARN", "GON", "901")}
    assert _events(coder, "Arnor abandoned Gondor.") == {("ARN", "GON", "345")}


def test_pattern_naming_the_negation_codes_the_negated_act(coder):
    assert _events(coder, "Arnor will not clash with Gondor.") == {("ARN", "GON", "904")}


def test_paired_code_gives_the_reverse_event(coder):
    assert _events(coder, "The foreign minister of Arnor arrived in Gondor.") == {
        ("ARNGOVFRM", "GON", "032"), ("GON", "ARNGOVFRM", "033")}


def test_entry_with_several_codes_gives_each_actor(coder):
    assert _events(coder, "The Shire abandoned diplomatic ties with Gondor.") == {
        ("FRO", "GON", "901"), ("SAM", "GON", "901")}


def test_bare_speech_verb_is_not_an_event(coder):
    assert _events(coder, "Arnor said Gondor was wrong.") == set()


def test_without_dictionaries_nothing_changes():
    from allegiance.nlp import load

    nlp = load(convention="petrarch")
    assert nlp.get_pipe("allegiance_events").book is None
