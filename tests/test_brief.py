"""Briefs: every citation resolves to a stored sentence or a named data set, the seeds' invented
presidents appear under verification, thin data is said to be thin, and the PDF renders."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import duckdb
import pytest
from typer.testing import CliRunner

from allegiance.cli import app
from allegiance.report.scope import window_start
from conftest import shared_path


class _Brief(HTMLParser):
    """Collects citation targets, evidence entries and their text from a brief's HTML."""

    def __init__(self):
        super().__init__()
        self.links, self.entries, self.external, self._entry, self._quote = [], {}, [], None, False
        self.text, self.sections, self._section = [], {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and re.fullmatch(r"#e\d+", a.get("href") or ""):
            self.links.append(int(a["href"][2:]))
        if tag == "li" and re.fullmatch(r"e\d+", a.get("id") or ""):
            self._entry = int(a["id"][1:])
            self.entries[self._entry] = {"sentence": None, "source": ""}
        if tag == "section":
            self._section = a.get("id")
            self.sections[self._section] = ""
        if tag == "blockquote" and self._entry is not None:
            self._quote = True
        for key in ("src", "href"):
            value = a.get(key) or ""
            if tag in ("img", "script", "link") and value and not value.startswith(("data:", "#")):
                self.external.append(value)

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self._quote = False
        if tag == "li":
            self._entry = None

    def handle_data(self, data):
        self.text.append(data)
        if self._section:
            self.sections[self._section] += data
        if self._entry is not None:
            key = "sentence" if self._quote else "source"
            self.entries[self._entry][key] = (self.entries[self._entry][key] or "") + data


def _parse(path):
    parser = _Brief()
    parser.feed(path.read_text("utf-8"))
    return parser


def _brief(db, tmp_path, *args):
    outs = [tmp_path / "brief.html", tmp_path / "brief.md", tmp_path / "brief.pdf"]
    command = ["brief", "--db", str(db), "--focus", "KOR", *args]
    for out in outs:
        command += ["--out", str(out)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    return outs


def _assert_cited_sentences_are_stored(db, page: _Brief):
    assert page.links and set(page.links) <= set(page.entries), "a citation points at no evidence entry"
    first_seen = list(dict.fromkeys(page.links))
    assert first_seen == sorted(first_seen), "evidence is numbered in reading order"
    with duckdb.connect(str(db), read_only=True) as con:
        for number, entry in page.entries.items():
            if entry["sentence"] is None:
                assert entry["source"].strip().startswith("Data:"), (number, entry)
                continue
            article, index = re.search(r"article (\w+), sentence (\d+)", entry["source"]).groups()
            stored = con.execute("SELECT text FROM sentences WHERE article_id = ? AND sent_index = ?",
                                 [article, int(index)]).fetchone()
            assert stored and stored[0] == entry["sentence"].strip(), (number, entry)


def _pdf_pages(path):
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for page in pdf:
        image = page.render(scale=1).to_pil().convert("L")
        pages.append((page.get_textpage().get_text_range(), image))
    return pages


def test_seeds_brief_cites_stored_sentences_and_lists_the_invented_presidents(seeds_db, tmp_path):
    html, md, pdf = _brief(seeds_db, tmp_path, "--dyad", "USA-KOR")
    page = _parse(html)
    _assert_cited_sentences_are_stored(seeds_db, page)
    assert not page.external, "the HTML brief must be one self-contained file"
    text = " ".join(page.text)
    verification = page.sections["verification"]
    assert "President Ramirez" in verification and "President Choi" in verification
    assert verification.count("CONTRADICTED") >= 2 and "Donald Trump" in verification
    assert "Lee Jae Myung" in verification
    # two seed articles make thin data, and the brief says so instead of inventing a trend
    assert "The evidence is thin" in text and "No alliance index for USA–KOR" in text
    markdown = md.read_text("utf-8")
    assert "## Verification" in markdown and "President Ramirez" in markdown
    assert re.search(r'<a id="e1"></a>1\. ', markdown)
    pages = _pdf_pages(pdf)
    assert pages and "Ramirez" in " ".join(t for t, _ in pages)


def test_sample_and_icews_brief_shows_the_index_chart_and_timeline(examples_db, tmp_path):
    import shutil

    db = tmp_path / "with-icews.duckdb"
    shutil.copy(examples_db, db)
    result = CliRunner().invoke(app, ["import", "icews-counts", str(shared_path("data", "icews_dyad_year_quadcounts.csv")),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    html, md, pdf = _brief(db, tmp_path, "--dyad", "USA-KOR")
    page = _parse(html)
    _assert_cited_sentences_are_stored(db, page)
    source = html.read_text("utf-8")
    assert re.search(r'<img alt="Alliance index, USA–KOR" src="data:image/png;base64,', source)
    text = " ".join(page.text)
    assert "The USA–KOR alliance index was" in text
    timeline = page.sections["developments"]
    assert "North Korea blew up the inter-Korean liaison office" in timeline and "2020-06-16" in timeline
    outlook = page.sections["outlook"]
    assert "CRPS" in outlook and "persistence" in outlook
    assert (tmp_path / "brief_charts" / "index-USA-KOR.png").stat().st_size > 5000
    pages = _pdf_pages(pdf)
    assert len(pages) >= 3
    for number, (words, image) in enumerate(pages, 1):
        assert len(words.split()) > 20, f"page {number} has no readable text"
        assert image.getextrema()[0] < 100, f"page {number} renders blank"


def test_a_focus_without_events_says_so(seeds_db, tmp_path):
    out = tmp_path / "brazil.md"
    result = CliRunner().invoke(app, ["brief", "--db", str(seeds_db), "--focus", "BRA", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "No stored article mentions Brazil" in text
    assert "No stored asserted event links Brazil" in text
    assert "| actor |" not in text  # no stakeholder table padded with nothing


def test_article_text_is_inert_in_html_and_markdown(tmp_path):
    import allegiance

    story = tmp_path / "story.txt"
    story.write_text("Seoul protest\n\nNorth Korea fired artillery shells at South Korea on Monday "
                     "<script>alert(1)</script>, the military said. President Moon Jae-in condemned "
                     "the attack *loudly* [here](javascript:alert(2)).\n", encoding="utf-8")
    db = tmp_path / "xss.duckdb"
    allegiance.run([story], db=db, date="2019-05-06")
    html, md, _ = _brief(db, tmp_path)
    source = html.read_text("utf-8")
    assert "<script>alert(1)</script>" not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert 'href="javascript:' not in source
    markdown = md.read_text("utf-8")
    assert "<script>" not in markdown and r"\<script\>" in markdown
    assert "](javascript:" not in markdown


@pytest.mark.parametrize("since, expected", [
    ("6m", dt.date(2025, 5, 6)), ("2y", dt.date(2023, 11, 6)), ("30d", dt.date(2025, 10, 7)),
    ("12w", dt.date(2025, 8, 14)), ("2024-01-31", dt.date(2024, 1, 31))])
def test_since_counts_back_from_the_newest_stored_date(since, expected):
    assert window_start(since, dt.date(2025, 11, 6)) == expected


def test_bad_arguments_get_one_line_errors(seeds_db, tmp_path):
    runner = CliRunner()
    for args, message in ((["--focus", "XXX", "--out", "b.html"], "not a state"),
                          (["--focus", "KOR", "--out", "b.docx"], "written as .html, .md or .pdf"),
                          (["--focus", "KOR", "--out", "b.html", "--since", "3q"], "--since takes"),
                          (["--focus", "KOR", "--out", "b.html", "--dyad", "USA"], "a dyad looks like")):
        result = runner.invoke(app, ["brief", "--db", str(seeds_db), *args])
        assert result.exit_code == 2 and message in result.output, result.output


def test_index_years_resting_on_one_component_are_left_out_and_named(ref_db, tmp_path):
    import shutil

    import pandas as pd
    from relations_fixtures import event_row, insert_events

    db = tmp_path / "ref.duckdb"
    shutil.copy(ref_db, db)
    with duckdb.connect(str(db)) as con:  # one coded USA-KOR event stretches the years to 2020
        insert_events(con, pd.DataFrame([event_row(1, "2020-03-02", "USA", "KOR", "036", "a1")]))
    out = tmp_path / "ref.md"
    result = CliRunner().invoke(app, ["brief", "--db", str(db), "--focus", "KOR", "--dyad", "USA-KOR", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    # the same figures as 'allegiance index USA KOR --start 1991 --end 2018' (docs/relations.md)
    assert "The USA–KOR alliance index was 0.726 in 2018, against 0.644 in 1991" in text
    # 2019-2020 hold UN votes only (ATOP ends in 2018, ICEWS in 2014; 2020 has one roll call), so
    # they are dropped, and the brief says so
    assert "years with a single component left out (2019–2020)" in text
    assert "No stored article mentions South Korea" in text
