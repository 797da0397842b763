"""What every importer shares: staging a file in DuckDB, the rejects table, idempotent inserts.

An importer never loops over rows in Python when DuckDB can do it. A file is read once by
DuckDB's CSV reader into a temporary table (DuckDB streams the read and spills to disk, so memory
stays bounded), every row gets its physical line number and either a reject reason or its target
columns from one SQL statement, the rejects land in ``import_rejects``, and the good rows go in
batches of line ranges, each its own transaction followed by a progress call, skipping keys the
table already holds. Importing the same file again inserts nothing and reports the rows as
already present.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import csv
import gzip
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ... import ontology
from ...ingest import limits as _limits
from ...ingest.compressed import scan_gzip
from ...kb import codes

#: progress(label, rows done, rows in all); the CLI draws it as a bar.
Progress = Callable[[str, int, int], None]

BATCH = 500_000
_SEP = "\x1f"  # the "one column per line" delimiter; a line holding it is cut there

REJECTS_DDL = """
CREATE TABLE IF NOT EXISTS import_rejects (
    source VARCHAR NOT NULL,     -- the import format (gdelt2, unvotes, ...)
    path VARCHAR NOT NULL,       -- the file, as an absolute path
    line BIGINT NOT NULL,        -- physical line number in the file (1 = first line)
    reason VARCHAR NOT NULL,     -- "code: what was wrong", e.g. "bad-date: SQLDATE '2014013' ..."
    raw VARCHAR,                 -- the line as read
    PRIMARY KEY (source, path, line)
)"""


class ImportFileError(ValueError):
    """A file that cannot be imported at all (wrong layout, missing columns), with what to do."""


class RejectedRow(ImportFileError):
    """Raised in strict mode at the first row a file would reject; nothing of the file is written."""

    def __init__(self, source: str, path: str, line: int, reason: str):
        super().__init__(f"{path}: line {line}: {reason} (strict mode: nothing of this file was imported)")
        self.source, self.path, self.line, self.reason = source, path, line, reason


# -- limits: a time budget per file, gzip bombs and damage, long lines ---------------------------------

_BUDGET: contextvars.ContextVar["_TimeBudget | None"] = contextvars.ContextVar("import_budget", default=None)


class _TimeBudget:
    """Interrupts the running DuckDB statement once ``seconds`` have passed (DuckDB statements can be
    interrupted from another thread; Python loops check ``check_budget`` between chunks)."""

    def __init__(self, con, seconds: float):
        self.con, self.seconds = con, seconds
        self.deadline = time.monotonic() + seconds
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        self.con.interrupt()

    def disarm(self) -> None:
        self.timer.cancel()
        if self.timer.is_alive():
            self.timer.join()


def _timeout_error(path, seconds: float) -> ImportFileError:
    return ImportFileError(f"{path}: timeout: reading and checking the file took over the {seconds:g}-second "
                           "budget per file (import_seconds_per_file); nothing of it was written")


@contextmanager
def time_budget(db, path, seconds: float | None = None) -> Iterator[None]:
    """Give one file's import ``seconds`` (default ``import_seconds_per_file``) to read and check
    its rows; past that the import stops with a ``timeout`` ImportFileError and writes nothing.

    ``load`` disarms the budget before its first write, so a timeout never leaves half a file.
    """
    seconds = _limits.current().import_seconds_per_file if seconds is None else seconds
    budget = _TimeBudget(db.con, seconds)
    token = _BUDGET.set(budget)
    budget.timer.start()
    try:
        yield
    except duckdb.InterruptException:
        if not budget.fired:
            raise
        cleanup(db.con)
        raise _timeout_error(path, seconds) from None
    finally:
        budget.disarm()
        _BUDGET.reset(token)


def check_budget(path) -> None:
    """Raise the ``timeout`` error when the current file's budget is spent (for Python loops)."""
    budget = _BUDGET.get()
    if budget is not None and (budget.fired or time.monotonic() > budget.deadline):
        budget.disarm()
        budget.fired = True
        raise _timeout_error(path, budget.seconds)


def _disarm_budget(path) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.disarm()
        if budget.fired:
            raise _timeout_error(path, budget.seconds)


_TEMP_FILES: list[str] = []


