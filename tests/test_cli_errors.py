"""Mistakes a new user makes on the command line get a short, clear error: no traceback, a
non-zero exit code, and nothing lost or left behind (issue 19)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from allegiance.cli import app
from conftest import shared_path


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def message(result) -> str:
    """The output on one line, without Typer's box, so a message wrapped by the terminal width
    still matches."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())


def assert_clear_error(result, *fragments: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output, result.output
    # one or two lines, or Typer's usage box around one message
    assert len(result.output.strip().splitlines()) <= 2 or "Usage:" in result.output, result.output
    for fragment in fragments:
        assert fragment in message(result), result.output


# 1. eval on a file that is not a gold set

@pytest.mark.parametrize("name, content, line", [
    ("article.txt", "\n\nPresident Lee met Japan's prime minister.\n", 3),
    ("table.csv", "id,text\n1,hello\n", 1),
    ("numbers.jsonl", "[1, 2]\n", None),
])
def test_eval_on_a_text_or_csv_file_names_the_file_and_line(tmp_path, name, content, line):
    path = tmp_path / name
    path.write_text(content)
    result = invoke("eval", path)
    assert_clear_error(result, str(path), "expected")
    if line:
        assert f"{path}:{line}:" in message(result) and "JSON Lines" in message(result)
    assert path.read_text() == content


def test_eval_on_a_binary_file_and_a_record_without_events(tmp_path):
    binary = tmp_path / "data.bin"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    assert_clear_error(invoke("eval", binary, "--format", "allegiance"), str(binary), "not UTF-8 text")
    record = tmp_path / "gold.jsonl"
    record.write_text('{"id": 1, "text": "Seoul thanked Tokyo.", "events": []}\n{"text": "No events."}\n')
    assert_clear_error(invoke("eval", record), f"{record}:2:", "\"events\"", "no 'events' field")


def test_eval_jsonl_read_as_plover_says_what_plover_expects(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": 1, "text": "a", "claims": []}\n{"id": 2, "text": "b", "claims": []}\n')
    result = invoke("eval", path, "--format", "plover")
    assert_clear_error(result, f"{path}:2:", "one JSON array of PLOVER event records", "--format auto")


def test_eval_shared_office_claims_with_format_plover():
    path = shared_path("gold", "office_claims_dev.jsonl")
    result = invoke("eval", path, "--format", "plover")
    assert_clear_error(result, f"{path}:2:", "JSON array of PLOVER event records")


# 2. --out into a folder that does not exist

@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_events_out_into_a_missing_folder(examples_db, tmp_path, fmt):
    out = tmp_path / "no" / "such" / f"events.{fmt}"
    result = invoke("events", "--db", examples_db, "--format", fmt, "--out", out)
    assert_clear_error(result, f"the folder {out.parent} does not exist; create it first")
    assert not (tmp_path / "no").exists()


def test_events_out_under_a_file_or_onto_a_folder(examples_db, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    assert_clear_error(invoke("events", "--db", examples_db, "--format", "csv", "--out", a_file / "x.csv"),
                       f"{a_file} is a file, not a folder")
    assert_clear_error(invoke("events", "--db", examples_db, "--format", "json", "--out", tmp_path),
                       f"could not write {tmp_path}")
    assert a_file.read_text() == "keep me"


def test_events_out_into_an_existing_folder_still_writes(examples_db, tmp_path):
    out = tmp_path / "events.csv"
    result = invoke("events", "--db", examples_db, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) > 1  # a header and the events


def test_brief_refuses_a_missing_folder_and_creates_none(examples_db, tmp_path):
    out = tmp_path / "deep" / "er" / "brief.html"
    result = invoke("brief", "--db", examples_db, "--focus", "KOR", "--out", tmp_path / "ok.md", "--out", out)
    assert_clear_error(result, f"the folder {out.parent} does not exist; create it first")
    assert not (tmp_path / "deep").exists() and not (tmp_path / "ok.md").exists()


# 3. a negative --limit; 4. an unknown --modality

def test_events_negative_limit_is_a_usage_error_not_a_damaged_database(examples_db):
    result = invoke("events", "--db", examples_db, "--limit", "-1")
    assert_clear_error(result, "--limit", "greater than or equal to 0")
    assert "damaged" not in result.output


def test_events_limit_zero_gives_no_events(examples_db):
    result = invoke("events", "--db", examples_db, "--modality", "all", "--limit", "0")
    assert result.exit_code == 0 and "0 event(s)" in result.output, result.output


def test_events_unknown_modality_lists_the_valid_values(examples_db):
    result = invoke("events", "--db", examples_db, "--modality", "maybe")
    assert_clear_error(result, "'maybe' is not a modality", "asserted, negated, hypothetical, future or all")


# 5. dyad --since in another form

@pytest.mark.parametrize("option, value", [("--since", "yesterday"), ("--until", "2024-13-01")])
def test_dyad_dates_say_how_to_write_them(examples_db, option, value):
    result = invoke("dyad", "USA", "KOR", "--db", examples_db, option, value)
    assert_clear_error(result, option, f"write dates as YYYY-MM-DD, not '{value}'")
    assert "Invalid isoformat" not in result.output


def test_dyad_unknown_modality_lists_the_valid_values(examples_db):
    result = invoke("dyad", "USA", "KOR", "--db", examples_db, "--modality", "asserted,maybe")
    assert_clear_error(result, "'maybe' is not a modality", "asserted, negated, hypothetical, future")
    fine = invoke("dyad", "KOR", "JPN", "--db", examples_db, "--modality", "asserted,negated", "--format", "csv")
    assert fine.exit_code == 0 and fine.output.startswith("source,target"), fine.output


# 6. a misspelled input path to run

@pytest.mark.parametrize("command", ["run", "ingest"])
def test_misspelled_input_path_stops_before_creating_the_database(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = invoke(command, "exmaples/", "--db", "new.duckdb")
    assert_clear_error(result, "exmaples: no such file or folder", "new.duckdb was not created")
    assert "quad class" not in result.output  # no table of zeros
    assert list(tmp_path.iterdir()) == []  # no database, no .wal, nothing


def test_misspelled_path_beside_a_good_one_stores_nothing_and_keeps_the_database(examples_db, tmp_path):
    import shutil

    import duckdb

    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    before = db.read_bytes()
    good = tmp_path / "note.txt"
    good.write_text("Seoul and Tokyo agreed on Monday to resume talks.")
    result = invoke("run", good, tmp_path / "missing.txt", "--db", db)
    assert_clear_error(result, f"{tmp_path / 'missing.txt'}: no such file or folder", "Nothing was read or stored")
    assert db.read_bytes() == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
