"""The ``allegiance`` command line: a thin layer over the Python API in ``allegiance.api``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import api, pipeline
from .ontology import QUAD_NAMES
from .records import MODALITIES
from .ingest import InputError
from .paths import output_folder_error
from .store import DEFAULT_PATH, DatabaseError

app = typer.Typer(
    help="Turn news into coded political events: who did what to whom, with the sentence that shows it.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.", show_default=True)]
DateFill = Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) for articles that state none.")]
TitleFill = Annotated[str | None, typer.Option(help="Title for articles that state none.")]
SourceFill = Annotated[str | None, typer.Option(help="Source name for articles that state none.")]
Workers = Annotated[int, typer.Option("--workers", min=1,
                                      help="Code on this many local processes (each loads the pipeline once).")]
DaskAddress = Annotated[str | None, typer.Option(
    "--dask", metavar="ADDRESS|local",
    help="Code on a Dask cluster: the scheduler's address (tcp://host:8786), or 'local' to start one "
         "with --workers processes.")]
ParquetDir = Annotated[Path | None, typer.Option(
    "--parquet", help="Also keep every coded batch as a Parquet partition in this folder (with --dask "
                      "on another machine, a folder the workers and this machine share).")]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1,
                                        help="Articles coded and stored together, in one transaction.")]
Strict = Annotated[bool, typer.Option(
    "--strict", help="Stop at the first unreadable input (exit 2, naming it and the reason) instead of "
                     "recording it and going on; the articles read before it are stored.")]
Paths = Annotated[list[Path], typer.Argument(help="Files or directories (txt, html, jsonl, warc, warc.gz).",
                                             show_default=False)]


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"write dates as YYYY-MM-DD, not {value!r}") from None


@contextmanager
def _progress():
    """A Rich progress display fed by the pipeline's (stage, done, total) callbacks."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                label = {"ingest": "Reading articles", "code": "Coding events"}.get(stage, stage)
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _fail(message: str) -> None:
    # escaped: a path or a DuckDB message may hold [brackets]; one line, however narrow the terminal
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)


def _check_inputs(paths: list[Path], db: Path) -> None:
    """Stop before the database is opened (or created) when an input path does not exist: it is
    almost always a typo, and going on would store nothing or only part of what was meant."""
    missing = [path for path in paths if not path.exists() and not path.is_symlink()]
    if missing:
        names = ", ".join(str(path) for path in missing)
        _fail(f"{names}: no such file or folder; check the spelling. Nothing was read or stored"
              + ("" if db.exists() else f", and {db} was not created"))


def _damaged(db: Path, error: Exception) -> str:
    """The one-line message for a database file DuckDB fails to read part of."""
    first = " ".join(str(error).split("\n", 1)[0].split())[:300]
    return (f"{db} could not be read; the file looks damaged ({first}). Restore it from a copy, or "
            "rebuild it with 'allegiance run' into a new --db file")


def _print_ingest(report: pipeline.IngestReport) -> None:
    console.print(f"Read {report.documents} article(s): {report.new} new, "
                  f"{report.already_stored} already stored, {len(report.near_duplicates)} near-duplicate(s).")
    for dup, original, similarity in report.near_duplicates:
        console.print(f"  near-duplicate {dup} of {original} (similarity {similarity:.2f})")
    if report.skipped:
        console.print(f"[bold]Inputs skipped or kept in part ({len(report.skipped)}):[/]")
        for skip in report.skipped:
            where = f" ({skip.locator})" if skip.locator else ""
            console.print(f"  {skip.action.upper()} {skip.origin}{where}: {skip.reason}: {skip.detail}",
                          soft_wrap=True, markup=False, highlight=False)