def checked_source(path: Path | str, limits: _limits.Limits | None = None) -> tuple[Path, list]:
    """The file to read for ``path`` and the rejects its compression adds.

    A ``.gz`` is scanned first (``ingest.compressed.scan_gzip``): a decompression bomb raises
    ``ImportFileError``; a damaged stream (truncated, corrupt) has its readable whole lines written
    to a temporary file, which is read instead, with one ``bad-gzip`` reject after the last of
    them. Any other file is read as it is.
    """
    path = Path(path)
    if not str(path).lower().endswith(".gz"):
        return path, []
    limits = limits or _limits.current()
    kw = dict(max_bytes=limits.import_max_decompressed_bytes, max_ratio=limits.max_compression_ratio,
              ratio_floor=limits.ratio_floor_bytes)
    with open(path, "rb") as handle:
        scan = scan_gzip(handle, **kw)
    if scan.reason is None:
        return path, []
    if scan.reason == "decompression-bomb":
        raise ImportFileError(f"{path}: decompression-bomb: the file {scan.detail}; not imported")
    fd, name = tempfile.mkstemp(prefix="allegiance-import-", suffix=".txt")
    _TEMP_FILES.append(name)
    with os.fdopen(fd, "wb") as sink, open(path, "rb") as handle:
        tail = bytearray()

        def write(piece: bytes) -> None:
            tail.extend(piece)
            cut = tail.rfind(b"\n") + 1
            if cut:
                sink.write(tail[:cut])
                del tail[:cut]

        scan = scan_gzip(handle, sink=write, **kw)
    with open(name, "rb") as kept:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: kept.read(1 << 20), b""))
    reject = (lines + 1, f"bad-gzip: the compressed file is damaged after line {lines} ({scan.detail}); "
                         "the whole lines before the damage were kept", None)
    return Path(name), [reject]


