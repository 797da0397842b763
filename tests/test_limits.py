"""The limits (size, line, decompression, time) and strict mode, for the readers and the importers."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allegiance.cli import app
from allegiance.ingest import InputError, prepare, read_inputs
from allegiance.ingest import limits as limits_module
from allegiance.ingest.limits import Limits, from_env, overridden
from allegiance.ingest.sources import REASONS
from allegiance.records import RawDocument, Skip
from allegiance.store import Database
from allegiance.store.importers import ImportFileError, RejectedRow, import_path

DATA = Path(__file__).parent / "data"
ARTICLE = ("Seoul, March 3, 2025\n\nSouth Korea and Japan held talks in Tokyo on Monday. "
           "The foreign ministers agreed to expand cooperation on North Korea.\n")


def _line(text: str, **extra) -> str:
    return json.dumps({"text": text, **extra})


def _read(paths, **kw) -> list:
    return list(read_inputs(paths, **kw))


def _warc(records, gzip_records=True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    for url, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue()


# -- configuration ----------------------------------------------------------------------------------

def test_defaults_and_the_one_place_to_change_them(monkeypatch):
    defaults = Limits()
    assert defaults.max_article_chars == 1_000_000 and defaults.max_line_chars == 5_000_000
    assert defaults.max_decompressed_bytes == 1 << 30 and defaults.seconds_per_file == 120
    assert from_env("max_article_chars=10, seconds_per_file=1.5") == defaults.replace(max_article_chars=10,
                                                                                      seconds_per_file=1.5)
    with pytest.raises(ValueError, match="unknown limit 'max_nothing'"):
        from_env("max_nothing=3")
    with pytest.raises(ValueError, match="not a number"):
        from_env("max_line_chars=lots")
    before = limits_module.current()
    with overridden(max_article_chars=100) as changed:
        assert limits_module.current() is changed and changed.max_article_chars == 100
    assert limits_module.current() == before


# -- sizes and lines --------------------------------------------------------------------------------

def test_an_article_over_the_size_limit_is_skipped_and_the_others_kept(tmp_path):
    (tmp_path / "big.txt").write_text("Seoul talks. " * 100)
    (tmp_path / "small.txt").write_text(ARTICLE)
    (tmp_path / "feed.jsonl").write_text("\n".join([_line("Seoul talks. " * 100), _line(ARTICLE)]))
    records = _read([tmp_path], limits=Limits(max_article_chars=1000))
    skips = {(Path(r.origin).name, r.locator, r.reason) for r in records if isinstance(r, Skip)}
    kept = {(Path(r.origin).name, r.locator) for r in records if isinstance(r, RawDocument)}
    assert skips == {("big.txt", "", "too-large"), ("feed.jsonl", "line 1", "too-large")}
    assert kept == {("small.txt", ""), ("feed.jsonl", "line 2")}
    detail = next(r.detail for r in records if isinstance(r, Skip))
    assert "1,300 characters" in detail and "max_article_chars" in detail


def test_a_file_over_max_file_bytes_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    [skip] = _read([tmp_path / "a.txt"], limits=Limits(max_file_bytes=10))
    assert skip.reason == "too-large" and "max_file_bytes" in skip.detail


def test_a_line_over_the_line_limit_is_skipped_and_the_others_kept(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([_line(ARTICLE), _line("x" * 5000), _line(ARTICLE + " Again.")]))
    records = _read([feed], limits=Limits(max_line_chars=2000))
    assert [(r.locator, r.reason if isinstance(r, Skip) else "kept") for r in records] == \
        [("line 1", "kept"), ("line 2", "line-too-long"), ("line 3", "kept")]


def test_html_over_the_markup_limit_never_reaches_the_extractor(tmp_path, monkeypatch):
    import trafilatura

    def refuse(*args, **kwargs):
        raise AssertionError("trafilatura called on a page over the limit")

    monkeypatch.setattr(trafilatura, "extract", refuse)
    page = tmp_path / "huge.html"
    page.write_text("<html><body>" + "<p>Seoul talks resumed.</p>" * 2000 + "</body></html>")
    [skip] = _read([page], limits=Limits(max_markup_chars=10_000))
    assert skip.reason == "too-large" and "max_markup_chars" in skip.detail


# -- decompression bombs ----------------------------------------------------------------------------

def test_a_warc_gz_bomb_keeps_the_records_before_it(tmp_path):
    good = _warc([("https://example.org/a", "text/plain", ARTICLE.encode())])
    bomb = gzip.compress(b"\0" * (8 << 20))
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(good + bomb + good)
    records = _read([archive], limits=Limits(max_decompressed_bytes=1 << 20))
    assert [type(r).__name__ for r in records] == ["RawDocument", "Skip"]
    assert (records[1].reason, records[1].action) == ("decompression-bomb", "partial")
    assert "1 MiB" in records[1].detail
    # the ratio guard catches it too, long before the size limit
    records = _read([archive], limits=Limits(ratio_floor_bytes=1 << 20, max_compression_ratio=100))
    assert records[-1].reason == "decompression-bomb" and "100 times" in records[-1].detail


def test_a_gzip_encoded_record_body_is_read_with_a_cap(tmp_path):
    bomb = gzip.compress(b"<p>" + b"a" * (4 << 20) + b"</p>")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/x", "response", payload=io.BytesIO(bomb),
                                                  http_headers=headers))
    archive = tmp_path / "enc.warc.gz"
    archive.write_bytes(buffer.getvalue())
    [skip, *_] = _read([archive], limits=Limits(max_markup_chars=100_000))
    assert skip.reason == "too-large" and "not read" in skip.detail


def test_a_single_member_warc_gz_is_read(tmp_path):
    plain = _warc([("https://example.org/a", "text/plain", ARTICLE.encode()),
                   ("https://example.org/b", "text/plain", (ARTICLE + " More.").encode())], gzip_records=False)
    archive = tmp_path / "whole.warc.gz"
    archive.write_bytes(gzip.compress(plain))  # one gzip member for the whole file, as `gzip` makes
    assert [type(r).__name__ for r in _read([archive])] == ["RawDocument", "RawDocument"]


# -- time -------------------------------------------------------------------------------------------

def test_a_file_over_its_time_budget_keeps_the_records_read_before(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(_line(f"{ARTICLE} Number {n}.") for n in range(3)))
    (tmp_path / "next.txt").write_text(ARTICLE)
    records = _read([tmp_path], limits=Limits(seconds_per_file=0))
    assert [(Path(r.origin).name, type(r).__name__, getattr(r, "reason", "")) for r in records] == [
        ("feed.jsonl", "RawDocument", ""), ("feed.jsonl", "Skip", "timeout"),
        ("next.txt", "RawDocument", ""), ("next.txt", "Skip", "timeout")]
    assert records[1].action == "partial" and "seconds_per_file" in records[1].detail


def test_the_budget_counts_only_the_time_spent_reading(tmp_path):
    import time

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(_line(f"{ARTICLE} Number {n}.") for n in range(3)))
    kept = []
    for record in read_inputs([feed], limits=Limits(seconds_per_file=0.5)):
        time.sleep(0.3)  # the caller's own work (cleaning, storing) is not the reader's
        kept.append(record)
    assert [type(r).__name__ for r in kept] == ["RawDocument"] * 3


# -- strict mode ------------------------------------------------------------------------------------

def test_strict_mode_raises_at_the_first_bad_input_with_its_reason_and_place(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.jsonl").write_text("\n".join([_line(ARTICLE), '{"text": "cut', _line(ARTICLE)]))
    read = []
    with pytest.raises(InputError) as caught:
        for record in read_inputs([tmp_path], strict=True):
            read.append(record)
    assert len(read) == 2  # a.txt and the first line of b.jsonl, then the broken line stops it
    error = caught.value
    assert (error.reason, error.locator, Path(error.origin).name) == ("bad-json", "line 2", "b.jsonl")
    assert str(error).endswith("(line 2): bad-json: invalid JSON at column 10: Unterminated string starting at")
    # the same corpus without strict: recorded, and the rest read
    assert [getattr(r, "reason", "ok") for r in read_inputs([tmp_path])] == ["ok", "ok", "bad-json", "ok"]


def test_strict_mode_covers_missing_paths_truncated_pages_and_prepare(tmp_path):
    with pytest.raises(InputError, match="not-found"):
        _read([tmp_path / "nope.txt"], strict=True)
    page = tmp_path / "cut.html"
    page.write_text("<html><body><article><p>" + ARTICLE * 3 + "</p></article>")
    with pytest.raises(InputError, match="truncated"):
        _read([page], strict=True)
    french = RawDocument("La Corée du Nord a tiré un missile balistique vendredi, selon l'armée sud-coréenne, "
                         "qui a renforcé sa surveillance le long de la frontière.", "fr.txt")
    assert isinstance(prepare(french), Skip)
    with pytest.raises(InputError, match="not-english"):
        prepare(french, strict=True)


def test_every_reason_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "hardening.md").read_text()
    for reason in REASONS:
        assert f"`{reason}`" in doc, reason


# -- importers --------------------------------------------------------------------------------------

def _gdelt_lines() -> list[str]:
    return (DATA / "gdelt2_sample.tsv").read_text().splitlines()


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "imports.duckdb") as database:
        yield database


def test_importer_strict_mode_stops_at_the_first_reject_and_writes_nothing(db, tmp_path):
    lines = _gdelt_lines()
    path = tmp_path / "broken.CSV"
    path.write_text("\n".join(lines[:3] + ["123\tnot a date"] + lines[3:]) + "\n")
    with pytest.raises(RejectedRow) as caught:
        import_path(db, "gdelt2", path, strict=True)
    assert caught.value.line == 4 and caught.value.reason.startswith("bad-columns")
    assert "line 4: bad-columns" in str(caught.value) and "nothing of this file was imported" in str(caught.value)
    assert db.count("events") == 0 and db.count("import_rejects") == 0
    report = import_path(db, "gdelt2", path)  # without strict: the row is a reject, the others are in
    assert report.rejected == 1 and report.inserted == len(lines)


def test_importer_cli_strict_gives_one_line_and_exit_2(tmp_path):
    path = tmp_path / "broken.CSV"
    path.write_text("\n".join(_gdelt_lines()[:2] + ["x"]) + "\n")
    result = CliRunner().invoke(app, ["import", "gdelt2", str(path), "--db", str(tmp_path / "i.duckdb"), "--strict"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "line 3: bad-columns" in result.output


def test_importer_lines_over_the_limit_are_rejects(db, tmp_path):
    lines = _gdelt_lines()
    path = tmp_path / "long.CSV"
    path.write_text("\n".join(lines[:2] + ["9" * 5000] + lines[2:]) + "\n")
    polecat = tmp_path / "long.jsonl"
    polecat.write_text("\n".join((DATA / "polecat_sample.jsonl").read_text().splitlines()[:2] + ["[" * 5000]) + "\n")
    with overridden(import_max_line_bytes=2000):
        report = import_path(db, "gdelt2", path)
        plover = import_path(db, "polecat", polecat)
    assert report.reasons == {"line-too-long": 1} and report.inserted == len(lines)
    assert plover.reasons == {"line-too-long": 1} and plover.inserted == 2
    raw = db.con.execute("SELECT raw FROM import_rejects WHERE source = 'gdelt2'").fetchone()[0]
    assert len(raw) < 1100  # the line is not kept whole


def test_importer_gz_bomb_and_zip_bomb_are_refused(db, tmp_path):
    bomb = tmp_path / "bomb.CSV.gz"
    bomb.write_bytes(gzip.compress(b"\t" * (4 << 20)))
    with overridden(ratio_floor_bytes=1 << 20):
        with pytest.raises(ImportFileError, match="decompression-bomb"):
            import_path(db, "gdelt2", bomb)
        archive = tmp_path / "bomb.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr("bomb.CSV", b"\t" * (4 << 20))
        with pytest.raises(ImportFileError, match="decompression-bomb"):
            import_path(db, "gdelt2", archive)
    assert db.count("events") == 0
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ImportFileError, match="not a readable zip"):
        import_path(db, "gdelt2", broken)


def test_importer_damaged_gz_keeps_the_lines_before_the_damage(db, tmp_path):
    lines = _gdelt_lines()
    packed = gzip.compress(("\n".join(lines * 40) + "\n").encode())
    path = tmp_path / "cut.CSV.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    report = import_path(db, "gdelt2", path)
    assert report.reasons["bad-gzip"] == 1 and report.inserted == len(lines)
    reason = db.con.execute("SELECT reason FROM import_rejects WHERE reason LIKE 'bad-gzip%'").fetchone()[0]
    assert "damaged after line" in reason and "kept" in reason


def test_importer_time_budget_stops_the_file_and_writes_nothing(db, tmp_path):
    with overridden(import_seconds_per_file=0):
        with pytest.raises(ImportFileError, match="timeout"):
            import_path(db, "gdelt2", DATA / "gdelt2_sample.tsv")
        with pytest.raises(ImportFileError, match="import_seconds_per_file"):
            import_path(db, "polecat", DATA / "polecat_sample.jsonl")
    assert db.count("events") == 0 and db.count("import_rejects") == 0
    assert import_path(db, "gdelt2", DATA / "gdelt2_sample.tsv").inserted == 12  # the connection is fine after
