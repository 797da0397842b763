"""COW National Material Capabilities (``cow_nmc_v7.csv`` or COW's ``NMC-60-abridged.csv``) → ``nmc``.

One row per state-year, keyed by COW code and year as in the source (Germany has both 255 and
260 rows in 1990, so ISO3 alone would not be a key). Missing values, blank or COW's -9, become
NULL. Units are the source's: ``milex`` in thousands (of £ to 1913, of current US$ from 1914),
``milper``, ``tpop`` and ``upop`` in thousands.
"""

from __future__ import annotations

from pathlib import Path

from .base import (ImportReport, Progress, as_int, as_number, ensure, load, pick, reason, register_lookups,
                   stage_csv, when_missing, when_not_int, when_not_number)

TABLE = "nmc"
MEASURES = ("cinc", "milex", "milper", "irst", "pec", "tpop", "upop")
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    cow_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    iso3 VARCHAR,                      -- from the crosswalk; NULL for states without ISO code
    cinc DOUBLE,                       -- Composite Index of National Capability (share of the system)
    milex DOUBLE, milper DOUBLE, irst DOUBLE, pec DOUBLE, tpop DOUBLE, upop DOUBLE
    -- one row per (cow_code, year), kept so by the importer
)"""


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db, DDL)
    register_lookups(db.con)
    header, rejects = stage_csv(db.con, path)
    code = pick(header, "ccode", required=str(path))
    year = pick(header, "year", required=str(path))
    measures = {name: pick(header, name, required=str(path)) for name in MEASURES}
    checks = [when_missing(code, "ccode"), when_not_int(code, "ccode"), when_missing(year, "year"),
              when_not_int(year, "year")]
    checks += [when_not_number(column, name) for name, column in measures.items()]
    values = ", ".join(f"CASE WHEN {as_number(column)} = -9 THEN NULL ELSE {as_number(column)} END AS {name}"
                       for name, column in measures.items())
    rows = f"""
        SELECT line, {reason(*checks)} AS reason, {as_int(code)} AS cow_code, {as_int(year)} AS year,
               c.iso3, {values}
        FROM _imp_rows LEFT JOIN _codes c ON c.kind = 'cow' AND c.key = CAST({as_int(code)} AS VARCHAR)"""
    return load(db, source="nmc", path=path, table=TABLE, key=["cow_code", "year"], rows_sql=rows,
                report=ImportReport("nmc", str(path)), progress=progress, strict=strict, rejects=rejects)
