"""UN General Assembly roll calls, votes and issue tags (the ``unvotes`` layout) →
``un_roll_calls``, ``un_votes``, ``un_roll_call_issues``.

PATH is the folder with ``un_roll_calls.csv``, ``un_roll_call_issues.csv`` and ``un_votes.csv``,
or one of them (recognised by its columns). Votes name countries by ISO-2 code; three rows have
none (Federal Republic of Germany, Yemen Arab Republic, Zanzibar) and Yugoslavia has the retired
``YU``, so a country is found by code first and then by its name through the crosswalk's
``un_names``. Namibia's code is the literal ``NA``, kept as text (only an empty field is missing).
Zanzibar (1963-64) has no ISO code: its votes are rejects with that reason.
"""

from __future__ import annotations

from pathlib import Path

from .base import (ImportFileError, ImportReport, Progress, as_int, ensure, join_names, load, pick, reason,
                   register_lookups, stage_csv, when_missing, when_not_flag, when_not_int)

DDL = (
    """CREATE TABLE IF NOT EXISTS un_roll_calls (
    rcid INTEGER NOT NULL,          -- key
    session INTEGER,                   -- UNGA session
    importantvote TINYINT,             -- 1 = marked important by the US State Department
    date DATE,
    unres VARCHAR,                     -- resolution number
    amend TINYINT, para TINYINT,       -- 1 = a vote on an amendment / a paragraph
    short VARCHAR,
    descr VARCHAR
)""",
    """CREATE TABLE IF NOT EXISTS un_votes (
    rcid INTEGER NOT NULL,
    iso3 VARCHAR NOT NULL,
    vote VARCHAR NOT NULL CHECK (vote IN ('yes', 'no', 'abstain')),
    country VARCHAR,                   -- as written in the file
    country_code VARCHAR              -- ISO-2 as written in the file
    -- one row per (rcid, iso3), kept so by the importer
)""",
    """CREATE TABLE IF NOT EXISTS un_roll_call_issues (
    rcid INTEGER NOT NULL,
    short_name VARCHAR NOT NULL,       -- me, nu, di, hr, co, ec
    issue VARCHAR
    -- one row per (rcid, short_name), kept so by the importer
)""")
FILES = ("un_roll_calls.csv", "un_roll_call_issues.csv", "un_votes.csv")
# Voeten's raw files code votes as numbers: 1 yes, 2 abstain, 3 no (8 absent, 9 not a member: no vote).
VOTE = "CASE lower(trim({v})) WHEN '1' THEN 'yes' WHEN '2' THEN 'abstain' WHEN '3' THEN 'no' ELSE lower(trim({v})) END"


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db, *DDL)
    if path.is_dir():
        report = ImportReport("unvotes", str(path))
        for name in FILES:
            if (path / name).exists():
                report.add(import_file(db, path / name, progress, strict=strict))
        if not report.files:
            raise ImportFileError(f"{path}: none of {', '.join(FILES)} is in this folder")
        return report
    register_lookups(db.con)
    header, rejects = stage_csv(db.con, path)
    lower = {name.lower() for name in header}
    if "vote" in lower:
        table, key, rows = "un_votes", ["rcid", "iso3"], _votes(header, path)
    elif "issue" in lower or "short_name" in lower:
        table, key, rows = "un_roll_call_issues", ["rcid", "short_name"], _issues(header, path)
    elif "session" in lower:
        table, key, rows = "un_roll_calls", ["rcid"], _roll_calls(header, path)
    else:
        raise ImportFileError(f"{path}: not a roll-call, vote or issue file of the unvotes layout "
                              f"(columns: {', '.join(header)})")
    return load(db, source="unvotes", path=path, table=table, key=key, rows_sql=rows,
                report=ImportReport("unvotes", str(path)), progress=progress, strict=strict, rejects=rejects)


def _votes(header: list[str], path: Path) -> str:
    rcid, vote = pick(header, "rcid", required=str(path)), pick(header, "vote", required=str(path))
    country, code = pick(header, "country", required=str(path)), pick(header, "country_code", required=str(path))
    voted = VOTE.format(v=vote)
    checks = [when_missing(rcid, "rcid"), when_not_int(rcid, "rcid"), when_missing(vote, "vote"),
              f"WHEN {voted} NOT IN ('yes', 'no', 'abstain') THEN 'bad-value: vote ''' || {vote} || "
              "''' is not yes, no or abstain'",
              "WHEN coalesce(c2.iso3, cn.iso3) IS NULL THEN 'unknown-country: no ISO3 code for ''' || "
              f"coalesce({country}, '') || '''' || coalesce(' (' || {code} || ')', '')"]
    return f"""
        SELECT line, {reason(*checks)} AS reason, {as_int(rcid)} AS rcid, coalesce(c2.iso3, cn.iso3) AS iso3,
               {voted} AS vote, {country} AS country, {code} AS country_code
        FROM _imp_rows
        LEFT JOIN _codes c2 ON c2.kind = 'iso2' AND c2.key = upper(trim({code}))
        {join_names(country, "cn")}"""


def _issues(header: list[str], path: Path) -> str:
    rcid, short = pick(header, "rcid", required=str(path)), pick(header, "short_name", required=str(path))
    issue = pick(header, "issue")
    checks = [when_missing(rcid, "rcid"), when_not_int(rcid, "rcid"), when_missing(short, "short_name")]
    return f"""SELECT line, {reason(*checks)} AS reason, {as_int(rcid)} AS rcid, trim({short}) AS short_name,
                      {issue or 'NULL'} AS issue FROM _imp_rows"""


def _roll_calls(header: list[str], path: Path) -> str:
    rcid, date = pick(header, "rcid", required=str(path)), pick(header, "date", required=str(path))
    ints = {name: pick(header, name) for name in ("session", "importantvote", "amend", "para")}
    texts = {name: pick(header, name) for name in ("unres", "short", "descr")}
    checks = [when_missing(rcid, "rcid"), when_not_int(rcid, "rcid"),
              when_not_int(ints["session"] or "NULL", "session"),
              f"WHEN nullif(trim({date}), '') IS NOT NULL AND TRY_CAST(trim({date}) AS DATE) IS NULL "
              f"THEN 'bad-date: date ''' || {date} || ''' is not YYYY-MM-DD'"]
    checks += [when_not_flag(ints[name], name) for name in ("importantvote", "amend", "para") if ints[name]]
    columns = [f"{as_int(column) if column else 'NULL'} AS {name}" for name, column in ints.items()]
    columns += [f"{column or 'NULL'} AS {name}" for name, column in texts.items()]
    return f"""SELECT line, {reason(*checks)} AS reason, {as_int(rcid)} AS rcid,
                      TRY_CAST(trim({date}) AS DATE) AS date, {", ".join(columns)} FROM _imp_rows"""
