"""The HTML pages: overview, dyad, actor, article and search.

Templates are rendered with autoescaping on; the only markup built in Python is the span-marked
text from ``spans.mark``, which escapes every piece itself. Charts travel as JSON data blocks.
"""

from __future__ import annotations

from importlib import resources

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..ontology import QUAD_NAMES, plover_types
from . import charts, measures, params, queries
from .api import article_or_404, fetch
from .spans import Span, mark

router = APIRouter(include_in_schema=False)

ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.files(__package__) / "templates")),
                         autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.globals.update(quad_names=QUAD_NAMES)
ENV.policies["json.dumps_kwargs"] = {"default": str, "sort_keys": False}  # dates in chart data as ISO text


def render(name: str, status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(**context), status_code=status_code)


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request):
    data = await fetch(request, queries.overview)
    return render("overview.html", title="Overview", data=data, quads_chart=charts.quads_over_time(data["quads_by_month"]))


@router.get("/dyad/{dyad}", response_class=HTMLResponse)
async def dyad(request: Request, dyad: str, since: str | None = None, until: str | None = None, plover: str | None = None,
         modality: str | None = None, origin: str | None = None, by: str = "month"):
    a, b = params.dyad(dyad)
    f = params.event_filter(since, until, plover, modality, origin)
    by = params.period(by)
    events = [{**e, "marked": _marked_sentence(e)} for e in await fetch(request, queries.dyad_events, a, b, f, 500)]
    series = await fetch(request, measures.series, a, b, f, by)
    index = await fetch(request, measures.index, a, b)
    choices = await fetch(request, queries.dyad_choices, a, b)
    components = [c["name"] for c in index["components"] if c["available"]]
    return render("dyad.html", title=f"{a}–{b}", a=a, b=b, f=f, by=by, events=events,
                  choices={**choices, "plover_all": list(plover_types()), "modality": queries.MODALITIES},
                  series_chart=charts.dyad_series(series, f"{a}–{b} by {by} (both directions)") if series else None,
                  index=index, index_chart=charts.alliance_index(index["rows"], components) if index["rows"] else None)


def _marked_sentence(event: dict):
    if event["sentence"] is None or event["start_char"] is None or event["sentence_start"] is None:
        return None
    label = f"{event['source_code']} {event['plover'] or event['cameo_name']} {event['target_code'] or ''}"
    return mark(event["sentence"], [Span(event["start_char"], event["end_char"], "event", label.strip())],
                offset=event["sentence_start"])


@router.get("/actor/{code}", response_class=HTMLResponse)
async def actor(request: Request, code: str, by: str = "year"):
    code, by = params.code(code), params.period(by)
    summary = await fetch(request, queries.actor_summary, code)
    if summary is None:
        raise HTTPException(404, f"no events or mentions of {code}")
    partners = await fetch(request, queries.actor_partners, code)
    stance = await fetch(request, queries.actor_stance, code, by)
    return render("actor.html", title=code, code=code, by=by, summary=summary, partners=partners,
                  partners_chart=charts.partners(partners, code) if partners else None,
                  stance_chart=charts.stance(stance, code) if stance else None)


@router.get("/article/{article_id}", response_class=HTMLResponse)
async def article(request: Request, article_id: str):
    found = await article_or_404(request, article_id)
    return render("article.html", title=found["title"] or article_id, a=found,
                  marked=mark(found["text"], article_spans(found)))


def article_spans(found: dict) -> list[Span]:
    """Spans of an article's events, quotes, office claims and figures, with verdicts as classes."""
    spans = [Span(e["start_char"], e["end_char"], "event",
                  f"event: {e['source_code']} {e['plover'] or e['cameo_name']} {e['target_code'] or ''} "
                  f"({e['modality']})") for e in found["events"] if e["start_char"] is not None]
    spans += [Span(x["start_char"], x["end_char"], x["block"], x["block"]) for x in found["sentences"]
              if x["block"] in ("heading", "caption")]
    for kind, items in (("claim", found["claims"]), ("quote", found["quotes"]), ("figure", found["figures"])):
        for item in items:
            verdict = item["verdict"] or "unchecked"
            spans.append(Span(item["start_char"], item["end_char"], f"{kind} {verdict}", f"{kind}: {verdict}"))
    return spans


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: str = ""):
    q = params.query(q)
    results = None
    if q:
        results = await fetch(request, queries.search, q)
    return render("search.html", title="Search", q=q, results=results)


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request):
    """A local list of the API's endpoints from the OpenAPI schema: the stock Swagger page loads its
    scripts from a CDN, which this dashboard never does."""
    schema = request.app.openapi()
    endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                  "parameters": [p["name"] for p in op.get("parameters", [])]}
                 for path, ops in schema["paths"].items() for method, op in ops.items()]
    return render("docs.html", title="API", endpoints=endpoints, version=schema["info"]["version"])
