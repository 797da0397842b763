"""Record the evaluation figures that CI guards against regressions.

``python -m allegiance.evaluate.record ../shared/gold`` evaluates every gold set the project
tracks and writes ``tests/evaluation_figures.json``. The test suite re-runs the same evaluations
and fails when a figure falls more than ``TOLERANCE`` below the recorded one, on every set
together, and the same for the cross-validated score of the training corpus (``corpus_cv``).
The figures are a floor against regressions, not targets: a change that trades one set against
another shows up in both directions, and no single development set can be tuned to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import evaluate_file

TOLERANCE = 0.02
FIGURES = Path(__file__).resolve().parents[3] / "tests" / "evaluation_figures.json"

#: Gold set → how to evaluate it (file name under the gold folder, options).
GOLD_SETS = {
    "korea_events_dev": {"file": "korea_events_dev.jsonl"},
    "news_dev": {"file": "news_dev.jsonl"},
    "plover_gsr": {"file": "PLOVER_GSR_CAMEO.json"},
    "petr2_gsr_validation": {"file": "PETR2_GSR_validation.xml"},
    "petr_unit_tests": {"file": "PETR.UnitTest.records.xml", "dictionaries": True},
    "office_claims_dev": {"file": "office_claims_dev.jsonl"},
}


def key_figures(result: dict) -> dict[str, float]:
    """The figures guarded in CI: higher is better for all but the false-positive rate."""
    if "accuracy" in result.get("overall", {}):  # office-claim verdicts
        return {"accuracy": result["overall"]["accuracy"]}
    figures = {
        "f1": result["overall"]["f1"],
        "precision": result["overall"]["precision"],
        "recall": result["overall"]["recall"],
        "actors_f1": result["actors"]["f1"],
        "type_accuracy": result["type_accuracy"],
        "no_event_false_positive_rate": result["no_event_false_positive_rate"],
    }
    if "elements_right" in result:
        figures["elements_right"] = result["elements_right"]
    return figures


def run_all(gold_folder: Path) -> dict[str, dict[str, float]]:
    figures = {}
    for name, spec in GOLD_SETS.items():
        path = gold_folder / spec["file"]
        result = evaluate_file(path, dictionaries=str(gold_folder) if spec.get("dictionaries") else None)
        figures[name] = key_figures(result)
    return figures


def corpus_cv(folds: int = 5) -> dict[str, float]:
    """The learned path's cross-validated precision, recall and F1 on the training corpus."""
    from ..nlp import build
    from ..training import corpus
    from ..training.train import cross_validate, parse_corpus

    nlp = build()
    result = cross_validate(parse_corpus(corpus.read(), nlp), nlp, folds)
    return {key: result[key] for key in ("f1", "precision", "recall")}


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        raise SystemExit("usage: python -m allegiance.evaluate.record GOLD_FOLDER")
    figures = run_all(Path(args[0]))
    figures["corpus_cv"] = corpus_cv()
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
