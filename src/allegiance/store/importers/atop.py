"""ATOP directed dyad-years (``atop5_1_dyad_year.csv`` or ATOP's own ``atop5_1ddyr.csv``) →
``atop_dyad_years``.

ATOP lists only dyad-years with at least one obligation, so a missing row means "no alliance";
the importer adds no zero rows. States are COW numbers and stay the key, as in the source:
``iso3_a``/``iso3_b`` come from the crosswalk and are NULL for states without an ISO code
(Bavaria, South Vietnam), whose rows are kept. Columns beyond the five obligations (ATOP's own
file has ``shareob``, ``asymm``, alliance ids ...) are added to the table as they come.
"""

from __future__ import annotations

from pathlib import Path

from .base import (ImportReport, Progress, add_columns, as_int, cast, ensure, ident, infer_types, load, pick, reason,
                   register_lookups, stage_csv, when_missing, when_not_flag, when_not_int, when_not_type)

TABLE = "atop_dyad_years"
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    cow_a INTEGER NOT NULL,            -- COW code of the state that makes the commitment
    cow_b INTEGER NOT NULL,
    year INTEGER NOT NULL,
    iso3_a VARCHAR,                    -- from the crosswalk; NULL for states without ISO code
    iso3_b VARCHAR,
    defense TINYINT, offense TINYINT, neutral TINYINT, nonagg TINYINT, consul TINYINT
    -- one row per (cow_a, cow_b, year), kept so by the importer
)"""


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db, DDL)
    con = db.con
    register_lookups(con)
    header, rejects = stage_csv(con, path)
    a = pick(header, "ccode1", "stateA", "statea", required=str(path))
    b = pick(header, "ccode2", "stateB", "stateb", required=str(path))
    year = pick(header, "year", required=str(path))
    flags = {name: pick(header, f"atop_{name}", name, required=str(path)) for name in OBLIGATIONS}
    known = {a, b, year, *flags.values()}
    fixed = {"cow_a", "cow_b", "year", "iso3_a", "iso3_b", *OBLIGATIONS}  # a second column of these names is dropped
    extras = infer_types(con, "_imp_rows", [h for h in header if ident(h) not in known and h.lower() not in fixed])
    types = add_columns(db, TABLE, {name.lower(): kind for name, kind in extras.items()})
    extras = {name: types[name.lower()] for name in extras}
    checks = [check(column, column.strip('"')) for column in (a, b, year) for check in (when_missing, when_not_int)]
    checks += [when_not_flag(column, column.strip('"')) for column in flags.values()]
    checks += [c for name, kind in extras.items() if (c := when_not_type(ident(name), name, kind))]
    rows = f"""
        SELECT line, {reason(*checks)} AS reason,
               {as_int(a)} AS cow_a, {as_int(b)} AS cow_b, {as_int(year)} AS year,
               ca.iso3 AS iso3_a, cb.iso3 AS iso3_b,
               {", ".join(f"{as_int(column)} AS {name}" for name, column in flags.items())}
               {"".join(f", {cast(ident(name), kind)} AS {ident(name.lower())}" for name, kind in extras.items())}
        FROM _imp_rows
        LEFT JOIN _codes ca ON ca.kind = 'cow' AND ca.key = CAST({as_int(a)} AS VARCHAR)
        LEFT JOIN _codes cb ON cb.kind = 'cow' AND cb.key = CAST({as_int(b)} AS VARCHAR)"""
    report = ImportReport("atop", str(path))
    return load(db, source="atop", path=path, table=TABLE, key=["cow_a", "cow_b", "year"], rows_sql=rows,
                report=report, progress=progress, strict=strict, rejects=rejects)