def _print_summary(summary: pipeline.Summary) -> None:
    console.print(f"Database: {summary.articles} article(s) ({summary.near_duplicates} near-duplicate(s) "
                  f"linked, not coded), {summary.sentences} sentence(s).")
    quads = Table(title="Asserted events by quad class", title_justify="left")
    quads.add_column("quad class")
    quads.add_column("events", justify="right")
    for quad, name in QUAD_NAMES.items():
        quads.add_row(f"{quad} {name}", str(summary.events_by_quad.get(quad, 0)))
    console.print(quads)
    others = {k: v for k, v in summary.events_by_modality.items() if k != "asserted"}
    if others:
        console.print("Kept apart (not counted as events that happened): "
                      + ", ".join(f"{v} {k}" for k, v in sorted(others.items())))
    if summary.top_dyads:
        dyads = Table(title="Top dyads (asserted events)", title_justify="left")
        for column in ("source", "target", "events"):
            dyads.add_column(column, justify="right" if column == "events" else "left")
        for source, target, count in summary.top_dyads:
            dyads.add_row(source, target, str(count))
        console.print(dyads)


@app.command()
def run(
    paths: Paths,
    db: DbOption = Path(DEFAULT_PATH),
    date: DateFill = None,
    title: TitleFill = None,
    source: SourceFill = None,
    workers: Workers = 1,
    dask: DaskAddress = None,
    parquet: ParquetDir = None,
    batch_size: BatchSize = 64,
    strict: Strict = False,
) -> None:
    """Ingest articles, code their events and print a summary.

    Example: [bold]allegiance run examples/ --db sample.duckdb[/]
             [bold]allegiance run corpus/ --db corpus.duckdb --workers 2[/]
             [bold]allegiance run corpus/ --db corpus.duckdb --dask tcp://10.0.0.5:8786[/]

    Killed at any moment, the same command continues the run: nothing is lost or stored twice.
    """
    _check_inputs(paths, db)
    try:
        with _progress() as progress:
            result = api.run(paths, db, title=title, date=_date(date), source=source, progress=progress,
                             workers=workers, dask=dask, parquet=parquet, batch_size=batch_size, strict=strict)
    except InputError as error:
        _fail(f"--strict: {error}. Nothing was coded; fix or remove the input, or run without --strict")
    except (DatabaseError, OSError) as error:
        _fail(str(error))
    _print_ingest(result.ingest)
    console.print(f"Coded {result.coding.articles} article(s): {result.coding.sentences} sentence(s), "
                  f"{result.coding.events} event record(s).")
    _print_summary(result.summary)
    if result.ingest.documents == 0:
        err.print("[bold red]Nothing readable was found in the inputs.[/]")
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Paths,
    db: DbOption = Path(DEFAULT_PATH),
    date: DateFill = None,
    title: TitleFill = None,
    source: SourceFill = None,
    strict: Strict = False,
) -> None:
    """Store articles in the database without coding them (see [bold]allegiance code[/]).

    Example: [bold]allegiance ingest news/ feed.jsonl --db corpus.duckdb --source "Example Wire"[/]
    """
    _check_inputs(paths, db)
    try:
        with _progress() as progress:
            report = api.ingest(paths, db, title=title, date=_date(date), source=source, progress=progress,
                                strict=strict)
    except InputError as error:
        _fail(f"--strict: {error}; fix or remove the input, or run without --strict")
    except DatabaseError as error:
        _fail(str(error))
    _print_ingest(report)
    if report.documents == 0:
        err.print("[bold red]Nothing readable was found in the inputs.[/]")
        raise typer.Exit(1)


@app.command("code")
def code_command(
    text: Annotated[str | None, typer.Option("--text", help="Code this text and print its events.")] = None,
    db: DbOption = Path(DEFAULT_PATH),
    date: Annotated[str | None, typer.Option(help="Article date for --text (YYYY-MM-DD).")] = None,
    workers: Workers = 1,
    dask: DaskAddress = None,
    parquet: ParquetDir = None,
    batch_size: BatchSize = 64,
) -> None:
    """Code stored articles that are not coded yet, or one text given with --text.

    Examples: [bold]allegiance code --db corpus.duckdb[/]
              [bold]allegiance code --db corpus.duckdb --workers 2[/]
              [bold]allegiance code --text "China condemned Japan on Monday." --date 2025-03-03[/]
    """
    if text is not None:
        events = api.code(text, date=_date(date))
        console.print_json(json.dumps([event.to_dict() for event in events], default=str))
        return
    try:
        from .store import Database

        with Database(db) as database, _progress() as progress:
            report = pipeline.code_pending(database, progress=progress, workers=workers, dask=dask,
                                           parquet=parquet, batch_size=batch_size)
            summary = pipeline.summarise(database)
    except (DatabaseError, OSError) as error:
        _fail(str(error))
    console.print(f"Coded {report.articles} article(s): {report.sentences} sentence(s), {report.events} event record(s).")
    _print_summary(summary)


