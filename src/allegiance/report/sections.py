"""The sections of a brief, each built from what the database holds and nothing else.

Every statement carries the numbers of its evidence: a stored sentence for an event, quote or
claim, or a data set for a count or an index value. Where the data cannot support a section, the
section says so in a ``Thin`` block instead of filling the space.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ontology import QUAD_NAMES
from ..relations._db import MissingData, has_table
from ..relations.index import DEFAULT_WEIGHTS, combine, events_component, treaty_component, votes_component
from ..relations.series import Filters, dyad_series, event_units
from . import charts, evidence
from .citations import Citations, DatasetRef
from .model import Cell, Chart, Paragraph, Section, Statement, Table, Thin
from .scope import Scope, actor_name

TIMELINE_ROWS = 30
MIN_INDEX_EVENTS = 10  # coded events a dyad needs before an index rests on them alone
QUOTE_CHARS = 320
QUADS = ("verbal_coop", "matl_coop", "verbal_conf", "matl_conf")


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:+.{digits}f}" if value else f"{0:.{digits}f}"


def _cite_row(cites: Citations, row) -> list[int]:
    ref = evidence.sentence_ref(row)
    if ref is not None:
        return [cites.cite(ref)]
    origin = row.get("origin") if isinstance(row, dict) else getattr(row, "origin", None)
    return [cites.cite(DatasetRef(f"events:{origin}", f"events imported from {origin} (no stored sentence)"))]


def _event_phrase(row) -> str:
    target = actor_name(row.target_code) if isinstance(row.target_code, str) else "no named target"
    label = row.cameo_name or row.plover or row.cameo
    plover = f"{row.plover}, " if isinstance(row.plover, str) else ""
    return (f"{actor_name(row.source_code)} → {target}: {label} ({plover}CAMEO {row.cameo}, "
            f"Goldstein {row.goldstein:+.1f})")


# -- stakeholders -----------------------------------------------------------------------------------

def stakeholder_table(events: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Partners of the focus ranked by events involving both, with stance and its change.

    Stance is the mean Goldstein score of the partner's events directed at the focus. Its change
    compares the events before the window with those in it (``--since``), or, with no window, the
    earlier and later halves of the partner's dated events.
    """
    if events.empty:
        return pd.DataFrame()
    frame = events[~events.mirrored.astype(bool)].copy()
    frame["partner"] = np.where(frame.source_code == scope.focus, frame.target_code, frame.source_code)
    frame = frame[frame.partner.notna() & (frame.partner != scope.focus)]
    rows = []
    for partner, group in frame.groupby("partner"):
        toward = events[(events.source_code == partner) & (events.target_code == scope.focus)]
        dated = toward.dropna(subset=["event_date"]).sort_values("event_date")
        if scope.start is not None:
            early = dated[pd.to_datetime(dated.event_date) < pd.Timestamp(scope.start)]
            late = dated[pd.to_datetime(dated.event_date) >= pd.Timestamp(scope.start)]
        else:
            half = len(dated) // 2
            early, late = dated.iloc[:half], dated.iloc[half:]
        coop = int(toward.quad_class.isin([1, 2]).sum())
        rows.append({"partner": partner, "events": len(group), "toward_focus": len(toward),
                     "from_focus": int((group.source_code == scope.focus).sum()),
                     "stance": toward.goldstein.mean() if len(toward) else np.nan,
                     "net_coop": coop - (len(toward) - coop),
                     "early": early.goldstein.mean() if len(early) else np.nan, "n_early": len(early),
                     "late": late.goldstein.mean() if len(late) else np.nan, "n_late": len(late),
                     "rows": group})
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows).sort_values(["events", "partner"], ascending=[False, True]).reset_index(drop=True)


def _change(row, scope: Scope) -> str:
    if row.n_early == 0 or row.n_late == 0:
        return "too few events to show a change"
    split = f"since {scope.start}" if scope.start else "later half"
    return (f"{row.early:+.1f} → {row.late:+.1f} ({split}; {row.n_early} and {row.n_late} event(s))")


