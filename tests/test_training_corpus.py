"""The training corpus: well-formed, varied, balanced, and free of evaluation wording.

A corpus of a few templates teaches a model the templates; one that echoes the evaluation sets
turns evaluation into a memory test. These tests hold the corpus to what its datasheet promises.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from allegiance import ontology
from allegiance.training import corpus
from conftest import shared_path

SENTENCES = corpus.read()
PLOVER_OF = {code: c.plover for code, c in ontology.cameo_codes().items() if c.plover}


def test_every_line_is_well_formed_and_coded_within_its_type():
    problems = [(s.id, p) for s in SENTENCES for p in corpus.problems(s, PLOVER_OF)]
    assert problems == []
    ids = Counter(s.id for s in SENTENCES)
    assert [i for i, n in ids.items() if n > 1] == []


def test_size_balance_and_hard_negatives():
    summary = corpus.summarise(SENTENCES)
    assert summary.sentences >= 3000
    assert set(summary.by_type) == set(ontology.plover_types())
    assert min(summary.by_type.values()) >= 100, summary.by_type
    assert summary.hard_negatives >= summary.sentences / 4


def test_written_sentence_by_sentence_not_from_templates():
    summary = corpus.summarise(SENTENCES)
    assert summary.distinct_triggers >= 800
    assert summary.frames_over == {}
    assert summary.countries >= 80


def test_frames_ignore_names_numbers_and_dates_only():
    a = corpus.parse_line(json.dumps({"id": "a", "text": "Ruritania expelled 3 diplomats from Freedonia on May 2.",
                                      "events": [], "negative": "other"}))
    b = corpus.parse_line(json.dumps({"id": "b", "text": "Elbonia expelled 12 diplomats from Latveria on June 9.",
                                      "events": [], "negative": "other"}))
    c = corpus.parse_line(json.dumps({"id": "c", "text": "Elbonia recalled 12 diplomats from Latveria on June 9.",
                                      "events": [], "negative": "other"}))
    assert corpus.frame(a) == corpus.frame(b) != corpus.frame(c)


_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def _content_words(text: str) -> list[str]:
    """Lower-case words with capitalised names and titles taken out: a shared run of names
    ("President Moon Jae-in of South Korea") is not shared wording."""
    kept = [w for w in re.findall(r"[\\w'’-]+", text) if not w[:1].isupper()]
    return _WORD.findall(" ".join(kept).lower())


def _gold_texts(folder) -> list[str]:
    texts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".jsonl":
            texts += [json.loads(line).get("text", "") for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
        elif path.suffix == ".json":
            texts += [r.get("text") or "" for r in json.loads(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".xml":
            raw = path.read_text(encoding="utf-8", errors="replace")
            texts += [" ".join(m.split()) for m in re.findall(r"<Text>(.*?)</Text>", raw, re.S)]
    return [t for t in texts if t]


def test_no_corpus_sentence_shares_eight_words_with_an_evaluation_sentence():
    gold = shared_path("gold")
    n = 8
    runs = set()
    for text in _gold_texts(gold):
        words = _content_words(text)
        runs |= {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    echoes = []
    for s in SENTENCES:
        words = _content_words(s.text)
        if any(tuple(words[i:i + n]) in runs for i in range(len(words) - n + 1)):
            echoes.append(s.id)
    assert echoes == []


@pytest.mark.parametrize("line, problem", [
    ('{"id": "x", "text": "Ruritania shelled Freedonia.", "events": [{"trigger": "bombed", "source": "Ruritania",'
     ' "source_country": "RUR", "target": null, "target_country": null, "plover": "ASSAULT", "cameo": "195",'
     ' "modality": "asserted"}]}', "not in the sentence"),
    ('{"id": "x"}', "needs an object"),
])
def test_unreadable_lines_say_what_is_wrong(line, problem):
    with pytest.raises(corpus.CorpusError, match=problem):
        corpus.parse_line(line)
