"""Scale: the same events whichever way a run goes (in-process, local workers, Dask, Parquet),
incremental verification, the cheaper pipeline components and the compact near-duplicate index."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

import allegiance
from allegiance import pipeline
from allegiance.store import Database
from conftest import EXAMPLES, ROOT, SHARED

sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate, write_corpus  # noqa: E402

#: Every table coding and verification write, timestamps left out.
TABLES = {
    "articles": "article_id, title, date, text, blocks, duplicate_of, coded_at IS NOT NULL",
    "sentences": "*", "mentions": "*", "events": "*", "office_claims": "*", "quotes": "*", "figures": "*",
    "verdicts": "* EXCLUDE (verified_at)", "reliability": "* EXCLUDE (verified_at)",
}


@pytest.fixture(autouse=True)
def _fresh_html_deduplication():
    """trafilatura's ``deduplicate=True`` (ingest/html.py) remembers paragraphs across calls in a
    process-wide cache and drops those it has seen a few times, so the examples' HTML pages come
    out empty once they have been read three or four times in one process. These tests read them
    again and again: start each from an empty cache."""
    from trafilatura.deduplication import LRU_TEST

    LRU_TEST.clear()
    yield


def same(a, b) -> bool:
    """Two databases' contents, equal; the first differing rows are printed when they are not."""
    a, b = contents(a), contents(b)
    for table in TABLES:
        if a[table] != b[table]:
            print(table, "only in the first:", sorted(set(a[table]) - set(b[table]))[:3])
            print(table, "only in the second:", sorted(set(b[table]) - set(a[table]))[:3])
    return a == b


