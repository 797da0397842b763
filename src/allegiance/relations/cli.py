"""Command functions for ``allegiance dyad``, ``similarity``, ``index`` and ``forecast``.

They are plain Typer command functions; ``allegiance.cli`` registers them, e.g.
``app.command("dyad")(dyad_command)``. Each takes ``--format table|csv|json`` (JSON rows carry
their ``period`` and ``value``) and ``--plot FILE.png|svg``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from ..records import MODALITIES
from ..store import DEFAULT_PATH, Database, DatabaseError
from ._db import MissingData
from .series import COUNTINGS, PERIODS, QUAD_COLUMNS

console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.", show_default=True)]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv or json.")]
PlotOption = Annotated[Path | None, typer.Option("--plot", help="Also draw a chart to FILE.png or FILE.svg.")]
StateA = Annotated[str, typer.Argument(help="First state, ISO 3166 alpha-3 (USA); the source when directed.",
                                       metavar="STATE_A", show_default=False)]
StateB = Annotated[str, typer.Argument(help="Second state, ISO 3166 alpha-3 (KOR).", metavar="STATE_B",
                                       show_default=False)]


@contextmanager
def _connection(db: Path):
    """A read-only connection, with every data problem turned into a one-line error and exit 2."""
    try:
        with Database(db, read_only=True) as database:
            yield database.con
    except (DatabaseError, MissingData, ValueError) as error:
        err.print(f"[bold red]error:[/] {error}")
        raise typer.Exit(2) from None


def _check_format(fmt: str, plot: Path | None) -> None:
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("format must be table, csv or json", param_hint="--format")
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise typer.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")


def _emit(frame: pd.DataFrame, fmt: str) -> None:
    """CSV or JSON rows on standard output (JSON: one object per row, dates as ISO strings)."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    else:
        rows = json.loads(frame.to_json(orient="records", date_format="iso"))
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


SHORT = {"verbal_coop": "vcoop", "matl_coop": "mcoop", "verbal_conf": "vconf", "matl_conf": "mconf",
         "goldstein_sum": "gold Σ", "goldstein_mean": "gold μ", "intensity_mean": "int μ", "net_coop": "net",
         "mentions": "ment"}


def _table(frame: pd.DataFrame, columns: list[str], title: str, digits: int = 3) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(SHORT.get(column, column), justify="left" if column in ("period", "series") else "right",
                         no_wrap=column == "period")
    for row in frame[columns].itertuples(index=False):
        table.add_row(*(_cell(value, digits) for value in row))
    console.print(table)


def _cell(value, digits: int) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return str(value)[:10]
    return str(value)


def _trend_lines(values, periods, label: str) -> None:
    from .trends import describe

    if pd.Series(values).notna().sum() >= 3:
        for line in describe(pd.Series(values, dtype=float).to_numpy(), list(periods), label):
            console.print(line, highlight=False)


def _day(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option as a date; anything else is a usage error (exit 2) saying how to write it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"write dates as YYYY-MM-DD, not {value!r}", param_hint=option) from None


def _modalities(text: str) -> tuple[str, ...] | None:
    """The modalities of a comma-separated --modality ("all": every one); an unknown one is a usage error."""
    if text == "all":
        return None
    chosen = _split(text) or ()
    unknown = [m for m in chosen if m not in MODALITIES]
    if unknown or not chosen:
        raise typer.BadParameter(f"{', '.join(map(repr, unknown)) or repr(text)} is not a modality; use "
                                 f"{', '.join(MODALITIES)} (comma-separated) or all", param_hint="--modality")
    return chosen


def _split(text: str | None) -> tuple[str, ...] | None:
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else None


