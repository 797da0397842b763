"""What the allegiance components cost on top of the spaCy work they need, on real text.

The texts are the two seed articles, the sentences of ``../shared/gold/news_dev.jsonl`` grouped
ten to an article, and the articles of ``examples/``, each split into its paragraphs as a run
splits them. The baseline runs the same pipeline with the allegiance components switched off
(the spaCy work the coder actually needs: tokenizer, tagger, parser, lemmatizer, and the
entity recogniser where the pipeline runs it); the full run adds the actor, event, claim, quote
and figure components, in ``both`` mode (rules and learned models) and, for comparison, with
the rules alone. Rounds alternate so the machine's noise falls on all of them; the ratios are
the figures to report, with the load average beside them.

    python benchmarks/coder_cost.py --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OURS = ("allegiance_actors", "allegiance_events", "allegiance_claims", "allegiance_quotes", "allegiance_figures")


def texts() -> list[str]:
    from allegiance.ingest import clean_text

    articles = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    news = [json.loads(line)["text"] for line in (SHARED / "gold" / "news_dev.jsonl").read_text().splitlines()
            if line.strip()]
    articles += ["\n\n".join(news[i:i + 10]) for i in range(0, len(news), 10)]
    articles += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    blocks = []
    for article in articles:
        cleaned = clean_text(article, find_title=False)
        blocks += [cleaned.text[b.start:b.end] for b in cleaned.blocks]
    return blocks


def timed(nlp, blocks: list[str], disable: tuple[str, ...]) -> float:
    start = time.perf_counter()
    with nlp.select_pipes(disable=[p for p in disable if p in nlp.pipe_names]):
        for _ in nlp.pipe(blocks, batch_size=64):
            pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"needs {SHARED} (the shared data folder beside the checkout)")
    from allegiance.nlp import load

    nlp = load()
    coder = nlp.get_pipe("allegiance_events")
    blocks = texts()
    timed(nlp, blocks[:50], ())  # warm caches (embeddings, lexicon) once
    words = sum(len(b.split()) for b in blocks)
    print(f"{len(blocks)} paragraphs, {words} words; load average {os.getloadavg()[0]:.2f}")
    ratios, rule_ratios = [], []
    for number in range(args.rounds):
        base = timed(nlp, blocks, OURS)
        coder.mode = "both"
        full = timed(nlp, blocks, ())
        coder.mode = "rules"
        rules = timed(nlp, blocks, ())
        coder.mode = "both"
        ratios.append(full / base)
        rule_ratios.append(rules / base)
        print(f"round {number + 1}: spaCy alone {base:.2f} s, full {full:.2f} s (x{full / base:.2f}), "
              f"rules only {rules:.2f} s (x{rules / base:.2f}); load {os.getloadavg()[0]:.2f}")
    print(f"median: full x{statistics.median(ratios):.2f}, rules only x{statistics.median(rule_ratios):.2f}")


if __name__ == "__main__":
    main()