def contents(path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT {c} FROM {t}").fetchall())) for t, c in TABLES.items()}
    finally:
        con.close()


def _code_with(runner, paths, db) -> None:
    with Database(db) as database:
        pipeline.ingest(paths, database)
        pipeline.code_pending(database, runner=runner, parquet=None)
        pipeline.verify_pending(database)


# -- the same tables whichever way it runs -------------------------------------------------------

def test_local_workers_give_the_default_tables(examples_db, tmp_path):
    path = tmp_path / "workers.duckdb"
    result = allegiance.run([EXAMPLES], db=path, workers=2, batch_size=3)
    assert result.coding.articles == 9
    assert same(path, examples_db)


def test_reopening_the_database_during_a_run_gives_the_default_tables(examples_db, tmp_path, monkeypatch):
    reopened = []
    reopen = Database.reopen

    def counted(self):
        reopened.append(self.path)
        reopen(self)

    monkeypatch.setattr(pipeline, "REOPEN_AFTER_ARTICLES", 2)
    monkeypatch.setattr(Database, "reopen", counted)
    path = tmp_path / "reopened.duckdb"
    result = allegiance.run([EXAMPLES], db=path, batch_size=1)
    assert result.coding.articles == 9
    # once after ingest stores its one batch of nine, then after coded articles 2, 4, 6 and 8
    assert len(reopened) == 5
    assert same(path, examples_db)


def test_dask_local_gives_the_default_tables_on_examples_and_seeds(examples_db, tmp_path):
    pytest.importorskip("distributed")
    from allegiance.parallel import DaskRunner, default_parts_dir

    seeds = sorted((SHARED / "seeds").glob("*.txt"))  # none without ../shared: then the examples only
    runner = DaskRunner("local", workers=2, parquet=None)
    try:
        # one cluster for both corpora; each task writes a Parquet partition, as --dask local does
        for name, paths, reference in (("examples", [EXAMPLES], examples_db), ("seeds", seeds, None)):
            if not paths:
                continue
            db = tmp_path / f"{name}.duckdb"
            runner.options["parquet"] = str(default_parts_dir(db))
            with Database(db) as database:
                pipeline.ingest(paths, database)
                report = pipeline.code_pending(database, runner=runner, dask="local", batch_size=2)
                pipeline.verify_pending(database)
            assert report.articles > 0
            assert not default_parts_dir(db).exists()  # loaded, then removed
            if reference is None:
                reference = tmp_path / f"{name}-default.duckdb"
                allegiance.run(paths, db=reference)
            assert same(db, reference), name
    finally:
        runner.close()


def test_parquet_partitions_hold_every_coded_row_once(examples_db, tmp_path):
    parts = tmp_path / "parts"
    path = tmp_path / "parquet.duckdb"
    allegiance.run([EXAMPLES], db=path, parquet=parts, batch_size=4)
    assert same(path, examples_db)
    con = duckdb.connect()
    from_parquet = con.execute(f"SELECT count(*), count(DISTINCT event_id) FROM read_parquet('{parts}/events/*.parquet')"
                               ).fetchone()
    stored = duckdb.connect(str(path), read_only=True).execute("SELECT count(*) FROM events").fetchone()[0]
    assert from_parquet == (stored, stored)
    assert len(list((parts / "_coded").glob("*.parquet"))) == 3  # 9 articles in batches of 4


def test_a_partition_left_by_a_killed_run_is_loaded_not_coded_again(tmp_path):
    from allegiance.parallel import code_batch

    from allegiance.api import ingest

    parts, path = tmp_path / "parts", tmp_path / "resume.duckdb"
    ingest([EXAMPLES], db=path)
    with Database(path) as db:
        batch = db.pending(limit=4)
    code_batch(batch, parquet=str(parts))  # a task finished, then the coordinator was killed
    (parts / "events" / "part-orphan.parquet").write_bytes(b"half-written")  # a task killed mid-write
    with Database(path) as db:
        report = pipeline.code_pending(db, parquet=parts)
        assert report.articles == 9
        assert db.count("articles", "WHERE coded_at IS NULL AND duplicate_of IS NULL") == 0
    assert not (parts / "events" / "part-orphan.parquet").exists()
    assert len(list((parts / "_coded").glob("*.parquet"))) == 2  # the loaded one and one for the other 5


def test_workers_must_be_positive(tmp_path):
    with pytest.raises(ValueError):
        allegiance.run([EXAMPLES], db=tmp_path / "x.duckdb", workers=0)


# -- verification of new articles only -------------------------------------------------------

def test_verifying_only_new_articles_gives_the_verdicts_of_a_full_verification(tmp_path):
    """Articles coded in two runs end with the verdicts of one run over all of them: the first
    run's articles are verified again where the second run's corroborate them."""
    records = list(generate(40, seed=3))
    for number, record in enumerate(records):  # the same figure and speaker across articles
        record["text"] += (f"\n\nThe ministry said exports rose 17 percent to {number % 3 + 1} billion dollars, "
                           "Trade Minister Ahn Duk-geun said.")
    import json

    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records[:20]))
    second.write_text("".join(json.dumps(r) + "\n" for r in records[20:]))
    once, twice = tmp_path / "once.duckdb", tmp_path / "twice.duckdb"
    allegiance.run([first, second], db=once)
    allegiance.run([first], db=twice)
    allegiance.run([second], db=twice)
    a, b = contents(once), contents(twice)
    assert a["figures"] and any("corroborated'" in row for row in a["verdicts"])
    assert a["verdicts"] == b["verdicts"] and a["reliability"] == b["reliability"]


# -- the cheaper components ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def texts():
    from allegiance.ingest import prepare, read_inputs

    corpus = write_corpus(60, Path(__file__).parent / ".scale-corpus.jsonl", seed=11)
    try:
        raws = [r for r in read_inputs([EXAMPLES, corpus]) if hasattr(r, "text")]
        articles = [a for a in (prepare(r) for r in raws) if hasattr(a, "blocks")]
    finally:
        corpus.unlink()
    return [a.text[b.start:b.end] for a in articles for b in a.blocks]


@pytest.fixture(scope="module")
def plain_and_fast():
    import spacy

    from allegiance.nlp import MODEL
    from allegiance.nlp.speed import speed_up

    return spacy.load(MODEL), speed_up(spacy.load(MODEL))


def test_fast_attribute_ruler_sets_what_spacys_sets(texts, plain_and_fast):
    plain, fast = plain_and_fast
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    for a, b in zip(plain.pipe(texts, disable=["ner"]), fast.pipe(texts, disable=["ner"])):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in a] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in b]


