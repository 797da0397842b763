"""ICEWS14 and ICEWS18 temporal-knowledge-graph splits (``head\trelation\ttail\ttime``) → ``events``.

PATH is the data set's folder (every ``train/valid/test.txt`` in it) or one split file; the ids
resolve through ``entity2id.txt`` and ``relation2id.txt`` beside it. ``time`` counts hours from
2014-01-01 (ICEWS14) or 2018-01-01 (ICEWS18) in steps of 24, so the day is ``time // 24``.

Entities are ICEWS actor names, with underscores in ICEWS14 ("South_Korea",
"Government_(South_Korea)") and spaces in ICEWS18. A country, or a generic actor of a country
("Police (Nigeria)"), gets the country's ISO3 as code and a sector from the generic part; anything
else (a person, a party, a region) keeps its name as code with no country. ``source_text`` and
``target_text`` keep the names as written. Relations are CAMEO labels as ICEWS words them
("Make_statement"); ``data/icews_relations.csv`` gives each its CAMEO code.

These splits are entity-filtered benchmark subsets, not event volumes (see docs/importers.md).
``event_id`` is ``icews14:head:relation:tail:time`` with the data set's integer ids.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ...kb import codes
from .base import (ImportFileError, ImportReport, Progress, ensure, events_sql, load, reason, register_lookups,
                   stage_lines)
from .icews import sector_sql

EPOCH = {"icews14": date(2014, 1, 1), "icews18": date(2018, 1, 1)}
SPLITS = ("train.txt", "valid.txt", "test.txt")


@lru_cache(maxsize=1)
def relation_codes() -> dict[str, str]:
    """Normalised ICEWS relation label → CAMEO code."""
    path = resources.files(__package__).joinpath("data/icews_relations.csv")
    with path.open(encoding="utf-8") as handle:
        return {codes.name_key(row["label"]): row["cameo"] for row in csv.DictReader(handle)}


def entity(name: str) -> tuple[str, str | None, str | None]:
    """(code, ISO3 country, generic part) of an ICEWS entity name."""
    country = codes.iso3_from_icews(name)
    if country:
        return country, country, None
    match = re.fullmatch(r"(.+?)[ _]\(([^()]+)\)", name.strip())
    if match and (country := codes.iso3_from_icews(match.group(2))):
        return country, country, match.group(1).replace("_", " ")
    return name, None, None


@lru_cache(maxsize=4)
def _entities(path: Path, stamp: float) -> pd.DataFrame:
    """The resolved entity table of a data set, kept for its other split files."""
    return pd.DataFrame([(number, name, *entity(name)) for number, name in _id_map(path)],
                        columns=["id", "name", "code", "country", "generic"])


def _id_map(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        raise ImportFileError(f"{path} is missing: ICEWS14/18 ids resolve through entity2id.txt and relation2id.txt")
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for line in handle:
            name, _, number = line.rstrip("\r\n").rpartition("\t")
            if name and number.strip().isdigit():
                rows.append((int(number), name))
    return rows


def import_file(db, path: Path | str, progress: Progress | None = None, origin: str = "icews14", *,
                strict: bool = False) -> ImportReport:
    path = Path(path)
    if path.is_dir():
        report = ImportReport(origin, str(path))
        for split in SPLITS:
            if (path / split).exists():
                report.add(import_file(db, path / split, progress, origin, strict=strict))
        if not report.files:
            raise ImportFileError(f"{path}: no {', '.join(SPLITS)} in this folder")
        return report
    ensure(db)
    con = db.con
    register_lookups(con)
    entity_file = path.parent / "entity2id.txt"
    entities = _entities(entity_file, entity_file.stat().st_mtime if entity_file.exists() else 0.0)
    relations = pd.DataFrame([(number, label, relation_codes().get(codes.name_key(label)))
                              for number, label in _id_map(path.parent / "relation2id.txt")],
                             columns=["id", "label", "cameo"])
    rejects = stage_lines(con, path)
    for table, frame in (("_imp_ent", entities), ("_imp_rel", relations)):
        con.register("_frame", frame)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _frame")
        con.unregister("_frame")
    con.execute("""CREATE OR REPLACE TEMP TABLE _imp_ent AS
                   SELECT *, CASE WHEN generic IS NOT NULL THEN """ + sector_sql("generic") + """ END AS sector
                   FROM _imp_ent""")
    con.execute("""CREATE TEMP TABLE _imp_fields AS SELECT line, len(f) AS n,
                   TRY_CAST(trim(f[1]) AS INTEGER) AS s, TRY_CAST(trim(f[2]) AS INTEGER) AS r,
                   TRY_CAST(trim(f[3]) AS INTEGER) AS o, TRY_CAST(trim(f[4]) AS INTEGER) AS t, f
                   FROM (SELECT line, string_split(raw, e'\\t') AS f FROM _imp_phys WHERE coalesce(raw, '') <> '')""")
    checks = ["WHEN n < 4 THEN 'bad-columns: expected head, relation, tail and time, found ' || n || ' field(s)'",
              "WHEN s IS NULL OR r IS NULL OR o IS NULL OR t IS NULL THEN 'bad-value: head, relation, tail and time "
              "must be whole numbers'",
              "WHEN hs.id IS NULL THEN 'unknown-entity: head id ' || s || ' is not in entity2id.txt'",
              "WHEN ht.id IS NULL THEN 'unknown-entity: tail id ' || o || ' is not in entity2id.txt'",
              "WHEN rl.id IS NULL THEN 'unknown-relation: relation id ' || r || ' is not in relation2id.txt'",
              "WHEN rl.cameo IS NULL THEN 'unknown-relation: no CAMEO code for ''' || rl.label || ''''",
              "WHEN t < 0 THEN 'bad-value: time ' || t || ' is negative'"]
    inner = f"""
        SELECT line, {reason(*checks)} AS reason, '{origin}:' || s || ':' || r || ':' || o || ':' || t AS event_id,
               DATE '{EPOCH[origin].isoformat()}' + CAST(t // 24 AS INTEGER) AS event_date,
               hs.code AS source_code, hs.country AS source_country, hs.sector AS source_sector,
               hs.name AS source_text, ht.code AS target_code, ht.country AS target_country,
               ht.sector AS target_sector, ht.name AS target_text, rl.cameo, NULL::VARCHAR AS plover
        FROM _imp_fields
        LEFT JOIN _imp_ent hs ON hs.id = s
        LEFT JOIN _imp_ent ht ON ht.id = o
        LEFT JOIN _imp_rel rl ON rl.id = r"""
    return load(db, source=origin, path=path, table="events", key=["event_id"], rows_sql=events_sql(inner, origin),
                report=ImportReport(origin, str(path)), progress=progress, strict=strict, rejects=rejects,
                label=f"{path.parent.name}/{path.name}")