@app.command()
def events(
    db: DbOption = Path(DEFAULT_PATH),
    dyad: Annotated[str | None, typer.Option(help="A pair such as USA-KOR (either direction).")] = None,
    directed: Annotated[bool, typer.Option(help="With --dyad, only the first → second direction.")] = False,
    since: Annotated[str | None, typer.Option(help="Only events on or after this date (YYYY-MM-DD).")] = None,
    modality: Annotated[str, typer.Option(help="asserted, negated, hypothetical, future or all.")] = "asserted",
    format: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the terminal.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many events.")] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Leave out coded events the coder is less sure of (0 to 1; imported events are kept).")] = 0.0,
) -> None:
    """Show stored events with the sentence that produced each.

    Example: [bold]allegiance events --db sample.duckdb --dyad PRK-KOR --since 2018-01-01 --format csv[/]
    """
    if format not in ("table", "csv", "json", "parquet"):
        raise typer.BadParameter("format must be table, csv, json or parquet", param_hint="--format")
    if format == "parquet" and out is None:
        raise typer.BadParameter("parquet needs a file: add --out events.parquet", param_hint="--out")
    if modality not in (*MODALITIES, "all"):
        raise typer.BadParameter(f"{modality!r} is not a modality; use {', '.join(MODALITIES)} or all",
                                 param_hint="--modality")
    _check_out(out)
    try:
        frame = api.events(db, dyad=dyad, directed=directed, since=_date(since),
                           modality=None if modality == "all" else modality, limit=limit,
                           min_confidence=min_confidence or None)
    except (DatabaseError, ValueError) as error:
        _fail(str(error))
    except duckdb.Error as error:
        _fail(_damaged(db, error))
    if format == "table":
        _print_event_table(frame)
        return
    try:
        _write_events(frame, format, out)
    except OSError as error:
        _fail(f"could not write {out}: {error.strerror or error}; choose another file")


def _check_out(out: Path | None) -> None:
    """Refuse an --out file in a missing folder before any work (exit 2)."""
    problem = output_folder_error(out) if out is not None else None
    if problem:
        _fail(f"--out {out}: {problem}")


def _write_events(frame, format: str, out: Path | None) -> None:
    if format == "parquet":
        frame.to_parquet(out, index=False)
        console.print(f"Wrote {len(frame)} event(s) to {out}")
    elif format == "csv":
        text = frame.to_csv(index=False)
        Path(out).write_text(text) if out else sys.stdout.write(text)
    else:
        text = frame.to_json(orient="records", date_format="iso", indent=2)
        Path(out).write_text(text) if out else sys.stdout.write(text + "\n")


def _text(value) -> str:
    """A cell as text, with missing values (None, NaN) as an empty string."""
    return "" if value is None or value != value else str(value)


def _print_event_table(frame) -> None:
    table = Table(show_lines=True)
    for column in ("date", "source", "event", "target", "modality", "sentence"):
        table.add_column(column, overflow="fold", ratio=4 if column == "sentence" else 1)
    for row in frame.itertuples():
        date = row.event_date.isoformat() if hasattr(row.event_date, "isoformat") else str(row.event_date or "")
        event = f"{row.plover or '-'} {row.cameo}"
        source = f"{row.source_code} {_text(row.source_sector)}".strip()
        target = f"{row.target_code} {_text(row.target_sector)}".strip() if _text(row.target_code) else "-"
        table.add_row(date[:10], source, event, target, row.modality, row.sentence or "")
    console.print(table)
    console.print(f"{len(frame)} event(s)")


