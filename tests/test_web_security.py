"""The dashboard under hostile input: SQL injection, cross-site scripting, path traversal, oversized
and too frequent requests, and writes without permission, on databases built from real text."""

from __future__ import annotations

import hashlib
import shutil
from urllib.parse import quote

import duckdb
import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from allegiance.web import create_app  # noqa: E402

SQLI = ["' OR '1'='1", "KOR'; DROP TABLE events; --", "1; DELETE FROM articles", "\") OR 1=1 --",
        "KOR' UNION SELECT text FROM articles --", "'; COPY articles TO '/tmp/x.csv'; --"]
XSS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"]
TOKEN = "s3cret-token-for-tests"
TABLES = ["articles", "sentences", "mentions", "events", "office_claims", "quotes", "figures", "verdicts",
          "reliability", "skipped_inputs"]


def fingerprint(path) -> tuple:
    """The file's bytes and every table's row count: what an injected statement would change."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with duckdb.connect(str(path), read_only=True) as con:
        counts = tuple(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)
    return digest, counts


@pytest.fixture()
def writable(seeds_db, tmp_path):
    """A copy of the seeds database served with writes enabled."""
    path = tmp_path / "writable.duckdb"
    shutil.copy(seeds_db, path)
    with TestClient(create_app(path, allow_writes=True, token=TOKEN)) as client:
        yield client


def _urls(payload: str) -> list[str]:
    p = quote(payload, safe="")
    urls = [f"/dyad/{p}", f"/dyad/KOR-{p}", f"/api/dyads/{p}/events", f"/api/dyads/USA-{p}/series",
            f"/actor/{p}", f"/api/actors/{p}", f"/article/{p}", f"/api/articles/{p}"]
    for name in ("since", "until", "plover", "modality", "origin", "by"):
        urls += [f"/dyad/KOR-USA?{name}={p}", f"/api/dyads/KOR-USA/events?{name}={p}"]
    urls += [f"/api/dyads/KOR-USA/series?by={p}", f"/api/dyads/KOR-USA/events?limit={p}", f"/actor/KOR?by={p}",
             f"/api/actors/KOR?by={p}", f"/search?q={p}", f"/api/search?q={p}"]
    return urls


def test_sql_injection_is_inert_everywhere(examples_db):
    before = fingerprint(examples_db)
    with TestClient(create_app(examples_db), raise_server_exceptions=True) as client:
        for payload in SQLI:
            for url in _urls(payload):
                response = client.get(url)
                assert response.status_code in (200, 400, 404, 422), (url, response.status_code)
            # a payload that reached SQL as text would match every article; as a parameter it matches none
            found = client.get(f"/api/search?q={quote(payload, safe='')}").json()
            assert found["articles"] == [] and found["sentences"] == [] and found["actors"] == []
        assert client.get("/api/overview").json()["corpus"]["articles"] == 9
    assert fingerprint(examples_db) == before


def test_bad_values_get_a_clear_400(examples_db):
    with TestClient(create_app(examples_db)) as client:
        assert client.get("/api/dyads/KOR-USA/events?since=yesterday").json() == {
            "detail": "since must be a date written YYYY-MM-DD"}
        assert "plover must be one of" in client.get("/api/dyads/KOR-USA/events?plover=HUG").json()["detail"]
        assert client.get("/api/dyads/KOREA/events").status_code == 400
        page = client.get("/dyad/KOR-USA?modality=maybe")
        assert page.status_code == 400 and "modality must be one of" in page.text


def test_xss_in_article_text_is_shown_as_text(writable):
    text = ("North Korea fired a ballistic missile toward the East Sea on Friday, South Korea's military said. "
            f"A leaflet found at the border read {XSS[0]} in full.\n\n"
            f"Japan protested to North Korea, and its note quoted the string {XSS[1]} word for word.")
    posted = writable.post("/api/articles", json={"text": text, "title": f"Test {XSS[0]}", "date": "2025-11-07"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert body["new"] and body["events"] >= 1
    page = writable.get(f"/article/{body['article_id']}").text
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<title>Test &lt;script&gt;alert(1)&lt;/script&gt; · allegiance</title>" in page
    # the API returns the text as it is: JSON is data, not markup
    assert XSS[0] in writable.get(f"/api/articles/{body['article_id']}").json()["text"]
    overview = writable.get("/").text
    assert "Test &lt;script&gt;" in overview and "<script>alert" not in overview


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_query_strings_is_escaped(examples_db, payload):
    with TestClient(create_app(examples_db)) as client:
        for url in (f"/search?q={quote(payload)}", f"/dyad/KOR-USA?origin={quote(payload)}",
                    f"/actor/{quote(payload, safe='')}", f"/dyad/{quote(payload, safe='')}"):
            response = client.get(url)
            assert "<script>alert" not in response.text and "<img src=x" not in response.text, url
        assert "&lt;" in client.get(f"/search?q={quote(payload)}").text


def test_path_traversal_is_404(examples_db):
    with TestClient(create_app(examples_db)) as client:
        for url in ("/static/../../etc/passwd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/..%2f..%2fetc/passwd",
                    "/static/%2e%2e/%2e%2e/etc/passwd", "/static/style.css/../../../etc/passwd",
                    "/static/....//....//etc/passwd", "/static//etc/passwd", "/static/%252e%252e%252fetc%252fpasswd"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert "root:" not in response.text
        assert client.get("/static/style.css").status_code == 200


def test_oversized_requests_get_413(writable):
    big = "North Korea fired a missile. " * 40_000  # about 1.1 MiB
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/api/articles", json={"text": big}, headers=headers).status_code == 413
    assert writable.get("/search?q=" + "a" * 5000).status_code == 413
    assert writable.get("/dyad/" + "K" * 5000).status_code == 413

    def chunks():  # no Content-Length: the limit is found while reading
        for _ in range(20):
            yield b"x" * 65536
    assert writable.post("/api/articles", content=chunks(), headers=headers).status_code == 413


def test_writes_are_refused_without_flag_or_token(seeds_db, writable):
    before = fingerprint(seeds_db)
    article = {"text": "Japan protested to North Korea on Monday over a missile launch."}
    with TestClient(create_app(seeds_db)) as read_only:
        assert read_only.post("/api/articles", json=article).status_code in (404, 405)
        assert read_only.post("/api/articles", json=article,
                              headers={"Authorization": f"Bearer {TOKEN}"}).status_code in (404, 405)
        assert "/api/articles" not in read_only.get("/openapi.json").json()["paths"]
    assert fingerprint(seeds_db) == before
    assert writable.post("/api/articles", json=article).status_code == 401
    assert writable.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert writable.post("/api/articles", json=article, headers={"Authorization": TOKEN}).status_code == 401
    assert writable.get("/api/overview").json()["corpus"]["articles"] == 2
    with pytest.raises(ValueError, match="token"):
        create_app(seeds_db, allow_writes=True)


def test_rate_limit_per_client(examples_db):
    with TestClient(create_app(examples_db, rate=2, burst=3)) as client:
        codes = [client.get("/api/overview").status_code for _ in range(6)]
        assert codes[:3] == [200, 200, 200] and 429 in codes[3:]
        refused = client.get("/api/overview")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    with TestClient(create_app(examples_db, rate=0)) as client:
        assert {client.get("/api/search?q=korea").status_code for _ in range(50)} == {200}


def test_security_headers_on_every_answer(examples_db):
    with TestClient(create_app(examples_db)) as client:
        for url in ("/", "/api/overview", "/static/style.css", "/nowhere", "/docs"):
            headers = client.get(url).headers
            csp = headers["content-security-policy"]
            assert "default-src 'self'" in csp and "script-src 'self'" in csp
            assert "http" not in csp and "*" not in csp and "unsafe-eval" not in csp
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
        page = client.get("/").text
        assert "<script>" not in page  # no inline script: only src= and JSON data blocks