def dyad_command(
    source: StateA,
    target: StateB,
    db: DbOption = Path(DEFAULT_PATH),
    by: Annotated[str, typer.Option(help="Period: week, month, quarter or year.")] = "month",
    undirected: Annotated[bool, typer.Option(help="Count both directions together.")] = False,
    counting: Annotated[str, typer.Option(help="cluster (distinct events), daily (Phoenix one-a-day) or mentions.")] = "cluster",
    window_days: Annotated[int, typer.Option(help="cluster: largest gap, in days, inside one event.")] = 1,
    span_days: Annotated[int, typer.Option(help="cluster: longest event, in days, before it is cut.")] = 3,
    modality: Annotated[str, typer.Option(help="Comma-separated modalities, or all.")] = "asserted",
    origin: Annotated[str | None, typer.Option(help="Comma-separated origins (coded, an importer's name).")] = None,
    source_sector: Annotated[str | None, typer.Option(help="Comma-separated source sectors (GOV, MIL, ...).")] = None,
    target_sector: Annotated[str | None, typer.Option(help="Comma-separated target sectors.")] = None,
    since: Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last date, YYYY-MM-DD.")] = None,
    plover: Annotated[bool, typer.Option(help="Show counts by PLOVER type in the table.")] = False,
    format: FormatOption = "table",
    plot: PlotOption = None,
) -> None:
    """Event counts of a dyad per period: quad classes, PLOVER types, Goldstein, intensity, net cooperation.

    Fifty articles on one missile launch count once (--counting cluster); every table and row names its counting.

    Example: [bold]allegiance dyad USA KOR --by year --db news.duckdb[/]
    """
    from .series import Filters, dyad_series

    _check_format(format, plot)
    if by not in PERIODS or counting not in COUNTINGS:
        raise typer.BadParameter(f"--by is one of {', '.join(PERIODS)}; --counting one of {', '.join(COUNTINGS)}")
    filters = Filters(modality=_modalities(modality), origin=_split(origin), source_sector=_split(source_sector),
                      target_sector=_split(target_sector), start=_day(since, "--since"), end=_day(until, "--until"))
    with _connection(db) as con:
        frame = dyad_series(con, source, target, by=by, directed=not undirected, counting=counting,
                            window_days=window_days, span_days=span_days, filters=filters, fill=True)
    frame.insert(4, "value", frame.events)
    arrow = "<->" if undirected else "->"
    title = f"{source.upper()} {arrow} {target.upper()} by {by}; counting: {_counting_note(frame.attrs)}"
    if format != "table":
        _emit(frame, format)
    else:
        columns = ["period", "events", "mentions", *QUAD_COLUMNS.values(), "goldstein_mean", "net_coop"]
        plovers = [c for c in frame.columns[frame.columns.get_loc("net_coop") + 1:] if frame[c].sum() > 0]
        _table(frame, columns + (plovers if plover else []), title, digits=1)
        console.print("vcoop/mcoop/vconf/mconf: verbal and material cooperation and conflict; gold μ: mean "
                      "Goldstein; net: cooperative minus conflictual events; ment: mentions. CSV and JSON add "
                      "Goldstein sums, PLOVER intensity and counts by PLOVER type.",
                      highlight=False)
        _trend_lines(frame.events, frame.period, "events")
        _trend_lines(frame.net_coop, frame.period, "net cooperation")
    if plot:
        from .plots import plot_series

        plot_series(frame, list(QUAD_COLUMNS.values()), plot, title)
        err.print(f"Chart written to {plot}")


def _counting_note(attrs: dict) -> str:
    if attrs.get("counting") == "cluster":
        return f"cluster (same actors and type, gaps up to {attrs['window_days']} day(s), cut every {attrs['span_days']} days)"
    return {"daily": "daily (one a day per date, source, target, CAMEO code)",
            "mentions": "mentions (every stored event row)"}.get(attrs.get("counting"), str(attrs.get("counting")))


