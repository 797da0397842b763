"""Fuzzing every reader: random bytes, truncations, huge lines, deep nesting, wrong encodings, bombs.

Each test feeds one reader generated inputs through its fast in-memory entry point (the ingest
readers take bytes; the importers a small file and an in-memory database) and checks that it
never raises, that every rejection carries a known reason and a sentence, and that the good
records built into an input come out (``good records are kept``). Hypothesis runs derandomized,
so a run is reproducible, with a deadline per input, so a hang or a slow path fails the test.

The numbers of inputs per reader are in ``EXAMPLES`` (more than 10,000 in all).
``ALLEGIANCE_FUZZ_SCALE=10 pytest tests/test_fuzz.py`` runs ten times as many;
``ALLEGIANCE_FUZZ_RANDOM=1`` draws new inputs on each run instead of the fixed ones.
See docs/hardening.md.
"""

from __future__ import annotations

import functools
import gzip
import io
import itertools
import json
import os
import random
import string
import uuid
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance import ontology
from allegiance.ingest import prepare
from allegiance.ingest.decode import UnreadableInput, decode_text
from allegiance.ingest.html import read_html
from allegiance.ingest.jsonl import read_jsonl
from allegiance.ingest.limits import Limits, overridden
from allegiance.ingest.sources import REASONS
from allegiance.ingest.text import read_text
from allegiance.ingest.warc import read_warc
from allegiance.kb import codes
from allegiance.records import Article, RawDocument, Skip
from allegiance.store import Database
from allegiance.store.importers import ImportFileError, ImportReport, import_path

SCALE = float(os.environ.get("ALLEGIANCE_FUZZ_SCALE", "1"))
EXAMPLES = {"text": 3700, "html": 1300, "jsonl": 2800, "warc": 1500, "warc-bombs": 300,
            "gdelt": 110, "icews": 100, "plover": 110, "atop": 100, "votes": 100}  # 10,120 in all
RUN = Counter()  # inputs actually fed, per reader

#: Small limits, so that inputs past them stay cheap to generate.
SMALL = Limits(max_article_chars=20_000, max_markup_chars=40_000, max_line_chars=30_000,
               max_decompressed_bytes=256 * 1024, ratio_floor_bytes=64 * 1024, max_compression_ratio=50,
               import_max_line_bytes=20_000, import_max_decompressed_bytes=1 << 20)


def fuzz(reader: str, deadline_s: float = 3.0):
    return settings(max_examples=max(1, int(EXAMPLES[reader] * SCALE)), deadline=timedelta(seconds=deadline_s),
                    derandomize=not os.environ.get("ALLEGIANCE_FUZZ_RANDOM"), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example],
                    print_blob=True)


def counted(reader: str):
    """Count the inputs a test got through (after its checks passed), per reader."""
    def wrap(test):
        @functools.wraps(test)
        def run(*args, **kwargs):
            test(*args, **kwargs)
            RUN[reader] += 1
        return run
    return wrap


def check_records(records: list, origin: str) -> list:
    """Every record is a RawDocument or a Skip with a known reason and a sentence; RawDocuments
    hold storable text (no unpaired surrogates) within the article limit."""
    for record in records:
        assert isinstance(record, (RawDocument, Skip)), record
        assert record.origin == origin
        if isinstance(record, Skip):
            assert record.reason in REASONS, record
            assert record.detail.strip(), record
            assert "\n" not in record.detail, record
            assert record.action in ("skipped", "partial")
        else:
            record.text.encode("utf-8")
            assert len(record.text) <= SMALL.max_article_chars
    return records


# -- building blocks ------------------------------------------------------------------------------

WORDS = ("South Korea Japan China North Korea Russia the foreign minister said on Monday that talks "
         "in Seoul Tokyo Beijing would resume after missile launches sanctions military drills "
         "agreed to expand cooperation officials president summit border troops").split()
# Big inputs are built from a drawn seed with Python's random, which is much faster than drawing
# them piece by piece; Hypothesis still picks the seeds, the sizes and the structure.
SPECIAL = "\x00\x01\x0b\x0c\x1b\x7f\x85\xa0\xad\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd\uffff\U0001f600"
seeds = st.integers(0, 2**32 - 1)


