"""Voeten, Strezhnev and Bailey UN General Assembly ideal points → ``ideal_points``.

Keyed by COW code and year (or UNGA session, for releases that count by session), as in the
source. ``iso3`` comes from the crosswalk, not from the file's own ``iso3c``, which is kept as
written: the July 2025 release tags COW 680 (South Yemen) as ``YAR`` and leaves some rows blank.
Every other column (idealpointfp, idealpointall, nvotes..., the q* quantiles) is added to the table
with the file's own name, so a new release with new columns imports without code changes.
"""

from __future__ import annotations

from pathlib import Path

from .base import (ImportReport, Progress, add_columns, as_int, cast, ensure, ident, infer_types, load, pick, reason,
                   register_lookups, stage_csv, when_missing, when_not_int, when_not_type)

TABLE = "ideal_points"
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    cow_code INTEGER NOT NULL,
    year INTEGER NOT NULL,             -- calendar year; the session number for by-session releases
    iso3 VARCHAR,                      -- from the crosswalk
    country VARCHAR                   -- the file's country name
    -- one row per (cow_code, year), kept so by the importer
)"""


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db, DDL)
    con = db.con
    register_lookups(con)
    header, rejects = stage_csv(con, path)
    code = pick(header, "ccode", "cow_code", "ccode1", required=str(path))
    year = pick(header, "year", "session", required=str(path))
    country = pick(header, "countryname", "country", "Countryname")
    fixed = {"cow_code", "year", "iso3", "country"}  # a second column of these names is dropped
    values = infer_types(con, "_imp_rows", [h for h in header if ident(h) not in {code, year, country}
                                            and h.lower() not in fixed])
    types = add_columns(db, TABLE, {name.lower(): kind for name, kind in values.items()})
    values = {name: types[name.lower()] for name in values}
    checks = [when_missing(code, "ccode"), when_not_int(code, "ccode"), when_missing(year, "year"),
              when_not_int(year, "year")]
    checks += [c for name, kind in values.items() if (c := when_not_type(ident(name), name, kind))]
    rows = f"""
        SELECT line, {reason(*checks)} AS reason, {as_int(code)} AS cow_code, {as_int(year)} AS year,
               c.iso3, {f"nullif({country}, '')" if country else "NULL::VARCHAR"} AS country
               {"".join(f", {cast(ident(name), kind)} AS {ident(name.lower())}" for name, kind in values.items())}
        FROM _imp_rows LEFT JOIN _codes c ON c.kind = 'cow' AND c.key = CAST({as_int(code)} AS VARCHAR)"""
    return load(db, source="idealpoints", path=path, table=TABLE, key=["cow_code", "year"], rows_sql=rows,
                report=ImportReport("idealpoints", str(path)), progress=progress, strict=strict, rejects=rejects)