@dataclass
class ImportReport:
    """What one import did. ``read`` = inserted + present + rejected."""

    format: str
    path: str
    read: int = 0
    inserted: int = 0
    present: int = 0
    rejected: int = 0
    reasons: Counter = field(default_factory=Counter)   # reason code → rows
    tables: Counter = field(default_factory=Counter)    # table → rows inserted
    files: int = 0
    seconds: float = 0.0

    def add(self, other: "ImportReport") -> "ImportReport":
        for name in ("read", "inserted", "present", "rejected", "files", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reasons.update(other.reasons)
        self.tables.update(other.tables)
        return self


def open_text(path: Path | str):
    """The file as UTF-8 text, gzip-compressed or not (DuckDB reads ``.gz`` itself)."""
    if str(path).lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    return open(path, encoding="utf-8", errors="replace", newline="")


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def max_line_size() -> int:
    return _limits.current().import_max_line_bytes


def raw_reader(path: Path | str) -> str:
    """A read_csv call yielding one VARCHAR ``raw`` per physical line (blank lines as NULL).

    No quoting, so nothing spans lines; bad UTF-8 lines and lines over ``import_max_line_bytes``
    go to the rejects table ``_imp_enc``.
    """
    return (f"read_csv({sql_str(str(path))}, columns={{'raw': 'VARCHAR'}}, delim={sql_str(_SEP)}, quote='', "
            f"escape='', header=false, auto_detect=false, strict_mode=false, max_line_size={max_line_size()}, "
            "store_rejects=true, rejects_table='_imp_enc', rejects_scan='_imp_enc_scan')")


def _line_reject(error_type: str, message: str, raw: str | None) -> tuple[str, str | None]:
    """(reason, raw to keep) for a line DuckDB's reader refused."""
    if error_type == "LINE SIZE OVER MAXIMUM":
        return (f"line-too-long: {' '.join(message.split())} (import_max_line_bytes)",
                raw[:1000] + "..." if raw and len(raw) > 1000 else raw)
    if error_type == "INVALID ENCODING":
        return "bad-encoding: not UTF-8 text", raw
    return f"malformed: {' '.join(message.split())}", raw


def stage_lines(con, path: Path | str, checked: list | None = None) -> list[tuple[int, str, str]]:
    """Read the file's lines into view ``_imp_phys(line, raw)``; return the lines DuckDB could not
    decode, or that are too long, as (line, reason, raw).

    DuckDB keeps insertion order, so the n-th stored row is the n-th readable line; lines it could
    not decode are put back into the count, so every line number is the physical one. A ``.gz``
    goes through ``checked_source`` first, unless ``checked`` says the caller did that already
    (it then holds the rejects of that check).
    """
    if checked is None:
        cleanup(con)
        path, checked = checked_source(path)
    else:
        _drop_staging(con)
    try:
        con.execute(f"CREATE TEMP TABLE _imp_raw AS SELECT raw FROM {raw_reader(path)}")
    except (duckdb.InvalidInputException, duckdb.IOException) as err:
        raise ImportFileError(f"{path}: the file cannot be read as lines of text "
                              f"({' '.join(str(err).splitlines()[0].split())})") from None
    bad = con.execute("SELECT line, error_type, error_message, csv_line FROM _imp_enc ORDER BY line").fetchall()
    if bad:  # the n-th kept row comes after every undecodable i-th line (1-based) with line_i - i < n
        con.execute("CREATE TEMP TABLE _imp_gap AS SELECT line - row_number() OVER (ORDER BY line) AS g FROM _imp_enc")
        con.execute("CREATE TEMP VIEW _imp_phys AS SELECT r.rowid + 1 + (SELECT count(*) FROM _imp_gap p "
                    "WHERE p.g < r.rowid + 1) AS line, r.raw FROM _imp_raw r")
    else:
        con.execute("CREATE TEMP VIEW _imp_phys AS SELECT rowid + 1 AS line, raw FROM _imp_raw")
    return [(int(line), *_line_reject(kind, message, raw)) for line, kind, message, raw in bad] + list(checked)


def stage_csv(con, path: Path | str, delim: str = ",") -> tuple[list[str], list]:
    """Parse a quoted CSV with a header into view ``_imp_rows(line, <columns as VARCHAR>)``.

    Returns the header's column names and the rows DuckDB's parser refused (line, reason, raw).
    DuckDB counts a quoted value that spans lines as one line and skips blank lines; the line
    numbers here are the physical ones, recovered from the quote parity of the raw lines.
    """
    cleanup(con)
    given = path
    path, checked = checked_source(path)
    with open_text(path) as handle:
        first = handle.readline(max_line_size() + 1)
    try:
        header = next(csv.reader([first], delimiter=delim), [])
    except csv.Error as err:
        raise ImportFileError(f"{given}: the first line is not a CSV header ({err})") from None
    if "\x00" in first:
        raise ImportFileError(f"{given}: the header holds NUL bytes: a binary file, or text in UTF-16 or UTF-32; "
                              "re-encode it as UTF-8")
    header = [name.strip().lstrip("\ufeff") or f"column{i + 1}" for i, name in enumerate(header)]
    if (not first.strip() or len({name.lower() for name in header}) != len(header)
            or any(name.lower() in RESERVED for name in header)):
        raise ImportFileError(f"{given}: the first line is not a header of distinct column names (names that differ "
                              f"only in case are the same), none of them {' or '.join(sorted(RESERVED))}")
    columns = "{" + ", ".join(f"{sql_str(name)}: 'VARCHAR'" for name in header) + "}"
    rejects = stage_lines(con, path, checked)
    try:
        con.execute(f"""CREATE TEMP TABLE _imp_parsed AS SELECT * FROM read_csv({sql_str(str(path))}, header=true,
            columns={columns}, delim={sql_str(delim)}, quote='"', escape='"', auto_detect=false,
            max_line_size={max_line_size()}, store_rejects=true, rejects_table='_imp_rej',
            rejects_scan='_imp_rej_scan')""")
    except (duckdb.InvalidInputException, duckdb.ConversionException) as err:
        # the parser gives up on the file as a whole (rows it merely refuses are rejects)
        raise ImportFileError(f"{given}: DuckDB's CSV reader cannot read the file "
                              f"({' '.join(str(err).splitlines()[0].split())}); is it UTF-8 CSV?") from None
    refused = con.execute("SELECT count(*) FROM _imp_rej").fetchone()[0]
    odd, blank = con.execute("""SELECT count(*) FILTER ((len(raw) - len(replace(raw, '"', ''))) % 2 = 1),
        count(*) FILTER (coalesce(raw, '') = '' AND line > 1) FROM _imp_phys""").fetchone()
    if not (refused or odd or blank or rejects):  # the usual file: record n is on line n + 1
        con.execute("CREATE TEMP VIEW _imp_rows AS SELECT rowid + 2 AS line, * FROM _imp_parsed")
        return header, rejects
    # Physical lines that start a record, numbered the way DuckDB numbers its lines (blank lines
    # count, lines inside a quoted value do not). A value spans lines only after a line with an
    # odd number of quote marks.
    parity = ("coalesce(sum(len(raw) - len(replace(raw, '\"', ''))) OVER (ORDER BY line ROWS BETWEEN "
              "UNBOUNDED PRECEDING AND 1 PRECEDING), 0) % 2 = 1" if odd else "false")
    con.execute(f"""CREATE TEMP TABLE _imp_starts AS
        WITH parity AS (SELECT line, raw, {parity} AS cont FROM _imp_phys),
        counted AS (SELECT line, raw, cont, line - {"sum(cont::INTEGER) OVER (ORDER BY line)" if odd else "0"} AS record
                    FROM parity)
        SELECT line, raw, record FROM counted WHERE NOT cont""")
    rejects += [(int(line), f"malformed: {message}", raw) for line, message, raw in con.execute(
        "SELECT s.line, min(r.error_message), s.raw FROM _imp_rej r JOIN _imp_starts s ON s.record = r.line "
        "GROUP BY s.line, s.raw ORDER BY s.line").fetchall()]
    con.execute("""CREATE TEMP TABLE _imp_good AS SELECT row_number() OVER (ORDER BY line) - 1 AS n, line
        FROM _imp_starts WHERE line > 1 AND coalesce(raw, '') <> '' AND record NOT IN (SELECT line FROM _imp_rej)""")
    con.execute("CREATE TEMP VIEW _imp_rows AS SELECT g.line, p.* FROM _imp_parsed p JOIN _imp_good g ON g.n = p.rowid")
    return header, rejects


#: Column names the staging views use themselves: a header may not have them.
RESERVED = frozenset({"line", "reason", "rowid"})


def pick(header: list[str], *names: str, required: str | None = None) -> str | None:
    """The first of ``names`` present in ``header`` (case-insensitive), quoted for SQL."""
    lower = {name.lower(): name for name in header}
    for name in names:
        if name.lower() in lower:
            return ident(lower[name.lower()])
    if required:
        raise ImportFileError(f"{required}: no column named {' or '.join(names)} (columns: {', '.join(header)})")
    return None


def register_lookups(con) -> None:
    """Temp tables ``_codes(kind, key, iso3)`` (the country crosswalk) and ``_cameo``/``_plover``
    (the ontology), so importers harmonise codes with joins instead of Python calls per row.
    They are made once per connection (the tables they come from do not change while it runs)."""
    made = {name for name, in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary "
                                          "AND table_name IN ('_codes', '_cameo', '_plover')").fetchall()}
    if len(made) == 3:
        return
    frames = {
        "_codes": pd.DataFrame(codes.lookup_rows(), columns=["kind", "key", "iso3"]),
        "_cameo": pd.DataFrame([(c.code, c.name, c.goldstein, c.quad_class, c.plover)
                                for c in ontology.cameo_codes().values()],
                               columns=["code", "name", "goldstein", "quad_class", "plover"]),
        "_plover": pd.DataFrame([(p.type, p.quad_class, p.intensity) for p in ontology.plover_types().values()],
                                columns=["type", "quad_class", "intensity"]),
    }
    for name, frame in frames.items():
        con.register("_frame", frame)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _frame")
        finally:
            con.unregister("_frame")