def _article(seed: int) -> str:
    r = random.Random(seed)
    return " ".join(" ".join(r.choices(WORDS, k=r.randint(4, 30))).capitalize() + "."
                    for _ in range(r.randint(1, 12)))


def _unicode(seed: int) -> str:
    """Any code point but surrogates: controls, NUL, U+2028, right-to-left marks, emoji, CJK ..."""
    r = random.Random(seed)
    pools = [string.printable, SPECIAL, "éüßøœ€çñ", "한국어日本語中文", "".join(map(chr, range(0x80, 0x100)))]
    out = []
    for _ in range(r.randint(0, 400)):
        pool = r.random()
        if pool < 0.1:
            code = r.randint(0, 0x10FFFF)
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "?")
        else:
            out.append(r.choice(pools[r.randrange(len(pools))]))
    return "".join(out)


def _bytes(seed_size: tuple[int, int]) -> bytes:
    seed, size = seed_size
    return random.Random(seed).randbytes(size)


article_text = seeds.map(_article)
sentences = seeds.map(lambda seed: _article(seed).split(".")[0] + ".")
any_text = st.one_of(st.text(max_size=40), seeds.map(_unicode))
random_bytes = st.tuples(seeds, st.integers(0, 2048)).map(_bytes)
mixed_text = st.one_of(article_text, any_text, st.lists(st.one_of(article_text, any_text), max_size=4).map("\n".join))
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "mixed")


@st.composite
def encoded(draw, texts=mixed_text):
    """Text in a right or wrong encoding: BOM-less UTF-16, Latin-1, cp1252, or UTF-8 and Latin-1 mixed."""
    text = draw(texts)
    codec = draw(st.sampled_from(ENCODINGS))
    if codec == "mixed":
        cut = draw(st.integers(0, len(text)))
        return text[:cut].encode("utf-8") + text[cut:].encode("latin-1", "replace")
    return text.encode(codec, "replace")


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """``data`` as it is, truncated, with bytes flipped, inserted or appended."""
    how = draw(st.sampled_from(["keep", "keep", "truncate", "flip", "insert", "append"]))
    if how == "keep" or not data:
        return data
    at = draw(st.integers(0, len(data)))
    if how == "truncate":
        return data[:at]
    junk = draw(st.binary(min_size=1, max_size=64))
    if how == "flip":
        return data[:at] + junk + data[at + len(junk):]
    if how == "insert":
        return data[:at] + junk + data[at:]
    return data + junk


