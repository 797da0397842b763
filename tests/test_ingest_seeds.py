"""Ingesting the two seed pages: boilerplate out, title and date in, reruns idempotent."""

from __future__ import annotations

import datetime as dt

import duckdb

import allegiance
from conftest import shared_path

BOILERPLATE = [
    "print dictionary print", "Home > Opinion > Columns", "Related Posts", "Top 5 This Week",
    "Log in to Twitter or Facebook account to connect", "LEAVE A REPLY", "Please enter your comment!",
    "Please enter your name here", "Popular Articles", "Related Article", "lock icon",
    "To write comments, please log in", "Standards Board Policy", "help-image",
]
CAPTION = "A Chinese national flag flutters against the high-rise residential buildings"


def _query(path, sql, params=()):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_seeds_store_two_articles(seeds_db):
    assert _query(seeds_db, "SELECT count(*) FROM articles")[0][0] == 2


def test_no_boilerplate_line_reaches_the_sentences(seeds_db):
    sentences = [row[0] for row in _query(seeds_db, "SELECT text FROM sentences")]
    assert len(sentences) > 60
    for phrase in BOILERPLATE:
        hits = [s for s in sentences if phrase.lower() in s.lower()]
        assert not hits, f"boilerplate {phrase!r} reached the sentence table: {hits}"


def test_each_caption_is_kept_once_at_most(seeds_db):
    hits = _query(seeds_db, "SELECT count(*) FROM sentences WHERE text LIKE ?", [f"%{CAPTION}%"])
    assert hits[0][0] <= 1
    kinds = _query(seeds_db, "SELECT DISTINCT block FROM sentences WHERE text LIKE ?", [f"%{CAPTION}%"])
    assert kinds == [("caption",)]


def test_title_and_date_are_recovered_from_the_page(seeds_db):
    rows = dict(_query(seeds_db, "SELECT title, date FROM articles"))
    assert rows["The Korean Peninsula’s Strategic Reset: A Shifting Alliance and the Erosion of Trust"] == dt.date(2025, 11, 6)
    assert "At a crossroads, Korea must deepen its alliance with democratic powers" in rows


def test_running_again_adds_nothing(seeds_db):
    tables = ("articles", "sentences", "mentions", "events")
    before = {t: _query(seeds_db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    result = allegiance.run(sorted(shared_path("seeds").glob("*.txt")), db=seeds_db)
    after = {t: _query(seeds_db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    assert after == before
    assert result.ingest.new == 0 and result.ingest.already_stored == 2


def test_every_event_points_back_to_its_sentence(seeds_db):
    rows = _query(seeds_db, """
        SELECT a.text, e.start_char, e.end_char, s.start_char, s.end_char, e.trigger
        FROM events e JOIN sentences s USING (article_id, sent_index) JOIN articles a USING (article_id)""")
    assert rows, "the seeds should yield some events"
    for text, start, end, s_start, s_end, trigger in rows:
        assert s_start <= start < end <= s_end
        assert trigger.split()[0] in text[start:end]


def test_user_date_fills_an_undated_article(tmp_path):
    seed = shared_path("seeds", "opinion-korea-democratic-alliance.txt")
    db = tmp_path / "op.duckdb"
    allegiance.run([seed], db=db, date="2025-07-01")
    assert _query(db, "SELECT date, date_source FROM articles") == [(dt.date(2025, 7, 1), "user")]