def load(db, *, source: str, path: Path | str, table: str, key: list[str], rows_sql: str,
         report: ImportReport, progress: Progress | None = None, rejects: list | None = None,
         label: str | None = None, strict: bool = False) -> ImportReport:
    """Insert the rows of ``rows_sql`` (columns ``line``, ``reason`` and the table's) into ``table``;
    record rows with a reason, and repeats of a key within the file, in ``import_rejects`` with
    their raw line from ``_imp_phys``.

    Rows whose key is already in the table are counted as present and left as they are, so the
    first import of a key wins and a repeated import changes nothing. Tables with a primary key
    take ``INSERT OR IGNORE``; the others (``events`` among them) an anti-join on the key, which
    keeps bulk loads free of index upkeep.

    ``strict=True`` raises ``RejectedRow`` for the first reject (by line) before anything is
    written. The file's time budget (``time_budget``) ends here: writing is never interrupted.
    """
    con = db.con
    path = str(Path(path).resolve())
    keys = ", ".join(key)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _imp_cand AS {rows_sql}")
    # A key met twice in the file: the first good row wins, the others are rejects.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _imp_dups AS SELECT {keys}, min(line) AS first_line
        FROM _imp_cand WHERE reason IS NULL GROUP BY ALL HAVING count(*) > 1""")
    if con.execute("SELECT count(*) FROM _imp_dups").fetchone()[0]:
        match = " AND ".join(f"_imp_cand.{k} = d.{k}" for k in key)
        con.execute(f"""UPDATE _imp_cand SET reason = 'duplicate: same {keys} as line ' || d.first_line
            FROM _imp_dups d WHERE {match} AND _imp_cand.reason IS NULL AND _imp_cand.line > d.first_line""")
    columns = [name for name, in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = '_imp_cand' "
        "AND column_name NOT IN ('line', 'reason') ORDER BY ordinal_position").fetchall()]
    col_list = ", ".join(ident(c) for c in columns)
    rejects = list(rejects or [])
    if strict:
        first_bad = con.execute("SELECT line, reason FROM _imp_cand WHERE reason IS NOT NULL "
                                "ORDER BY line LIMIT 1").fetchall() + [(line, why) for line, why, _ in rejects]
        if first_bad:
            line, why = min(first_bad, key=lambda row: row[0])
            cleanup(con)
            raise RejectedRow(source, path, line, why)
    _disarm_budget(path)
    with db.transaction():
        if rejects:
            con.executemany("INSERT OR IGNORE INTO import_rejects VALUES (?, ?, ?, ?, ?)",
                            [(source, path, line, reason, raw) for line, reason, raw in rejects])
        con.execute("INSERT OR IGNORE INTO import_rejects SELECT ?, ?, c.line, c.reason, p.raw FROM _imp_cand c "
                    "LEFT JOIN _imp_phys p ON p.line = c.line WHERE c.reason IS NOT NULL", [source, path])
    counts = Counter(reason.split(":", 1)[0] for _, reason, _ in rejects)
    counts.update(dict(con.execute("SELECT split_part(reason, ':', 1), count(*) FROM _imp_cand "
                                   "WHERE reason IS NOT NULL GROUP BY 1").fetchall()))
    good, first, last = con.execute("SELECT count(*), min(line), max(line) FROM _imp_cand "
                                    "WHERE reason IS NULL").fetchone()
    keyed = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? "
                        "AND constraint_type = 'PRIMARY KEY'", [table]).fetchone()[0]
    if keyed:
        insert = f"INSERT OR IGNORE INTO {table} ({col_list}) SELECT {col_list} FROM _imp_cand c WHERE"
    else:
        match = " AND ".join(f"t.{k} = c.{k}" for k in key)
        insert = (f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM _imp_cand c "
                  f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match}) AND")
    inserted = 0
    for start in range(first or 0, (last or -1) + 1, BATCH):
        with db.transaction():
            inserted += con.execute(f"{insert} c.reason IS NULL AND c.line >= ? AND c.line < ?",
                                    [start, start + BATCH]).fetchone()[0]
        if progress:
            done = con.execute("SELECT count(*) FROM _imp_cand WHERE reason IS NULL AND line < ?",
                               [start + BATCH]).fetchone()[0]
            progress(label or Path(path).name, done, good)
    if progress and not good:
        progress(label or Path(path).name, 0, 0)
    cleanup(con)
    rejected = sum(counts.values())
    report.read += good + rejected
    report.inserted += inserted
    report.present += good - inserted
    report.rejected += rejected
    report.reasons.update(counts)
    report.tables[table] += inserted
    report.files += 1
    return report


def ensure(db, *ddl: str) -> None:
    """Create the importer's tables (and the rejects table) if they are not there yet."""
    for statement in (REJECTS_DDL, *ddl):
        db.con.execute(statement)


