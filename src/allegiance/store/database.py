"""The DuckDB store: open (and create or check) a database, write batches, read them back.

Every write is one transaction, so a run killed mid-batch leaves the previous state, and a rerun
picks up where it stopped: articles are keyed by content hash and events by their position in
the article, so nothing is stored twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from ..records import Article, Block, Skip

SCHEMA_VERSION = 3

#: tables that hold an article's coded rows besides its events (deleted when it is coded again)
CODED_TABLES = ("sentences", "mentions", "office_claims", "quotes", "figures", "verdicts", "reliability")
DEFAULT_PATH = "allegiance.duckdb"


class DatabaseError(RuntimeError):
    """A database that cannot be used as it is, with a sentence saying what to do."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Database:
    """A connection to an allegiance database file."""

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        if read_only and not Path(self.path).exists():
            raise DatabaseError(f"{self.path}: no such database; create it with 'allegiance run PATH --db {self.path}'")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise DatabaseError(
                f"{self.path} is not a usable DuckDB database ({str(err).splitlines()[0]}); "
                "point --db at another file or move this one away"
            ) from err
        try:
            self._check_schema(read_only)
        except BaseException:
            # close now: a refused file is often migrated next, and DuckDB will not open one file
            # read-write while a read-only connection to it lingers until garbage collection
            self.con.close()
            raise

    # -- schema ----------------------------------------------------------------------------------

    def _check_schema(self, read_only: bool) -> None:
        tables = {row[0] for row in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" not in tables:
            if tables:
                raise DatabaseError(f"{self.path} is a DuckDB file but not an allegiance database")
            if read_only:
                raise DatabaseError(f"{self.path} is empty; fill it with 'allegiance run PATH --db {self.path}'")
            self.con.execute(resources.files(__package__).joinpath("schema.sql").read_text("utf-8"))
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            return
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path} has schema version {version}, newer than this allegiance "
                f"(version {SCHEMA_VERSION}); upgrade allegiance to read it"
            )
        if version < SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path} has schema version {version}; this allegiance needs {SCHEMA_VERSION}. "
                f"Upgrade it with 'allegiance migrate --db {self.path}' (a backup is kept)"
            )
        missing = {"office_claims", "quotes", "figures", "verdicts", "reliability"} - tables
        if missing and not read_only:  # a file from before the claim tables: add them (all IF NOT EXISTS)
            self.con.execute(resources.files(__package__).joinpath("schema.sql").read_text("utf-8"))

    def close(self) -> None:
        self.con.close()

    def reopen(self) -> None:
        """Close the connection and open the file again.

        A long run calls this now and then: while it writes, the DuckDB instance keeps native
        memory that neither its buffer pool limit nor ``duckdb_memory()`` accounts for, and only
        closing the instance gives it back (``docs/scaling.md``). Nothing may hold a cursor of
        the old connection.
        """
        self.con.close()
        self.con = duckdb.connect(self.path, read_only=self.read_only)

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------------

    def _insert(self, table: str, frame: pd.DataFrame) -> None:
        if len(frame):
            self.con.register("_batch", frame)
            try:
                self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
            finally:
                self.con.unregister("_batch")

    def _insert_rows(self, table: str, rows: list[dict]) -> None:
        """Insert dict rows with plain parameters (keeps DATE and list columns typed as declared)."""
        if not rows:
            return
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        self.con.executemany(sql, [[row[c] for c in columns] for row in rows])

    def transaction(self):
        return _Transaction(self.con)

    def add_articles(self, rows: Sequence[tuple[Article, bytes, str | None, float | None]]) -> None:
        """Store articles with their MinHash signature and, for near-duplicates, their original."""
        now = _now()
        frame = pd.DataFrame([{
            "article_id": a.article_id, "title": a.title, "date": a.date, "date_source": a.date_source,
            "source": a.source, "url": a.url, "origin": a.origin, "locator": a.locator,
            "format": a.format, "language": a.language, "text": a.text,
            "blocks": json.dumps([[b.start, b.end, b.kind] for b in a.blocks]),
            "n_chars": len(a.text), "duplicate_of": dup, "similarity": sim, "minhash": sig,
            "ingested_at": now, "coded_at": None,
        } for a, sig, dup, sim in rows])
        if len(frame):
            frame["date"] = pd.to_datetime(frame["date"]).dt.date
        with self.transaction():
            self._insert("articles", frame)

    def add_skips(self, skips: Iterable[Skip]) -> None:
        now = _now()
        with self.transaction():
            for skip in skips:
                self.con.execute(
                    """INSERT INTO skipped_inputs VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (origin, locator, reason)
                       DO UPDATE SET detail = excluded.detail, action = excluded.action,
                                     last_seen = excluded.last_seen""",
                    [skip.origin, skip.locator, skip.reason, skip.detail, skip.action, now, now],
                )

    def store_annotations(self, batch) -> None:
        """Store sentences, mentions, events, office claims, quotes and figures of annotated
        articles and mark them coded, all in one transaction."""
        from .arrow import to_tables

        self.store_coded(to_tables(batch))

    def store_coded(self, coded) -> None:
        """Write one coded batch (``store.arrow.CodedBatch``: Arrow tables, or a Parquet partition
        a task wrote) and mark its articles coded, in one transaction.

        Articles not coded yet have no rows, so the rows go straight in. An article that has rows
        already (its ``coded_at`` cleared to code it again, or a partition loaded a second time)
        loses them first. The coded tables have no primary keys (see schema.sql), so this is what
        keeps an article's rows from being stored twice.
        """
        from .arrow import TABLES
        from .parquet import partition_files

        ids = list(coded.article_ids)
        files = partition_files(coded.partition) if coded.partition else None
        with self.transaction():
            if ids and self.con.execute("SELECT 1 FROM sentences WHERE article_id IN (SELECT unnest(?)) LIMIT 1",
                                        [ids]).fetchone():
                for table in CODED_TABLES:
                    self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
                self.con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?)) AND origin = 'coded'",
                                 [ids])
            for table in TABLES:
                if files is not None:
                    self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)", [files[table]])
                elif table in coded.tables and coded.tables[table].num_rows:
                    self._insert_arrow(table, coded.tables[table])
            if ids:
                self.con.execute("UPDATE articles SET coded_at = ? WHERE article_id IN (SELECT unnest(?))",
                                 [_now(), ids])

    def _insert_arrow(self, table: str, data) -> None:
        self.con.register("_arrow_batch", data)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _arrow_batch")
        finally:
            self.con.unregister("_arrow_batch")

    # -- reads -----------------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [ids])
        return {row[0] for row in rows.fetchall()}

    def signatures(self) -> Iterable[tuple[str, bytes]]:
        """(article id, MinHash bytes) of every original (non-duplicate) article."""
        cursor = self.con.execute("SELECT article_id, minhash FROM articles WHERE duplicate_of IS NULL")
        while rows := cursor.fetchmany(5000):
            yield from rows

    def minhashes(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The stored MinHash signatures of ``ids``."""
        ids = list(ids)
        rows = self.con.execute("SELECT article_id, minhash FROM articles WHERE article_id IN (SELECT unnest(?))",
                                [ids]).fetchall()
        return {row[0]: bytes(row[1]) for row in rows}

    def pending(self, limit: int | None = None) -> list[Article]:
        """Stored original articles that are not coded yet, oldest first."""
        sql = f"""SELECT {self._ARTICLE_COLUMNS}
                  FROM articles WHERE coded_at IS NULL AND duplicate_of IS NULL
                  ORDER BY ingested_at, article_id"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [_article(r) for r in self.con.execute(sql).fetchall()]

    _ARTICLE_COLUMNS = ("article_id, text, blocks, title, date, date_source, source, url, origin, locator, "
                        "format, language")

    def pending_batches(self, batch_size: int) -> Iterator[list[Article]]:
        """The articles ``pending`` returns, in batches, each fetched when the one before is taken.

        Batches follow each other by key (``ingested_at``, ``article_id``), so the articles of a
        batch still being coded elsewhere are never handed out twice, and only the batches in
        flight are held in memory.
        """
        last = None
        while True:
            sql = f"""SELECT {self._ARTICLE_COLUMNS}, ingested_at FROM articles
                      WHERE coded_at IS NULL AND duplicate_of IS NULL"""
            params: list = []
            if last is not None:
                sql += " AND (ingested_at > ? OR (ingested_at = ? AND article_id > ?))"
                params = [last[0], last[0], last[1]]
            sql += f" ORDER BY ingested_at, article_id LIMIT {int(batch_size)}"
            rows = self.con.execute(sql, params).fetchall()
            if not rows:
                return
            last = (rows[-1][-1], rows[-1][0])
            yield [_article(r) for r in rows]

    def count(self, table: str, where: str = "") -> int:
        return self.con.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]


def _article(r) -> Article:
    return Article(article_id=r[0], text=r[1], blocks=tuple(Block(*b) for b in json.loads(r[2])),
                   title=r[3], date=r[4], date_source=r[5], source=r[6], url=r[7], origin=r[8],
                   locator=r[9], format=r[10], language=r[11])


class _Transaction:
    def __init__(self, con):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
