"""The database is never half-written, and a damaged, newer or older file gives a clear message."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from allegiance import pipeline
from allegiance.cli import app
from allegiance.store import SCHEMA_VERSION, Database, DatabaseError
from allegiance.store.importers import base as importer_base
from allegiance.store.importers import import_path
from allegiance.store.migrate import migrate

DATA = Path(__file__).parent / "data"
TEXTS = ["Seoul, March 3, 2025\n\nSouth Korea and Japan held talks in Tokyo on Monday. The foreign "
         "ministers agreed to expand cooperation on North Korea.\n",
         "Beijing, March 4, 2025\n\nChina and Russia held talks in Beijing on Tuesday about trade, "
         "energy and the war in Ukraine, officials said.\n"]


@pytest.fixture
def stored(tmp_path):
    """A database with two ingested, not yet coded articles."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number, text in enumerate(TEXTS):
        (corpus / f"{number}.txt").write_text(text)
    path = tmp_path / "db.duckdb"
    with Database(path) as db:
        report = pipeline.ingest([corpus], db)
    assert report.new == 2
    return path


@pytest.fixture
def annotated(stored, nlp):
    """The two stored articles, annotated (not stored yet)."""
    from allegiance.nlp.annotate import annotate

    with Database(stored) as db:
        return list(annotate(db.pending(), nlp))


