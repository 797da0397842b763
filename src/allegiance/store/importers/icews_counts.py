"""ICEWS directed dyad-year quad-class counts (``icews_dyad_year_quadcounts.csv``) → ``icews_dyad_year``.

The file is a full panel: every ordered pair of its 152 countries in every year 2002-2014, zeros
included, so a zero here is a measured zero, not a gap. Its ISO3 columns are checked against the
crosswalk; a code that names no state is a reject, never a silent guess.
"""

from __future__ import annotations

from pathlib import Path

from .base import (ImportReport, Progress, as_int, ensure, load, pick, reason, register_lookups, stage_csv,
                   when_missing, when_not_int)

TABLE = "icews_dyad_year"
COUNTS = {"verb_coop": "verbCoop", "matl_coop": "matlCoop", "verb_conf": "verbConf", "matl_conf": "matlConf"}
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    source_iso3 VARCHAR NOT NULL,
    target_iso3 VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    verb_coop INTEGER NOT NULL,        -- events of quad class 1, verbal cooperation
    matl_coop INTEGER NOT NULL,        -- 2, material cooperation
    verb_conf INTEGER NOT NULL,        -- 3, verbal conflict
    matl_conf INTEGER NOT NULL        -- 4, material conflict
    -- one row per (source_iso3, target_iso3, year), kept so by the importer
)"""


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db, DDL)
    register_lookups(db.con)
    header, rejects = stage_csv(db.con, path)
    source = pick(header, "i_iso3c", "source_iso3", required=str(path))
    target = pick(header, "j_iso3c", "target_iso3", required=str(path))
    year = pick(header, "year", required=str(path))
    counts = {name: pick(header, column, name, required=str(path)) for name, column in COUNTS.items()}
    checks = [when_missing(source, "i_iso3c"), when_missing(target, "j_iso3c"),
              f"WHEN s.iso3 IS NULL THEN 'unknown-country: ' || {source} || ' is not an ISO3 code of a state'",
              f"WHEN t.iso3 IS NULL THEN 'unknown-country: ' || {target} || ' is not an ISO3 code of a state'",
              when_missing(year, "year"), when_not_int(year, "year")]
    for name, column in counts.items():
        checks += [when_missing(column, name), when_not_int(column, name)]
    rows = f"""
        SELECT line, {reason(*checks)} AS reason, s.iso3 AS source_iso3, t.iso3 AS target_iso3,
               {as_int(year)} AS year, {", ".join(f"{as_int(c)} AS {n}" for n, c in counts.items())}
        FROM _imp_rows
        LEFT JOIN _codes s ON s.kind = 'iso3' AND s.key = upper(trim({source}))
        LEFT JOIN _codes t ON t.kind = 'iso3' AND t.key = upper(trim({target}))"""
    return load(db, source="icews-counts", path=path, table=TABLE, key=["source_iso3", "target_iso3", "year"],
                rows_sql=rows, report=ImportReport("icews-counts", str(path)), progress=progress, strict=strict,
                rejects=rejects)
