"""The JSON API under ``/api/``: the same data the pages show, for scripts and notebooks."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request

from . import measures, params, queries

router = APIRouter(prefix="/api", tags=["read"])


def reader(request: Request):
    """A cursor of the app's database for this request (a context manager)."""
    return request.app.state.store.reader()


def article_or_404(request: Request, article_id: str) -> dict:
    """The article with everything in it, for the API and the article page alike."""
    article_id = params.article_id(article_id)
    with reader(request) as con:
        found = queries.article(con, article_id)
    if found is None:
        raise HTTPException(404, "no such article")
    return found


@router.get("/overview", summary="Corpus totals, events by quad class per month, top dyads")
def overview(request: Request):
    with reader(request) as con:
        return queries.overview(con)


@router.get("/dyads/{dyad}/events", summary="Events of a dyad (either direction) with their sentences")
def dyad_events(request: Request, dyad: str, since: str | None = None, until: str | None = None,
                plover: str | None = None, modality: str | None = None, origin: str | None = None,
                limit: int = Query(500, ge=1, le=5000)):
    a, b = params.dyad(dyad)
    f = params.event_filter(since, until, plover, modality, origin)
    with reader(request) as con:
        return {"dyad": f"{a}-{b}", "filters": f.as_query(), "events": queries.dyad_events(con, a, b, f, limit)}


@router.get("/dyads/{dyad}/series", summary="Dyad series per period and the alliance index by year")
def dyad_series(request: Request, dyad: str, by: str = "month", since: str | None = None, until: str | None = None,
                modality: str | None = None, origin: str | None = None):
    a, b = params.dyad(dyad)
    f = params.event_filter(since, until, None, modality, origin)
    with reader(request) as con:
        return {"dyad": f"{a}-{b}", "by": params.period(by), "series": measures.series(con, a, b, f, by),
                "index": measures.index(con, a, b)}


@router.get("/actors/{code}", summary="An actor's partners and its stance over time")
def actor(request: Request, code: str, by: str = "year"):
    code = params.code(code)
    with reader(request) as con:
        summary = queries.actor_summary(con, code)
        if summary is None:
            raise HTTPException(404, f"no events or mentions of {code}")
        return {"code": code, "summary": summary, "partners": queries.actor_partners(con, code),
                "stance": queries.actor_stance(con, code, params.period(by))}


@router.get("/articles/{article_id}", summary="An article with its events, claims, quotes, figures and verdicts")
def article(request: Request, article_id: str):
    return article_or_404(request, article_id)


@router.get("/search", summary="Articles and sentences containing q; actor codes starting with it")
def search(request: Request, q: str = ""):
    q = params.query(q)
    if not q:
        raise HTTPException(400, "give a search text in q")
    with reader(request) as con:
        return queries.search(con, q)