class CrashAfterFirstInsert:
    """A connection that fails the second INSERT it is given, whatever the write path looks like."""

    def __init__(self, con, crash=None):
        self._con, self.inserts = con, 0
        self._crash = crash or (lambda: (_ for _ in ()).throw(RuntimeError("crash after the first insert")))

    def _count(self, sql: str) -> None:
        if sql.lstrip().upper().startswith("INSERT"):
            self.inserts += 1
            if self.inserts == 2:
                self._crash()

    def execute(self, sql, *args, **kwargs):
        self._count(sql)
        return self._con.execute(sql, *args, **kwargs)

    def executemany(self, sql, *args, **kwargs):
        self._count(sql)
        return self._con.executemany(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def _state(path) -> tuple:
    """(sentences, mentions, events, coded articles, articles)"""
    with duckdb.connect(str(path), read_only=True) as con:
        return tuple(con.execute(sql).fetchone()[0] for sql in (
            "SELECT count(*) FROM sentences", "SELECT count(*) FROM mentions", "SELECT count(*) FROM events",
            "SELECT count(*) FROM articles WHERE coded_at IS NOT NULL", "SELECT count(*) FROM articles"))


# -- transactional writes ---------------------------------------------------------------------------

def test_a_failure_mid_batch_leaves_the_previous_state(stored, annotated):
    first, second = annotated
    assert second.sentences and second.mentions  # so the batch has more than one insert
    with Database(stored) as db:
        db.store_annotations([first])
    before = _state(stored)
    assert before[0] == len(first.sentences) and before[3] == 1
    with Database(stored) as db:
        crashing = CrashAfterFirstInsert(db.con)
        db.con = crashing
        with pytest.raises(RuntimeError, match="crash after the first insert"):
            db.store_annotations([second])
        assert crashing.inserts == 2
        db.con = crashing._con
    assert _state(stored) == before  # nothing of the failed batch; the earlier batch intact
    with Database(stored) as db:  # and the rerun completes it
        assert [a.article_id for a in db.pending()] == [second.article.article_id]
        db.store_annotations([second])
    assert _state(stored)[0] == len(first.sentences) + len(second.sentences)


def test_a_failure_while_adding_articles_adds_none(stored, tmp_path):
    corpus = tmp_path / "more"
    corpus.mkdir()
    for number, text in enumerate(TEXTS):
        (corpus / f"{number}.txt").write_text(text.replace("talks", "new talks") + " More talks are planned.")
    with Database(stored) as db:
        db.con = CrashAfterFirstInsert(db.con)
        db.con.inserts = 1  # the very first INSERT fails
        with pytest.raises(RuntimeError):
            pipeline.ingest([corpus], db)
        db.con = db.con._con
    assert _state(stored)[4] == 2


def test_a_killed_process_mid_batch_leaves_the_previous_state(stored, annotated, tmp_path):
    """A real crash: the process dies (os._exit) inside the transaction; DuckDB recovers the file."""
    batch = tmp_path / "batch.pickle"
    batch.write_bytes(pickle.dumps(annotated))
    script = textwrap.dedent(f"""
        import os, pickle, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_database_faults import CrashAfterFirstInsert
        from allegiance.store import Database
        db = Database({str(stored)!r})
        db.con = CrashAfterFirstInsert(db.con, crash=lambda: os._exit(9))
        db.store_annotations(pickle.loads(open({str(batch)!r}, "rb").read()))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 9, result.stderr
    assert _state(stored) == (0, 0, 0, 0, 2)
    with Database(stored) as db:  # and the file is usable as before
        assert len(db.pending()) == 2
        db.store_annotations(annotated)
    assert _state(stored)[3] == 2


def test_importer_batches_are_each_all_or_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(importer_base, "BATCH", 4)  # lines 1-4, 5-8, 9-12: one transaction each
    real_execute_count = {"n": 0}
    real_transaction = Database.transaction

    class Failing:
        def __init__(self, db):
            self.inner = real_transaction(db)

        def __enter__(self):
            return self.inner.__enter__()

        def __exit__(self, *exc):
            real_execute_count["n"] += 1
            if real_execute_count["n"] == 3 and exc[0] is None:  # rejects, batch 1, then batch 2 fails
                self.inner.__exit__(RuntimeError, RuntimeError("crash"), None)
                raise RuntimeError("crash in batch 2")
            return self.inner.__exit__(*exc)

    monkeypatch.setattr(Database, "transaction", lambda self: Failing(self))
    with Database(tmp_path / "i.duckdb") as db:
        with pytest.raises(RuntimeError, match="batch 2"):
            import_path(db, "gdelt2", DATA / "gdelt2_sample.tsv")
        lines = sorted(int(e.split(":")[1]) for e, in db.con.execute("SELECT event_id FROM events").fetchall())
    first_ids = [int(line.split("\t")[0]) for line in (DATA / "gdelt2_sample.tsv").read_text().splitlines()]
    assert lines == sorted(first_ids[:4])  # lines 1-4, the first batch, whole; nothing of the second


# -- damaged, newer and older files -----------------------------------------------------------------

def _one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    text = result.output.strip()
    assert text.startswith("error: ") and "\n" not in text, text
    assert "Traceback" not in text
    return text


def test_a_corrupted_file_gives_one_line_and_exit_2(tmp_path):
    junk = tmp_path / "corrupted.duckdb"
    junk.write_bytes(os.urandom(20_000))
    text = _one_line_error(CliRunner().invoke(app, ["events", "--db", str(junk)]))
    assert "is not a usable DuckDB database" in text


def test_a_file_damaged_inside_gives_one_line_and_exit_2(stored, tmp_path):
    damaged = tmp_path / "damaged.duckdb"
    shutil.copy(stored, damaged)
    size = damaged.stat().st_size
    with open(damaged, "r+b") as handle:  # keep the headers, scramble the data blocks
        handle.seek(8192)
        handle.write(os.urandom(size - 8192))
    for command in ("events", "verify"):
        text = _one_line_error(CliRunner().invoke(app, [command, "--db", str(damaged)]))
        assert "damaged" in text or "not a usable DuckDB database" in text


def _with_version(source, target, version: str | None):
    shutil.copy(source, target)
    with duckdb.connect(str(target)) as con:
        con.execute("DELETE FROM meta WHERE key = 'schema_version'")
        if version is not None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [version])
    return target


def test_a_newer_schema_version_gives_one_line_and_exit_2(stored, tmp_path):
    newer = _with_version(stored, tmp_path / "newer.duckdb", "99")
    for command in ("events", "verify", "migrate"):
        text = _one_line_error(CliRunner().invoke(app, [command, "--db", str(newer)]))
        assert "schema version 99, newer than this allegiance" in text and "upgrade allegiance" in text


def test_an_older_version_is_refused_then_migrated_with_a_backup(stored, tmp_path):
    older = _with_version(stored, tmp_path / "older.duckdb", None)  # version 0: no schema_version row
    with duckdb.connect(str(older)) as con:
        con.execute("DROP TABLE quotes")  # and a table of version 1 missing
    runner = CliRunner()
    text = _one_line_error(runner.invoke(app, ["events", "--db", str(older)]))
    assert "schema version 0" in text
    result = runner.invoke(app, ["migrate", "--db", str(older)])
    assert result.exit_code == 0, result.output
    backup = tmp_path / "older.duckdb.v0.bak"
    assert backup.exists() and str(backup) in result.output.replace("\n", "")
    with duckdb.connect(str(older), read_only=True) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert con.execute("SELECT count(*) FROM quotes").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert runner.invoke(app, ["events", "--db", str(older)]).exit_code == 0
    again = runner.invoke(app, ["migrate", "--db", str(older)])
    assert again.exit_code == 0 and "nothing to do" in again.output


def test_a_migration_that_cannot_be_done_changes_nothing(stored, tmp_path):
    older = _with_version(stored, tmp_path / "older.duckdb", "0")
    with duckdb.connect(str(older)) as con:
        con.execute("ALTER TABLE articles DROP COLUMN minhash")
    before = older.read_bytes()
    with pytest.raises(DatabaseError, match="articles lacks minhash"):
        migrate(older)
    assert older.read_bytes() == before
    assert not (tmp_path / "older.duckdb.v0.bak").exists()
    text = _one_line_error(CliRunner().invoke(app, ["migrate", "--db", str(older)]))
    assert "Re-run 'allegiance run'" in text


#: the primary keys of schema version 1 on the tables version 2 writes without one
VERSION_1_KEYS = {"sentences": "article_id, sent_index", "mentions": "article_id, mention_index",
                  "events": "event_id", "office_claims": "article_id, claim_index",
                  "quotes": "article_id, quote_index", "figures": "article_id, figure_index",
                  "verdicts": "article_id, item, item_index"}


def _row_counts(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in (*VERSION_1_KEYS, "articles", "reliability")}


def test_version_1_is_migrated_to_tables_without_row_keys_keeping_every_row(stored, annotated, tmp_path):
    with Database(stored) as db:
        db.store_annotations(annotated)
    before = _row_counts(stored)
    assert before["sentences"] > 0 and before["events"] > 0
    older = tmp_path / "v1.duckdb"
    shutil.copy(stored, older)
    with duckdb.connect(str(older)) as con:  # what version 1 wrote: a primary key on every coded table
        for table, key in VERSION_1_KEYS.items():
            con.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    text = _one_line_error(CliRunner().invoke(app, ["events", "--db", str(older)]))
    assert "schema version 1" in text and f"allegiance migrate --db {older}" in text
    assert migrate(older).to_version == SCHEMA_VERSION == 3
    assert _row_counts(older) == before
    with duckdb.connect(str(older), read_only=True) as con:
        keyed = {table for table, in con.execute("SELECT table_name FROM duckdb_constraints() "
                                                 "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
    assert keyed.isdisjoint(VERSION_1_KEYS) and "articles" in keyed


def test_an_article_coded_again_replaces_its_rows(stored, annotated):
    with Database(stored) as db:
        db.store_annotations(annotated)
        first = {table: db.count(table) for table in ("sentences", "mentions", "events")}
        db.store_annotations(annotated[:1])  # the first article once more (a partition loaded twice)
        assert {table: db.count(table) for table in first} == first
        keys = db.con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    assert keys[0] == keys[1] == first["events"] > 0
