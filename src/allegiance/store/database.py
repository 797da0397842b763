"""The DuckDB store: open (and create or check) a database, write batches, read them back.

Every write is one transaction, so a run killed mid-batch leaves the previous state, and a rerun
picks up where it stopped: articles are keyed by content hash and events by their position in
the article, so nothing is stored twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from ..records import Article, Block, Skip

SCHEMA_VERSION = 1
DEFAULT_PATH = "allegiance.duckdb"


class DatabaseError(RuntimeError):
    """A database that cannot be used as it is, with a sentence saying what to do."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Database:
    """A connection to an allegiance database file."""

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False):
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise DatabaseError(f"{self.path}: no such database; create it with 'allegiance run PATH --db {self.path}'")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise DatabaseError(
                f"{self.path} is not a usable DuckDB database ({str(err).splitlines()[0]}); "
                "point --db at another file or move this one away"
            ) from err
        self._check_schema(read_only)

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
                "Re-run 'allegiance run' on your inputs into a new database file"
            )
        missing = {"office_claims", "quotes", "figures", "verdicts", "reliability"} - tables
        if missing and not read_only:  # a file from before the claim tables: add them (all IF NOT EXISTS)
            self.con.execute(resources.files(__package__).joinpath("schema.sql").read_text("utf-8"))

    def close(self) -> None:
        self.con.close()

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
        sentences, mentions, events, ids = [], [], [], []
        claims, quotes, figures = [], [], []
        for item in batch:
            article_id = item.article.article_id
            ids.append(article_id)
            claims += [_claim_row(article_id, i, c) for i, c in enumerate(getattr(item, "claims", ()))]
            quotes += [_quote_row(article_id, i, q) for i, q in enumerate(getattr(item, "quotes", ()))]
            figures += [_figure_row(article_id, i, f) for i, f in enumerate(getattr(item, "figures", ()))]
            sentences += [{"article_id": article_id, "sent_index": s.sent_index, "start_char": s.start,
                           "end_char": s.end, "block": s.block, "text": s.text} for s in item.sentences]
            mentions += [{"article_id": article_id, "sent_index": m.sent_index, "mention_index": i,
                          "start_char": m.start, "end_char": m.end, "text": m.text, "code": m.code,
                          "country": m.country, "sector": m.sector, "kind": m.kind, "kb_id": m.kb_id}
                         for i, m in enumerate(item.mentions)]
            for number, event in enumerate(item.events):
                row = event.to_dict()
                events.append({
                    "event_id": f"{article_id}:{event.sent_index}:{number}", "origin": "coded",
                    "article_id": article_id, "sent_index": event.sent_index,
                    "start_char": event.start, "end_char": event.end,
                    "event_date": event.date, "date_basis": event.date_basis,
                    **{k: row[k] for k in row if k.startswith(("source_", "target_"))},
                    "cameo": event.cameo, "cameo_name": event.cameo_name,
                    "goldstein": event.goldstein, "quad_class": event.quad_class,
                    "plover": event.plover, "intensity": event.intensity,
                    "modality": event.modality, "mirrored": event.mirrored, "trigger": event.trigger,
                    "block": event.extra.get("block"),
                })
        with self.transaction():
            if ids:  # a rerun after a crash between batches must not duplicate rows
                self.con.execute("DELETE FROM sentences WHERE article_id IN (SELECT unnest(?))", [ids])
                self.con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?))", [ids])
                self.con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?)) AND origin = 'coded'", [ids])
                for table in ("office_claims", "quotes", "figures", "verdicts", "reliability"):
                    self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
            self._insert("sentences", pd.DataFrame(sentences))
            self._insert_rows("office_claims", claims)
            self._insert_rows("quotes", quotes)
            self._insert_rows("figures", figures)
            self._insert("mentions", pd.DataFrame(mentions))
            frame = pd.DataFrame(events)
            if len(frame):
                frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.date
            self._insert("events", frame)
            self.con.execute("UPDATE articles SET coded_at = ? WHERE article_id IN (SELECT unnest(?))", [_now(), ids])

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

    def pending(self, limit: int | None = None) -> list[Article]:
        """Stored original articles that are not coded yet, oldest first."""
        sql = """SELECT article_id, text, blocks, title, date, date_source, source, url, origin,
                        locator, format, language
                 FROM articles WHERE coded_at IS NULL AND duplicate_of IS NULL
                 ORDER BY ingested_at, article_id"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            Article(article_id=r[0], text=r[1], blocks=tuple(Block(*b) for b in json.loads(r[2])),
                    title=r[3], date=r[4], date_source=r[5], source=r[6], url=r[7], origin=r[8],
                    locator=r[9], format=r[10], language=r[11])
            for r in self.con.execute(sql).fetchall()
        ]

    def count(self, table: str, where: str = "") -> int:
        return self.con.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]


class _Transaction:
    def __init__(self, con):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _claim_row(article_id: str, index: int, claim) -> dict:
    return {"article_id": article_id, "claim_index": index, "sent_index": claim.sent_index,
            "start_char": claim.start, "end_char": claim.end, "text": claim.text, "person": claim.person,
            "name_text": claim.name_text, "kb_person": claim.kb_person, "title": claim.title,
            "office": claim.office, "office_key": claim.office_key, "country": claim.country,
            "country_basis": claim.country_basis, "qualifier": claim.qualifier,
            "check_from": claim.check_from, "check_to": claim.check_to, "date_basis": claim.date_basis,
            "form": claim.form, "organisation": claim.organisation}


def _quote_row(article_id: str, index: int, quote) -> dict:
    from ..kb.offices import name_key

    return {"article_id": article_id, "quote_index": index, "sent_index": quote.sent_index,
            "start_char": quote.start, "end_char": quote.end, "kind": quote.kind, "text": quote.text,
            "verb": quote.verb, "speaker_text": quote.speaker_text, "speaker_name": quote.speaker_name,
            "speaker_key": name_key(quote.speaker_name) if quote.speaker_name else None,
            "speaker_title": quote.speaker_title, "speaker_organisation": quote.speaker_organisation,
            "speaker_country": quote.speaker_country, "speaker_start": quote.speaker_start,
            "speaker_end": quote.speaker_end}


def _figure_row(article_id: str, index: int, figure) -> dict:
    from ..verify.corroborate import measure_terms

    return {"article_id": article_id, "figure_index": index, "sent_index": figure.sent_index,
            "start_char": figure.start, "end_char": figure.end, "text": figure.text, "value": figure.value,
            "unit": figure.unit, "measure": figure.measure,
            "measure_terms": measure_terms(figure.unit, figure.measure), "direction": figure.direction,
            "qualifier": figure.qualifier, "total": figure.total, "attribution": figure.attribution}