def stakeholders(events: pd.DataFrame, scope: Scope, cites: Citations) -> Section:
    section = Section("stakeholders", "Key stakeholders")
    table = stakeholder_table(events, scope)
    focus = actor_name(scope.focus)
    if table.empty:
        section.blocks.append(Thin(f"No stored asserted event links {focus} with another actor, so no "
                                   f"stakeholder can be ranked."))
        return section
    rows = []
    for row in table.head(10).itertuples():
        examples = row.rows.sort_values("event_date", ascending=False).head(3)
        refs = sorted({n for example in examples.to_dict("records") for n in _cite_row(cites, example)})
        stance = ("no events directed at " + focus) if pd.isna(row.stance) else (
            f"{row.stance:+.1f} mean Goldstein over {row.toward_focus} event(s); net cooperation {row.net_coop:+d}")
        rows.append([Cell(f"{actor_name(row.partner)} ({row.partner})"), Cell(str(row.events), refs),
                     Cell(f"{row.from_focus} / {row.toward_focus}"), Cell(stance), Cell(_change(row, scope))])
    section.blocks.append(Table(
        ["actor", "events with " + scope.focus, f"{scope.focus} → actor / actor → {scope.focus}",
         f"stance toward {scope.focus}", "change"], rows,
        caption=("Asserted events only. Stance is the mean Goldstein score (−10 conflict to +10 cooperation) "
                 f"of the actor's events directed at {focus}; net cooperation counts cooperative minus "
                 "conflictual ones. The citations show the most recent events behind each row.")))
    if len(table) < 3 or table.events.sum() < 10:
        section.blocks.append(Thin(f"The ranking rests on {int(table.events.sum())} event(s) in all: read it as a "
                                   "list of who appears, not as a measure of standing."))
    return section


# -- timeline -----------------------------------------------------------------------------------------

def timeline(events: pd.DataFrame, apart: dict[str, int], scope: Scope, cites: Citations) -> Section:
    section = Section("developments", "Recent developments")
    window = events[[scope.in_window(d) if scope.start else True for d in _dates(events.event_date)]]
    if window.empty:
        section.blocks.append(Thin(f"No asserted event involving {actor_name(scope.focus)} is stored"
                                   + (f" since {scope.start}." if scope.start else ".")))
    else:
        shown = window.head(TIMELINE_ROWS)
        rows = []
        for record in shown.to_dict("records"):
            row = pd.Series(record)
            basis = "from the sentence" if record["date_basis"] == "sentence" else "article date"
            day = str(_dates([record["event_date"]])[0] or "undated")
            rows.append([Cell(f"{day} ({basis})"), Cell(_event_phrase(row)),
                         Cell(record["sentence"] if isinstance(record["sentence"], str) else f"imported from {record['origin']}",
                              _cite_row(cites, record))])
        section.blocks.append(Table(["date", "event", "evidence"], rows,
                                    caption=f"Newest first; {len(shown)} of {len(window)} asserted event(s)."))
    if apart:
        text = ", ".join(f"{n} {kind}" for kind, n in sorted(apart.items()))
        section.blocks.append(Paragraph([Statement(
            f"Kept apart and not counted above: {text} event(s) (negated, hypothetical or future statements).",
            [cites.cite(DatasetRef(f"events:modality:{scope.focus}",
                                   f"events table, non-asserted rows with {scope.focus} on either side"))])]))
    return section


def _dates(values) -> list:
    return [None if v is None or (not hasattr(v, "year") and pd.isna(v)) else
            (v.date() if isinstance(v, pd.Timestamp) else v) for v in values]


# -- data and trends -------------------------------------------------------------------------------

def _index_years(con, a: str, b: str, icews: pd.DataFrame) -> range | None:
    years: list[int] = []
    if not icews.empty:
        years += [int(icews.year.min()), int(icews.year.max())]
    row = con.execute("""SELECT min(year(event_date)), max(year(event_date)) FROM events WHERE modality = 'asserted'
        AND ((source_code = $a AND target_code = $b) OR (source_code = $b AND target_code = $a))""",
                      {"a": a, "b": b}).fetchone()
    years += [int(y) for y in row if y is not None]
    for table, where in (("atop_dyad_years", "(iso3_a = $a AND iso3_b = $b) OR (iso3_a = $b AND iso3_b = $a)"),):
        if has_table(con, table):
            top = con.execute(f"SELECT max(year) FROM {table} WHERE {where}", {"a": a, "b": b}).fetchone()[0]
            if top is not None:
                years += [int(top) - 27, int(top)]
    if not years:
        return None
    return range(max(min(years), max(years) - 39), max(years) + 1)


