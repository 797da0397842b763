"""Compare designs of the coder's learned models: cross-validation, news_dev, speed.

Each design is fitted with ``allegiance.training.train`` on the training corpus; for each it
prints the 5-fold cross-validated F1 of the learned path on the corpus, the F1 on
``../shared/gold/news_dev.jsonl`` with the models alone and with the rules (models fitted on the
whole corpus), and the time the type model takes per candidate. One run, load average beside.

    python benchmarks/coder_designs.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from allegiance.evaluate import evaluate, read_gold
from allegiance.nlp import build
from allegiance.nlp.candidates import candidates, type_inputs
from allegiance.training import corpus
from allegiance.training.train import Options, cross_validate, fit, fold_coder, parse_corpus

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "news_dev.jsonl"
DESIGNS = {
    "named features": Options(embeddings=False, lexicon=False),
    "named + wordllama embeddings": Options(lexicon=False),
    "named + embeddings + lexicon type (shipped)": Options(),
}


def per_candidate_ms(models, nlp, texts: list[str], lexicon) -> float:
    docs = list(nlp.pipe(texts))
    found = [c for doc in docs for sent in doc.sents for c in candidates(sent)]
    start = time.perf_counter()
    for doc in docs:
        for sent in doc.sents:
            group = candidates(sent)
            if group:
                models.types.scores(*type_inputs(group, lexicon))
    return 1000 * (time.perf_counter() - start) / max(1, len(found))


def main() -> None:
    if not GOLD.exists():
        sys.exit(f"needs {GOLD}")
    nlp = build()
    coder = nlp.get_pipe("allegiance_events")
    parsed = parse_corpus(corpus.read(), nlp)
    gold = read_gold(GOLD)
    texts = [item.text for item in gold.items]
    print("| design | corpus CV F1 (5 folds) | news_dev F1, models only | news_dev F1, with rules | type model ms per candidate |")
    print("|---|---|---|---|---|")
    for name, options in DESIGNS.items():
        cv = cross_validate(parsed, nlp, 5, options)
        models = fit(parsed, options)
        scores = {}
        for mode in ("model", "both"):
            fold_coder(nlp, models, mode)
            result, _ = evaluate(gold, lambda text, day: _code(nlp, text, day))
            scores[mode] = result["overall"]["f1"]
        ms = per_candidate_ms(models, nlp, texts, coder.lexicon if options.lexicon else None)
        print(f"| {name} | {cv['f1']:.3f} | {scores['model']:.3f} | {scores['both']:.3f} | {ms:.3f} |", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}")


def _code(nlp, text, day):
    import allegiance

    return allegiance.code(text, date=day, nlp=nlp)


if __name__ == "__main__":
    main()