def add_columns(db, table: str, columns: dict[str, str]) -> dict[str, str]:
    """Add the columns a file brings beyond the ones the importer knows; return each one's type in
    the table. A column an earlier file added as a number is widened when this file's values need
    it (BIGINT to DOUBLE, a number to VARCHAR), so no value is lost; values that still do not fit
    a column's type (one made by hand) are rejects (``when_not_type``), never a failed import."""
    existing = dict(db.con.execute("SELECT lower(column_name), data_type FROM information_schema.columns "
                                   "WHERE table_name = ? AND table_schema = 'main'", [table]).fetchall())
    types = {}
    for name, kind in columns.items():
        have = existing.get(name.lower())
        if have is None:
            db.con.execute(f"ALTER TABLE {table} ADD COLUMN {ident(name)} {kind}")
            have = kind
        elif have in ("BIGINT", "DOUBLE") and kind in ("BIGINT", "DOUBLE", "VARCHAR") and kind != have:
            wider = "DOUBLE" if {have, kind} == {"BIGINT", "DOUBLE"} else "VARCHAR"
            if wider != have:
                db.con.execute(f"ALTER TABLE {table} ALTER COLUMN {ident(name)} SET DATA TYPE {wider}")
                have = wider
        types[name] = have
    return types


def when_not_type(expr: str, name: str, kind: str) -> str | None:
    """A check for a value that does not fit its column's type (None for VARCHAR: everything fits)."""
    if kind == "VARCHAR":
        return None
    label = name.replace("'", "''")
    return (f"WHEN nullif(trim({expr}), '') IS NOT NULL AND {cast(expr, kind)} IS NULL "
            f"THEN 'bad-value: {label} ' || {_quoted(expr)} || ' is not {kind}, the type of the column'")


