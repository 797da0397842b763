"""The importers: acceptance values from ../shared, idempotency, rejects, harmonised codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from allegiance.store import Database
from allegiance.store.importers import FORMATS, ImportFileError, import_path
from allegiance.store.importers.gdelt import columns as gdelt_columns
from conftest import shared_path

DATA = Path(__file__).parent / "data"
SAMPLES = [("gdelt1", DATA / "gdelt1_sample.tsv"), ("gdelt2", DATA / "gdelt2_sample.tsv"),
           ("icews", DATA / "icews_sample.tab"), ("polecat", DATA / "polecat_sample.jsonl")]
SHARED = [("icews-counts", ("data", "icews_dyad_year_quadcounts.csv")), ("atop", ("data", "atop5_1_dyad_year.csv")),
          ("nmc", ("data", "cow_nmc_v7.csv")), ("unvotes", ("data", "unvotes")),
          ("idealpoints", ("data", "voeten_idealpoints_2025_07.csv")), ("icews14", ("data", "icews14")),
          ("icews18", ("data", "icews18"))]
TABLES = ["events", "atop_dyad_years", "nmc", "icews_dyad_year", "un_votes", "un_roll_calls",
          "un_roll_call_issues", "ideal_points", "import_rejects"]


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    """Every shared data set imported once, as a user would with ``allegiance import``."""
    paths = [(fmt, shared_path(*parts)) for fmt, parts in SHARED]
    path = tmp_path_factory.mktemp("relations") / "relations.duckdb"
    reports = {}
    with Database(path) as db:
        for fmt, source in paths:
            reports[fmt] = import_path(db, fmt, source)
    return path, reports


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    with Database(path) as db:
        reports = {fmt: import_path(db, fmt, file) for fmt, file in SAMPLES}
    return path, reports


def query(path, sql, *params):
    with Database(path, read_only=True) as db:
        return db.con.execute(sql, list(params)).fetchall()


# -- acceptance values ------------------------------------------------------------------------

def test_icews_dyad_year_counts(shared_db):
    path, reports = shared_db
    assert reports["icews-counts"].inserted == 298_376 and reports["icews-counts"].rejected == 0
    sql = ("SELECT verb_coop, matl_coop, verb_conf, matl_conf FROM icews_dyad_year "
           "WHERE source_iso3 = ? AND target_iso3 = ? AND year = ?")
    assert query(path, sql, "USA", "KOR", 2010) == [(3154, 127, 82, 71)]
    assert query(path, sql, "PRK", "KOR", 2010) == [(842, 13, 745, 1845)]
    assert query(path, sql, "KOR", "CHN", 2014) == [(2535, 25, 21, 38)]


def test_atop_usa_kor_defence_pledge_every_year_1953_to_2018(shared_db):
    path, _ = shared_db
    for a, b in (("USA", "KOR"), ("KOR", "USA")):
        years = query(path, "SELECT year FROM atop_dyad_years WHERE iso3_a = ? AND iso3_b = ? AND defense = 1 "
                      "ORDER BY year", a, b)
        assert [year for year, in years] == list(range(1953, 2019))


def test_atop_spot_checks(shared_db):
    path, reports = shared_db
    assert reports["atop"].inserted == 273_296 and reports["atop"].rejected == 0
    row = ("SELECT defense, offense, neutral, nonagg, consul FROM atop_dyad_years "
           "WHERE cow_a = ? AND cow_b = ? AND year = ?")
    span = "SELECT count(*), min(year), max(year) FROM atop_dyad_years WHERE cow_a = ? AND cow_b = ?"
    assert query(path, row, 2, 732, 1953) == [(1, 0, 0, 1, 1)]
    assert query(path, span, 2, 732) == query(path, span, 732, 2) == [(66, 1953, 2018)]
    assert query(path, span, 710, 731) == [(58, 1961, 2018)]
    assert query(path, row, 710, 731, 2018)[0][0] == 1 and query(path, row, 710, 731, 2018)[0][3] == 1
    assert query(path, row, 365, 731, 2018) == [(0, 0, 0, 1, 1)]
    assert query(path, row, 2, 710, 2018) == [(0, 0, 0, 1, 0)]
    assert query(path, "SELECT iso3_a, iso3_b FROM atop_dyad_years WHERE cow_a = 2 AND cow_b = 732 LIMIT 1") == \
        [("USA", "KOR")]


def test_nmc_cinc_2022(shared_db):
    path, _ = shared_db
    rows = dict(query(path, "SELECT iso3, round(cinc, 6) FROM nmc WHERE year = 2022 "
                      "AND iso3 IN ('USA', 'CHN', 'RUS', 'JPN', 'KOR', 'PRK')"))
    assert rows == {"USA": 0.123566, "CHN": 0.234097, "RUS": 0.038197, "JPN": 0.024714, "KOR": 0.019953,
                    "PRK": 0.014094}


def test_icews14_korea_dyads_across_the_three_splits(shared_db):
    path, reports = shared_db
    assert reports["icews14"].files == 3 and reports["icews14"].inserted == 90_730
    pair = "SELECT count(*) FROM events WHERE origin = 'icews14' AND source_text = ? AND target_text = ?"
    assert query(path, pair, "South_Korea", "North_Korea") == [(319,)]
    assert query(path, pair, "North_Korea", "South_Korea") == [(303,)]
    assert query(path, pair, "South_Korea", "China") == [(208,)]
    assert query(path, pair, "South_Korea", "Japan") == [(273,)]
    either = ("SELECT count(*) FROM events WHERE origin = 'icews14' AND (source_text IN ('South_Korea', 'North_Korea') "
              "OR target_text IN ('South_Korea', 'North_Korea'))")
    assert query(path, either) == [(3962,)]
    # The entity is harmonised to ISO3, and the dates are those of the benchmark.
    assert query(path, "SELECT DISTINCT source_code, source_country FROM events WHERE origin = 'icews14' "
                 "AND source_text = 'South_Korea'") == [("KOR", "KOR")]
    assert query(path, "SELECT min(event_date)::VARCHAR, max(event_date)::VARCHAR FROM events "
                 "WHERE origin = 'icews14'") == [("2014-01-01", "2014-12-31")]


def test_icews18_spot_checks(shared_db):
    path, reports = shared_db
    assert reports["icews18"].inserted == 95_540 and reports["icews18"].rejected == 0
    pair = "SELECT count(*) FROM events WHERE origin = 'icews18' AND source_text = ? AND target_text = ?"
    assert query(path, pair, "South Korea", "North Korea") == [(107,)]
    assert query(path, pair, "Donald Trump", "North Korea") == [(44,)]
    top = query(path, "SELECT cameo, cameo_name, count(*) AS n FROM events WHERE origin = 'icews18' "
                "AND source_text = 'South Korea' AND target_text = 'North Korea' GROUP BY ALL ORDER BY n DESC LIMIT 1")
    assert top == [("042", "Make a visit", 17)]
    assert query(path, "SELECT DISTINCT source_code, source_country, source_sector FROM events "
                 "WHERE origin = 'icews18' AND source_text = 'Government (South Korea)'") == [("KOR", "KOR", "GOV")]


@pytest.mark.parametrize("session, a, b, share, n", [
    (46, "KOR", "USA", 0.180556, 72), (46, "KOR", "CHN", 0.739130, 69), (46, "PRK", "USA", 0.090909, 55),
    (70, "KOR", "USA", 0.465753, 73), (70, "KOR", "CHN", 0.486111, 72), (70, "PRK", "USA", 0.074627, 67),
    (74, "KOR", "USA", 0.417582, 91), (74, "KOR", "CHN", 0.494382, 89), (74, "PRK", "USA", 0.049383, 81),
])
def test_un_votes_reproduce_voeten_agreement_shares(shared_db, session, a, b, share, n):
    path, _ = shared_db
    rows = query(path, """WITH v AS (SELECT rcid, session, iso3, vote FROM un_votes JOIN un_roll_calls USING (rcid))
        SELECT round(avg((x.vote = y.vote)::INTEGER), 6), count(*) FROM v x JOIN v y USING (rcid)
        WHERE x.session = ? AND x.iso3 = ? AND y.iso3 = ?""", session, a, b)
    assert rows == [(share, n)]


def test_un_votes_keep_every_country_but_zanzibar(shared_db):
    path, reports = shared_db
    report = reports["unvotes"]
    assert report.files == 3 and report.rejected == 2 and report.reasons == {"unknown-country": 2}
    assert report.tables == {"un_votes": 870_107, "un_roll_calls": 6_203, "un_roll_call_issues": 5_745}
    rejects = query(path, "SELECT line, reason FROM import_rejects WHERE source = 'unvotes' ORDER BY line")
    assert [reason for _, reason in rejects] == ["unknown-country: no ISO3 code for 'Zanzibar'"] * 2
    assert dict(query(path, "SELECT country, any_value(iso3) FROM un_votes WHERE country IN "
                      "('Federal Republic of Germany', 'Yugoslavia', 'Namibia', 'German Democratic Republic') "
                      "GROUP BY 1")) == {"Federal Republic of Germany": "DEU", "Yugoslavia": "SRB",
                                         "Namibia": "NAM", "German Democratic Republic": "DDR"}


def test_ideal_points(shared_db):
    path, _ = shared_db
    theta = dict(query(path, "SELECT iso3, round(idealpointfp, 4) FROM ideal_points WHERE year = 2024 "
                       "AND iso3 IN ('USA', 'KOR', 'JPN', 'RUS', 'PRK', 'CHN')"))
    assert theta == {"USA": 2.2062, "KOR": 1.0705, "JPN": 0.7956, "RUS": -0.5985, "PRK": -0.794, "CHN": -0.8535}
    distance = dict(query(path, """SELECT a.year, round(abs(a.idealpointfp - b.idealpointfp), 3) FROM ideal_points a
        JOIN ideal_points b USING (year) WHERE a.iso3 = 'USA' AND b.iso3 = 'KOR' AND a.year IN (1991, 2010, 2024)"""))
    assert distance == {1991: 2.362, 2010: 1.780, 2024: 1.136}
    assert query(path, "SELECT iso3, iso3c FROM ideal_points WHERE cow_code = 680 LIMIT 1") == [("YMD", "YAR")]


# -- idempotency ------------------------------------------------------------------------------

def _import_twice(path, sources):
    with Database(path) as db:
        tables = [t for t, in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
                  if t in TABLES]
        before = {table: db.count(table) for table in tables}
        reports = [import_path(db, fmt, source) for fmt, source in sources]
        after = {table: db.count(table) for table in tables}
    assert after == before
    assert all(report.inserted == 0 and report.present + report.rejected == report.read for report in reports)


def test_importing_the_shared_data_twice_changes_no_count(shared_db):
    _import_twice(shared_db[0], [(fmt, shared_path(*parts)) for fmt, parts in SHARED])


def test_importing_the_samples_twice_changes_no_count(sample_db):
    _import_twice(sample_db[0], SAMPLES)


# -- rejects ----------------------------------------------------------------------------------

def test_broken_event_rows_are_rejected_with_line_and_reason(tmp_path):
    calls = []
    with Database(tmp_path / "broken.duckdb") as db:
        report = import_path(db, "gdelt2", DATA / "gdelt2_broken.tsv", lambda *call: calls.append(call))
        rejects = db.con.execute("SELECT line, split_part(reason, ':', 1), raw IS NOT NULL FROM import_rejects "
                                 "ORDER BY line").fetchall()
        ids = [row[0] for row in db.con.execute("SELECT event_id FROM events ORDER BY event_id").fetchall()]
    assert (report.read, report.inserted, report.rejected) == (13, 7, 6)  # the blank line 11 is not a row
    assert rejects == [(7, "bad-columns", True), (8, "bad-date", True), (9, "unknown-cameo", True),
                       (10, "no-source", True), (12, "bad-id", True), (13, "duplicate", True)]
    assert ids == [f"gdelt2:79000000{n}" for n in range(1, 7)] + ["gdelt2:790000106"]
    assert calls[-1] == ("gdelt2_broken.tsv", 7, 7)  # progress: label, rows done, rows in all


def test_broken_csv_rows_keep_their_physical_line_numbers(tmp_path):
    lines = [b"ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul,note",
             b'2,732,1953,1,0,0,1,1,"plain"',                          # 2: good
             b'2,732,1954,1,0,0,1,1,"a note', b'over two lines"',       # 3-4: good, one quoted value
             b"2,732,1955,2,0,0,1,1,x",                                # 5: not a 0/1 flag
             b"2,732,1956,1,0,0,1",                                    # 6: a column short
             b"",                                                      # 7: blank
             b"2,abc,1957,1,0,0,1,1,y",                                # 8: not a COW code
             b"2,732,1953,1,0,0,1,1,again",                            # 9: same key as line 2
             b"2,732,1958,1,0,0,1,1,caf\xe9",                          # 10: not UTF-8
             b'2,732,1959,1,0,0,1,1,"ok"']                             # 11: good
    source = tmp_path / "atop_broken.csv"
    source.write_bytes(b"\n".join(lines) + b"\n")
    with Database(tmp_path / "broken.duckdb") as db:
        report = import_path(db, "atop", source)
        rejects = db.con.execute("SELECT line, reason FROM import_rejects ORDER BY line").fetchall()
        kept = db.con.execute("SELECT year, note FROM atop_dyad_years ORDER BY year").fetchall()
    assert (report.inserted, report.rejected) == (3, 5)
    assert [line for line, _ in rejects] == [5, 6, 8, 9, 10]
    codes = [reason.split(":")[0] for _, reason in rejects]
    assert codes == ["bad-value", "malformed", "bad-value", "duplicate", "bad-encoding"]
    assert rejects[0][1] == "bad-value: atop_defense '2' is not 0 or 1"
    assert rejects[3][1] == "duplicate: same cow_a, cow_b, year as line 2"
    assert kept == [(1953, "plain"), (1954, "a note\nover two lines"), (1959, "ok")]  # extra column kept


def test_a_file_of_the_wrong_layout_is_refused_with_a_reason(tmp_path):
    source = tmp_path / "not_nmc.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    with Database(tmp_path / "x.duckdb") as db, pytest.raises(ImportFileError, match="no column named ccode"):
        import_path(db, "nmc", source)


# -- synthetic samples: harmonised codes -------------------------------------------------------

def test_gdelt_columns_follow_the_codebooks():
    for version in (1, 2):
        with open(shared_path("codebooks", f"gdelt{version}-columns.csv"), encoding="utf-8", newline="") as handle:
            assert gdelt_columns(version) == [row["name"] for row in csv.DictReader(handle)]


def test_samples_import_with_iso3_codes(sample_db):
    path, reports = sample_db
    assert {fmt: (r.inserted, r.rejected) for fmt, r in reports.items()} == \
        {"gdelt1": (12, 0), "gdelt2": (12, 0), "icews": (12, 0), "polecat": (10, 0)}
    rows = {row[0]: row[1:] for row in query(path, """SELECT event_id, source_code, source_country, target_code,
        target_country, cameo, quad_class, plover FROM events""")}
    assert rows["gdelt2:780000001"] == ("KOR", "KOR", "PRK", "PRK", "036", 1, "AGREE")
    assert rows["gdelt2:780000004"][:2] == ("ROU", "ROU")            # CAMEO's ROM
    assert rows["gdelt1:250000005"][:2] == ("TLS", "TLS")            # CAMEO's TMP, a 57-field backfile row
    assert rows["gdelt2:780000011"][:2] == ("XKX", "XKX")            # KSV
    assert rows["gdelt2:780000006"][:2] == ("AFR", None)             # a region is no country
    assert rows["gdelt2:780000007"][:2] == ("IGOUNO", None)
    assert rows["gdelt2:780000010"][2:4] == (None, None)             # no target
    assert rows["icews:31000004"][:4] == ("RUS", "RUS", "CHN", "CHN")  # Russian Federation
    assert rows["icews:31000005"][:2] == ("PSE", "PSE")              # Occupied Palestinian Territory
    assert rows["icews:31000003"][4] == "042"                        # "42" lost its leading zero
    assert rows["icews:31000009"][:4] == ("CIV", "CIV", "COD", "COD")
    assert rows["icews:31000006"][:2] == ("Police (Hong Kong)", None)
    assert rows["polecat:pc-0005"][2:4] == ("XKX", "XKX")            # PLOVER's KOS
    assert rows["polecat:pc-0007"][:4] == ("EU", None, "RUS", "RUS")
    assert rows["polecat:pc-0006"][4:] == ("---", 4, "ASSAULT")      # PLOVER 0.5 FIGHT
    assert rows["polecat:pc-0003"][:4] == ("JPN", "JPN", "KOR", "KOR")  # country names
    every = query(path, """SELECT count(*) FILTER (modality = 'asserted' AND date_basis = 'article' AND NOT mirrored
        AND article_id IS NULL AND trigger IS NULL AND event_date IS NOT NULL), count(*) FROM events""")
    assert every == [(46, 46)]


def test_icews_relation_labels_match_the_cameo_codebook():
    from allegiance.store.importers.icews_tkg import relation_codes

    with open(shared_path("codebooks", "cameo-codes.csv"), encoding="utf-8", newline="") as handle:
        names: dict[str, set[str]] = {}
        for row in csv.DictReader(handle):
            names.setdefault(row["name"].strip().lower().replace("-", " "), set()).add(row["code"])
    for folder in ("icews14", "icews18"):
        with open(shared_path("data", folder, "relation2id.txt"), encoding="utf-8") as handle:
            for line in handle:
                label = line.rsplit("\t", 1)[0].replace("_", " ")
                code = relation_codes()[label.lower().replace("_", " ")]
                assert code in names[label.lower().replace("-", " ")], label


# -- the command --------------------------------------------------------------------------------

def test_import_command_prints_a_summary(tmp_path):
    import typer
    from typer.testing import CliRunner

    from allegiance.store.importers.cli import import_command

    app = typer.Typer()
    app.command("import")(import_command)
    app.command("other")(lambda: None)  # two commands, so "import" is a subcommand as it will be
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["import", "gdelt2", str(DATA / "gdelt2_broken.tsv"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "7 inserted, 0 already present, 6 rejected" in result.output
    assert "bad-date: 1" in result.output
    result = CliRunner().invoke(app, ["import", "gdelt3", str(DATA), "--db", str(db)])
    assert result.exit_code != 0 and "gdelt3" in result.output
    assert "icews-counts" in FORMATS
