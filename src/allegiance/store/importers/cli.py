"""The ``allegiance import FORMAT PATH`` command: a progress bar and a summary over ``import_path``.

Register it on the main Typer app with ``app.command("import")(import_command)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..database import DEFAULT_PATH, Database, DatabaseError
from . import FORMATS, ImportFileError, ImportReport, import_path

console = Console()
err = Console(stderr=True)


def import_command(
    format: Annotated[str, typer.Argument(metavar="FORMAT", show_default=False,
                                          help=f"One of: {', '.join(FORMATS)}.")],
    path: Annotated[Path, typer.Argument(metavar="PATH", show_default=False,
                                         help="A file, or a folder of files in that format.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.", show_default=True)] = Path(DEFAULT_PATH),
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first row or file that cannot be used, "
                                                          "writing nothing of that file.")] = False,
) -> None:
    """Import an event or relations data set into the database.

    A second import of the same file changes nothing. Rows that cannot be used are kept in import_rejects;
    with --strict the first one stops the import instead.

    Example: [bold]allegiance import icews-counts ../shared/data/icews_dyad_year_quadcounts.csv --db relations.duckdb[/]
    """
    if format not in FORMATS:
        raise typer.BadParameter(f"{format!r} is not a format; use one of {', '.join(FORMATS)}", param_hint="FORMAT")
    if not path.exists():
        raise typer.BadParameter(f"{path}: no such file or folder", param_hint="PATH")
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    try:
        with Database(db) as database, Progress(*columns, console=err, transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(label: str, done: int, total: int) -> None:
                if label not in tasks:
                    tasks[label] = bar.add_task(f"Importing {label}", total=total)
                bar.update(tasks[label], completed=done, total=total)

            report = import_path(database, format, path, progress, strict=strict)
    except (DatabaseError, ImportFileError) as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(2) from None
    print_report(report)
    if report.read == 0 and report.files:
        raise typer.Exit(1)


def print_report(report: ImportReport) -> None:
    console.print(f"Imported {report.format} from {report.path}: {report.files} file(s), {report.read:,} row(s) read "
                  f"in {report.seconds:.1f} s.", soft_wrap=True, highlight=False)
    console.print(f"  {report.inserted:,} inserted, {report.present:,} already present, {report.rejected:,} rejected.",
                  highlight=False)
    if report.tables:
        table = Table("table", "rows inserted")
        for name, rows in sorted(report.tables.items()):
            table.add_row(name, f"{rows:,}")
        console.print(table)
    if report.reasons:
        console.print("[bold]Rejected rows by reason[/] (details in the import_rejects table):")
        for reason, rows in report.reasons.most_common():
            console.print(f"  {reason}: {rows:,}", markup=False, highlight=False)