def similarity_command(
    a: StateA,
    b: StateB,
    measure: Annotated[str, typer.Option(help="agreement (Voeten), s, s2, kappa, pi, taub or ideal.")] = "agreement",
    data: Annotated[str, typer.Option(help="unvotes or atop (ideal always reads the ideal points).")] = "unvotes",
    by: Annotated[str, typer.Option(help="session or year (ATOP and ideal points: year).")] = "session",
    weighted: Annotated[bool, typer.Option(help="s/s2 on ATOP: weight third states by CINC.")] = False,
    start: Annotated[int | None, typer.Option(help="First year.")] = None,
    end: Annotated[int | None, typer.Option(help="Last year.")] = None,
    db: DbOption = Path(DEFAULT_PATH),
    format: FormatOption = "table",
    plot: PlotOption = None,
) -> None:
    """Similarity of two states' UN votes or alliance portfolios, or their ideal-point distance.

    agreement is Voeten's: the share of roll calls both voted on where the votes are identical.

    Example: [bold]allegiance similarity KOR USA --measure agreement --data unvotes --by session[/]
    """
    from .similarity import similarity

    _check_format(format, plot)
    with _connection(db) as con:
        frame = similarity(con, a, b, measure, data=data, by=by, weighted=weighted, start=start, end=end)
    by_label = frame.attrs.get("by", by)
    title = f"{a.upper()}-{b.upper()}: {measure} on {frame.attrs.get('data', data)} by {by_label}"
    if format != "table":
        _emit(frame, format)
    else:
        _table(frame.assign(value=frame.value.astype(float)), ["period", "value", "n"], title, digits=6)
        _trend_lines(frame.value, frame.period, measure)
    if plot:
        from .plots import plot_series

        plot_series(frame, ["value"], plot, title)
        err.print(f"Chart written to {plot}")


def index_command(
    a: StateA,
    b: StateB,
    start: Annotated[int | None, typer.Option(help="First year (default: both states in the system).")] = None,
    end: Annotated[int | None, typer.Option(help="Last year.")] = None,
    weights: Annotated[str | None, typer.Option(help="Weights such as treaty=0.4,votes=0.3,events=0.3,trade=0.1.")] = None,
    votes: Annotated[str, typer.Option(help="Voting component: agreement or ideal.")] = "agreement",
    events: Annotated[str, typer.Option(help="Event component from auto, events, icews or none.")] = "auto",
    score: Annotated[str, typer.Option(help="Event score from the events table: goldstein or intensity.")] = "goldstein",
    indicator: Annotated[list[str] | None, typer.Option(help="NAME=FILE.csv (columns year, value[, a, b]); repeatable.")] = None,
    boot: Annotated[int, typer.Option(help="Bootstrap replicates over events.")] = 1000,
    level: Annotated[float, typer.Option(help="Interval coverage.")] = 0.95,
    seed: Annotated[int, typer.Option(help="Random seed of the bootstrap.")] = 0,
    db: DbOption = Path(DEFAULT_PATH),
    format: FormatOption = "table",
    plot: PlotOption = None,
) -> None:
    """The alliance index of a dyad by year: components, weights, contributions and a bootstrap interval.

    Example: [bold]allegiance index USA KOR --start 1991 --end 2018 --plot usa-kor.png[/]
    """
    from .index import alliance_index, parse_weights

    _check_format(format, plot)
    indicators = dict(item.split("=", 1) for item in indicator or [] if "=" in item)
    if len(indicators) != len(indicator or []):
        raise typer.BadParameter("write indicators as NAME=FILE.csv", param_hint="--indicator")
    with _connection(db) as con:
        frame = alliance_index(con, a, b, start=start, end=end, weights=parse_weights(weights) if weights else None,
                               votes=votes, events=events, score=score, indicators=indicators, n_boot=boot,
                               level=level, seed=seed)
    names = list(frame.attrs["weights"])
    if format != "table":
        _emit(frame.rename(columns={"year": "period"}).assign(value=frame["index"]), format)
    else:
        _print_index(frame, names)
    if plot:
        from .plots import plot_index

        plot_index(frame, names, plot, f"Alliance index {a.upper()}-{b.upper()}")
        err.print(f"Chart written to {plot}")