def test_entities_are_the_models_wherever_the_coder_reads_them(texts, plain_and_fast):
    from allegiance.nlp.speed import needs_entities

    plain, fast = plain_and_fast
    skipped = 0
    for a, b in zip(plain.pipe(texts), fast.pipe(texts)):
        for sent in a.sents:
            ents_a = [(e.start, e.end, e.label_) for e in a.ents if sent.start <= e.start < sent.end]
            ents_b = [(e.start, e.end, e.label_) for e in b.ents if sent.start <= e.start < sent.end]
            if needs_entities(sent):
                assert ents_a == ents_b, sent.text
            else:  # recognised only as context of a neighbouring run, or not at all
                skipped += not ents_b
                assert set(ents_b) <= set(ents_a), sent.text
    assert skipped  # the corpus has sentences the recogniser skips


# -- the compact near-duplicate index ------------------------------------------------------------

def test_compact_index_finds_what_datasketch_finds():
    from allegiance.ingest.dedup import NUM_PERM, NearDuplicateIndex, from_bytes
    from allegiance.nearduplicates import CompactNearDuplicateIndex

    rng = np.random.default_rng(5)
    stored: dict[str, bytes] = {}
    old = NearDuplicateIndex()
    new = CompactNearDuplicateIndex(fetch=lambda keys: {k: stored[k] for k in keys}, recent=100)
    originals = [rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32) for _ in range(100)]
    hits = 0
    for number in range(7000):  # more than one merge of the sorted bands
        values = originals[rng.integers(0, 100)].copy()
        changed = rng.choice(NUM_PERM, rng.integers(0, 90), replace=False)
        values[changed] = rng.integers(0, 2**32, len(changed), dtype=np.uint32)
        minhash = from_bytes(values.tobytes())
        expected, got = old.match(minhash), new.match(minhash)
        assert (expected is None) == (got is None)
        if expected:
            hits += 1
            assert got[1] == pytest.approx(expected[1])
        else:
            key = f"a{number}"
            old.add(key, minhash)
            new.add(key, minhash)
            stored[key] = values.tobytes()
    assert hits > 100 and len(new) > 4096


def test_signature_with_shared_permutations_is_a_fresh_minhashs():
    from datasketch import MinHash

    from allegiance.ingest.dedup import NUM_PERM, SCHEME, shingles, signature

    for record in generate(20, seed=2):
        for text in (record["text"], record["title"], "short"):
            fresh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
            fresh.update_batch(shingles(text))
            assert (signature(text).hashvalues == fresh.hashvalues).all()


# -- streamed JSON Lines -------------------------------------------------------------------------

def test_a_json_lines_feed_is_read_a_line_at_a_time(tmp_path):
    import json
    import tracemalloc

    from allegiance.ingest import read_inputs

    feed = tmp_path / "feed.jsonl"
    records = list(generate(400, seed=3))
    with feed.open("w") as out:
        for copy in range(25):  # 10,000 lines, about 8 MB
            for record in records:
                out.write(json.dumps({**record, "title": f"{record['title']} ({copy})"}) + "\n")
    size = feed.stat().st_size
    tracemalloc.start()
    try:
        read = sum(1 for _ in read_inputs([feed]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == 10_000
    assert peak < size / 10, f"reading held {peak:,} bytes of a {size:,}-byte feed"


def test_a_streamed_feed_with_a_bad_byte_anywhere_is_refused_whole(tmp_path):
    from allegiance.ingest import read_inputs

    good = '{"text": "Seoul and Washington held talks on Monday."}\n'
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\xef\xbb\xbf" + good.encode() * 3 + b'{"text": "caf\xe9"}\n' + good.encode())
    [skip] = list(read_inputs([feed]))
    offset = 3 + 3 * len(good) + len('{"text": "caf')
    assert (skip.reason, skip.locator) == ("bad-encoding", "")
    assert f"byte 0xe9 at offset {offset}" in skip.detail
