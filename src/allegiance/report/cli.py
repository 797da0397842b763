"""``allegiance brief``: the command function; ``allegiance.cli`` registers it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..store import DEFAULT_PATH, DatabaseError

err = Console(stderr=True)


def brief_command(
    focus: Annotated[str, typer.Option("--focus", help="The state (ISO3, e.g. KOR) or organisation the brief is about.",
                                       show_default=False)],
    out: Annotated[list[Path], typer.Option("--out", help="brief.html, brief.md or brief.pdf; repeat for several.",
                                            show_default=False)],
    dyad: Annotated[list[str] | None, typer.Option("--dyad", help="A dyad to chart, index and forecast (USA-KOR); "
                                                                  "repeat for several.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Window for recent developments: 6m, 2y, 30d, 12w "
                                                              "before the newest stored date, or YYYY-MM-DD.")] = None,
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.")] = Path(DEFAULT_PATH),
) -> None:
    """Write a brief on a focus state: summary, stakeholders, timeline, index and trend charts,
    quotes, verification, outlook, method and sources, every statement cited to a stored sentence
    or data set. HTML is one self-contained file; the PDF is rendered from it; Markdown keeps its
    charts in a folder beside it.

    Example: [bold]allegiance brief --db sample.duckdb --focus KOR --dyad USA-KOR --out brief.html --out brief.pdf[/]
    """
    from . import write_brief

    try:
        written = write_brief(db, focus, out, dyads=dyad or (), since=since)
    except (DatabaseError, ValueError) as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as error:  # e.g. --out names a folder, or one that cannot be written
        err.print(f"[bold red]error:[/] could not write the brief: {escape(str(error))}; choose another --out",
                  soft_wrap=True)
        raise typer.Exit(2) from None
    for path in written:
        print(f"Brief written to {path}")