def huge_line(limit: int) -> st.SearchStrategy[str]:
    return st.integers(limit - 50, 3 * limit).map(lambda n: ("Seoul talks resume " * (n // 19 + 1))[:n])


# -- text -----------------------------------------------------------------------------------------

text_inputs = st.one_of(
    random_bytes,
    encoded(),
    encoded().flatmap(damaged),
    huge_line(SMALL.max_article_chars).map(str.encode),
    st.integers(1, 64).map(lambda n: b"\x00\xff" * n + "Korea".encode("utf-16-le")),
)


@fuzz("text")
@given(data=text_inputs)
@counted("text")
def test_fuzz_text(data):
    records = check_records(list(read_text("in.txt", data, limits=SMALL)), "in.txt")
    assert len(records) == 1
    try:
        expected = decode_text(data)
    except UnreadableInput as err:
        assert isinstance(records[0], Skip) and records[0].reason == err.reason
        return
    if len(expected) > SMALL.max_article_chars:
        assert records[0].reason == "too-large"
        return
    assert isinstance(records[0], RawDocument) and records[0].text == expected  # a good file is kept
    article = prepare(records[0])
    assert isinstance(article, (Article, Skip))
    if isinstance(article, Article):
        article.text.encode("utf-8")


# -- HTML -----------------------------------------------------------------------------------------

TAGS = ("div", "p", "article", "span", "section", "main", "nav", "header", "footer", "h1", "h2", "a", "b",
        "table", "tr", "td", "ul", "li", "script", "style", "figure", "figcaption", "aside", "form", "iframe")
attr_value = st.text(alphabet=string.printable + "\"'<>&éü€", max_size=20)
attrs = st.lists(st.tuples(st.sampled_from(["class", "id", "href", "style", "lang", "data-x", "onload"]),
                           attr_value), max_size=3).map(lambda a: "".join(f' {k}="{v}"' for k, v in a))
fragment_text = st.one_of(article_text, st.text(max_size=60), st.sampled_from(
    ["&amp;", "&nbsp;", "&#0;", "&#xD800;", "&#1114112;", "<![CDATA[x]]>", "<!-- c -->", "<!", "</", "&", "<"]))


def element(children):
    return st.builds(lambda tag, a, body, close: f"<{tag}{a}>{''.join(body)}" + (f"</{tag}>" if close else ""),
                     st.sampled_from(TAGS), attrs, st.lists(children, max_size=4), st.booleans())


markup = st.recursive(fragment_text, element, max_leaves=30)


@st.composite
def html_pages(draw):
    body = draw(markup)
    depth = draw(st.sampled_from([0] * 30 + [10, 300, 3000]))  # deep pages cost trafilatura ~0.2 s each
    tag = draw(st.sampled_from(["div", "span", "b", "table"]))
    body = f"<{tag}>" * depth + body + draw(article_text) + f"</{tag}>" * draw(st.integers(0, depth))
    head = draw(st.sampled_from(["", "<head><title>Talks</title></head>",
                                 '<head><meta charset="latin-1"><meta property="article:published_time" '
                                 'content="2025-13-45"></head>',
                                 '<head><meta name="date" content="' + draw(st.text(max_size=12)) + '"></head>']))
    page = f"<!DOCTYPE html><html>{head}<body>{body}</body></html>"
    return page


html_inputs = st.one_of(
    random_bytes,
    html_pages().map(str.encode),
    html_pages().flatmap(lambda page: encoded(st.just(page))),
    html_pages().map(str.encode).flatmap(damaged),
    huge_line(SMALL.max_markup_chars).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
)


@fuzz("html")
@given(data=html_inputs)
@counted("html")
def test_fuzz_html(data):
    records = check_records(list(read_html("in.html", data, limits=SMALL)), "in.html")
    assert len(records) == 1
    if isinstance(records[0], RawDocument):
        assert isinstance(prepare(records[0]), (Article, Skip))


# -- JSON Lines -----------------------------------------------------------------------------------

good_record = st.fixed_dictionaries(
    {"text": st.one_of(article_text, any_text).filter(lambda t: t.strip() and not t.lstrip().startswith("<"))},
    optional={"title": st.one_of(st.none(), st.text(max_size=40)), "date": st.dates().map(str),
              "url": st.text(max_size=40), "source": st.text(max_size=20), "extra": st.integers()})
json_values = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=10)
bad_lines = st.one_of(
    json_values.map(json.dumps),                                                  # not an object, or no text
    st.fixed_dictionaries({"text": st.one_of(st.integers(), st.just(""), st.just("   "))}).map(json.dumps),
    st.fixed_dictionaries({"text": article_text, "date": st.text(max_size=12)}).map(json.dumps),
    st.fixed_dictionaries({"text": article_text, "title": json_values}).map(json.dumps),
    good_record.map(json.dumps).flatmap(lambda line: st.integers(1, max(1, len(line) - 1)).map(lambda n: line[:n])),
    st.integers(100, 5000).map(lambda n: "[" * n + "]" * n),                      # deep nesting
    st.integers(1000, 100_000).map(lambda n: "{" * n),
    st.just('{"text": "Talks in Seoul \\ud800 resumed."}'),                       # unpaired surrogate
    st.just('{"text": "Seoul", "n": ' + "9" * 5000 + "}"),                       # an int json will not read
    huge_line(SMALL.max_line_chars).map(lambda t: json.dumps({"text": t})),
    st.fixed_dictionaries({"text": st.sampled_from(["<p>" + "x" * 50_000 + "</p>", "<div><p>Hi</p></div>"])}
                          ).map(json.dumps),
    st.text(max_size=80).filter(lambda t: "\n" not in t),
)


@st.composite
def jsonl_files(draw):
    lines, good = [], {}
    for kind in draw(st.lists(st.sampled_from(["good", "good", "bad", "blank"]), max_size=8)):
        if kind == "good":
            record = draw(good_record)
            line = json.dumps(record, ensure_ascii=draw(st.booleans()))
            good[len(lines) + 1] = record["text"]
        elif kind == "bad":
            line = draw(bad_lines)
        else:
            line = draw(st.sampled_from(["", "  ", "\t"]))
        lines.append(line)
    content = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    codec = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "utf-16-le"]))
    if codec in ("latin-1", "utf-16-le"):  # a wrong encoding: what the reader sees is not the text
        good = {}
    return content.encode(codec, "replace"), good


