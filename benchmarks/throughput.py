"""Throughput of the full pipeline against spaCy parsing alone, on one generated corpus, in one run.

The baseline parses the same paragraphs with the bare spaCy model; the full run ingests the
corpus into a fresh DuckDB file, codes it and stores everything. The ratio of the two times is the
figure to report: both share the machine's noise, which absolute times do not.

    python benchmarks/throughput.py --articles 2000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from allegiance import api  # noqa: E402
from allegiance.ingest import prepare, read_inputs  # noqa: E402
from allegiance.nlp import MODEL  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_only(corpus: Path) -> tuple[float, int, int]:
    """Seconds to parse every paragraph with the bare model, and the article and sentence counts."""
    articles = [a for a in (prepare(raw) for raw in read_inputs([corpus])) if hasattr(a, "blocks")]
    paragraphs = [a.text[b.start:b.end] for a in articles for b in a.blocks]
    nlp = spacy.load(MODEL)
    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(paragraphs, batch_size=64))
    return time.perf_counter() - start, len(articles), sentences


def full_pipeline(corpus: Path, db: Path) -> float:
    start = time.perf_counter()
    api.run([corpus], db=db)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = write_corpus(args.articles, Path(folder) / "corpus.jsonl", args.seed)
        baseline, articles, sentences = parse_only(corpus)
        full = full_pipeline(corpus, Path(folder) / "bench.duckdb")
    print(f"articles: {articles}, sentences: {sentences}")
    print(f"spaCy parse only: {baseline:.1f} s ({sentences / baseline:.0f} sentences/s)")
    print(f"full pipeline:    {full:.1f} s ({articles / full:.1f} articles/s, {sentences / full:.0f} sentences/s)")
    print(f"ratio full/parse: {full / baseline:.2f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
