"""Upgrade a database file written by an older allegiance to the current schema version.

``allegiance migrate --db FILE`` (or ``migrate(path)``) copies the file to a backup beside it
(``FILE.v<old>.bak``), then runs the steps of ``MIGRATIONS`` from the file's version up to
``SCHEMA_VERSION`` in one transaction and records the new version in ``meta``. A step that fails
rolls the whole upgrade back: the file is as it was (and the backup, not needed, is removed). A file newer
than this allegiance, damaged, or not an allegiance database is refused with a one-line reason.

Version 0 is a database whose ``meta`` table lacks its ``schema_version`` row (made by hand, or
by a tool that copied the tables). Its step creates the tables it lacks and checks that every
table has the columns the current schema wants; when one does not, nothing is changed and the
message says to rebuild the file. Version 1 had a primary key on every coded table; its step
rebuilds those tables without one (see schema.sql for why), keeping every row. Version 2 lacked
the events' ``confidence`` column; its step adds it, empty. A future schema change adds
``MIGRATIONS[3]`` for 3 to 4, and so on.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from .database import DEFAULT_PATH, SCHEMA_VERSION, DatabaseError


def _schema_sql() -> str:
    return resources.files(__package__).joinpath("schema.sql").read_text("utf-8")


def _columns(con) -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                     "WHERE table_schema = 'main'").fetchall():
        columns.setdefault(table, set()).add(column)
    return columns


def _from_0(con) -> None:
    """Version 0 to 1: add the tables that are missing; refuse tables that lack columns."""
    wanted = duckdb.connect()
    wanted.execute(_schema_sql())
    expected = _columns(wanted)
    wanted.close()
    have = _columns(con)
    short = {table: sorted(columns - have[table]) for table, columns in expected.items()
             if table in have and columns - have[table]}
    if short:
        detail = "; ".join(f"{table} lacks {', '.join(cols)}" for table, cols in sorted(short.items()))
        raise DatabaseError(f"cannot upgrade from version 0: {detail}. Re-run 'allegiance run' on your inputs "
                            "into a new database file")
    con.execute(_schema_sql())


#: tables that lost their primary key in version 2
UNKEYED_IN_2 = ("sentences", "mentions", "events", "office_claims", "quotes", "figures", "verdicts")


def _from_1(con) -> None:
    """Version 1 to 2: rebuild the coded tables without their primary keys, rows unchanged."""
    for table in UNKEYED_IN_2:
        con.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
    con.execute(_schema_sql())  # CREATE TABLE IF NOT EXISTS: only the renamed tables are made anew
    for table in UNKEYED_IN_2:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}_v1")
        con.execute(f"DROP TABLE {table}_v1")


def _from_2(con) -> None:
    """Version 2 to 3: events gain the coder's confidence (null for events coded before it)."""
    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS confidence DOUBLE")


#: version n -> the step that takes a database from n to n + 1
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {0: _from_0, 1: _from_1, 2: _from_2}


@dataclass(frozen=True)
class Migration:
    path: str
    from_version: int
    to_version: int
    backup: str | None  # None when nothing had to change


def schema_version(con, path: str) -> int:
    """The version recorded in ``meta`` (0 when the row is missing), or a DatabaseError."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "meta" not in tables:
        raise DatabaseError(f"{path} is not an allegiance database (it has no meta table)")
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise DatabaseError(f"{path}: meta.schema_version is {row[0]!r}, not a version number") from None


def _connect(path: str):
    try:
        return duckdb.connect(path)
    except duckdb.Error as err:
        raise DatabaseError(f"{path} is not a usable DuckDB database ({str(err).splitlines()[0]})") from None


def _backup_name(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.v{version}.{number}.bak")
    return candidate


def migrate(path: str | Path) -> Migration:
    """Upgrade the database at ``path`` to ``SCHEMA_VERSION`` (see the module documentation)."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path}: no such database file")
    con = _connect(str(path))
    try:
        version = schema_version(con, str(path))
    except duckdb.Error as err:
        con.close()
        raise DatabaseError(f"{path} could not be read; the file looks damaged ({str(err).splitlines()[0]})") from None
    except DatabaseError:
        con.close()
        raise
    if version == SCHEMA_VERSION:
        con.close()
        return Migration(str(path), version, version, None)
    if version > SCHEMA_VERSION:
        con.close()
        raise DatabaseError(f"{path} has schema version {version}, newer than this allegiance (version "
                            f"{SCHEMA_VERSION}); upgrade allegiance to read it")
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        con.close()
        raise DatabaseError(f"{path}: no upgrade from schema version {missing[0]}; re-run 'allegiance run' "
                            "on your inputs into a new database file")
    con.close()  # a clean copy: everything checkpointed into the file
    backup = _backup_name(path, version)
    shutil.copy2(path, backup)
    con = _connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](con)
        con.execute("DELETE FROM meta WHERE key = 'schema_version'")
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except (DatabaseError, duckdb.Error) as err:
        con.execute("ROLLBACK")
        con.close()
        backup.unlink()  # rolled back: the file is as it was, the copy is not needed
        message = str(err) if isinstance(err, DatabaseError) else str(err).splitlines()[0]
        raise DatabaseError(f"{path}: the upgrade was rolled back and the file is unchanged: {message}") from None
    con.close()
    return Migration(str(path), version, SCHEMA_VERSION, str(backup))


def migrate_command(
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.", show_default=True)] = Path(DEFAULT_PATH),
) -> None:
    """Upgrade a database written by an older allegiance to this version's schema.

    A copy of the file is kept beside it (FILE.v<old>.bak) before anything changes, and the
    upgrade runs in one transaction: it completes or leaves the file as it was.

    Example: [bold]allegiance migrate --db corpus.duckdb[/]
    """
    from rich.console import Console
    from rich.markup import escape

    try:
        result = migrate(db)
    except DatabaseError as error:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(2) from None
    console = Console()
    if result.backup is None:
        console.print(f"{db} is at schema version {result.to_version} already; nothing to do.",
                      soft_wrap=True, highlight=False, markup=False)
    else:
        console.print(f"Upgraded {db} from schema version {result.from_version} to {result.to_version}; "
                      f"the old file is kept as {result.backup}.", soft_wrap=True, highlight=False, markup=False)