@fuzz("jsonl")
@given(file=st.one_of(jsonl_files(), random_bytes.map(lambda b: (b, {}))))
@counted("jsonl")
def test_fuzz_jsonl(file):
    data, good = file
    records = check_records(list(read_jsonl("in.jsonl", data, limits=SMALL)), "in.jsonl")
    try:
        content = decode_text(data)
    except UnreadableInput as err:
        assert [(r.reason, r.locator) for r in records] == [(err.reason, "")]
        return
    lines = content.split("\n")
    numbered = [f"line {i}" for i, line in enumerate(lines, start=1) if line.strip()]
    assert [r.locator for r in records] == numbered  # one record or one reason per line, in order
    by_line = {r.locator: r for r in records}
    for number, text in good.items():  # the good lines are kept, whatever surrounds them
        kept = by_line[f"line {number}"]
        if len(text) > SMALL.max_article_chars:
            assert kept.reason in ("too-large", "line-too-long")
        else:
            assert isinstance(kept, RawDocument) and kept.text == text, kept


# -- WARC -----------------------------------------------------------------------------------------

CONTENT_TYPES = ("text/html; charset=utf-8", "text/plain", "text/plain; charset=latin-1", "application/json",
                 "image/png", "TEXT/HTML", "")


def _warc_record(writer, url, ctype, body, kind="response", encoding=None):
    from warcio.statusandheaders import StatusAndHeaders

    headers = [("Content-Type", ctype)] + ([("Content-Encoding", encoding)] if encoding else [])
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1") if kind == "response" else None
    fixed = {"WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url + kind)}>",  # reproducible bytes
             "WARC-Date": "2025-11-07T00:00:00Z"}
    record = writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict=fixed)
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


@st.composite
def warc_files(draw):
    """(archive bytes, {record id: text of each good text/plain record}, member ends if gzip)."""
    from warcio.warcwriter import WARCWriter

    compressed = draw(st.booleans())
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    good, ends = {}, []
    for number in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["plain", "html", "other", "request", "random"]))
        url = f"https://example.org/{number}"
        if kind == "plain":
            text = draw(article_text)
            rid = _warc_record(writer, url, "text/plain", text.encode())
            good[rid] = text
        elif kind == "html":
            page = f"<html><head><title>T</title></head><body><article><p>{draw(article_text)}</p></article></body>"
            page += "</html>"
            _warc_record(writer, url, draw(st.sampled_from(["text/html", "text/html; charset=utf-8"])), page.encode())
        elif kind == "other":
            _warc_record(writer, url, draw(st.sampled_from(CONTENT_TYPES)), draw(st.binary(max_size=300)))
        elif kind == "request":
            _warc_record(writer, url, "", b"GET / HTTP/1.1\r\n\r\n", kind="request")
        else:
            _warc_record(writer, url, draw(st.sampled_from(CONTENT_TYPES)), draw(encoded()))
        ends.append(buffer.tell())
    return buffer.getvalue(), good, ends, compressed


@fuzz("warc")
@given(archive=warc_files(), data=st.data())
@counted("warc")
def test_fuzz_warc(archive, data):
    raw, good, ends, compressed = archive
    damaged_raw = data.draw(damaged(raw))
    if data.draw(st.booleans()):
        damaged_raw = data.draw(st.binary(max_size=512)) if data.draw(st.booleans()) else damaged_raw
    records = check_records(list(read_warc("in.warc", damaged_raw, limits=SMALL)), "in.warc")
    if damaged_raw == raw:
        kept = {r.locator: r.text for r in records if isinstance(r, RawDocument)}
        assert {rid: kept.get(rid) for rid in good} == good
    elif compressed and damaged_raw == raw[:len(damaged_raw)]:  # truncated: whole members before the cut
        kept = {r.locator: r.text for r in records if isinstance(r, RawDocument)}
        whole = {rid for rid, end in zip(_ids(raw), ends) if end <= len(damaged_raw)}
        assert {rid: kept.get(rid) for rid in good if rid in whole} == {rid: good[rid] for rid in good if rid in whole}


def _ids(raw: bytes) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator

    return [record.rec_headers.get_header("WARC-Record-ID") for record in ArchiveIterator(io.BytesIO(raw))]


