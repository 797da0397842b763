"""The dashboard's JSON API and pages on real databases: the seed articles and the sample corpus."""

from __future__ import annotations

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from allegiance.web import create_app  # noqa: E402

ANALYSIS_TITLE = "The Korean Peninsula’s Strategic Reset: A Shifting Alliance and the Erosion of Trust"
OPINION_TITLE = "At a crossroads, Korea must deepen its alliance with democratic powers"


@pytest.fixture(scope="module")
def seeds(seeds_db):
    with TestClient(create_app(seeds_db)) as client:
        yield client


@pytest.fixture(scope="module")
def sample(examples_db):
    with TestClient(create_app(examples_db)) as client:
        yield client


def _analysis_id(client) -> str:
    articles = client.get("/api/overview").json()["articles"]
    return next(a["article_id"] for a in articles if a["title"] == ANALYSIS_TITLE)


def test_overview_api_counts_the_seeds(seeds, seeds_db):
    import duckdb

    data = seeds.get("/api/overview").json()
    corpus = data["corpus"]
    with duckdb.connect(str(seeds_db), read_only=True) as con:
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert events > 10  # the coder finds events in the seeds; the API reports the stored count
    assert corpus["articles"] == 2 and corpus["sentences"] == 100 and corpus["events"] == events
    assert corpus["first_date"] == corpus["last_date"] == "2025-11-06"  # the opinion column states no date
    assert {a["title"] for a in data["articles"]} == {ANALYSIS_TITLE, OPINION_TITLE}
    assert corpus["undated"] > 0  # the undated opinion column's events
    assert sum(row["events"] for row in data["quads_by_month"]) == corpus["asserted"] - corpus["undated"]


def test_overview_page_shows_titles_dyads_and_chart(sample):
    page = sample.get("/").text
    assert "North Korea blows up inter-Korean liaison office in Kaesong" in page
    assert 'href="/dyad/KOR-PRK"' in page
    assert 'id="quads-spec"' in page and '<script src="/static/plotly.min.js">' in page


def test_dyad_events_come_with_their_sentences_and_spans(sample):
    events = sample.get("/api/dyads/PRK-KOR/events").json()["events"]
    liaison = next(e for e in events if e["plover"] == "ASSAULT")
    assert liaison["event_date"] == "2020-06-16" and liaison["source_code"] == "PRK"
    start = liaison["start_char"] - liaison["sentence_start"]
    span = liaison["sentence"][start:liaison["end_char"] - liaison["sentence_start"]]
    assert span == "North Korea blew up the inter-Korean liaison office"
    page = sample.get("/dyad/PRK-KOR").text
    assert '<mark class="event" title="PRK ASSAULT KOR">North Korea blew up the inter-Korean liaison office</mark>' in page


def test_dyad_filters_narrow_the_events(sample):
    everything = sample.get("/api/dyads/KOR-USA/events").json()["events"]
    asserted = sample.get("/api/dyads/KOR-USA/events?modality=asserted").json()["events"]
    consult = sample.get("/api/dyads/KOR-USA/events?plover=CONSULT&modality=asserted&origin=coded").json()["events"]
    recent = sample.get("/api/dyads/KOR-USA/events?since=2020-01-01&until=2023-12-31").json()["events"]
    assert len(everything) > len(asserted) > len(consult) > 0
    assert {e["modality"] for e in asserted} == {"asserted"}
    assert {e["plover"] for e in consult} == {"CONSULT"}
    assert recent and all("2020-01-01" <= e["event_date"] <= "2023-12-31" for e in recent)
    assert sample.get("/api/dyads/KOR-USA/events?origin=icews").json()["events"] == []
    page = sample.get("/dyad/KOR-USA?plover=CONSULT&modality=asserted").text
    assert f'<span id="event-count">{len(consult)}</span>' in page


def test_dyad_series_and_index_say_what_is_missing(sample):
    data = sample.get("/api/dyads/RUS-PRK/series?by=year").json()
    assert [row["period"] for row in data["series"]] == ["2024"]
    assert data["series"][0]["net_coop"] > 0  # the defence treaty year
    components = {c["name"]: c for c in data["index"]["components"]}
    assert not components["treaty"]["available"] and "not imported" in components["treaty"]["note"]
    assert components["events"]["available"]
    assert 0.5 < data["index"]["rows"][0]["index"] <= 1
    page = sample.get("/dyad/RUS-PRK").text
    assert "not imported: the database has no &#39;atop_dyad_years&#39; table" in page


