"""Test helpers for the relations package: a database with the country-level tables imported
from the shared CSVs by ``allegiance.store.importers``, and a small synthetic events table with a
known answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from allegiance.store import Database
from allegiance.store.importers import import_path

REFERENCE_FILES = (("atop", "atop5_1_dyad_year.csv"), ("unvotes", "unvotes"),
                   ("idealpoints", "voeten_idealpoints_2025_07.csv"), ("nmc", "cow_nmc_v7.csv"),
                   ("icews-counts", "icews_dyad_year_quadcounts.csv"))


def build_reference_db(path: Path, shared: Path) -> Path:
    """A fresh allegiance database with atop_dyad_years, un_roll_calls, un_votes, ideal_points,
    nmc and icews_dyad_year imported from ``shared/data`` the way a user would import them."""
    with Database(path) as db:
        for fmt, name in REFERENCE_FILES:
            import_path(db, fmt, Path(shared) / "data" / name)
    return path


SECTORS = {"PRK": "MIL", "USA": "GOV"}  # source sectors of the synthetic events


def event_row(n: int, day: str, source: str, target: str, cameo: str, article: str, **extra) -> dict:
    """One ``events`` row coded with the ontology's Goldstein score, quad class and PLOVER type."""
    from allegiance.ontology import cameo as lookup, plover

    code = lookup(cameo)
    return {"event_id": f"{article}:0:{n}", "origin": "coded", "article_id": article, "sent_index": 0,
            "event_date": dt.date.fromisoformat(day), "date_basis": "sentence", "source_code": source,
            "target_code": target, "cameo": cameo, "goldstein": code.goldstein, "quad_class": code.quad_class,
            "plover": code.plover, "intensity": plover(code.plover).intensity if code.plover else None,
            "modality": "asserted", "mirrored": False, "source_sector": SECTORS.get(source), **extra}


def synthetic_events() -> pd.DataFrame:
    """A small events table whose counts are known under each counting method.

    PRK→KOR, January 2020: one missile launch (CAMEO 150) reported by six articles, four dated
    the 3rd and two the 4th, one of which reports it twice; a second launch on the 20th reported
    once (source sector MIL). USA→KOR (source sector GOV): a consultation on 1 Feb (two CAMEO
    codes for the same meeting, both CONSULT), and a hypothetical sanction that must not count.
    By design:

    * mentions: PRK→KOR January 8, USA→KOR February 2;
    * daily (date, source, target, code): PRK→KOR 3 (3rd, 4th, 20th), USA→KOR 2 (two codes);
    * cluster (actors, type, 1-day window): PRK→KOR 2 launches, USA→KOR 1 meeting.
    """
    rows = [event_row(0, "2020-01-03", "PRK", "KOR", "150", f"a{k}") for k in range(4)]
    rows += [event_row(0, "2020-01-04", "PRK", "KOR", "150", "a4"), event_row(1, "2020-01-04", "PRK", "KOR", "150", "a4"),
             event_row(0, "2020-01-04", "PRK", "KOR", "150", "a5"), event_row(0, "2020-01-20", "PRK", "KOR", "150", "b1")]
    rows += [event_row(0, "2020-02-01", "USA", "KOR", "040", "c1"), event_row(1, "2020-02-01", "USA", "KOR", "043", "c1"),
             event_row(2, "2020-02-02", "USA", "KOR", "163", "c1", modality="hypothetical")]
    return pd.DataFrame(rows)


def insert_events(con, frame: pd.DataFrame) -> None:
    con.register("_events", frame)
    try:
        con.execute("INSERT INTO events BY NAME SELECT * FROM _events")
    finally:
        con.unregister("_events")