def _print_index(frame: pd.DataFrame, names: list[str]) -> None:
    attrs = frame.attrs
    dyad = frame.dyad.iloc[0]
    for name in names:
        console.print(f"  {name}: weight {attrs['weights'][name]:.2f}, from {attrs['sources'][name]}", highlight=False)
    pct = round(attrs["level"] * 100)
    rows = frame.assign(interval=[f"{lo:.3f}–{hi:.3f}" for lo, hi in zip(frame.lo, frame.hi)],
                        **{n: [_component(v, w, c) for v, w, c in
                               zip(frame[n], frame[f"{n}_weight"], frame[f"{n}_contrib"])] for n in names})
    _table(rows.assign(year=rows.year.astype(str)), ["year", "index", "interval", *names],
           f"Alliance index {dyad}: component value × effective weight (their products sum to the "
           f"index); {pct}% bootstrap interval over events, {attrs['n_boot']} replicates")
    for name in names:
        years = frame.year[frame[name].notna()]
        if 0 < len(years) < len(frame):
            console.print(f"  Note: {name} covers only {years.min()}–{years.max()}; in other years the remaining\n"
                          "  weights are renormalised, so compare years that have the same components.",
                          highlight=False)
    _trend_lines(frame["index"], frame.year, "the index")


def _component(value, weight, contrib) -> str:
    return "-" if pd.isna(value) else f"{value:.3f}×{weight:.2f}"


def forecast_command(
    a: StateA,
    b: StateB,
    data: Annotated[str, typer.Option(help="Counts from icews (icews_dyad_year) or events.")] = "icews",
    by: Annotated[str, typer.Option(help="events: week, month, quarter or year (ICEWS is yearly).")] = "year",
    undirected: Annotated[bool, typer.Option(help="Both directions together.")] = False,
    counting: Annotated[str, typer.Option(help="events: cluster, daily or mentions.")] = "cluster",
    level: Annotated[float, typer.Option(help="Prediction interval coverage.")] = 0.9,
    min_train: Annotated[int, typer.Option(help="Periods in the first backtest fit.")] = 5,
    trend: Annotated[bool, typer.Option(help="Add a time trend to the model.")] = False,
    db: DbOption = Path(DEFAULT_PATH),
    format: FormatOption = "table",
    plot: PlotOption = None,
) -> None:
    """Next-period event counts per quad class with a prediction interval, and their backtest.

    A rolling-origin backtest scores the model against persistence (CRPS and log score) every time.

    Example: [bold]allegiance forecast USA KOR --db news.duckdb[/]
    """
    from .forecast import forecast

    _check_format(format, plot)
    with _connection(db) as con:
        result = forecast(con, a, b, data=data, by=by, directed=not undirected, counting=counting,
                          level=level, min_train=min_train, trend=trend)
    rows = result.next.assign(period=[_next_period(p, by if data == "events" else "year") for p in result.next.last_period],
                              value=result.next["mean"], **{k: v for k, v in result.summary.items()})
    arrow = "<->" if undirected else "->"
    if format != "table":
        _emit(rows, format)
    else:
        _table(rows, ["series", "last_period", "last", "period", "mean", "lo", "hi"],
               f"{a.upper()} {arrow} {b.upper()}: next-period counts ({result.model}, {round(level * 100)}% "
               f"prediction interval; {result.data})", digits=1)
        console.print(_backtest_line(result.summary), highlight=False)
    if plot:
        from .forecast import events_history, icews_history
        from .plots import plot_forecast

        with _connection(db) as con:
            history = (icews_history(con, a, b, not undirected) if data == "icews" else
                       events_history(con, a, b, by=by, directed=not undirected, counting=counting))
        plot_forecast(history, result.next, plot, f"{a.upper()} {arrow} {b.upper()} counts and forecast")
        err.print(f"Chart written to {plot}")


def _next_period(last, by: str):
    if by == "year" and not isinstance(last, (dt.date, pd.Timestamp)):
        return int(last) + 1
    offset = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
              "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}[by]
    return (pd.Timestamp(last) + offset).date().isoformat()


def _backtest_line(s: dict) -> str:
    if not s.get("forecasts"):
        return "Backtest: too few periods for a rolling-origin backtest."
    return (f"Backtest (rolling origin, {s['forecasts']} one-step forecasts): mean CRPS model {s['model_crps']:.2f} "
            f"vs persistence {s['persistence_crps']:.2f} (skill {s['crps_skill']:+.1%}); log score model "
            f"{s['model_log']:.2f} vs persistence {s['persistence_log']:.2f}; persistence as a point forecast: "
            f"mean absolute error {s['persistence_abs_error']:.2f}. Lower is better.")