_ZEROS = gzip.compress(b"\0" * (4 * 1024 * 1024), compresslevel=9)


@st.composite
def bomb_archives(draw):
    """A WARC.gz with a bomb member (or a record body gzip-encoded into a bomb) among good records."""
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    before = {}
    for number in range(draw(st.integers(0, 3))):
        text = draw(article_text)
        before[_warc_record(writer, f"https://example.org/{number}", "text/plain", text.encode())] = text
    how = draw(st.sampled_from(["member", "content-encoding", "zeros-record"]))
    if how == "member":
        buffer.write(_ZEROS)
    elif how == "content-encoding":
        _warc_record(writer, "https://example.org/bomb", "text/html", _ZEROS, encoding="gzip")
    else:
        _warc_record(writer, "https://example.org/bomb", "text/plain", b"\0" * draw(st.integers(1, 300_000)))
    for number in range(draw(st.integers(0, 2))):
        _warc_record(writer, f"https://example.org/after{number}", "text/plain", draw(article_text).encode())
    return buffer.getvalue(), before, how


@fuzz("warc-bombs", deadline_s=5.0)
@given(archive=bomb_archives())
@counted("warc-bombs")
def test_fuzz_warc_decompression_bombs(archive):
    raw, before, how = archive
    records = check_records(list(read_warc("in.warc.gz", raw, limits=SMALL)), "in.warc.gz")
    kept = {r.locator: r.text for r in records if isinstance(r, RawDocument)}
    assert {rid: kept.get(rid) for rid in before} == before  # the records before the bomb are kept
    reasons = {r.reason for r in records if isinstance(r, Skip)}
    if how == "member":
        assert "decompression-bomb" in reasons
    elif how == "content-encoding":
        assert reasons & {"too-large", "no-text", "bad-html", "bad-warc"}


# -- importers ------------------------------------------------------------------------------------

IMPORT_REASONS = {"bad-encoding", "line-too-long", "malformed", "bad-columns", "missing", "bad-id", "bad-date",
                  "no-source", "unknown-cameo", "unknown-event", "duplicate", "bad-json", "bad-record",
                  "bad-value", "unknown-country", "bad-gzip"}
CAMEO = sorted(code for code in ontology.cameo_codes() if len(code) == 3)
PLOVER = sorted(ontology.plover_types())
ISO2 = sorted(key for kind, key, _ in codes.lookup_rows() if kind == "iso2")
COW = sorted(int(key) for kind, key, _ in codes.lookup_rows() if kind == "cow")
ids = st.integers(1, 10**12)  # keys drawn, not counted: the same seed must build the same bytes
field_text = st.text(alphabet=st.characters(blacklist_characters="\t\n\r\x1f\x00\x85\u2028\u2029",
                                            blacklist_categories=("Cs",)), max_size=12)


@pytest.fixture(scope="module")
def memory_db():
    with overridden(**{name: getattr(SMALL, name) for name in
                       ("import_max_line_bytes", "import_max_decompressed_bytes", "max_compression_ratio",
                        "ratio_floor_bytes")}):
        with Database(":memory:") as db:
            yield db


_files = itertools.count()


def run_import(db, tmp_path_factory, fmt: str, data: bytes, suffix: str):
    folder = tmp_path_factory.getbasetemp() / "fuzz-imports"
    folder.mkdir(exist_ok=True)
    path = folder / f"f{next(_files)}{suffix}"
    path.write_bytes(data)
    try:
        report = import_path(db, fmt, path)
    except ImportFileError as err:  # a file that cannot be imported at all: a clear one-line reason
        assert str(err).strip() and "\n" not in str(err), err
        return None
    finally:
        path.unlink()
    assert isinstance(report, ImportReport)
    assert report.read == report.inserted + report.present + report.rejected
    assert set(report.reasons) <= IMPORT_REASONS, report.reasons
    return report


