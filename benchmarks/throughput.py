"""Throughput of the full pipeline against spaCy parsing alone, on one generated corpus, in one run.

The baseline parses the corpus's paragraphs with the plain spaCy model, every one of its
components (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), through ``nlp.pipe``
with the same batch size the coder uses. The full run ingests the same corpus into a fresh
DuckDB file, codes it, verifies it and summarises it (``allegiance.run``). Both share the
machine's noise, which absolute times do not, so the ratio of the two times is the figure to
report; with ``--rounds 2`` or more the two alternate and every round's ratio is printed, with
the median.

Neither time includes loading the model (the full pipeline's is printed apart). The full
pipeline runs the model with two components swapped for cheaper equivalents (see
``allegiance/nlp/speed.py``): the attribute ruler as a table look-up with the same output, and
the entity recogniser only on the sentences the coder reads entities in.

    python benchmarks/throughput.py --articles 2000 --rounds 2
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from allegiance import api  # noqa: E402
from allegiance.ingest import prepare, read_inputs  # noqa: E402
from allegiance.nlp import MODEL, load  # noqa: E402

BATCH = 64  # nlp.pipe batch size, the same as allegiance.nlp.annotate's


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def paragraphs(corpus: Path) -> tuple[list[str], int]:
    raws = [raw for raw in read_inputs([corpus]) if hasattr(raw, "text")]  # not the Skips
    articles = [a for a in (prepare(raw) for raw in raws) if hasattr(a, "blocks")]
    return [a.text[b.start:b.end] for a in articles for b in a.blocks], len(articles)


def parse_only(nlp, texts: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds to parse every paragraph with the plain model, and the sentence count."""
    start, cpu = time.perf_counter(), time.process_time()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=BATCH))
    return time.perf_counter() - start, time.process_time() - cpu, sentences


def full_pipeline(corpus: Path, db: Path) -> tuple[float, float, int, int]:
    start, cpu = time.perf_counter(), time.process_time()
    result = api.run([corpus], db=db)
    return time.perf_counter() - start, time.process_time() - cpu, result.coding.articles, result.coding.sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = write_corpus(args.articles, Path(folder) / "corpus.jsonl", args.seed)
        texts, _ = paragraphs(corpus)
        plain = spacy.load(MODEL)
        start = time.perf_counter()
        coder = load()
        load_seconds = time.perf_counter() - start
        print(f"baseline pipes: {plain.pipe_names}")
        print(f"full pipeline pipes: {coder.pipe_names} "
              f"(attribute_ruler: {type(coder.get_pipe('attribute_ruler')).__name__}, "
              f"ner: {type(coder.get_pipe('ner')).__name__})")
        parse_only(plain, texts[:200])  # warm both up
        ratios, cpu_ratios = [], []
        for number in range(args.rounds):
            baseline, baseline_cpu, sentences = parse_only(plain, texts)
            full, full_cpu, articles, coded_sentences = full_pipeline(corpus, Path(folder) / f"bench-{number}.duckdb")
            assert coded_sentences == sentences, (coded_sentences, sentences)
            ratios.append(full / baseline)
            cpu_ratios.append(full_cpu / baseline_cpu)
            print(f"round {number + 1}: {articles} articles, {sentences} sentences")
            print(f"  spaCy parse only: {baseline:.1f} s ({sentences / baseline:.0f} sentences/s, "
                  f"{articles / baseline:.1f} articles/s), CPU {baseline_cpu:.1f} s")
            print(f"  full pipeline:    {full:.1f} s ({sentences / full:.0f} sentences/s, "
                  f"{articles / full:.1f} articles/s), CPU {full_cpu:.1f} s")
            print(f"  ratio full/parse: {full / baseline:.2f} (CPU time: {full_cpu / baseline_cpu:.2f})", flush=True)
    print(f"pipeline load (not timed above): {load_seconds:.1f} s")
    print(f"ratio full/parse, median of {len(ratios)}: {statistics.median(ratios):.2f} "
          f"(CPU time: {statistics.median(cpu_ratios):.2f})")
    print(f"peak RSS of this process (both pipelines loaded): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