_VIEWS = ("_imp_rows", "_imp_phys")
_TABLES = ("_imp_cand", "_imp_dups", "_imp_fields", "_imp_ent", "_imp_rel", "_imp_parsed", "_imp_starts",
           "_imp_good", "_imp_gap", "_imp_raw", "_imp_rej", "_imp_rej_scan", "_imp_enc", "_imp_enc_scan")


def cleanup(con) -> None:
    """Drop the staging tables of the last import (they are temporary: a crash leaves nothing)
    and the temporary files of damaged ``.gz`` inputs."""
    _drop_staging(con)
    _remove_temp_files()


def _drop_staging(con) -> None:
    con.execute("; ".join([f"DROP VIEW IF EXISTS {name}" for name in _VIEWS]
                          + [f"DROP TABLE IF EXISTS {name}" for name in _TABLES]))


@atexit.register
def _remove_temp_files() -> None:
    while _TEMP_FILES:
        with contextlib.suppress(OSError):
            os.unlink(_TEMP_FILES.pop())


def events_sql(inner: str, origin: str) -> str:
    """Complete the rows of ``inner`` into ``events`` rows.

    ``inner`` gives line, reason, event_id, event_date, source_/target_ code, country, sector,
    text, ``cameo`` (a CAMEO code, or '---' when the source has none) and ``plover`` (a PLOVER type
    or NULL). The ontology fills name, Goldstein score, quad class, PLOVER type and intensity.
    """
    return f"""
    SELECT e.line,
           coalesce(e.reason,
                    CASE WHEN e.cameo <> '---' AND c.code IS NULL
                         THEN 'unknown-cameo: ' || e.cameo || ' is not a CAMEO 1.1b3 code' END,
                    CASE WHEN coalesce(c.quad_class, p.quad_class) IS NULL
                         THEN 'unknown-event: no CAMEO code or PLOVER type to classify the event' END) AS reason,
           e.event_id, {sql_str(origin)} AS origin, NULL::VARCHAR AS article_id, NULL::INTEGER AS sent_index,
           NULL::INTEGER AS start_char, NULL::INTEGER AS end_char, e.event_date::DATE AS event_date,
           'article' AS date_basis,
           e.source_code, e.source_country, e.source_sector, e.source_text,
           CASE WHEN e.source_country IS NOT NULL THEN 'state:' || e.source_country END AS source_kb_id,
           e.target_code, e.target_country, e.target_sector, e.target_text,
           CASE WHEN e.target_country IS NOT NULL THEN 'state:' || e.target_country END AS target_kb_id,
           e.cameo, c.name AS cameo_name, c.goldstein, coalesce(c.quad_class, p.quad_class) AS quad_class,
           coalesce(e.plover, c.plover) AS plover, p.intensity, 'asserted' AS modality, false AS mirrored,
           NULL::VARCHAR AS trigger, NULL::VARCHAR AS block
    FROM ({inner}) e
    LEFT JOIN _cameo c ON c.code = e.cameo
    LEFT JOIN _plover p ON p.type = coalesce(e.plover, c.plover)"""