@st.composite
def lines_file(draw, good_line, bad_line, header: str | None = None, quoted: bool = False):
    """(file bytes, keys of the good rows that survive intact) for a line-oriented format."""
    rows, good = [], []
    for kind in draw(st.lists(st.sampled_from(["good", "good", "bad"]), max_size=10)):
        if kind == "good":
            line, key = draw(good_line)
            rows.append((line, key))
        else:
            rows.append((draw(bad_line), None))
    lines = ([header] if header is not None else []) + [line for line, _ in rows]
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    content = newline.join(lines) + draw(st.sampled_from(["", newline]))
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "truncate", "gzip", "gzip-cut"]))
    data = content.encode("utf-8")
    if how in ("utf-16", "latin-1"):
        return content.encode(how, "replace"), [], ""
    cut = len(data)
    if how in ("truncate", "gzip-cut"):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] if how == "truncate" else data
    kept_text = data[:cut].decode("utf-8", "ignore")
    odd_quotes = False
    offset = len(header) + len(newline) if header is not None else 0
    for line, key in rows:
        end = offset + len(line)
        if quoted and line.count('"') % 2:
            odd_quotes = True  # a value that spans lines: what follows is not a row of its own
        if key is not None and not odd_quotes and end + len(newline) <= len(kept_text):
            good.append(key)
        offset = end + len(newline)
    suffix = ""
    if how == "gzip":
        data, suffix = gzip.compress(data), ".gz"
    elif how == "gzip-cut":
        packed = gzip.compress(data)
        data, suffix = packed[:draw(st.integers(10, len(packed)))], ".gz"
        good = []  # where a cut gzip stream ends in its text is not known here
    return data, good, suffix


def random_line(width: int, sep: str):
    return st.one_of(
        st.lists(field_text, max_size=width + 3).map(sep.join),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1").replace("\n", " ").replace("\r", " ")),
        st.integers(20_001, 40_000).map(lambda n: "x" * n),
        st.just(""),
    )


def gdelt_line():
    def build(number, cameo, actor, date, extra):
        key = f"gdelt2:{number}"
        fields = [key.split(":")[1], date.strftime("%Y%m%d"), date.strftime("%Y%m"), str(date.year), "2025.1"]
        fields += [actor, "ACTOR", actor] + [""] * 17 + ["1", cameo, cameo[:3], cameo[:2], "1", "1.0", "1", "1", "1",
                                                            "0.5"]
        fields += [extra] * (61 - len(fields))
        return "\t".join(fields), key
    return st.builds(build, ids, st.sampled_from(CAMEO), st.sampled_from(["USA", "KOR", "PRK", "GOV", "AFR"]),
                     st.dates(min_value=date(1900, 1, 1)), field_text)


def _events_present(db, keys) -> int:
    if not keys:
        return 0
    return db.con.execute("SELECT count(DISTINCT event_id) FROM events WHERE event_id IN (SELECT unnest(?))",
                          [list(keys)]).fetchone()[0]


gdelt_files = st.one_of(lines_file(gdelt_line(), random_line(61, "\t")),
                        st.binary(max_size=600).map(lambda b: (b, [], "")))


@fuzz("gdelt", deadline_s=10.0)
@given(file=gdelt_files)
@counted("gdelt")
def test_fuzz_gdelt(file, memory_db, tmp_path_factory):
    data, good, suffix = file
    report = run_import(memory_db, tmp_path_factory, "gdelt2", data, suffix or ".CSV")
    if report is not None:
        assert _events_present(memory_db, good) == len(set(good))


ICEWS_HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID"]


def icews_line():
    def build(key, cameo, source, country, date):
        fields = [str(key), date.isoformat(), source or "Police", "Government", country, "text", cameo, "1.0",
                  "South Korea", "", "South Korea", "7"]
        return "\t".join(fields), f"icews:{key}"
    return st.builds(build, ids, st.sampled_from(CAMEO), field_text.filter(str.strip),
                     st.sampled_from(["South Korea", "Russian Federation", "", "Atlantis"]), st.dates())


icews_files = st.one_of(lines_file(icews_line(), random_line(12, "\t"), header="\t".join(ICEWS_HEADER)),
                        st.binary(max_size=600).map(lambda b: (b, [], "")))


@fuzz("icews", deadline_s=10.0)
@given(file=icews_files)
@counted("icews")
def test_fuzz_icews(file, memory_db, tmp_path_factory):
    data, good, suffix = file
    report = run_import(memory_db, tmp_path_factory, "icews", data, suffix or ".tab")
    if report is not None:
        assert _events_present(memory_db, good) == len(set(good))


