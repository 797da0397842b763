"""``allegiance serve``: run the dashboard with uvicorn. Registered by ``allegiance.cli``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..store import DEFAULT_PATH, DatabaseError

err = Console(stderr=True)

#: Seconds uvicorn keeps an idle connection open.
KEEP_ALIVE = 30


def serve_command(
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.", show_default=True)] = Path(DEFAULT_PATH),
    host: Annotated[str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless behind a proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    rate: Annotated[float, typer.Option(min=0, help="Requests per second per client address; 0: no limit.")] = 1000.0,
    allow_writes: Annotated[bool, typer.Option("--allow-writes", help="Enable POST /api/articles (needs a token).")] = False,
    token: Annotated[str | None, typer.Option(help="Token for writes; default: $ALLEGIANCE_TOKEN.",
                                              show_default=False)] = None,
) -> None:
    """Serve the web dashboard and its JSON API over a database, read-only by default.

    Example: [bold]allegiance serve --db sample.duckdb --port 8000[/], then open http://127.0.0.1:8000/
    """
    import uvicorn

    from . import create_app

    token = token or os.environ.get("ALLEGIANCE_TOKEN") or None
    try:
        app = create_app(db, allow_writes=allow_writes, token=token, rate=rate)
    except (DatabaseError, ValueError) as error:
        err.print(f"[bold red]error:[/] {error}", soft_wrap=True, markup=True, highlight=False)
        raise typer.Exit(2) from None
    mode = "writes enabled (token required)" if allow_writes else "read-only"
    err.print(f"Serving {db} ({mode}) on http://{host}:{port}/", highlight=False)
    # idle connections are kept longer than clients keep theirs (httpx: 5 s), so a client never
    # sends a request on a connection the server is closing at that moment (a ReadError for it)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, timeout_keep_alive=KEEP_ALIVE)
