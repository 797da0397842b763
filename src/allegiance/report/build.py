"""Assemble a brief from a database: scope, sections, summary, method and sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..relations.index import DEFAULT_WEIGHTS
from . import evidence, sections
from .citations import Citations, DatasetRef
from .model import Brief, Cell, Chart, Paragraph, Section, Statement, Table, Thin
from .scope import Scope, actor_name, check_code, parse_dyad, window_start



#: Below these counts the summary says the evidence is thin: a handful of event records, or
#: records that all come from one or two articles (one writer's reading is not a trend).
THIN_EVENTS = 5
THIN_ARTICLES = 3

def make_scope(con, focus: str, dyads: list[str] | tuple[str, ...] = (), since: str | None = None) -> Scope:
    newest = evidence.newest_date(con)
    return Scope(check_code(focus), tuple(parse_dyad(d) for d in dyads), window_start(since, newest), newest)


def build_brief(con, focus: str, dyads: list[str] | tuple[str, ...] = (), since: str | None = None) -> Brief:
    """Everything a brief says, as data; ``render`` turns it into HTML, Markdown or PDF."""
    scope = make_scope(con, focus, dyads, since)
    cites = Citations()
    all_events = evidence.focus_events(con, scope, window=False)
    events = evidence.focus_events(con, scope)
    articles = evidence.scope_articles(con, scope)
    ids = articles.article_id.tolist()
    quotes, claims = evidence.quotes(con, ids), evidence.claims(con, ids)

    body = [sections.stakeholders(all_events, scope, cites),
            sections.timeline(events, evidence.kept_apart(con, scope), scope, cites)]
    trends, index_facts = sections.data_and_trends(con, scope, all_events, cites)
    body.append(trends)
    body.append(sections.quotes(quotes, cites))
    body.append(sections.verification(claims, evidence.reliability(con, ids), cites))
    outlook, forecasts = sections.outlook(con, scope, cites)
    body.append(outlook)
    summary = _summary(scope, articles, events, claims, index_facts, forecasts, cites)
    method = _method(con, scope, articles, cites)
    _in_reading_order(cites, [summary, *body, method])
    name = actor_name(scope.focus)
    title = f"{name}: who stands with whom" + (f" ({', '.join(f'{a}–{b}' for a, b in scope.dyads)})" if scope.dyads else "")
    return Brief(title, scope.focus, name, list(scope.dyads), (scope.start, scope.end),
                 dt.datetime.now(dt.timezone.utc).replace(microsecond=0), [summary, *body, method], cites)


def _cite_lists(sections: list[Section]):
    """Every list of citation numbers, in the order a reader meets them."""
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield from (s.cites for s in block.statements)
            elif isinstance(block, Thin):
                yield block.cites
            elif isinstance(block, Chart):
                yield block.caption.cites
            elif isinstance(block, Table):
                yield from (cell.cites for row in block.rows for cell in row)


def _in_reading_order(cites: Citations, sections: list[Section]) -> None:
    """Sections are built in dependency order, not reading order: renumber the evidence so the
    first citation a reader meets is [1]."""
    lists = list(_cite_lists(sections))
    mapping = cites.renumber([n for numbers in lists for n in numbers])
    for numbers in {id(numbers): numbers for numbers in lists}.values():  # a list may be shared
        numbers[:] = sorted({mapping[n] for n in numbers})


def _summary(scope: Scope, articles: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame,
             index_facts: dict, forecasts: dict, cites: Citations) -> Section:
    section = Section("summary", "Summary")
    name = actor_name(scope.focus)
    statements = []
    scope_ref = cites.cite(DatasetRef(f"articles:{scope.focus}", f"articles table: coded, non-duplicate articles "
                                                                 f"mentioning {scope.focus}"))
    if articles.empty:
        section.blocks.append(Thin(f"No stored article mentions {name}; there is nothing to brief on."))
    else:
        dates = articles.date.dropna()
        first, last = (evidence.day_text(min(dates)), evidence.day_text(max(dates))) if len(dates) else (None, None)
        span = (", none of them dated" if first is None else
                f", dated {first}" if first == last else f", dated {first} to {last}")
        if 0 < len(dates) < len(articles):
            span += f" ({len(articles) - len(dates)} undated)"
        statements.append(Statement(f"{len(articles)} coded article(s) mention {name}{span}.", [scope_ref]))
    if not events.empty:
        ref = cites.cite(DatasetRef(f"events:{scope.focus}", f"events table: asserted events with {scope.focus} "
                                                             "on either side (every row, mentions counted)"))
        window = f" since {scope.start}" if scope.start else ""
        statements.append(Statement(f"{len(events)} asserted event record(s) involve {name}{window}; the newest, "
                                    f"{sections._event_phrase(events.iloc[0])}, is dated {events.iloc[0].event_date:%Y-%m-%d}.",
                                    [ref, *sections._cite_row(cites, events.iloc[0].to_dict())]))
        table = sections.stakeholder_table(events, scope)
        if not table.empty:
            top = table.iloc[0]
            refs = sorted({n for r in top.rows.head(3).to_dict("records") for n in sections._cite_row(cites, r)})
            stance = ("" if pd.isna(top.stance) else
                      f", with a mean Goldstein score of {top.stance:+.1f} toward {name}")
            statements.append(Statement(f"The actor most often involved with {name} is {actor_name(top.partner)} "
                                        f"({int(top.events)} event(s){stance}).", refs))
    for (a, b), fact in index_facts.items():
        frame = fact["index"]
        last = frame.iloc[-1]
        statements.append(Statement(f"The {a}–{b} alliance index stands at {last['index']:.3f} for {int(last.year)} "
                                    f"(lowest {frame['index'].min():.3f}, highest {frame['index'].max():.3f} over "
                                    f"{int(frame.year.min())}–{int(frame.year.max())}).", fact["refs"]))
    flagged = claims[claims.verdict == "contradicted"] if not claims.empty else claims
    if len(flagged):
        names = sorted({str(c) for c in flagged.claim})
        refs = sorted({n for r in flagged.to_dict("records") for n in sections._cite_row(cites, r)})
        statements.append(Statement(f"{len(flagged)} office claim(s) are contradicted by the record of office "
                                    f"holders: {', '.join(names)}.", refs))
    for (a, b), result in forecasts.items():
        s = result.summary
        if s.get("forecasts"):
            better = "beats" if s["model_crps"] < s["persistence_crps"] else "does not beat"
            statements.append(Statement(f"The {a}–{b} forecast model {better} persistence in its backtest "
                                        f"(CRPS {s['model_crps']:.2f} against {s['persistence_crps']:.2f}).",
                                        [cites.cite(DatasetRef(f"forecast:{a}-{b}", f"forecast backtest for {a}-{b} "
                                                               f"({result.data})"))]))
    if statements:
        section.blocks.append(Paragraph(statements))
    sources = events.article_id.nunique() if "article_id" in events else 0
    if len(events) < THIN_EVENTS or sources < THIN_ARTICLES:
        section.blocks.append(Thin(f"The evidence is thin: {len(events)} asserted event record(s) from {sources} "
                                   f"article(s) involve {name}" + (f" since {scope.start}" if scope.start else "")
                                   + ". Read the sections below as a record of what was said, not as a trend."))
    return section


def _method(con, scope: Scope, articles: pd.DataFrame, cites: Citations) -> Section:
    section = Section("method", "Method and sources")
    section.blocks.append(Paragraph([
        Statement("Events are coded per sentence by allegiance's spaCy-based coder into CAMEO (with Goldstein "
                  "score and quad class) and PLOVER; only events asserted as having happened are counted, and "
                  "negated, hypothetical and future statements are kept apart."),
        Statement("Office claims are checked against the dated office holders of allegiance's knowledge base; "
                  "quotes and figures are checked for corroboration by other stored articles."),
        Statement("Dyad counts use distinct events: rows that share actors and event type within a short date "
                  "window count once, every mention kept as evidence."),
        Statement(f"The alliance index weights its components {', '.join(f'{k} {v}' for k, v in DEFAULT_WEIGHTS.items())}, "
                  "renormalised over the components present each year, with a 95% bootstrap interval over events; "
                  "forecasts come from a count model scored against persistence by a rolling-origin backtest."),
    ]))
    if scope.start:
        section.blocks.append(Paragraph([Statement(
            f"Window: events from {scope.start} to {scope.end} (the newest date stored); stakeholders and charts use "
            "the whole history so that changes show.")]))
    if not articles.empty:
        rows = [[Cell(r.title or "(untitled)"), Cell(evidence.day_text(r.date)),
                 Cell(r.source or (Path(r.origin).name if isinstance(r.origin, str) else "")),
                 Cell(r.url or r.article_id), Cell(str(r.sentences))] for r in articles.itertuples()]
        section.blocks.append(Table(["article", "date", "source", "link or id", "sentences"], rows,
                                    caption="Articles in scope (coded, not near-duplicates, mentioning the focus)."))
    tables = evidence.imported_tables(con)
    if tables:
        section.blocks.append(Table(["data", "rows"], [[Cell(evidence.DATASETS.get(k, k)), Cell(f"{n:,}")]
                                                      for k, n in tables.items()], caption="Data in the database."))
    else:
        section.blocks.append(Thin("No structured data (ATOP, UN votes, ICEWS) is imported; see 'allegiance import'."))
    return section
