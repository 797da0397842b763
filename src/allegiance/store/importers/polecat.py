"""POLECAT / PLOVER event records in JSON Lines → ``events``.

One JSON object per line with the PLOVER spec's fields: ``id``, ``date`` (YYYY-MM-DD, or an ISO
datetime), ``event_type`` (or ``event``; a string or a list, the first is used), ``mode``,
``context``, and the ``actor`` and ``recipient`` entities (an object or a list; POLECAT's
``actors`` object holding both also works). An entity's country is its ``country`` / ``code`` /
``country_code`` / ``country_name``: an ISO3 code, PLOVER's KOS for Kosovo, or a name, all made
ISO3 through the crosswalk; its sector is ``sector`` / ``sector_code`` / ``code_1``.

PLOVER has no CAMEO code: ``cameo`` is the sentinel ``---`` (an optional ``cameo`` field is used
when a record carries one), quad class and intensity come from the PLOVER type, Goldstein is NULL.
The old PLOVER 0.5 names (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) are read as their current types.
JSON needs a parser per line, so lines are parsed in Python and handed to DuckDB in batches.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from ... import ontology
from ...ingest.decode import unpaired_surrogate as _unpaired_surrogate
from ...kb import codes
from .base import (ImportReport, Progress, check_budget, checked_source, cleanup, ensure, events_sql, load,
                   max_line_size, open_text, register_lookups)

LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CHUNK = 50_000
COLUMNS = ["line", "reason", "event_id", "event_date", "source_code", "source_country", "source_sector",
           "source_text", "target_code", "target_country", "target_sector", "target_text", "cameo", "plover"]


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(record: dict, *names: str) -> str | None:
    for name in names:
        value = _first(record.get(name))
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def _entity(record: dict, role: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(code, ISO3 country, sector, text) of the actor or recipient."""
    names = ("actor", "source", "actor1") if role == "actor" else ("recipient", "target", "actor2")
    holder = record.get("actors") if isinstance(record.get("actors"), dict) else record
    entity = next((_first(holder.get(name)) for name in names if holder.get(name)), None)
    if not isinstance(entity, dict):
        return None, None, None, None
    where = _text(entity, "country", "code", "country_code", "country_name")
    country = None
    if where:
        country = codes.iso3_from_cameo(where) or codes.iso3_from_name(where)
    text = _text(entity, "entity_text", "actorText", "raw_text", "text", "entity_name", "name", "identifier_text")
    sector = _text(entity, "sector", "sector_code", "code_1", "primary_sector")
    return country or where or text, country, sector, text


def _row(number: int, line: str) -> dict:
    row = _parse(number, line)
    bad = [key for key, value in row.items() if isinstance(value, str) and _unpaired_surrogate(value) is not None]
    if bad:  # "\ud800" in JSON is not text: it cannot be stored as UTF-8
        for key in bad:
            row[key] = row[key].encode("utf-8", "replace").decode("utf-8")
        if row["reason"] is None or row["reason"] in bad:
            row["reason"] = (f"bad-value: {bad[0]} holds an unpaired UTF-16 surrogate (an escape such as "
                             "\\ud800 without its pair)")
    return row


def _parse(number: int, line: str) -> dict:
    row = dict.fromkeys(COLUMNS)
    row["line"] = number
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        row["reason"] = f"bad-json: {err.msg} at column {err.colno}"
        return row
    except RecursionError:
        row["reason"] = "bad-json: nested too deeply to read"
        return row
    except ValueError as err:  # e.g. an integer of more than 4300 digits
        row["reason"] = f"bad-json: {' '.join(str(err).split())[:120]}"
        return row
    if not isinstance(record, dict):
        row["reason"] = "bad-record: the line is not a JSON object"
        return row
    event_id, day = _text(record, "id", "event_id"), _text(record, "date", "event_date", "story_date")
    kind = (_text(record, "event_type", "event", "type") or "").upper()
    kind = LEGACY.get(kind, kind)
    (row["source_code"], row["source_country"], row["source_sector"], row["source_text"]) = _entity(record, "actor")
    (row["target_code"], row["target_country"], row["target_sector"], row["target_text"]) = _entity(record, "recipient")
    row.update(event_id=f"polecat:{event_id}", event_date=(day or "")[:10], plover=kind or None,
               cameo=_text(record, "cameo", "cameo_code") or "---")
    if not event_id:
        row["reason"] = "missing: the record has no id"
    elif not kind:
        row["reason"] = "missing: the record has no event_type"
    elif kind not in ontology.plover_types():
        row["reason"] = f"unknown-event: {kind[:60]!r} is not a PLOVER event type"
    elif not row["source_code"]:
        row["reason"] = "no-source: the record has no actor"
    elif not _is_date(row["event_date"]):
        row["reason"] = f"bad-date: date {day[:40]!r} is not YYYY-MM-DD"
    return row


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db)
    con = db.con
    register_lookups(con)
    cleanup(con)
    read_path, rejects = checked_source(path)
    limit = max_line_size()
    con.execute("CREATE TEMP TABLE _imp_raw (line BIGINT, raw VARCHAR)")
    con.execute("CREATE TEMP TABLE _imp_fields (" + ", ".join(
        f"{name} {'BIGINT' if name == 'line' else 'VARCHAR'}" for name in COLUMNS) + ")")
    rows, raws = [], []
    with open_text(read_path) as handle:
        for number, line in _lines(handle, limit):
            if line is None:
                rejects.append((number, f"line-too-long: the line is over the {limit:,}-character limit "
                                        "(import_max_line_bytes)", None))
                continue
            line = line.rstrip("\r\n")
            if line.strip():
                rows.append(_row(number, line))
                raws.append((number, line))
            if len(rows) >= CHUNK:
                check_budget(path)
                _flush(con, rows, raws)
    _flush(con, rows, raws)
    con.execute("CREATE TEMP VIEW _imp_phys AS SELECT * FROM _imp_raw")
    inner = """SELECT line, reason, event_id, TRY_CAST(event_date AS DATE) AS event_date, source_code, source_country,
                      source_sector, source_text, target_code, target_country, target_sector, target_text, cameo,
                      plover FROM _imp_fields"""
    return load(db, source="polecat", path=path, table="events", key=["event_id"],
                rows_sql=events_sql(inner, "polecat"),
                report=ImportReport("polecat", str(path)), progress=progress, strict=strict, rejects=rejects)


def _lines(handle, limit: int):
    """(line number, line) for each line, with None for a line over ``limit`` characters, which is
    skipped without being held in memory whole."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(("\n", "\r")):
            while (rest := handle.readline(limit + 1)) and not rest.endswith(("\n", "\r")):
                pass
            yield number, None
        else:
            yield number, line


def _flush(con, rows: list[dict], raws: list[tuple[int, str]]) -> None:
    """Append a chunk of parsed lines to the staging tables (bounded memory for big files)."""
    if rows:
        for table, frame in (("_imp_fields", pd.DataFrame(rows, columns=COLUMNS)),
                             ("_imp_raw", pd.DataFrame(raws, columns=["line", "raw"]))):
            con.register("_frame", frame)
            con.execute(f"INSERT INTO {table} SELECT * FROM _frame")
            con.unregister("_frame")
    rows.clear()
    raws.clear()
