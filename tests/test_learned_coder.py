"""The learned side of the coder: candidates, the three models, confidence and training.

The sentences here are written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import numpy as np
import pytest

import allegiance
from allegiance.nlp.candidates import candidates, event_noun_verbs
from allegiance.nlp.learned import NONE, shipped_models
from allegiance.nlp.linear import LinearModel
from allegiance.ontology import plover_types


def _triples(text, date="2021-06-01", asserted_only=True):
    return {(e.source.code, e.target.code if e.target else None, e.plover, e.modality)
            for e in allegiance.code(text, date=date) if e.asserted or not asserted_only}


def test_the_package_ships_all_three_models_with_every_type():
    models = shipped_models()
    assert models is not None
    assert set(models.types.classes) == set(plover_types()) | {NONE}
    assert set(models.roles.classes) == {"source", "target", "none"}
    assert set(models.modality.classes) == {"asserted", "negated", "hypothetical", "future"}
    assert set(models.cameo_by_type) == set(plover_types())


def test_a_noun_whose_verb_only_says_it_happened_is_a_candidate(nlp):
    doc = nlp("The export ban on Ruritanian timber came into force on Monday.")
    found = {c.token.text: c for c in candidates(next(doc.sents))}
    assert "ban" in found and found["ban"].kind == "noun"
    assert "come" in event_noun_verbs()


def test_a_verb_candidate_reads_its_object_and_preposition(nlp):
    doc = nlp("Canberra hit back with levies on Chinese wine.")
    verb = next(c for c in candidates(next(doc.sents)) if c.token.text == "hit")
    assert verb.phrase == "hit back"
    assert verb.extended.startswith("hit back") and "levy" in verb.extended


def test_the_by_phrase_of_a_passive_is_the_source():
    assert ("RUS", "UKR", "ASSAULT", "asserted") in _triples(
        "Two Ukrainian drones were shot down by Russian air defences over the Belgorod region overnight, "
        "the governor said.", "2023-05-02")


def test_summoning_an_envoy_is_a_diplomatic_accusation():
    assert ("ARG", "GBR", "ACCUSE", "asserted") in _triples(
        "Argentina's foreign ministry summoned the British ambassador over the military exercise near the "
        "islands.", "2016-10-20")


@pytest.mark.parametrize("text, modality", [
    ("Ghana could recall its ambassador from Togo if the border dispute is not settled, a minister said.",
     "hypothetical"),
    ("Kenya did not expel the Somali envoy, the foreign ministry said on Tuesday.", "negated"),
])
def test_unrealised_acts_keep_their_modality(text, modality):
    coded = _triples(text, asserted_only=False)
    assert coded and all(m == modality for *_, m in coded)
    assert _triples(text) == set()


def test_every_coded_event_carries_a_confidence_between_zero_and_one():
    events = allegiance.code("Seoul and Tokyo held talks on Monday, and Seoul protested Tokyo's textbook "
                             "revisions on Tuesday.", date="2019-07-01")
    assert events and all(e.confidence is not None and 0.0 <= e.confidence <= 1.0 for e in events)


def test_min_confidence_leaves_out_events_the_coder_is_unsure_of(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    text = tmp_path / "a.txt"
    text.write_text("Chad expelled the Libyan ambassador on Monday. Niger and Mali held talks on Tuesday.\n")
    db = tmp_path / "c.duckdb"
    allegiance.run([text], db=db, date="2020-03-02")
    every = allegiance.events(db)
    assert len(every) >= 2 and every.confidence.notna().all()
    cut = float(every.confidence.min()) + 1e-6
    fewer = allegiance.events(db, min_confidence=cut)
    assert len(fewer) < len(every) and (fewer.confidence >= cut).all()
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--min-confidence", str(cut), "--format", "csv"])
    assert result.exit_code == 0 and result.output.count("\n") == len(fewer) + 1


def test_a_linear_model_survives_saving_and_loading(tmp_path):
    model = LinearModel(classes=("a", "b"), features={"x": 0, "y": 1}, dense_weights=np.ones((2, 2)),
                        sparse_weights=np.array([[2.0, -2.0], [0.0, 1.0]]), bias=np.zeros(2))
    model.save(tmp_path / "m.npz")
    again = LinearModel.load(tmp_path / "m.npz")
    dense = np.array([[0.5, 0.5]])
    assert np.allclose(model.scores(dense, [["x"]]), again.scores(dense, [["x"]]))
    assert again.scores(dense, [["x"]])[0].argmax() == 0 and again.scores(dense, [["y", "z"]])[0].argmax() == 1


def test_training_is_seeded_and_reproducible(nlp):
    from allegiance.training import corpus
    from allegiance.training.train import fit, parse_corpus

    sample = corpus.read()[::25]
    parsed = parse_corpus(sample, nlp)
    first, second = fit(parsed), fit(parsed)
    assert first.types.classes == second.types.classes
    assert np.array_equal(first.types.sparse_weights, second.types.sparse_weights)
    assert np.array_equal(first.roles.sparse_weights, second.roles.sparse_weights)


def test_scoring_one_path_leaves_the_shared_pipeline_as_it_was(tmp_path):
    from allegiance.evaluate import evaluate_file
    from allegiance.nlp import load

    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "x1", "date": "2020-03-02", "text": "Chad expelled the Libyan ambassador on Monday.", '
                    '"events": [{"source": "TCD", "target": "LBY", "plover": "SANCTION"}]}\n')
    result = evaluate_file(gold, coder="rules")
    assert result["coder"] == "rules" and result["overall"]["f1"] == 1.0
    assert load().get_pipe("allegiance_events").mode == "both"
