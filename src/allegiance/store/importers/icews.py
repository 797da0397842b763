"""ICEWS event files (the Dataverse ``.tab`` layout: tab-separated, header line) → ``events``.

Columns are found by their header names (Event ID, Event Date, Source Name, Source Sectors,
Source Country, CAMEO Code, Target Name, Target Sectors, Target Country, ...), so the column order
of a release does not matter. An actor with a country (a minister, a ministry, the state itself)
gets that country's ISO3 as its code; ICEWS spells countries its own way ("Russian Federation",
"Occupied Palestinian Territory"), which the crosswalk's ``icews_names`` cover. An actor without
a country keeps its ICEWS name as code. CAMEO codes that lost their leading zero in a
spreadsheet ("42") are padded back ("042"). ICEWS's own Intensity is not kept: Goldstein, quad
class and PLOVER come from our ontology, as for every source.
"""

from __future__ import annotations

from pathlib import Path

from .base import (ImportFileError, ImportReport, Progress, ensure, events_sql, join_names, load, reason,
                   register_lookups, stage_lines, when_missing)

REQUIRED = ("Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Target Name",
            "Target Country")


def sector_sql(expr: str) -> str:
    """CAMEO agent code (GOV, MIL, ...) for an ICEWS sector list or generic actor ("Police",
    "Foreign Affairs", "Government,Executive"): the first matching family wins, else NULL."""
    families = [("NGO", "non-governmental|ngo"), ("IGO", "international government|intergovernmental"),
                ("COP", "police"), ("MIL", r"military|army|armed forces|navy|naval|air force|defen[cs]e|soldier"),
                ("LEG", "legislat|parliament|senate|lawmaker|congress"),
                ("JUD", "judic|court|judge|attorney|lawyer|prosecut"), ("OPP", "opposition"),
                ("REB", "rebel|insurgen|militant"), ("SPY", "intelligence"),
                ("MED", "media|newspaper|journalist|editor"), ("BUS", "business|company|bank|industr|corporat"),
                ("GOV", "government|ministry|minister|cabinet|head of (state|government)|executive|foreign affairs"
                        "|official|authorit|governor|mayor|envoy|ambassador|royal|president|diplomat"),
                ("PTY", r"\bpart(y|ies)\b"), ("LAB", r"labou?r|union|worker"),
                ("EDU", "educat|student|universit|professor|school"), ("HLH", "health|medical|hospital"),
                ("REF", "refugee|displaced|immigrant"), ("REL", "religio|church|muslim|christian|cleric"),
                ("CVL", r"citizen|civilian|population|\b(wo)?men\b|children|protester|activist")]
    whens = " ".join(f"WHEN regexp_matches(lower({expr}), '{pattern}') THEN '{code}'" for code, pattern in families)
    return f"CASE {whens} END"


def _sector_join(expr: str, alias: str) -> str:
    return (f"LEFT JOIN (SELECT v, {sector_sql('v')} AS sector FROM (SELECT DISTINCT {expr} AS v FROM _imp_fields)) "
            f"{alias} ON {alias}.v = {expr}")


def import_file(db, path: Path | str, progress: Progress | None = None, *, strict: bool = False) -> ImportReport:
    path = Path(path)
    ensure(db)
    con = db.con
    register_lookups(con)
    rejects = stage_lines(con, path)
    first = con.execute("SELECT raw FROM _imp_phys WHERE line = 1").fetchone()
    header = [name.strip().lstrip("\ufeff") for name in (first[0] if first and first[0] else "").split("\t")]
    index = {name.lower(): i + 1 for i, name in enumerate(header)}
    missing = [name for name in REQUIRED if name.lower() not in index]
    if missing:
        raise ImportFileError(f"{path}: not an ICEWS event file: no column {', '.join(missing)} in the header")

    def f(name: str) -> str:
        return f"nullif(trim(f[{index[name.lower()]}]), '')" if name.lower() in index else "NULL::VARCHAR"

    con.execute("""CREATE TEMP TABLE _imp_fields AS SELECT line, string_split(raw, e'\\t') AS f
                    FROM _imp_phys WHERE line > 1 AND coalesce(raw, '') <> ''""")
    code = f("CAMEO Code")
    cameo = (f"CASE WHEN len({code}) < 3 THEN lpad({code}, 3, '0') WHEN {code} IN (SELECT code FROM _cameo) "
             f"THEN {code} WHEN '0' || {code} IN (SELECT code FROM _cameo) THEN '0' || {code} ELSE {code} END")
    checks = [f"WHEN len(f) <> {len(header)} THEN 'bad-columns: expected {len(header)} tab-separated fields, "
              "found ' || len(f)",
              when_missing(f("Event ID"), "Event ID"),
              f"WHEN TRY_CAST({f('Event Date')} AS DATE) IS NULL THEN 'bad-date: Event Date ''' || "
              f"coalesce({f('Event Date')}, '') || ''' is not YYYY-MM-DD'",
              when_missing(code, "CAMEO Code"), when_missing(f("Source Name"), "Source Name")]
    inner = f"""
        SELECT line, {reason(*checks)} AS reason, 'icews:' || {f('Event ID')} AS event_id,
               TRY_CAST({f('Event Date')} AS DATE) AS event_date,
               coalesce(sc.iso3, {f('Source Name')}) AS source_code, sc.iso3 AS source_country,
               ss.sector AS source_sector, {f('Source Name')} AS source_text,
               coalesce(tc.iso3, {f('Target Name')}) AS target_code, tc.iso3 AS target_country,
               ts.sector AS target_sector, {f('Target Name')} AS target_text,
               {cameo} AS cameo, NULL::VARCHAR AS plover
        FROM _imp_fields
        {join_names(f('Source Country'), 'sc', '_imp_fields')}
        {join_names(f('Target Country'), 'tc', '_imp_fields')}
        {_sector_join(f('Source Sectors'), 'ss')}
        {_sector_join(f('Target Sectors'), 'ts')}"""
    return load(db, source="icews", path=path, table="events", key=["event_id"],
                rows_sql=events_sql(inner, "icews"), report=ImportReport("icews", str(path)), progress=progress,
                strict=strict, rejects=rejects)
