"""Fit the coder's models on the corpus and save them (``allegiance train``).

Every model is a multinomial logistic regression (scikit-learn, seeded), saved as plain arrays
(``nlp/linear.py``). ``cross_validate`` scores the whole learned path (type, then roles, then
modality) on held-out folds of the corpus as (source, target, PLOVER type) triples of asserted
events, the measure the gold sets use.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from ..nlp import candidates as cand
from ..nlp.learned import LearnedModels
from ..nlp.lexicon import default_lexicon
from ..nlp.linear import LinearModel
from ..nlp.modality import modality_features
from ..nlp.roles import role_features
from .examples import Parsed, mentions_with_gold, parse, role_label, type_label

SEED = 13


@dataclass(frozen=True)
class Options:
    embeddings: bool = True  # the type model reads pretrained embeddings as well as named features
    lexicon: bool = True  # the type model reads the verb-pattern lexicon's type as a feature
    regularisation: float = 1.0  # inverse strength (scikit-learn's C)
    balanced: bool = True  # weigh classes inversely to their frequency (NONE is most candidates)
    weak_labels: str | None = None  # a PETRARCH/TABARI dictionary folder whose verbs add weak examples


def _fit(dense: np.ndarray | None, named: list[list[str]], labels: list[str], options: Options,
         weights: np.ndarray | None = None) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    vocabulary = {n: i for i, n in enumerate(sorted({n for names in named for n in names}))}
    rows = [i for i, names in enumerate(named) for n in names]
    cols = [vocabulary[n] for names in named for n in names]
    onehot = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(named), len(vocabulary)))
    matrix = sparse.hstack([sparse.csr_matrix(dense), onehot]).tocsr() if dense is not None else onehot
    model = LogisticRegression(C=options.regularisation, max_iter=3000, random_state=SEED,
                               class_weight="balanced" if options.balanced else None)
    model.fit(matrix, labels, sample_weight=weights)
    weights = model.coef_.T
    if len(model.classes_) == 2:  # scikit-learn keeps one column for two classes
        weights = np.hstack([-weights, weights]) / 2
    bias = model.intercept_ if len(model.classes_) > 2 else np.array([-model.intercept_[0], model.intercept_[0]]) / 2
    n_dense = dense.shape[1] if dense is not None else 0
    return LinearModel(classes=tuple(model.classes_), features=vocabulary, dense_weights=weights[:n_dense],
                       sparse_weights=weights[n_dense:], bias=bias)


def _type_model(parsed: list[Parsed], options: Options) -> LinearModel:
    found = [c for p in parsed for c, _ in p.candidates]
    labels = [type_label(a) for p in parsed for _, a in p.candidates]
    dense, named = cand.type_inputs(found, default_lexicon() if options.lexicon else None)
    weights = np.ones(len(labels))
    if options.weak_labels:
        from .weak import WEIGHT, weak_examples

        weak_dense, weak_named, weak_labels = weak_examples(options.weak_labels)
        dense, named = np.vstack([dense, weak_dense]), named + weak_named
        labels, weights = labels + weak_labels, np.concatenate([weights, np.full(len(weak_labels), WEIGHT)])
    return _fit(dense if options.embeddings else None, named, labels, options, weights)


def _role_and_modality_models(parsed: list[Parsed], options: Options) -> tuple[LinearModel, LinearModel]:
    role_named, role_labels, mood_named, mood_labels = [], [], [], []
    for p in parsed:
        for candidate, events in p.candidates:
            if not events:
                continue
            sent = candidate.token.sent
            plover = events[0].plover
            for mention in mentions_with_gold(p, sent, events):
                if mention.head == candidate.i:
                    continue
                role_named.append(role_features(p.doc[mention.head], candidate.token, plover, mention.kind,
                                                candidate.kind))
                role_labels.append(role_label(p.doc, mention, events))
            mood_named.append(modality_features(candidate.token))
            mood_labels.append(events[0].modality)
    return _fit(None, role_named, role_labels, options), _fit(None, mood_named, mood_labels, options)


def _cameo_tables(parsed: list[Parsed]) -> dict:
    by_lemma, by_type = defaultdict(Counter), defaultdict(Counter)
    for p in parsed:
        for candidate, events in p.candidates:
            for a in events:
                by_lemma[f"{a.plover}/{candidate.phrase}"][a.cameo] += 1
                by_type[a.plover][a.cameo] += 1
    return {"by_lemma": {k: c.most_common(1)[0][0] for k, c in sorted(by_lemma.items())},
            "by_type": {k: c.most_common(1)[0][0] for k, c in sorted(by_type.items())}}


def fit(parsed: list[Parsed], options: Options = Options()) -> LearnedModels:
    """The three models and the CAMEO tables, fitted on parsed corpus sentences."""
    roles, mood = _role_and_modality_models(parsed, options)
    tables = _cameo_tables(parsed)
    return LearnedModels(types=_type_model(parsed, options), roles=roles, modality=mood,
                         cameo_by_lemma=tables["by_lemma"], cameo_by_type=tables["by_type"])


def save(models: LearnedModels, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    models.types.save(folder / "types.npz")
    models.roles.save(folder / "roles.npz")
    models.modality.save(folder / "modality.npz")
    (folder / "cameo.json").write_text(json.dumps({"by_lemma": models.cameo_by_lemma, "by_type": models.cameo_by_type},
                                                  indent=0, sort_keys=True) + "\n", encoding="utf-8")


def gold_triples(parsed: Parsed) -> set[tuple]:
    return {(e.source_country, e.target_country, e.plover) for e in parsed.sentence.asserted}


def predicted_triples(coder, parsed: Parsed) -> set[tuple]:
    """Asserted events the event component codes on a parsed sentence, as stated (no mirrored
    directions): the learned decisions go through the same conventions as in a run."""
    events = coder(parsed.doc)._.events or []
    return {(e.source.code, e.target.code if e.target else None, e.plover)
            for e in events if e.asserted and not e.mirrored and e.plover}


def score(coder, parsed: list[Parsed]) -> dict[str, float]:
    """Micro precision, recall and F1 of ``coder`` (an event component) over corpus sentences."""
    tp = fp = fn = 0
    for p in parsed:
        gold, got = gold_triples(p), predicted_triples(coder, p)
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def fold_coder(nlp, models: LearnedModels, mode: str = "model"):
    """The pipeline's event component, set to code with ``models`` alone (or with the rules)."""
    coder = nlp.get_pipe("allegiance_events")
    coder.models, coder.mode = models, mode
    return coder


