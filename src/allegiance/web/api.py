"""The JSON API under ``/api/``: the same data the pages show, for scripts and notebooks."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request

from starlette.concurrency import run_in_threadpool

from . import measures, params, queries
from .store import MISSING

router = APIRouter(prefix="/api", tags=["read"])


async def fetch(request: Request, function, *args):
    """``function(cursor, *args)`` through the store's cache (arguments are checked and hashable).

    A cached answer is returned on the event loop; only a miss goes to the thread pool to query
    DuckDB, so a busy server does not spend a thread hop on answers it already has."""
    store = request.app.state.store
    key = (function.__module__, function.__qualname__, args)
    hit = store.lookup(key)
    if hit is not MISSING:
        return hit
    return await run_in_threadpool(store.cached, key, lambda con: function(con, *args))


async def article_or_404(request: Request, article_id: str) -> dict:
    """The article with everything in it, for the API and the article page alike."""
    found = await fetch(request, queries.article, params.article_id(article_id))
    if found is None:
        raise HTTPException(404, "no such article")
    return found


@router.get("/overview", summary="Corpus totals, events by quad class per month, top dyads")
async def overview(request: Request):
    return await fetch(request, queries.overview)


@router.get("/dyads/{dyad}/events", summary="Events of a dyad (either direction) with their sentences")
async def dyad_events(request: Request, dyad: str, since: str | None = None, until: str | None = None,
                plover: str | None = None, modality: str | None = None, origin: str | None = None,
                limit: int = Query(500, ge=1, le=5000)):
    a, b = params.dyad(dyad)
    f = params.event_filter(since, until, plover, modality, origin)
    events = await fetch(request, queries.dyad_events, a, b, f, limit)
    return {"dyad": f"{a}-{b}", "filters": f.as_query(), "events": events}


@router.get("/dyads/{dyad}/series", summary="Dyad series per period and the alliance index by year")
async def dyad_series(request: Request, dyad: str, by: str = "month", since: str | None = None, until: str | None = None,
                modality: str | None = None, origin: str | None = None):
    a, b = params.dyad(dyad)
    f = params.event_filter(since, until, None, modality, origin)
    by = params.period(by)
    return {"dyad": f"{a}-{b}", "by": by, "series": await fetch(request, measures.series, a, b, f, by),
            "index": await fetch(request, measures.index, a, b)}


@router.get("/actors/{code}", summary="An actor's partners and its stance over time")
async def actor(request: Request, code: str, by: str = "year"):
    code, by = params.code(code), params.period(by)
    summary = await fetch(request, queries.actor_summary, code)
    if summary is None:
        raise HTTPException(404, f"no events or mentions of {code}")
    return {"code": code, "summary": summary, "partners": await fetch(request, queries.actor_partners, code),
            "stance": await fetch(request, queries.actor_stance, code, by)}


@router.get("/articles/{article_id}", summary="An article with its events, claims, quotes, figures and verdicts")
async def article(request: Request, article_id: str):
    return await article_or_404(request, article_id)


@router.get("/search", summary="Articles and sentences containing q; actor codes starting with it")
async def search(request: Request, q: str = ""):
    q = params.query(q)
    if not q:
        raise HTTPException(400, "give a search text in q")
    return await fetch(request, queries.search, q)