@app.command("kb-check")
def kb_check(
    archigos: Annotated[Path | None, typer.Option(
        "--archigos", exists=True, dir_okay=False, show_default=False,
        help="Archigos leader file (CSV with obsid, gwcode, leader, startdate, enddate, exit).")] = None,
    reign: Annotated[Path | None, typer.Option(
        "--reign", exists=True, dir_okay=False, show_default=False,
        help="REIGN leader list (CSV with ccode, leadid, leader, sdate, smonth, syear, emonth, eyear).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
) -> None:
    """Compare the knowledge base's head-of-state/government tenures with Archigos and REIGN.

    Prints, per source, how many tenures were compared and how many agree, then every difference
    with its reason (see docs/kb-crosscheck.md).

    Example: [bold]allegiance kb-check --archigos ../shared/data/archigos_4_1.csv --reign ../shared/data/reign_leaderlist_2021_03.csv[/]
    """
    from .kb import crosscheck

    if archigos is None and reign is None:
        raise typer.BadParameter("give --archigos FILE, --reign FILE or both", param_hint="--archigos")
    try:
        report = crosscheck.crosscheck(archigos=archigos, reign=reign)
    except (OSError, KeyError, ValueError) as error:
        _fail(f"could not read the leader file: {error!r}")
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    summary = Table(title=f"Tenure agreement (tolerance ±{report.tolerance_days} days, from {report.window_start})")
    for column in ("source", "data end", "states", "tenures", "agree", "by def", "disagree", "rate"):
        summary.add_column(column, justify="left" if column in ("source", "data end") else "right",
                           no_wrap=True)
    for source in report.sources:
        summary.add_row(source.source, source.data_end, str(len(source.states)), str(source.compared),
                        str(source.strict_agreeing), str(len(source.by_definition)),
                        str(len(source.disagreements)), f"{source.rate:.1%}")
    console.print(summary)
    for source in report.sources:
        for title, rows in ((f"{source.source}: disagreements", source.disagreements),
                            (f"{source.source}: agreements by definition", source.by_definition)):
            if not rows:
                continue
            table = Table(title=title, show_lines=True)
            for column in ("state", "theirs", "ours", "reason", "explanation"):
                table.add_column(column, overflow="fold", ratio=4 if column == "explanation" else 1)
            for row in rows:
                theirs = f"{row.their_leader}\n{row.their_start} – {row.their_end}" if row.their_leader else "-"
                ours = f"{row.our_person}\n{row.our_start} – {row.our_end or 'in office'}" if row.our_person else "-"
                table.add_row(row.iso3, theirs, ours, row.reason or "", row.explanation)
            console.print(table)


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file: allegiance JSON Lines (events or office claims), PLOVER GSR JSON or PETRARCH XML.")],
    format: Annotated[str, typer.Option("--format", help="auto, allegiance, claims, plover or petrarch.")] = "auto",
    dictionaries: Annotated[Path | None, typer.Option(help="Folder of PETRARCH/TABARI dictionaries to add.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    coder: Annotated[str, typer.Option("--coder", help="Where events come from: rules, model or both.")] = "both",
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Leave out events the coder is less sure of.")] = 0.0,
) -> None:
    """Score the coder against a gold set: precision, recall and F1 over (source, target, type).

    Only events coded as asserted count. An office-claims file (lines with "claims") is scored
    on verdict accuracy instead: supported, contradicted or unverifiable per claim. Examples:
    [bold]allegiance eval ../shared/gold/korea_events_dev.jsonl[/]
    [bold]allegiance eval ../shared/gold/office_claims_dev.jsonl --json[/]
    [bold]allegiance eval ../shared/gold/PETR.UnitTest.records.xml --dictionaries ../shared/gold[/]
    """
    from .evaluate import GoldFormatError, evaluate_file

    try:
        if coder not in ("rules", "model", "both"):
            _fail(f"--coder takes rules, model or both, not {coder!r}")
        result = evaluate_file(gold, format, dictionaries, coder, min_confidence)
    except (GoldFormatError, NotADirectoryError, OSError) as error:
        _fail(str(error))
    if json_output:
        console.print_json(json.dumps(result))
        return
    _print_evaluation(result)


@app.command("train")
def train_command(
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the models (default: the ones the "
                                                           "package ships, in allegiance/nlp/models).")] = None,
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", help="Corpus files (default: the shipped "
                                                                        "corpus, allegiance/training/corpus).")] = None,
    folds: Annotated[int, typer.Option("--folds", min=0, help="Cross-validation folds before the final fit "
                                                              "(0 or 1: none).")] = 5,
    no_embeddings: Annotated[bool, typer.Option("--no-embeddings", help="Named features only (the design "
                                                                        "without pretrained embeddings).")] = False,
    weak_labels: Annotated[Path | None, typer.Option(
        "--weak-labels", help="A PETRARCH/TABARI dictionary folder whose verb patterns add weak examples "
                              "to the type model (read in place, never copied).")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Rebuild the coder's models from the training corpus, reproducibly (seeded).

    Parses every corpus sentence, reports the cross-validated F1 of the learned path over
    (source, target, type) triples, then fits on the whole corpus and writes the models.
    Example: [bold]allegiance train --folds 5[/]
    """
    from .nlp.learned import MODELS
    from .training import corpus as corpus_files
    from .training.train import Options, build

    try:
        if weak_labels is not None and not weak_labels.is_dir():
            _fail(f"--weak-labels {weak_labels}: no such folder")
        options = Options(embeddings=not no_embeddings, weak_labels=str(weak_labels) if weak_labels else None)
        report = build(out or MODELS, corpus, folds, options)
    except (corpus_files.CorpusError, OSError) as error:
        _fail(str(error))
    if json_output:
        console.print_json(json.dumps(report))
        return
    console.print(f"{report['sentences']} sentences, {report['candidates']} candidates, "
                  f"{report['unaligned_triggers']} annotated triggers not on a candidate")
    if "cross_validation" in report:
        cv = report["cross_validation"]
        console.print(f"{len(cv['folds'])}-fold cross-validation: P {cv['precision']:.3f}, R {cv['recall']:.3f}, "
                      f"F1 {cv['f1']:.3f} (folds: {', '.join(f'{f:.3f}' for f in cv['folds'])})")
    console.print(f"Models written to {out or MODELS} in {report['seconds']:.0f} s")


def _print_evaluation(result: dict) -> None:
    if result.get("format") == "claims":
        _print_claims_evaluation(result)
        return
    overall, actors = result["overall"], result["actors"]
    console.print(f"[bold]{result['gold']}[/]: {result['items']} items, {result['gold_events']} gold events "
                  f"(scheme: {result['format']})")
    table = Table(title_justify="left")
    for column in ("measure", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row("(source, target, type)", *(f"{overall[k]:.3f}" for k in ("precision", "recall", "f1")))
    table.add_row("(source, target)", *(f"{actors[k]:.3f}" for k in ("precision", "recall", "f1")))
    for kind, scores in result["by_type"].items():
        table.add_row(f"  {kind} ({scores['support']})", *(f"{scores[k]:.3f}" for k in ("precision", "recall", "f1")))
    console.print(table)
    counts = result["counts"]
    console.print(f"Type accuracy where both actors are right: {result['type_accuracy']:.3f}")
    console.print(f"Asserted events on no-event items: {result['no_event_false_positive_rate']:.3f}")
    console.print(f"PETRARCH-style counts: {counts['correct']} correct, {counts['uncoded']} uncoded, "
                  f"{counts['extra']} extra")
    if "elements_right" in result:
        console.print(f"Source, target and event elements right: {result['elements_right']:.3f}")


def _print_claims_evaluation(result: dict) -> None:
    overall = result["overall"]
    console.print(f"[bold]{result['gold']}[/]: {result['items']} items, {result['claims']} gold claims "
                  f"(office claims)")
    console.print(f"Verdict accuracy: {overall['accuracy']:.3f} ({overall['correct']} of {overall['total']}; "
                  f"{overall['matched']} claims found)")
    table = Table(title="gold (rows) × predicted (columns)", title_justify="left")
    table.add_column("gold")
    columns = ("supported", "contradicted", "unverifiable", "missed")
    for column in columns:
        table.add_column(column, justify="right")
    for gold, row in result["confusion"].items():
        table.add_row(gold, *(str(row[c]) for c in columns))
    console.print(table)
    scores = Table(title_justify="left")
    for column in ("verdict", "precision", "recall", "F1", "support"):
        scores.add_column(column, justify="left" if column == "verdict" else "right")
    for verdict, values in result["by_verdict"].items():
        scores.add_row(verdict, *(f"{values[k]:.3f}" for k in ("precision", "recall", "f1")), str(values["support"]))
    console.print(scores)
    console.print(f"Supported claims judged contradicted: {result['supported_judged_contradicted']}; "
                  f"claims found beyond the gold: {result['extra_predictions']}")
    for error in result["errors"]:
        console.print(f"  {error['id']} {error['person']} ({error['office']}): gold {error['gold']}, "
                      f"predicted {error['predicted']} {error['evidence']}", markup=False, highlight=False)


@app.command("verify")
def verify_command(
    db: DbOption = Path(DEFAULT_PATH),
    article: Annotated[str | None, typer.Option(help="Only this article (its id or the start of it).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
) -> None:
    """Check office claims against the dated knowledge base and quotes and figures against the
    other stored articles; store and print each article's verdicts and reliability summary.

    Office claims are supported, contradicted (naming who held the office) or unverifiable;
    figures and quotes are corroborated or uncorroborated (not reported elsewhere, not false).

    Example: [bold]allegiance verify --db seeds.duckdb --article fa9c6c4d[/]
    """
    try:
        reports = api.verify(db, article=article)
    except (DatabaseError, ValueError) as error:
        _fail(str(error))
    except duckdb.Error as error:
        _fail(_damaged(db, error))
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False) + "\n")
        return
    if not reports:
        console.print("No coded articles to verify.")
    for report in reports:
        _print_verification(report)


def _print_verification(report) -> None:
    def line(text: str) -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    line(f"Article {report.article_id} ({report.date or 'no date'}): {report.title or report.origin}")
    r = report.reliability
    line(f"  Office claims: {r.claims_supported} supported, {r.claims_contradicted} contradicted, "
         f"{r.claims_unverifiable} unverifiable")
    for row, verdict in report.claims:
        when = row["check_to"] if row["check_from"] == row["check_to"] else (
            f"before {row['check_to']}" if row["check_from"] is None else f"{row['check_from']}..{row['check_to']}")
        line(f"    {verdict.verdict.upper():<13}{row['text']!r} ({row['office']}, {row['country'] or '?'}, "
             f"{when}): {verdict.evidence}")
    line(f"  Quotes: {r.quotes} ({r.quotes_corroborated} corroborated by other articles)")
    for row, verdict in report.quotes:
        speaker = row["speaker_name"] or row["speaker_text"]
        extra = ", ".join(x for x in (row["speaker_title"], row["speaker_organisation"], row["speaker_country"]) if x)
        text = row["text"] if len(row["text"]) <= 90 else row["text"][:87] + "..."
        line(f"    {verdict.verdict.upper():<15}{speaker}{f' ({extra})' if extra else ''}, {row['kind']}: \"{text}\"")
    line(f"  Figures: {r.figures} ({r.figures - r.figures_unsourced} with a source, "
         f"{r.figures_corroborated} corroborated by other articles)")
    for row, verdict in report.figures:
        details = ", ".join(x for x in (row["unit"], row["direction"],
                                        f"of {row['total']:g}" if row["total"] else None) if x)
        source = f"source: {row['attribution']}" if row["attribution"] else "no source"
        line(f"    {verdict.verdict.upper():<15}{row['text']!r} ({details}): {row['measure'] or '?'}; {source}")
    experts = ", ".join(r.unverifiable_experts) or "none"
    line(f"  Reliability: {r.claims_supported} supported, {r.claims_contradicted} contradicted, "
         f"{r.claims_unverifiable} unverifiable claim(s); named experts that cannot be verified: "
         f"{len(r.unverifiable_experts)} ({experts}); figures without a source: {r.figures_unsourced} of {r.figures}")


from .store.importers.cli import import_command  # noqa: E402  (a command defined with its importers)

app.command("import")(import_command)

from .relations.cli import dyad_command, forecast_command, index_command, similarity_command  # noqa: E402
from .store.migrate import migrate_command  # noqa: E402  (defined with the schema migrations)

app.command("dyad")(dyad_command)
app.command("similarity")(similarity_command)
app.command("index")(index_command)
app.command("forecast")(forecast_command)

app.command("migrate")(migrate_command)

from .report.cli import brief_command  # noqa: E402

app.command("brief")(brief_command)

from .web.cli import serve_command  # noqa: E402  (the dashboard's command, beside its app)

app.command("serve")(serve_command)


def main() -> None:
    app()