# -- row checks, as SQL: each gives "WHEN <problem> THEN '<code>: <what>'" for a CASE ------------

def _quoted(expr: str) -> str:
    return f"'''' || {expr} || ''''"


def when_missing(expr: str, name: str) -> str:
    return f"WHEN nullif(trim({expr}), '') IS NULL THEN 'missing: {name} is empty'"


_INT = "'^[+-]?[0-9]+(\\.0*)?$'"


def when_not_int(expr: str, name: str) -> str:
    return (f"WHEN nullif(trim({expr}), '') IS NOT NULL AND NOT regexp_matches(trim({expr}), {_INT}) "
            f"THEN 'bad-value: {name} ' || {_quoted(expr)} || ' is not a whole number'")


def when_not_number(expr: str, name: str) -> str:
    return (f"WHEN nullif(trim({expr}), '') IS NOT NULL AND TRY_CAST(trim({expr}) AS DOUBLE) IS NULL "
            f"THEN 'bad-value: {name} ' || {_quoted(expr)} || ' is not a number'")


def when_not_flag(expr: str, name: str) -> str:
    return (f"WHEN nullif(trim({expr}), '') IS NOT NULL AND trim({expr}) NOT IN ('0', '1') "
            f"THEN 'bad-value: {name} ' || {_quoted(expr)} || ' is not 0 or 1'")


def reason(*whens: str) -> str:
    """A CASE giving the first problem of a row, or NULL for a good row."""
    return "CASE " + " ".join(whens) + " END" if whens else "NULL::VARCHAR"


def as_int(expr: str) -> str:
    return f"TRY_CAST(trim({expr}) AS BIGINT)"


def as_number(expr: str) -> str:
    return f"TRY_CAST(trim({expr}) AS DOUBLE)"


def infer_types(con, table: str, columns: list[str]) -> dict[str, str]:
    """SQL types for VARCHAR columns of a staged file: BIGINT if every value is a whole number,
    DOUBLE if every value is a number, else VARCHAR (for columns the importer does not know)."""
    if not columns:
        return {}
    parts = []
    for column in columns:
        q = ident(column)
        present = f"nullif(trim({q}), '') IS NOT NULL"
        parts.append(f"count({q}) FILTER (WHERE {present} AND NOT regexp_matches(trim({q}), {_INT}))")
        parts.append(f"count({q}) FILTER (WHERE {present} AND TRY_CAST(trim({q}) AS DOUBLE) IS NULL)")
    counts = con.execute(f"SELECT {', '.join(parts)} FROM {table}").fetchone()
    return {column: "BIGINT" if counts[2 * i] == 0 else "DOUBLE" if counts[2 * i + 1] == 0 else "VARCHAR"
            for i, column in enumerate(columns)}


def cast(expr: str, kind: str) -> str:
    if kind == "VARCHAR":
        return f"nullif({expr}, '')"
    return {"BIGINT": as_int(expr), "DOUBLE": as_number(expr)}.get(kind, f"TRY_CAST(trim({expr}) AS {kind})")


def name_key_sql(expr: str) -> str:
    """SQL twin of ``kb.codes.name_key``: the join key for country names in ``_codes``."""
    return (f"lower(strip_accents(trim(regexp_replace(replace(replace({expr}, '_', ' '), '\u2019', ''''), "
            f"'\\s+', ' ', 'g'))))")


def join_names(expr: str, alias: str, source: str = "_imp_rows") -> str:
    """``LEFT JOIN`` giving ``{alias}.iso3`` for the country name in ``expr``; the name key is
    computed once per distinct name, not once per row."""
    return (f"LEFT JOIN (SELECT d.v, c.iso3 FROM (SELECT DISTINCT {expr} AS v FROM {source}) d "
            f"JOIN _codes c ON c.kind = 'name' AND c.key = {name_key_sql('d.v')}) {alias} ON {alias}.v = {expr}")