def alliance_index(con, a: str, b: str, icews: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The index over the components whose data is present; returns the frame, the components
    used and the ones missing (with what to import)."""
    years = _index_years(con, a, b, icews)
    if years is None:
        return pd.DataFrame(), [], ["no treaty, vote or event data for this dyad"]
    parts, missing = [], []
    for name, build in (("treaty", lambda: treaty_component(con, a, b, years)),
                        ("votes", lambda: votes_component(con, a, b, years)),
                        ("events", lambda: events_component(con, a, b, years,
                                                            source="icews" if not icews.empty else "events"))):
        try:
            component = build()
        except MissingData as err:
            missing.append(f"{name}: {err}")
            continue
        if component.values.notna().any():
            parts.append(component)
        else:
            missing.append(f"{name}: no data for {a}-{b} in {years.start}-{years.stop - 1}")
    if not parts:
        return pd.DataFrame(), [], missing
    if [c.name for c in parts] == ["events"] and icews.empty:
        counted = len(event_units(con, a, b, directed=False))
        if counted < MIN_INDEX_EVENTS:
            # an index from a handful of coded events is one event's Goldstein score, not alignment
            return pd.DataFrame(), [], missing + [f"events: only {counted} counted coded event(s), fewer than "
                                                  f"{MIN_INDEX_EVENTS}, and no treaty, vote or ICEWS data"]
    frame = combine(parts, DEFAULT_WEIGHTS).dropna(subset=["index"])
    present = frame[[c.name for c in parts]].notna().sum(axis=1)
    if len(parts) > 1 and (present >= 2).any() and (present < 2).any():
        # a year resting on one component is not comparable with the others, and can rest on very
        # little (a year with a single UN roll call gives agreement 0 or 1)
        alone = sorted(int(y) for y in frame.year[present < 2])
        missing.append(f"years with a single component left out ({_years_text(alone)})")
        frame = frame[present >= 2]
    frame.attrs["sources"] = {c.name: c.source for c in parts}
    return frame.reset_index(drop=True), [c.name for c in parts], missing


def _years_text(years: list[int]) -> str:
    """[1991, 1992, 1993, 2019] → '1991–1993, 2019'."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def data_and_trends(con, scope: Scope, events: pd.DataFrame, cites: Citations) -> tuple[Section, dict]:
    """Index and quad-count charts per dyad, and the focus's coded events by quad class."""
    section = Section("trends", "Data and trends")
    facts: dict = {}
    for a, b in scope.dyads:
        icews = evidence.icews_years(con, a, b)
        frame, used, missing = alliance_index(con, a, b, icews)
        dyad = f"{a}–{b}"
        if frame.empty:
            section.blocks.append(Thin(f"No alliance index for {dyad}: " + "; ".join(missing) + "."))
        else:
            refs = [cites.cite(_component_ref(name, frame.attrs["sources"][name], a, b)) for name in used]
            last, first = frame.iloc[-1], frame.iloc[0]
            facts[(a, b)] = {"index": frame, "refs": refs}
            section.blocks.append(Chart(f"index-{a}-{b}", f"Alliance index, {dyad}",
                                        charts.index_chart(frame, used, f"Alliance index {dyad}, {int(first.year)}–{int(last.year)}"),
                                        Statement(_index_sentence(frame, used, dyad), refs)))
            section.blocks.append(_index_table(frame, used, refs))
            if missing:
                section.blocks.append(Thin(f"Left out of the {dyad} index: " + "; ".join(missing) + "."))
        if not icews.empty:
            ref = cites.cite(evidence.dataset("icews_dyad_year", f"{a}-{b}, both directions"))
            peak = icews.assign(total=icews[list(QUADS)].sum(axis=1)).sort_values("total").iloc[-1]
            section.blocks.append(Chart(f"icews-{a}-{b}", f"ICEWS events by quad class, {dyad}",
                                        charts.quad_chart(icews, "year", f"ICEWS events {dyad} by year (both directions)", "events"),
                                        Statement(f"ICEWS records {int(icews[list(QUADS)].sum().sum()):,} {dyad} events from "
                                                  f"{int(icews.year.min())} to {int(icews.year.max())}, most in "
                                                  f"{int(peak.year)} ({int(peak.total):,}).", [ref])))
        coded = _coded_series(con, a, b)
        if len(coded) >= 2 and coded.events.sum() >= 5:
            ref = cites.cite(DatasetRef(f"series:{a}-{b}", f"events table: asserted coded events {a}-{b}, "
                                                           "both directions, counted as distinct events (cluster), by year"))
            section.blocks.append(Chart(f"coded-{a}-{b}", f"Coded events by quad class, {dyad}",
                                        charts.quad_chart(coded, "period", f"Coded events {dyad} by year", "distinct events"),
                                        Statement(f"The coded articles hold {int(coded.events.sum())} distinct asserted "
                                                  f"{dyad} event(s) in {len(coded)} year(s).", [ref])))
    monthly = _focus_months(events)
    if len(events) >= 3 and len(monthly) >= 2:
        ref = cites.cite(DatasetRef(f"events:{scope.focus}", f"events table: asserted events with {scope.focus} "
                                                             "on either side (every row, mentions counted)"))
        section.blocks.append(Chart(f"focus-{scope.focus}", f"Events involving {scope.focus} by month",
                                    charts.quad_chart(monthly, "period", f"Asserted events involving {actor_name(scope.focus)}", "event rows"),
                                    Statement(f"{len(events)} asserted event row(s) involve {actor_name(scope.focus)} in "
                                              f"{len(monthly)} month(s).", [ref])))
    if not section.blocks:
        section.blocks.append(Thin("No dyad was given (--dyad) and too few events involve the focus to chart a trend."))
    return section, facts


def _component_ref(name: str, source: str, a: str, b: str) -> DatasetRef:
    return DatasetRef(f"index:{name}:{a}-{b}", f"alliance index component '{name}' for {a}-{b}: {source}")


def _index_sentence(frame: pd.DataFrame, used: list[str], dyad: str) -> str:
    last, first = frame.iloc[-1], frame.iloc[0]
    top = max(used, key=lambda n: last[f"{n}_contrib"])
    interval = (f" (95% interval {last.lo:.3f}–{last.hi:.3f})" if last.hi > last.lo else "")
    against = f", against {first['index']:.3f} in {int(first.year)}" if len(frame) > 1 else ""
    return (f"The {dyad} alliance index was {last['index']:.3f} in {int(last.year)}{interval}{against}; its "
            f"largest part in {int(last.year)} was {top} ({last[f'{top}_contrib']:.3f} of {last['index']:.3f}).")


def _index_table(frame: pd.DataFrame, used: list[str], refs: list[int]) -> Table:
    step = max(1, len(frame) // 12)
    shown = frame.iloc[::-1].iloc[::step].iloc[::-1]
    rows = []
    for i, row in enumerate(shown.itertuples()):
        interval = f"{row.lo:.3f}–{row.hi:.3f}" if row.hi > row.lo else "–"
        parts = [Cell("–" if pd.isna(getattr(row, n)) else f"{getattr(row, n):.2f} × {getattr(row, n + '_weight'):.2f}")
                 for n in used]
        rows.append([Cell(str(int(row.year))), Cell(f"{row.index:.3f}", refs if i == len(shown) - 1 else []),
                     Cell(interval), *parts])
    return Table(["year", "index", "95% interval", *[f"{n} (value × weight)" for n in used]], rows,
                 caption="Each component is on [0, 1]; weights are renormalised over the components present "
                         f"that year (defaults {', '.join(f'{k} {v}' for k, v in DEFAULT_WEIGHTS.items())}).")


def _coded_series(con, a: str, b: str) -> pd.DataFrame:
    return dyad_series(con, a, b, by="year", directed=False, filters=Filters(origin=("coded",)))


def _focus_months(events: pd.DataFrame) -> pd.DataFrame:
    dated = events.dropna(subset=["event_date"])
    if dated.empty:
        return pd.DataFrame()
    period = pd.to_datetime(dated.event_date).dt.strftime("%Y-%m")
    counts = pd.crosstab(period, dated.quad_class).reindex(columns=[1, 2, 3, 4], fill_value=0)
    counts.columns = list(QUADS)
    return counts.reset_index(names="period")


# -- quotes and verification ------------------------------------------------------------------------

def quotes(frame: pd.DataFrame, cites: Citations) -> Section:
    section = Section("quotes", "Quotes")
    if frame.empty:
        section.blocks.append(Thin("No quote with an identified speaker was found in the articles in scope."))
        return section
    rows = []
    for record in frame.to_dict("records"):
        who = next((str(v) for v in (record["speaker_name"], record["speaker_text"]) if isinstance(v, str) and v),
                   "unnamed speaker")
        role = ", ".join(str(v) for v in (record["speaker_title"], record["speaker_organisation"]) if isinstance(v, str))
        text = record["quote"] if len(record["quote"]) <= QUOTE_CHARS else record["quote"][:QUOTE_CHARS - 1] + "…"
        rows.append([Cell(who + (f" ({role})" if role else "")), Cell(f"“{text}”", _cite_row(cites, record)),
                     Cell(f"{record['kind']}; {record['verdict'] or 'not verified'}")])
    section.blocks.append(Table(["speaker", "quote", "kind; corroboration"], rows,
                                caption="Corroborated means another stored article reports the same speaker saying it; "
                                        "uncorroborated means no other stored article does, not that it is false."))
    return section


def verification(claims: pd.DataFrame, reliability: pd.DataFrame, cites: Citations) -> Section:
    section = Section("verification", "Verification")
    if claims.empty:
        section.blocks.append(Thin("No office claim (a person presented with a title) was found in the articles in scope."))
    else:
        counts = claims.verdict.fillna("not verified").value_counts()
        flagged = claims[claims.verdict.isin(["contradicted", "unverifiable"])]
        section.blocks.append(Paragraph([Statement(
            "Office claims checked against the dated office holders of the knowledge base: "
            + ", ".join(f"{n} {verdict}" for verdict, n in counts.items()) + ".",
            sorted({n for record in claims.to_dict("records") for n in _cite_row(cites, record)})[:12])]))
        if flagged.empty:
            section.blocks.append(Paragraph([Statement("No claim was contradicted or left unverifiable.")]))
        else:
            rows = [[Cell(record["claim"], _cite_row(cites, record)), Cell(record["verdict"].upper()),
                     Cell(record["evidence"] or "")] for record in flagged.to_dict("records")]
            section.blocks.append(Table(["claim", "verdict", "why"], rows,
                                        caption="Contradicted: the knowledge base names another holder on that date. "
                                                "Unverifiable: the office, country or date lies outside its coverage."))
    if not reliability.empty:
        ref = cites.cite(DatasetRef("reliability", "reliability table (written by verification)"))
        rows = []
        for r in reliability.itertuples():
            experts = ", ".join(r.unverifiable_experts) if len(r.unverifiable_experts) else "none"
            rows.append([Cell(f"{r.title or r.article_id} ({evidence.day_text(r.date)})", [ref]),
                         Cell(f"{r.claims_supported} / {r.claims_contradicted} / {r.claims_unverifiable}"),
                         Cell(experts), Cell(f"{r.figures_unsourced} of {r.figures}"),
                         Cell(f"{r.quotes_corroborated} of {r.quotes}")])
        section.blocks.append(Table(["article", "claims supported / contradicted / unverifiable",
                                     "named experts that cannot be verified", "figures without a source",
                                     "quotes corroborated"], rows, caption="Source reliability per article."))
    return section


# -- outlook -----------------------------------------------------------------------------------------

def outlook(con, scope: Scope, cites: Citations) -> tuple[Section, dict]:
    from ..relations.forecast import forecast

    section = Section("outlook", "Outlook")
    facts: dict = {}
    if not scope.dyads:
        section.blocks.append(Thin("No dyad was given (--dyad), so no forecast is made."))
        return section, facts
    for a, b in scope.dyads:
        dyad = f"{a}–{b}"
        icews = evidence.icews_years(con, a, b)
        data, by = ("icews", "year") if len(icews) >= 7 else ("events", "month")
        try:
            result = forecast(con, a, b, data=data, by=by, directed=False)
        except (ValueError, LookupError, ArithmeticError, np.linalg.LinAlgError) as err:
            section.blocks.append(Thin(f"No forecast for {dyad}: {err}."))
            continue
        ref = cites.cite(evidence.dataset("icews_dyad_year", f"{a}-{b}, both directions") if data == "icews" else
                         DatasetRef(f"series:{a}-{b}:month", f"events table: {a}-{b} asserted events by month"))
        facts[(a, b)] = result
        rows = [[Cell(QUAD_NAMES[i + 1]), Cell(f"{int(r.last):,} in {_period(r.last_period)}"),
                 Cell(f"{r['mean']:,.0f}", [ref]), Cell(f"{int(r.lo):,}–{int(r.hi):,}")]
                for i, (_, r) in enumerate(result.next.set_index("series").reindex(list(QUADS)).reset_index().iterrows())
                if not pd.isna(r["mean"])]
        section.blocks.append(Table(["quad class", "last count", "next-period forecast", "90% prediction interval"], rows,
                                    caption=f"{dyad}, both directions; {result.model} count model on {result.data}."))
        s = result.summary
        if s.get("forecasts"):
            verdict = "better than" if s["model_crps"] < s["persistence_crps"] else "no better than"
            section.blocks.append(Paragraph([Statement(
                f"Backtest ({s['forecasts']} rolling-origin one-step forecasts): mean CRPS {s['model_crps']:.2f} for the "
                f"model against {s['persistence_crps']:.2f} for persistence (last period repeated), so the model did "
                f"{verdict} persistence on this dyad's history; lower is better.", [ref])]))
        else:
            section.blocks.append(Thin(f"Too few periods for a backtest of the {dyad} forecast: treat it as unscored."))
    return section, facts


def _period(value) -> str:
    return str(value.date()) if isinstance(value, pd.Timestamp) else str(value)
