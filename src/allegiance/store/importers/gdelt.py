"""GDELT 1.0 and 2.0 event exports (tab-separated, no header; ``.CSV``, ``.zip`` or ``.gz``) → ``events``.

Columns are taken by position from the GDELT codebooks: 57 (1.0 backfiles before April 2013) or
58 (1.0 daily files, with SOURCEURL) fields, 61 for 2.0. Actor country codes are CAMEO's
three-letter codes: ISO3 of around 2000, so ROM (Romania) and TMP (East Timor) appear, KSV/KOS for
Kosovo, and regions (AFR, WST, ...) that name no state; the crosswalk turns them into ISO3 and a
region keeps its raw actor code with no country. Goldstein, quad class and PLOVER come from our
ontology (GDELT's own Goldstein table is the one pinned there, so the scores agree).
``event_id`` is ``gdelt1:``/``gdelt2:`` + GLOBALEVENTID, so a second import inserts nothing.
"""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from pathlib import Path

from ...ingest import limits as _limits
from ...ingest.limits import bytes_text
from .base import (ImportFileError, ImportReport, Progress, ensure, events_sql, load, reason, register_lookups,
                   stage_lines, when_missing)

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")


def columns(version: int) -> list[str]:
    """The export's column names in order (GDELT 1.0 geography has no ADM2Code)."""
    geo = [part for part in _GEO if version == 2 or part != "ADM2Code"]
    return (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
            + [f"Actor{n}{part}" for n in (1, 2) for part in _ACTOR] + list(_EVENT)
            + [f"{who}Geo_{part}" for who in ("Actor1", "Actor2", "Action") for part in geo]
            + ["DATEADDED", "SOURCEURL"])


def import_file(db, path: Path | str, progress: Progress | None = None, version: int = 2, *,
                strict: bool = False) -> ImportReport:
    path = Path(path)
    if path.suffix.lower() == ".zip":  # GDELT ships zip archives of one file; DuckDB reads gzip, not zip
        with tempfile.TemporaryDirectory() as folder:
            target = _unzip(path, Path(folder))
            return _import(db, target, path, progress, version, strict)
    return _import(db, path, path, progress, version, strict)


def _unzip(path: Path, folder: Path) -> Path:
    """The zip's first member, extracted into ``folder`` with the decompression limits."""
    limits = _limits.current()
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if not members:
                raise ImportFileError(f"{path}: the zip archive holds no file")
            member = members[0]
            target = folder / (Path(member.filename).name or "member")
            written = 0
            with archive.open(member) as source, open(target, "wb") as sink:
                while chunk := source.read(1 << 20):
                    written += len(chunk)
                    if written > limits.import_max_decompressed_bytes or (
                            written > limits.ratio_floor_bytes
                            and written > limits.max_compression_ratio * max(member.compress_size, 1)):
                        raise ImportFileError(
                            f"{path}: decompression-bomb: {member.filename} expands past "
                            f"{bytes_text(written)} from {bytes_text(member.compress_size)} compressed; not imported")
                    sink.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, zlib.error) as err:
        raise ImportFileError(f"{path}: not a readable zip archive ({err})") from None
    return target


def _import(db, read_path: Path, path: Path, progress: Progress | None, version: int,
            strict: bool = False) -> ImportReport:
    ensure(db)
    register_lookups(db.con)
    rejects = stage_lines(db.con, read_path)
    names = columns(version)
    allowed = (len(names) - 1, len(names)) if version == 1 else (len(names),)

    def f(name: str) -> str:
        return f"nullif(trim(f[{names.index(name) + 1}]), '')"

    checks = [f"WHEN len(f) NOT IN ({', '.join(map(str, allowed))}) THEN 'bad-columns: expected "
              f"{' or '.join(map(str, allowed))} tab-separated fields, found ' || len(f)",
              when_missing(f("GLOBALEVENTID"), "GLOBALEVENTID"),
              f"WHEN NOT regexp_matches({f('GLOBALEVENTID')}, '^[0-9]+$') THEN 'bad-id: GLOBALEVENTID ''' || "
              f"{f('GLOBALEVENTID')} || ''' is not a number'",
              f"WHEN try_strptime({f('SQLDATE')}, '%Y%m%d') IS NULL THEN 'bad-date: SQLDATE ''' || "
              f"coalesce({f('SQLDATE')}, '') || ''' is not a YYYYMMDD date'",
              when_missing(f("EventCode"), "EventCode"),
              f"WHEN {f('Actor1Code')} IS NULL AND {f('Actor1CountryCode')} IS NULL "
              "THEN 'no-source: the event has no Actor1 (source actor)'"]
    inner = f"""
        SELECT line, {reason(*checks)} AS reason, 'gdelt{version}:' || {f('GLOBALEVENTID')} AS event_id,
               try_strptime({f('SQLDATE')}, '%Y%m%d')::DATE AS event_date,
               coalesce(s.iso3, {f('Actor1Code')}, {f('Actor1CountryCode')}) AS source_code, s.iso3 AS source_country,
               {f('Actor1Type1Code')} AS source_sector, {f('Actor1Name')} AS source_text,
               coalesce(t.iso3, {f('Actor2Code')}, {f('Actor2CountryCode')}) AS target_code, t.iso3 AS target_country,
               {f('Actor2Type1Code')} AS target_sector, {f('Actor2Name')} AS target_text,
               {f('EventCode')} AS cameo, NULL::VARCHAR AS plover
        FROM (SELECT line, string_split(raw, e'\\t') AS f FROM _imp_phys WHERE coalesce(raw, '') <> '')
        LEFT JOIN _codes s ON s.kind = 'cameo' AND s.key = upper({f('Actor1CountryCode')})
        LEFT JOIN _codes t ON t.kind = 'cameo' AND t.key = upper({f('Actor2CountryCode')})"""
    origin = f"gdelt{version}"
    return load(db, source=origin, path=path, table="events", key=["event_id"],
                rows_sql=events_sql(inner, origin), report=ImportReport(origin, str(path)), progress=progress,
                rejects=rejects, strict=strict)
