"""The dashboard's app factory: routes, error pages and hardening around one database."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import api, pages, static_files, writes
from .coding import RecycledWorker
from .security import RateLimit, SecurityHeaders, SizeLimits
from .store import Store

MAX_BODY = 1 << 20   # 1 MiB
MAX_URL = 4096       # bytes of path and query string
#: Threads that run routes and DuckDB queries (the default pool has 40). Queries share the
#: machine's cores anyway; more threads only add memory (each keeps its own malloc arena and
#: stack) without answering sooner.
THREADS = 8


def create_app(db_path: str | Path, *, allow_writes: bool = False, token: str | None = None, rate: float = 1000.0,
               burst: float | None = None, max_body: int = MAX_BODY, max_url: int = MAX_URL) -> FastAPI:
    """The dashboard over ``db_path``, read-only unless ``allow_writes`` (which needs ``token``).

    ``rate`` is requests per second per client address (0: no limit), ``burst`` the bucket size
    (default: one second's worth). Raises ``allegiance.store.DatabaseError`` for a missing or
    unusable database and ``ValueError`` for writes without a token.
    """
    if allow_writes and not token:
        raise ValueError("writes need a token: give --token or set ALLEGIANCE_TOKEN")
    if rate < 0:
        raise ValueError("rate must be 0 (no limit) or more requests per second")
    store = Store(db_path, writable=allow_writes)
    app = FastAPI(title="allegiance dashboard", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only JSON API over an allegiance database: events, dyads, actors, "
                              "articles with their verification verdicts.")
    app.state.store, app.state.token, app.state.allow_writes = store, token, allow_writes
    app.include_router(api.router)
    if allow_writes:
        app.state.coder = RecycledWorker()
        app.router.on_shutdown.append(app.state.coder.close)
        app.include_router(writes.router)
    app.include_router(static_files.router)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.router.on_startup.append(_limit_threads)
    app.router.on_shutdown.append(store.close)
    # the last added runs first: headers on every answer, then size limits, then the rate limit
    app.add_middleware(RateLimit, rate=rate, burst=burst)
    app.add_middleware(SizeLimits, max_body=max_body, max_url=max_url)
    app.add_middleware(SecurityHeaders)
    return app


async def _limit_threads() -> None:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def _http_error(request: Request, error: HTTPException):
    """JSON for the API, a page for a browser; the message is escaped by the template."""
    if _wants_json(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
    return pages.render("error.html", status_code=error.status_code, title=f"Error {error.status_code}",
                        status=error.status_code, message=str(error.detail))


async def _validation_error(request: Request, error: RequestValidationError):
    messages = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in error.errors())
    if _wants_json(request):
        return JSONResponse({"detail": messages}, status_code=422)
    return pages.render("error.html", status_code=422, title="Error 422", status=422, message=messages)