def plover_line():
    def build(number, kind, iso3, date, text, as_list):
        key = f"pc-{number}"
        actor = {"entity_text": text, "country": iso3, "sector": "GOV"}
        record = {"id": key, "date": date.isoformat(), "event_type": kind,
                  "actor": [actor] if as_list else actor, "recipient": {"country": "KOR"}}
        return json.dumps(record, ensure_ascii=False), f"polecat:{key}"
    return st.builds(build, ids, st.sampled_from(PLOVER), st.sampled_from(["KOR", "USA", "PRK", "KOS", "South Korea"]),
                     st.dates(), st.text(max_size=20), st.booleans())


plover_bad = st.one_of(bad_lines, json_values.map(json.dumps), st.just(
    '{"id": "x\\ud800", "date": "2020-01-01", "event_type": "AGREE", "actor": {"country": "KOR"}}'))
plover_files = st.one_of(lines_file(plover_line(), plover_bad.filter(lambda t: "\n" not in t and "\r" not in t)),
                         st.binary(max_size=600).map(lambda b: (b, [], "")))


@fuzz("plover", deadline_s=10.0)
@given(file=plover_files)
@counted("plover")
def test_fuzz_plover(file, memory_db, tmp_path_factory):
    data, good, suffix = file
    report = run_import(memory_db, tmp_path_factory, "polecat", data, suffix or ".jsonl")
    if report is not None:
        assert _events_present(memory_db, good) == len(set(good))


ATOP_HEADER = "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul,note"
csv_text = st.text(alphabet=st.characters(blacklist_characters="\x1f\x00\r\x85\u2028\u2029",
                                          blacklist_categories=("Cs",)), max_size=15)


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def atop_line():
    def build(year, a, b, flags, note):
        return ",".join([str(a), str(b), str(year), *map(str, flags), _csv_field(note)]), (a, b, year)
    flags = st.lists(st.integers(0, 1), min_size=5, max_size=5)
    return st.builds(build, st.integers(1, 30_000), st.sampled_from(COW), st.sampled_from(COW), flags, csv_text)


atop_files = st.one_of(lines_file(atop_line(), random_line(9, ","), header=ATOP_HEADER, quoted=True),
                       st.binary(max_size=600).map(lambda b: (b, [], "")))


@fuzz("atop", deadline_s=10.0)
@given(file=atop_files)
@counted("atop")
def test_fuzz_atop(file, memory_db, tmp_path_factory):
    data, good, suffix = file
    report = run_import(memory_db, tmp_path_factory, "atop", data, suffix or ".csv")
    if report is not None:
        for key in set(good):
            assert memory_db.con.execute("SELECT count(*) FROM atop_dyad_years WHERE cow_a = ? AND cow_b = ? "
                                         "AND year = ?", list(key)).fetchone()[0] == 1, key


VOTES_HEADER = "rcid,country,country_code,vote"


def votes_line():
    def build(rcid, code, vote, name):
        return ",".join([str(rcid), _csv_field(name), code, vote]), rcid
    votes = st.sampled_from(["yes", "no", "abstain", "1", "2", "3", "Yes "])
    return st.builds(build, st.integers(1, 2**31 - 1), st.sampled_from(ISO2), votes, csv_text)


votes_files = st.one_of(lines_file(votes_line(), random_line(4, ","), header=VOTES_HEADER, quoted=True),
                        st.binary(max_size=600).map(lambda b: (b, [], "")))


@fuzz("votes", deadline_s=10.0)
@given(file=votes_files)
@counted("votes")
def test_fuzz_votes(file, memory_db, tmp_path_factory):
    data, good, suffix = file
    report = run_import(memory_db, tmp_path_factory, "unvotes", data, suffix or ".csv")
    if report is not None:
        for rcid in set(good):
            assert memory_db.con.execute("SELECT count(*) FROM un_votes WHERE rcid = ?", [rcid]).fetchone()[0] >= 1


# -- totals ---------------------------------------------------------------------------------------

def test_fuzz_suite_runs_at_least_ten_thousand_inputs():
    """The configured inputs add up to at least 10,000; when every fuzz test ran in this session,
    so did the inputs."""
    assert sum(EXAMPLES.values()) >= 10_000
    if set(RUN) == set(EXAMPLES):
        print("\nfuzz inputs per reader:", dict(RUN), "total:", sum(RUN.values()))
        assert sum(RUN.values()) >= 10_000 * min(SCALE, 1)