def cross_validate(parsed: list[Parsed], nlp, folds: int = 5, options: Options = Options(),
                   mode: str = "model") -> dict:
    """Mean precision, recall and F1 over ``folds`` seeded folds, and each fold's F1.

    ``nlp`` is the pipeline the sentences were parsed with; its event component codes each
    held-out fold with the models fitted on the other folds (``mode`` as in ``nlp/events.py``).
    """
    order = list(range(len(parsed)))
    random.Random(SEED).shuffle(order)
    results = []
    for k in range(folds):
        held = set(order[k::folds])
        models = fit([p for i, p in enumerate(parsed) if i not in held], options)
        results.append(score(fold_coder(nlp, models, mode), [p for i, p in enumerate(parsed) if i in held]))
    mean = {key: round(sum(r[key] for r in results) / folds, 4) for key in ("precision", "recall", "f1")}
    return {**mean, "folds": [r["f1"] for r in results]}


def build(out: Path, corpus_files=None, folds: int = 5, options: Options = Options()) -> dict:
    """Parse the corpus, cross-validate (``folds`` > 1), fit on all of it and save to ``out``.

    Returns what was measured: sentences, examples, unaligned annotations, the cross-validated
    scores and the seconds each step took.
    """
    from ..nlp import build as build_pipeline
    from . import corpus

    started = time.perf_counter()
    sentences = corpus.read(corpus_files)
    nlp = build_pipeline()
    parsed = parse_corpus(sentences, nlp)
    report = {"sentences": len(sentences), "candidates": sum(len(p.candidates) for p in parsed),
              "unaligned_triggers": sum(p.unaligned for p in parsed),
              "parse_seconds": round(time.perf_counter() - started, 1)}
    if folds > 1:
        report["cross_validation"] = cross_validate(parsed, nlp, folds, options)
    fitted = time.perf_counter()
    save(fit(parsed, options), out)
    report["fit_seconds"] = round(time.perf_counter() - fitted, 1)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def parse_corpus(sentences, nlp) -> list[Parsed]:
    """Corpus sentences parsed with ``nlp`` and lined up with their candidates."""
    return parse(nlp, sentences)
