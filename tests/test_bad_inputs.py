"""One broken file never stops a run: every bad input is listed with its reason, the rest is kept."""

from __future__ import annotations

import io
import json

import duckdb
from typer.testing import CliRunner

from allegiance.api import ingest
from allegiance.cli import app

GOOD_TEXT = ("Seoul, March 3, 2025\n\nSouth Korea and Japan held talks in Tokyo on Monday. "
             "The foreign ministers agreed to expand cooperation on North Korea.\n")
GOOD_HTML = ("<html><head><title>Allies meet</title></head><body><nav>Home | World</nav><article>"
             "<h1>Allies meet</h1><p>Japanese Prime Minister Shigeru Ishiba met South Korean officials "
             "in Seoul on Tuesday to discuss North Korea's missile launches and regional security."
             "</p><p>Both sides pledged closer coordination on sanctions and intelligence sharing in "
             "the months ahead, officials said.</p>")


def _bad_corpus(root):
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 8)
    (root / "latin1.txt").write_bytes("Le président a visité Séoul.".encode("latin-1"))
    (root / "truncated.html").write_text(GOOD_HTML)  # cut off: no </body></html>
    (root / "good.txt").write_text(GOOD_TEXT)
    lines = [json.dumps({"title": "Talks", "date": "2025-03-04",
                         "text": "China and Russia held talks in Beijing on Tuesday about trade."}),
             '{"title": "broken", "text": "unterminated',
             json.dumps({"title": "Drill", "date": "2025-03-05",
                         "text": "North Korea fired two ballistic missiles into the sea on Wednesday, "
                                 "South Korea's military said."})]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n")
    return root


def test_bad_inputs_are_listed_and_good_parts_kept(tmp_path):
    corpus = _bad_corpus(tmp_path / "inbox")
    db = tmp_path / "bad.duckdb"
    result = CliRunner().invoke(app, ["run", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        skipped = {(o.split("/")[-1], loc, reason, action) for o, loc, reason, action in
                   con.execute("SELECT origin, locator, reason, action FROM skipped_inputs").fetchall()}
        formats = sorted(r[0] for r in con.execute("SELECT format FROM articles").fetchall())
    assert ("empty.txt", "", "empty", "skipped") in skipped
    assert ("image.txt", "", "binary", "skipped") in skipped
    assert ("latin1.txt", "", "bad-encoding", "skipped") in skipped
    assert ("truncated.html", "", "truncated", "partial") in skipped
    assert ("feed.jsonl", "line 2", "bad-json", "skipped") in skipped
    assert formats == ["html", "jsonl", "jsonl", "text"]
    for name in ("empty.txt", "image.txt", "latin1.txt", "truncated.html", "feed.jsonl"):
        assert name in result.output
    assert "line 2" in result.output


def test_a_run_with_nothing_readable_exits_non_zero(tmp_path):
    corpus = tmp_path / "junk"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(app, ["run", str(corpus), "--db", str(tmp_path / "j.duckdb")])
    assert result.exit_code == 1
    assert "empty" in result.output and "binary" in result.output


def test_non_english_text_is_skipped_with_its_language(tmp_path):
    page = tmp_path / "fr.txt"
    page.write_text("La Corée du Nord a tiré un missile balistique vendredi, selon l'armée sud-coréenne, "
                    "qui a renforcé sa surveillance le long de la frontière.")
    report = ingest([page], db=tmp_path / "fr.duckdb")
    assert [(s.reason, s.detail) for s in report.skipped] == [("not-english", "detected language: fr")]


def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path):
    page = tmp_path / "utf16.txt"
    page.write_bytes(GOOD_TEXT.encode("utf-16"))
    report = ingest([page], db=tmp_path / "u.duckdb")
    assert report.new == 1 and not report.skipped


def _warc(records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_warc_gz_responses_become_articles(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(_warc([
        ("https://example.org/a", "text/html; charset=utf-8", (GOOD_HTML + "</body></html>").encode()),
        ("https://example.org/b", "text/plain", GOOD_TEXT.encode()),
        ("https://example.org/c.png", "image/png", b"\x89PNG...."),
    ]))
    db = tmp_path / "w.duckdb"
    report = ingest([archive], db=db)
    assert report.new == 2 and not report.skipped
    with duckdb.connect(str(db), read_only=True) as con:
        urls = sorted(r[0] for r in con.execute("SELECT url FROM articles").fetchall())
    assert urls == ["https://example.org/a", "https://example.org/b"]


def test_a_damaged_warc_keeps_its_readable_records(tmp_path):
    first = _warc([("https://example.org/a", "text/plain", GOOD_TEXT.encode())])
    both = _warc([("https://example.org/a", "text/plain", GOOD_TEXT.encode()),
                  ("https://example.org/b", "text/plain", (GOOD_TEXT * 20).encode())])
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(both[:len(first) + 100])  # cut inside the second record
    report = ingest([archive], db=tmp_path / "c.duckdb")
    assert report.new == 1
    assert [(s.reason, s.action) for s in report.skipped] == [("bad-warc", "partial")]


def test_strict_stops_at_the_first_bad_input_and_keeps_what_it_read(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a-good.txt").write_text(GOOD_TEXT)
    (root / "b-latin1.txt").write_bytes("Le président a visité Séoul hier.".encode("latin-1"))
    (root / "c-good.txt").write_text(GOOD_TEXT.replace("Japan", "China"))
    db = tmp_path / "strict.duckdb"
    result = CliRunner().invoke(app, ["run", str(root), "--db", str(db), "--strict"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "b-latin1.txt" in message and "bad-encoding" in message and "--strict" in message
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(coded_at) FROM articles").fetchone() == (1, 0)
    # without --strict the same folder runs through, listing the file and keeping the rest
    result = CliRunner().invoke(app, ["run", str(root), "--db", str(db)])
    assert result.exit_code == 0 and "bad-encoding" in result.output, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(coded_at) FROM articles").fetchone() == (2, 2)
