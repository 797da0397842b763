"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright, against the
real server (uvicorn on a free loopback port) over the seeds and the sample corpus.

Each page is checked for its content and saved to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, shared_path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM} "
                                "(apt-get install chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard served by uvicorn in a thread, over the seeds and the sample corpus."""
    import uvicorn

    import allegiance
    from allegiance.web import create_app

    path = tmp_path_factory.mktemp("browser") / "dashboard.duckdb"
    allegiance.run([*sorted(shared_path("seeds").glob("*.txt")), EXAMPLES], db=path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the dashboard server did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page(viewport={"width": 1360, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.errors = errors
        yield tab
        browser.close()


def _shoot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert (SHOTS / f"{name}.png").stat().st_size > 10_000


def _chart_drawn(page, selector: str) -> None:
    """plotly.js has drawn into the container: an SVG with at least one trace."""
    page.wait_for_selector(f"{selector} .main-svg", timeout=15_000)
    assert page.locator(f"{selector} .trace").count() >= 1


def test_overview(server, page):
    page.goto(server + "/")
    assert "Overview" in page.title()
    body = page.inner_text("main")
    assert "The Korean Peninsula’s Strategic Reset" in body
    assert "North Korea blows up inter-Korean liaison office in Kaesong" in body
    _chart_drawn(page, "#quads")
    assert page.locator("a[href='/dyad/KOR-PRK']").count() == 1
    _shoot(page, "overview")
    assert page.errors == []


def test_dyad_and_filter(server, page):
    page.goto(server + "/")
    page.click("a[href='/dyad/KOR-USA']")
    page.wait_for_url("**/dyad/KOR-USA")
    _chart_drawn(page, "#series")
    _chart_drawn(page, "#index")
    assert "treaty: not imported" in page.inner_text("ul.components")
    everything = int(page.inner_text("#event-count"))
    assert page.locator("table.events tbody tr").count() == everything >= 5
    table = page.inner_text("table.events")
    assert "US President Joe Biden hosted South Korean President Yoon Suk Yeol" in table
    assert page.locator("table.events mark.event").count() == everything  # each event's span marked in its sentence
    assert {"asserted", "hypothetical"} <= set(page.locator("table.events td:nth-child(5)").all_inner_texts())
    _shoot(page, "dyad")

    page.select_option("select[name=plover]", "CONSULT")
    page.select_option("select[name=modality]", "asserted")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**plover=CONSULT**")
    filtered = int(page.inner_text("#event-count"))
    assert 0 < filtered < everything
    assert page.locator("table.events tbody tr").count() == filtered
    assert set(page.locator("table.events .quad").all_inner_texts()) == {"CONSULT"}
    assert set(page.locator("table.events td:nth-child(5)").all_inner_texts()) == {"asserted"}
    _shoot(page, "dyad-filtered")
    assert page.errors == []


def test_article_with_verdicts(server, page):
    page.goto(server + "/search?q=Strategic+Reset")
    page.click("text=The Korean Peninsula’s Strategic Reset")
    page.wait_for_url("**/article/**")
    contradicted = page.locator("article.text mark.claim.contradicted")
    assert contradicted.count() >= 2
    assert {"President Ramirez", "President Choi"} <= set(contradicted.all_inner_texts())
    verdicts = page.inner_text("table.verdicts")
    assert "Ramirez is not a recorded holder" in verdicts
    assert page.locator("article.text mark.event").count() >= 1
    _shoot(page, "article")
    assert page.errors == []


def test_actor(server, page):
    page.goto(server + "/actor/PRK")
    _chart_drawn(page, "#partners")
    _chart_drawn(page, "#stance")
    assert "RUS" in page.inner_text("table")
    _shoot(page, "actor")
    assert page.errors == []