def test_actor_partners_and_stance(sample):
    data = sample.get("/api/actors/prk").json()
    partners = {p["partner"]: p for p in data["partners"]}
    assert partners["RUS"]["net_coop"] > 0 and partners["KOR"]["net_coop"] < 0
    assert data["summary"]["as_source"] > 0
    assert {row["period"] for row in data["stance"]} >= {"2016", "2020", "2024"}
    page = sample.get("/actor/PRK").text
    assert 'id="partners-spec"' in page and 'href="/dyad/PRK-RUS"' in page
    assert sample.get("/api/actors/ZZZ").status_code == 404


def test_analysis_article_shows_contradicted_claims(seeds):
    article_id = _analysis_id(seeds)
    data = seeds.get(f"/api/articles/{article_id}").json()
    contradicted = {c["text"] for c in data["claims"] if c["verdict"] == "contradicted"}
    assert contradicted == {"President Ramirez", "President Choi"}
    assert data["reliability"]["claims_contradicted"] == 3
    assert data["quotes"] and data["figures"] and data["events"]
    page = seeds.get(f"/article/{article_id}").text
    assert '<mark class="claim contradicted" title="claim: contradicted">President Ramirez</mark>' in page
    assert "Ramirez is not a recorded holder" in page
    assert 'class="quote' in page and 'class="figure' in page


def test_search_finds_articles_sentences_and_actors(sample):
    data = sample.get("/api/search?q=liaison office").json()
    assert any("liaison" in a["title"] for a in data["articles"])
    assert all("liaison office" in s["text"].lower() for s in data["sentences"]) and data["sentences"]
    assert [a["code"] for a in sample.get("/api/search?q=pr").json()["actors"]] == ["PRK"]
    page = sample.get("/search?q=Kaesong").text
    assert "North Korea blows up inter-Korean liaison office in Kaesong" in page
    assert sample.get("/api/search").status_code == 400


def test_openapi_and_local_docs(sample):
    schema = sample.get("/openapi.json").json()
    assert {"/api/overview", "/api/dyads/{dyad}/events", "/api/dyads/{dyad}/series", "/api/actors/{code}",
            "/api/articles/{article_id}", "/api/search"} <= set(schema["paths"])
    docs = sample.get("/docs").text
    assert "/api/dyads/{dyad}/events" in docs and "cdn" not in docs.lower()
    assert sample.get("/static/plotly.min.js").text.startswith("/**\n* plotly.js")


def test_serve_refuses_bad_setups_with_one_line(tmp_path, examples_db, monkeypatch):
    from typer.testing import CliRunner

    from allegiance.cli import app

    monkeypatch.delenv("ALLEGIANCE_TOKEN", raising=False)
    missing = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such database" in missing.output
    tokenless = CliRunner().invoke(app, ["serve", "--db", str(examples_db), "--allow-writes"])
    assert tokenless.exit_code == 2 and "writes need a token" in tokenless.output


def test_the_store_reopens_its_database_between_reads_without_failing_one(examples_db, tmp_path):
    """Every ``reopen_after`` writes the server opens its database anew (web/store.py); reads
    running on other threads meanwhile wait for it and then see the same data."""
    import shutil
    import threading
    import time

    from allegiance.web.store import Store

    path = tmp_path / "writable.duckdb"
    shutil.copy(examples_db, path)
    store = Store(path, writable=True, reopen_after=3)
    with store.reader() as cursor:
        expected = cursor.execute("SELECT count(*) FROM events").fetchone()[0]
    seen, failures, stop = [], [], threading.Event()

    def keep_reading():
        while not stop.is_set():
            try:
                with store.reader() as cursor:
                    seen.append(cursor.execute("SELECT count(*) FROM events").fetchone()[0])
            except Exception as error:  # noqa: BLE001 - any failure is what the test looks for
                failures.append(repr(error))

    readers = [threading.Thread(target=keep_reading) for _ in range(4)]
    for thread in readers:
        thread.start()
    databases = [store.database]
    for _ in range(30):
        before = len(seen)
        with store.write_lock:
            store.changed()
        databases.append(store.database)
        deadline = time.monotonic() + 10
        while len(seen) <= before and time.monotonic() < deadline:  # a read after every write
            time.sleep(0.001)
    stop.set()
    for thread in readers:
        thread.join()
    store.close()
    assert failures == []
    assert len(seen) >= 30 and set(seen) == {expected} and expected > 0
    assert len({id(db) for db in databases}) == 11  # the first and one per three writes
